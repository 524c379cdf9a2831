//===--- SwallowedException.cpp - txn-swallowed-exception -----------------===//
//
// A catch handler entered with a transaction open (the dataflow's state on
// entry to the handlers) that neither rethrows (or calls a function that
// never returns, by attribute, rule or summary, or expands a macro named in
// `noreturn_macros`) nor rolls back, when the try body did database work that
// the exception can leave half done and the transaction can still commit
// afterwards. A savepoint guarded by the try, a rollback after it, a guard
// or local session that ends the transaction when the handler leaves its
// scope (with no commit after the try), and a handler that leaves main (the
// program ends, nothing commits) are compliant.
//
//===----------------------------------------------------------------------===//

#include "Check.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace txnlint {

namespace {

/// Calls in a handler, not descending into lambdas.
struct HandlerCalls : RecursiveASTVisitor<HandlerCalls> {
  std::vector<const CallExpr *> Calls;
  bool VisitCallExpr(CallExpr *C) {
    Calls.push_back(C);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
};

class SwallowedExceptionCheck : public TxnCheck {
public:
  void onTry(const FunctionView &F, const CXXTryStmt *Try,
             const TxnState &State, CheckContext &C) override {
    std::vector<std::string> MayUseDatabase;
    if (State.empty() || guardsSavepoint(F.Flow, Try, C) ||
        !doesDatabaseWork(F.Flow, Try, C, MayUseDatabase) ||
        rolledBackAfter(F.Flow, Try, State, C))
      return;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      checkHandler(F, Try, Try->getHandler(I), State, MayUseDatabase, C);
  }

private:
  static bool inBody(const CXXTryStmt *Try, SourceLocation L,
                     const SourceManager &SM) {
    SourceRange Body = Try->getTryBlock()->getSourceRange();
    return SM.isPointWithin(L, Body.getBegin(), Body.getEnd());
  }
  static bool after(const CXXTryStmt *Try, const Expr *Site,
                    const SourceManager &SM) {
    return SM.isBeforeInTranslationUnit(Try->getEndLoc(), Site->getBeginLoc());
  }

  /// A savepoint guard inside the try body rolls the partial work back when
  /// the exception leaves it: the handler guards a nested savepoint.
  static bool guardsSavepoint(const FunctionFlow &Flow, const CXXTryStmt *Try,
                              CheckContext &C) {
    return llvm::any_of(Flow.Begins, [&](const BeginEvent &B) {
      return B.Txn.isSavepoint() && B.Txn.Api->Kind == ScopeKind::Raii &&
             B.Txn.Api->OnScopeExit == ScopeExitKind::Rollback &&
             inBody(Try, B.Site->getBeginLoc(), C.sourceManager());
    });
  }

  /// Only database work in the try body can be left half done: an exception
  /// from other code (a parse, a test framework's comparison) leaves the
  /// unit of work as the code wrote it. A begin is not work inside it.
  /// Calls of functions with no body here may do it: \p Unknown gets their
  /// USRs and the merge decides (then the answer is true).
  static bool doesDatabaseWork(const FunctionFlow &Flow, const CXXTryStmt *Try,
                               CheckContext &C,
                               std::vector<std::string> &Unknown) {
    bool Known = llvm::any_of(Flow.Calls, [&](const Stmt *S) {
      if (!inBody(Try, S->getBeginLoc(), C.sourceManager()))
        return false;
      if (llvm::any_of(Flow.Begins, [&](const BeginEvent &B) {
            return B.Site == S && B.Txn.Api->Kind == ScopeKind::Explicit;
          }))
        return false;
      // Nor is ending it: a handler's `try { s.rollback(); } catch (...)`
      // guards the rollback, not work.
      if (const auto *Call = dyn_cast<CallExpr>(S);
          Call && (memberCallOp(Call, C.api()).Kind != TxnOpKind::None ||
                   C.api().sqlTextOp(Call).Kind != TxnOpKind::None))
        return false;
      if (llvm::any_of(Flow.Ends,
                       [&](const EndEvent &E) { return E.Site == S; }))
        return false;
      if (C.api().touchesSession(S))
        return true;
      const FunctionDecl *Callee = calledFunction(S);
      if (!Callee)
        return false;
      const FunctionSummary *Sum = C.summaryOf(Callee);
      if (!Sum && !C.api().isApiImplementation(Callee) &&
          !C.sourceManager().isInSystemHeader(Callee->getLocation()))
        Unknown.push_back(C.usrOf(Callee));
      return Sum && Sum->UsesDatabase;
    });
    if (Known)
      Unknown.clear();
    return Known || !Unknown.empty();
  }

  /// The innermost transaction holds the partial work. If the code after
  /// the try rolls it back before it can commit (a savepoint aborted after
  /// an expected error, as in libpqxx's tests), nothing partial commits.
  static bool rolledBackAfter(const FunctionFlow &Flow, const CXXTryStmt *Try,
                              const TxnState &State, CheckContext &C) {
    const OpenTxn &Innermost = State.open().back();
    for (const EndEvent &E : Flow.Ends) // In source order.
      if (E.Key == Innermost.Key && after(Try, E.Site, C.sourceManager()))
        return !E.Commit;
    return false;
  }

  /// [[noreturn]], named in `noreturn:`, or a function that always throws
  /// or ends the process: by its summary here, or (\p Unknown, decided by
  /// the merge) with no body here.
  static bool neverReturns(const FunctionDecl *Callee, CheckContext &C,
                           std::vector<std::string> &Unknown) {
    if (!Callee)
      return false;
    if (C.api().isNoReturn(Callee))
      return true;
    const FunctionSummary *Sum = C.summaryOf(Callee);
    if (!Sum && !C.sourceManager().isInSystemHeader(Callee->getLocation()))
      Unknown.push_back(C.usrOf(Callee));
    return Sum && Sum->NoReturn;
  }

  void checkHandler(const FunctionView &F, const CXXTryStmt *Try,
                    const CXXCatchStmt *H, const TxnState &State,
                    const std::vector<std::string> &MayUseDatabase,
                    CheckContext &C) {
    const auto *Block = dyn_cast_or_null<CompoundStmt>(H->getHandlerBlock());
    if (!Block)
      return;
    bool Rethrows = false, Returns = false;
    std::vector<std::string> MayNotReturn;
    for (const Stmt *S : Block->body()) {
      // A test framework's FAIL() (`noreturn_macros`): the test fails.
      if (C.api().isNoReturnMacro(S, C.sourceManager()))
        Rethrows = true;
      if (const auto *E = dyn_cast<Expr>(S)) // CPPUNIT_FAIL's parentheses.
        S = E->IgnoreParens();
      if (const auto *FE = dyn_cast<FullExpr>(S))
        S = FE->getSubExpr()->IgnoreParens();
      if (isa<CXXThrowExpr>(S))
        Rethrows = true;
      if (const auto *Call = dyn_cast<CallExpr>(S))
        if (neverReturns(Call->getDirectCallee(), C, MayNotReturn))
          Rethrows = true;
      if (isa<ReturnStmt>(S))
        Returns = true;
    }
    // Leaving main ends the program: what was never committed is rolled
    // back by the database, not committed half done. A handler of main's
    // function-try-block returns from it too when it reaches its end.
    if (Rethrows || (F.Decl->isMain() && (Returns || F.Decl->getBody() == Try)))
      return;
    // A rollback anywhere in the handler (in a nested try too), or a call
    // of a helper that rolls back the transaction it is handed (the
    // dataflow's ends through the helper's transfer).
    HandlerCalls Calls;
    Calls.TraverseStmt(const_cast<CompoundStmt *>(Block));
    if (llvm::any_of(Calls.Calls, [&](const CallExpr *Call) {
          return memberCallOp(Call, C.api()).Kind == TxnOpKind::Rollback ||
                 C.api().sqlTextOp(Call).Kind == TxnOpKind::Rollback;
        }))
      return;
    SourceRange HR = Block->getSourceRange();
    if (llvm::any_of(F.Flow.Ends, [&](const EndEvent &E) {
          return !E.Commit &&
                 C.sourceManager().isPointWithin(E.Site->getBeginLoc(),
                                                 HR.getBegin(), HR.getEnd());
        }))
      return;
    const OpenTxn *Flagged = nullptr;
    for (const OpenTxn &T : State.open()) {
      // A guard rolls back when the handler leaves its scope, and a session
      // object of this function ends its open transaction when it is
      // destroyed, unless the code after the try can still commit it. (A
      // session that outlives the function may be committed by its caller.)
      if (T.Api && ((T.Api->Kind == ScopeKind::Raii &&
                     T.Api->OnScopeExit == ScopeExitKind::Rollback) ||
                    (T.Api->Kind == ScopeKind::Explicit && T.Session.Fresh))) {
        bool CommitAfter = llvm::any_of(F.Flow.Ends, [&](const EndEvent &E) {
          return E.Key == T.Key && E.Commit &&
                 after(Try, E.Site, C.sourceManager());
        });
        if (Returns || !CommitAfter)
          continue;
      }
      if (!Flagged || (T.Must && !Flagged->Must))
        Flagged = &T;
    }
    if (!Flagged)
      return;
    Report R(severityWhenOpen(*Flagged, F), H->getCatchLoc(),
             "exception caught inside an open transaction is neither "
             "rethrown nor rolled back; the partial unit of work can commit",
             {beginNote(*Flagged, F)});
    R.OnCallersTransaction = Flagged->Ambient;
    R.UnlessNoReturn = std::move(MayNotReturn);
    R.IfUsesDatabase = MayUseDatabase;
    C.report(F, std::move(R));
  }
};

} // namespace

std::unique_ptr<TxnCheck> createSwallowedExceptionCheck() {
  return std::make_unique<SwallowedExceptionCheck>();
}

} // namespace txnlint
