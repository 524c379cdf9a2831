//===--- ServiceBegin.cpp - txn-service-begin -----------------------------===//
//
// A function with role 'aware' (a service, a repository) that begins a
// transaction itself, or calls a function whose summary begins one (whatever
// that function's own role). Savepoints are allowed when the rules say so.
//
//===----------------------------------------------------------------------===//

#include "Check.h"

namespace txnlint {

namespace {

class ServiceBeginCheck : public TxnCheck {
public:
  void onBegin(const FunctionView &F, const BeginEvent &B,
               CheckContext &C) override {
    if (F.Role.Role != RoleKind::Aware)
      return;
    if (B.Txn.isSavepoint() &&
        C.api().rules().Settings.AwareMayOpenSavepoints)
      return;
    C.report(F, {severityForRole(F.Role), B.Site->getExprLoc(),
                 "'" + displayName(F.Decl) +
                     "' has role 'aware' and begins a transaction; use the "
                     "session it is given and let the caller own the "
                     "transaction",
                 {roleNote(F.Decl, F.Role)}});
  }

  void onCall(const FunctionView &F, const clang::Stmt *Call,
              const TxnState &Before, CheckContext &C) override {
    if (F.Role.Role != RoleKind::Aware)
      return;
    const FunctionSummary *Sum = C.summaryOfCall(Call);
    if (!Sum || !Sum->Begin)
      return;
    // Whatever the callee's own role: called here, its commit is inside
    // the caller's unit of work.
    const clang::FunctionDecl *Callee = calledFunction(Call);
    std::vector<NoteDraft> Notes{roleNote(F.Decl, F.Role)};
    llvm::append_range(Notes, chainNotes(Sum->Begin->Chain));
    C.report(F, {severityForRole(F.Role),
                 llvm::cast<clang::Expr>(Call)->getExprLoc(),
                 "'" + displayName(F.Decl) +
                     "' has role 'aware' and begins a transaction through '" +
                     displayName(Callee) +
                     "'; use the session it is given and let the caller own "
                     "the transaction",
                 std::move(Notes)});
  }
};

} // namespace

std::unique_ptr<TxnCheck> createServiceBeginCheck() {
  return std::make_unique<ServiceBeginCheck>();
}

} // namespace txnlint
