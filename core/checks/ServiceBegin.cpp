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
    // A begin only when none is open (rules' `active`) joins the caller's.
    if (F.Role.Role != RoleKind::Aware || B.Txn.joinsOpen())
      return;
    // A begin the caller asks for (`if (doTransaction) db.begin();`): the
    // caller that holds a transaction passes false (its calls are checked).
    if (boolParameterGuarding(F.Decl, B.Site) >= 0)
      return;
    if (B.Txn.nestsAsSavepoint() &&
        C.api().rules().Settings.AwareMayOpenSavepoints)
      return;
    // After ending its caller's transaction, a begin left open on every
    // path to the return puts one back in its place: the caller gets a
    // transaction as it gave one, and ends it (LMDB's deleteDomain aborts,
    // does its own work, and begins again for the caller).
    if (B.Before.handedEnded() && F.Flow.AtExit &&
        llvm::any_of(F.Flow.AtExit->open(), [&](const OpenTxn &T) {
          return T.Key == B.Txn.Key && T.Must;
        }))
      return;
    C.report(F, {severityForRole(F.Role), B.Site->getExprLoc(),
                 "'" + displayName(F.Decl) +
                     "' has role 'aware' and begins a transaction; use the "
                     "session it is given and let the caller own the "
                     "transaction",
                 {roleNote(F.Decl, F.Role)}});
  }

  void onSummaryCall(const CallSite &S, const FunctionSummary &Sum,
                     std::vector<CallReport> &Out) override {
    if (!S.CallerAware || !Sum.Begin || !Sum.Begin->beginsAt(S.FalseArgs))
      return;
    // Whatever the callee's own role: called here, its commit is inside
    // the caller's unit of work.
    std::vector<FindingNote> Notes{S.RoleNote};
    llvm::append_range(Notes, chainNotes(Sum.Begin->Chain));
    Out.push_back({S.RoleLevel,
                   "'" + S.CallerDisplay +
                       "' has role 'aware' and begins a transaction through '" +
                       S.Callee +
                       "'; use the session it is given and let the caller "
                       "own the transaction",
                   std::move(Notes)});
  }
};

} // namespace

std::unique_ptr<TxnCheck> createServiceBeginCheck() {
  return std::make_unique<ServiceBeginCheck>();
}

} // namespace txnlint
