//===--- SideEffectInTransaction.cpp - txn-side-effect-in-transaction -----===//
//
// A call that is slow or cannot be rolled back (network, mail, file I/O,
// sleep, process, enqueue), or a background spawn, while a transaction is
// open: directly, or through a call whose summary reaches one (the chain is
// reported as notes). Deferred (on-commit) APIs are correct inside. The
// finding's subject is the side effect's category, or `spawn`.
//
//===----------------------------------------------------------------------===//

#include "Check.h"

namespace txnlint {

namespace {

constexpr const char *RetryText =
    "; the transaction body may be retried and run it again";

/// The innermost open transaction that can still commit after the call
/// (preferring one open on every path). On a path where every open
/// transaction can only roll back (an error reply before the guard rolls
/// back on the way out), the effect is failure handling: it does not run
/// inside a unit of work that commits.
const OpenTxn *innermostThatCanCommit(const FunctionView &F,
                                      const clang::Stmt *Call,
                                      const TxnState &Before) {
  for (bool WantMust : {true, false})
    for (const OpenTxn &T : llvm::reverse(Before.open()))
      if (T.Must == WantMust && !F.Flow.rollsBackOnly(Call, T))
        return &T;
  return nullptr;
}
const OpenFact *innermostThatCanCommit(const CallSite &S) {
  for (bool WantMust : {true, false})
    for (const OpenFact &T : llvm::reverse(S.Open))
      if (T.Must == WantMust && !T.RollbackOnly)
        return &T;
  return nullptr;
}

class SideEffectInTransactionCheck : public TxnCheck {
public:
  void onCall(const FunctionView &F, const clang::Stmt *Call,
              const TxnState &Before, CheckContext &C) override {
    const OpenTxn *Open = innermostThatCanCommit(F, Call, Before);
    const clang::FunctionDecl *Callee = calledFunction(Call);
    if (!Open || !Callee || F.Flow.deferredIn(Call, Before))
      return;
    clang::SourceLocation Loc = llvm::cast<clang::Expr>(Call)->getExprLoc();
    std::string Where = whereOpen(*Open);
    std::string Retry = Open->Api && Open->Api->Retrying ? RetryText : "";
    NoteDraft Begins = beginNote(*Open, F);
    Severity Level = severityWhenOpen(*Open, F);
    const ApiCatalog &Api = C.api();

    if (Api.spawnerOf(Call)) {
      if (!Api.spawnsTask(Call))
        return;
      Report R(Level, Loc,
               "background task spawned" + Where +
                   "; it may run before commit: spawn it after commit" + Retry,
               {Begins}, "spawn");
      R.OnCallersTransaction = Open->Ambient;
      C.report(F, std::move(R));
      return;
    }
    if (const SideEffectRule *R = Api.sideEffectOf(Call)) {
      if (R->Deferred)
        return;
      std::string Advice = R->Category == SideEffectCategory::Enqueue
                               ? "; the task may run before commit: enqueue "
                                 "it after commit or use a deferred API"
                               : "; move it after commit";
      Report Rep(Level, Loc,
                 "call to '" + qualifiedName(Callee) + "' (" +
                     categoryName(R->Category).str() + ")" + Where + Advice +
                     Retry,
                 {Begins}, categoryName(R->Category).str());
      Rep.OnCallersTransaction = Open->Ambient;
      C.report(F, std::move(Rep));
    }
  }

  void onSummaryCall(const CallSite &S, const FunctionSummary &Sum,
                     std::vector<CallReport> &Out) override {
    const OpenFact *Open = innermostThatCanCommit(S);
    std::vector<std::string> OpenTypes = S.EntryOpenTypes;
    for (const OpenFact &T : S.Open)
      if (T.Must && !T.SessionType.empty())
        OpenTypes.push_back(T.SessionType);
    const EffectSummary *Reached =
        Open ? Sum.effectAt(S.FalseArgs, S.TrueArgs, OpenTypes) : nullptr;
    if (!Reached)
      return;
    const EffectSummary &E = *Reached;
    std::vector<FindingNote> Notes{Open->Begin};
    llvm::append_range(Notes, chainNotes(E.Chain));
    std::string What = E.Spawn ? "spawns a background task"
                               : "performs a side effect (" +
                                     categoryName(E.Category).str() + ": '" +
                                     E.Api + "')";
    Out.push_back({Open->Level,
                   "call to '" + S.Callee + "' " + What + Open->WhereText +
                       "; move it after commit" +
                       (Open->Retrying ? RetryText : ""),
                   std::move(Notes),
                   E.Spawn ? "spawn" : categoryName(E.Category).str(), Open});
  }
};

} // namespace

std::unique_ptr<TxnCheck> createSideEffectInTransactionCheck() {
  return std::make_unique<SideEffectInTransactionCheck>();
}

} // namespace txnlint
