//===--- NestedBegin.cpp - txn-nested-begin -------------------------------===//
//
// A begin while a transaction on the same session is already open: directly
// (the dataflow's begin event sees the outer one open), or through a call
// whose summary begins on a session that maps to the open one. Savepoints
// and APIs whose nested begin joins or opens a savepoint are not flagged,
// nor a begin guarded by a check that none is open (rules' `active`).
//
//===----------------------------------------------------------------------===//

#include "Check.h"

namespace txnlint {

namespace {

std::string sessionName(const SessionRef &S) {
  if (S.Decl && S.Decl->getIdentifier())
    return "'" + S.Decl->getName().str() + "'";
  return "the same session";
}

NoteDraft outerNote(const OpenTxn &Outer) {
  return {NoteKind::OuterTransactionBegins, Outer.BeginLoc,
          "outer transaction begins here"};
}

class NestedBeginCheck : public TxnCheck {
public:
  void onBegin(const FunctionView &F, const BeginEvent &B,
               CheckContext &C) override {
    const OpenTxn &T = B.Txn;
    if (T.nestsAsSavepoint() || T.joinsOpen())
      return;
    const OpenTxn *Outer = B.Before.openOn(T.Session);
    if (!Outer || Outer->Ambient) // A service's own begin: txn-service-begin.
      return;
    C.report(F, {severityWhenOpen(*Outer, F), B.Site->getExprLoc(),
                 "transaction begins on " + sessionName(T.Session) +
                     " while another transaction on it is already open; use "
                     "a savepoint or the open transaction",
                 {outerNote(*Outer)}});
  }

  void onSummaryCall(const CallSite &S, const FunctionSummary &Sum,
                     std::vector<CallReport> &Out) override {
    // A callee that ends the caller's transaction before it begins its own
    // does not nest (a batch's commit-then-begin).
    // Nor does one told not to begin (`save(db, /*doTransaction=*/false)`).
    if (!Sum.Begin || Sum.Begin->AfterEnd || !Sum.Begin->beginsAt(S.FalseArgs))
      return;
    SessionKey Mapped = mapToCaller(Sum.Begin->Session, S.Args, S.Receiver);
    const OpenFact *Outer = openOn(S, Mapped);
    if (!Outer || Outer->Ambient)
      return;
    std::vector<FindingNote> Notes{{NoteKind::OuterTransactionBegins,
                                    Outer->Begin.Where,
                                    "outer transaction begins here"}};
    llvm::append_range(Notes, chainNotes(Sum.Begin->Chain));
    std::string On = Mapped.Name.empty() ? "the same session"
                                         : "'" + Mapped.Name + "'";
    Out.push_back({Outer->Level,
                   "call to '" + S.Callee + "' begins a transaction on " + On +
                       " while another transaction on it is already open",
                   std::move(Notes), "", Outer});
  }
};

} // namespace

std::unique_ptr<TxnCheck> createNestedBeginCheck() {
  return std::make_unique<NestedBeginCheck>();
}

} // namespace txnlint
