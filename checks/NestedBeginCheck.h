//===--- NestedBeginCheck.h - txn-nested-begin ---*- C++ -*-===//

#ifndef TXNLINT_CHECKS_NESTED_BEGINCHECK_H
#define TXNLINT_CHECKS_NESTED_BEGINCHECK_H

#include "TxnCheckBase.h"

namespace clang::tidy::txn {

/// Finds a transaction begun while another transaction on the same session is
/// already open, directly or through calls.
///
/// For the user-facing documentation see:
/// docs/checks/nested-begin.rst
class NestedBeginCheck : public TxnCheckBase {
public:
  NestedBeginCheck(StringRef Name, ClangTidyContext *Context)
      : TxnCheckBase(Name, Context, txnlint::CheckKind::NestedBegin) {}
};

} // namespace clang::tidy::txn

#endif // TXNLINT_CHECKS_NESTED_BEGINCHECK_H
