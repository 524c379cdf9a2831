//===--- SideEffectInTransactionCheck.h - txn-side-effect-in-transaction ---*- C++ -*-===//

#ifndef TXNLINT_CHECKS_SIDE_EFFECT_IN_TRANSACTIONCHECK_H
#define TXNLINT_CHECKS_SIDE_EFFECT_IN_TRANSACTIONCHECK_H

#include "TxnCheckBase.h"

namespace clang::tidy::txn {

/// Finds slow or irreversible side effects (network, mail, file I/O, sleeps,
/// processes, task enqueues, spawns) inside an open transaction.
///
/// For the user-facing documentation see:
/// docs/checks/side-effect-in-transaction.rst
class SideEffectInTransactionCheck : public TxnCheckBase {
public:
  SideEffectInTransactionCheck(StringRef Name, ClangTidyContext *Context)
      : TxnCheckBase(Name, Context, txnlint::CheckKind::SideEffectInTransaction) {}
};

} // namespace clang::tidy::txn

#endif // TXNLINT_CHECKS_SIDE_EFFECT_IN_TRANSACTIONCHECK_H
