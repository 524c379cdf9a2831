//===--- ServiceBeginCheck.h - txn-service-begin ---*- C++ -*-===//

#ifndef TXNLINT_CHECKS_SERVICE_BEGINCHECK_H
#define TXNLINT_CHECKS_SERVICE_BEGINCHECK_H

#include "TxnCheckBase.h"

namespace clang::tidy::txn {

/// Finds functions with role 'aware' (services, repositories) that begin a
/// transaction instead of using the one they are given.
///
/// For the user-facing documentation see:
/// docs/checks/service-begin.rst
class ServiceBeginCheck : public TxnCheckBase {
public:
  ServiceBeginCheck(StringRef Name, ClangTidyContext *Context)
      : TxnCheckBase(Name, Context, txnlint::CheckKind::ServiceBegin) {}
};

} // namespace clang::tidy::txn

#endif // TXNLINT_CHECKS_SERVICE_BEGINCHECK_H
