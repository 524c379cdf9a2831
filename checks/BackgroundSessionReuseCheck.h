//===--- BackgroundSessionReuseCheck.h - txn-background-session-reuse ---*- C++ -*-===//

#ifndef TXNLINT_CHECKS_BACKGROUND_SESSION_REUSECHECK_H
#define TXNLINT_CHECKS_BACKGROUND_SESSION_REUSECHECK_H

#include "TxnCheckBase.h"

namespace clang::tidy::txn {

/// Finds background tasks that capture or are handed the caller's session,
/// connection or transaction instead of opening their own.
///
/// For the user-facing documentation see:
/// docs/checks/background-session-reuse.rst
class BackgroundSessionReuseCheck : public TxnCheckBase {
public:
  BackgroundSessionReuseCheck(StringRef Name, ClangTidyContext *Context)
      : TxnCheckBase(Name, Context, txnlint::CheckKind::BackgroundSessionReuse) {}
};

} // namespace clang::tidy::txn

#endif // TXNLINT_CHECKS_BACKGROUND_SESSION_REUSECHECK_H
