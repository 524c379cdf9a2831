//===--- SwallowedExceptionCheck.h - txn-swallowed-exception ---*- C++ -*-===//

#ifndef TXNLINT_CHECKS_SWALLOWED_EXCEPTIONCHECK_H
#define TXNLINT_CHECKS_SWALLOWED_EXCEPTIONCHECK_H

#include "TxnCheckBase.h"

namespace clang::tidy::txn {

/// Finds catch handlers inside an open transaction that neither rethrow nor
/// roll back, so a partial unit of work can commit.
///
/// For the user-facing documentation see:
/// docs/checks/swallowed-exception.rst
class SwallowedExceptionCheck : public TxnCheckBase {
public:
  SwallowedExceptionCheck(StringRef Name, ClangTidyContext *Context)
      : TxnCheckBase(Name, Context, txnlint::CheckKind::SwallowedException) {}
};

} // namespace clang::tidy::txn

#endif // TXNLINT_CHECKS_SWALLOWED_EXCEPTIONCHECK_H
