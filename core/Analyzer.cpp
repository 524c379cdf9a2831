//===--- Analyzer.cpp - The five checks over one translation unit ---------===//

#include "Analyzer.h"
#include "Summaries.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SetVector.h"
#include <set>
#include <tuple>

using namespace clang;

namespace txnlint {

namespace {

/// Strips what wraps a callable argument: temporaries, casts, std::move.
const Expr *stripCallable(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParenCasts();
    // Copies, moves and converting constructions (std::function from a
    // lambda) wrap the callable.
    if (const auto *C = dyn_cast<CXXConstructExpr>(E);
        C && C->getNumArgs() == 1) {
      E = C->getArg(0);
      continue;
    }
    if (const auto *C = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = C->getDirectCallee();
      if (FD && FD->isInStdNamespace() && FD->getIdentifier() &&
          FD->getName() == "move" && C->getNumArgs() == 1) {
        E = C->getArg(0);
        continue;
      }
    }
    return E;
  }
  return E;
}

/// The lambda an argument is, or names through a local variable.
const LambdaExpr *lambdaOf(const Expr *Arg) {
  const Expr *E = stripCallable(Arg);
  if (const auto *L = dyn_cast_or_null<LambdaExpr>(E))
    return L;
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getInit())
        return dyn_cast<LambdaExpr>(stripCallable(VD->getInit()));
  return nullptr;
}

/// The function a callable argument runs: a lambda's call operator or a
/// named function.
const FunctionDecl *callableFunction(const Expr *Arg) {
  if (const LambdaExpr *L = lambdaOf(Arg))
    return L->getCallOperator();
  const Expr *E = stripCallable(Arg);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(DRE->getDecl());
  return nullptr;
}

std::string sessionName(const SessionRef &S) {
  if (S.Decl && S.Decl->getIdentifier())
    return "'" + S.Decl->getName().str() + "'";
  return "the same session";
}

/// Finds functions, callback bodies and spawned callables.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(const ApiCatalog &Api, const SourceManager &SM)
      : Api(Api), SM(SM) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isImplicit())
      add(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    add(L->getCallOperator());
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    visitCall(C, C->getDirectCallee());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    visitCall(C, C->getConstructor());
    return true;
  }

  llvm::SetVector<const FunctionDecl *> Functions;
  llvm::DenseMap<const FunctionDecl *, OpenTxn> CallbackBodies;
  llvm::DenseSet<const FunctionDecl *> Spawned;

private:
  void add(const FunctionDecl *FD) {
    if (!FD || FD->isDependentContext() || !FD->hasBody() ||
        SM.isInSystemHeader(FD->getLocation()) ||
        Api.isApiImplementation(FD))
      return;
    Functions.insert(FD);
  }
  void visitCall(const Expr *C, const FunctionDecl *Callee) {
    if (!Callee || SM.isInSystemHeader(C->getBeginLoc()))
      return;
    llvm::ArrayRef<const Expr *> Args = callArguments(C);
    if (const TransactionApi *CB = Api.callbackApi(Callee)) {
      int Index = CB->CallableArg >= 0 ? CB->CallableArg
                                       : static_cast<int>(Args.size()) - 1;
      if (Index < 0 || static_cast<size_t>(Index) >= Args.size())
        return;
      const FunctionDecl *Body = callableFunction(Args[Index]);
      if (!Body)
        return;
      OpenTxn T;
      T.Key = C;
      T.Api = CB;
      if (CB->SessionArg >= 0 && static_cast<size_t>(CB->SessionArg) < Args.size())
        T.Session = resolveSession(Args[CB->SessionArg], nullptr);
      T.Session.Fresh = false;
      T.BeginLoc = C->getBeginLoc();
      CallbackBodies[Body] = T;
      return;
    }
    if (Api.spawnerOf(C))
      for (const Expr *A : Args)
        if (const FunctionDecl *Body = callableFunction(A))
          Spawned.insert(Body);
  }

  const ApiCatalog &Api;
  const SourceManager &SM;
};

} // namespace

class TuAnalysis::Impl {
public:
  Impl(ASTContext &Ctx, const ApiCatalog &Api, TuAnalysis &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Api(Api), Out(Out),
        Roles(Api, SM), Collect(Api, SM),
        Summaries(Api, [this](const FunctionDecl *F) { return flowOf(F); }) {}

  void run();

private:
  const FunctionFlow *flowOf(const FunctionDecl *F);
  const RoleInfo &roleOf(const FunctionDecl *F);
  void checkFunction(const FunctionDecl *F);
  void checkBegin(const FunctionDecl *F, const BeginEvent &B);
  void checkCall(const FunctionDecl *F, const Stmt *S, const TxnState &State);
  void checkSpawn(const FunctionDecl *F, const Stmt *S);
  void checkTry(const FunctionDecl *F, const FunctionFlow &Flow,
                const CXXTryStmt *Try, const TxnState &State);
  void checkBackgroundParams(const FunctionDecl *F);
  void report(CheckKind K, Severity Sev, SourceLocation Loc, std::string Msg,
              const FunctionDecl *F, std::vector<FindingNote> Notes);
  FunctionFacts facts(const FunctionDecl *F);

  ASTContext &Ctx;
  const SourceManager &SM;
  const ApiCatalog &Api;
  TuAnalysis &Out;
  RoleResolver Roles;
  Collector Collect;
  SummaryTable Summaries;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFlow>> Flows;
  llvm::DenseMap<const FunctionDecl *, RoleInfo> RoleCache;
  std::set<std::tuple<unsigned, CheckKind, std::string>> Seen;
};

const FunctionFlow *TuAnalysis::Impl::flowOf(const FunctionDecl *F) {
  if (const FunctionDecl *Def = F->getDefinition())
    F = Def;
  auto It = Flows.find(F);
  if (It != Flows.end())
    return It->second.get();
  if (!Collect.Functions.contains(F)) {
    Flows[F] = nullptr;
    return nullptr;
  }
  TxnState Initial;
  auto CB = Collect.CallbackBodies.find(F);
  if (CB != Collect.CallbackBodies.end())
    Initial.push(CB->second);
  auto Flow = std::make_unique<FunctionFlow>(analyzeFlow(F, Api, Initial));
  return (Flows[F] = std::move(Flow)).get();
}

const RoleInfo &TuAnalysis::Impl::roleOf(const FunctionDecl *F) {
  auto It = RoleCache.find(F);
  if (It != RoleCache.end())
    return It->second;
  return RoleCache[F] = Roles.roleOf(F, Collect.Spawned.contains(F));
}

void TuAnalysis::Impl::report(CheckKind K, Severity Sev, SourceLocation Loc,
                              std::string Msg, const FunctionDecl *F,
                              std::vector<FindingNote> Notes) {
  Loc = SM.getFileLoc(Loc);
  if (!Seen.insert({Loc.getRawEncoding(), K, Msg}).second)
    return; // The same finding from another template instantiation.
  for (FindingNote &N : Notes)
    N.Loc = SM.getFileLoc(N.Loc);
  Out.Findings.push_back({K, Sev, Loc, std::move(Msg), std::move(Notes), F});
}

static std::vector<FindingNote> chainNotes(const std::vector<ChainStep> &C) {
  std::vector<FindingNote> Notes;
  for (const ChainStep &S : C)
    Notes.push_back({S.Loc, S.Text});
  return Notes;
}

static std::string roleNote(const RoleInfo &R) {
  return "role '" + roleName(R.Role).str() + "' " +
         (R.isInferred() ? "inferred: " : "from ") + R.Why;
}

void TuAnalysis::Impl::checkBegin(const FunctionDecl *F, const BeginEvent &B) {
  const OpenTxn &T = B.Txn;
  if (!T.isSavepoint() && T.Api->OnNested == NestedKind::Error)
    if (const OpenTxn *Outer = B.Before.openOn(T.Session))
      report(CheckKind::NestedBegin,
             Outer->Must ? Severity::Error : Severity::Warning,
             B.Site->getExprLoc(),
             "transaction begins on " + sessionName(T.Session) +
                 " while another transaction on it is already open; use a "
                 "savepoint or the open transaction",
             F, {{Outer->BeginLoc, "outer transaction begins here"}});
  const RoleInfo &R = roleOf(F);
  if (R.Role != RoleKind::Aware)
    return;
  if (T.isSavepoint() && Api.rules().Settings.AwareMayOpenSavepoints)
    return;
  report(CheckKind::ServiceBegin,
         R.isInferred() ? Severity::Warning : Severity::Error,
         B.Site->getExprLoc(),
         "'" + displayName(F) +
             "' has role 'aware' and begins a transaction; use the session "
             "it is given and let the caller own the transaction",
         F, {{F->getLocation(), roleNote(R)}});
}

void TuAnalysis::Impl::checkSpawn(const FunctionDecl *F, const Stmt *S) {
  SourceLocation SpawnLoc = cast<Expr>(S)->getExprLoc();
  auto Reuse = [&](const std::string &Msg, SourceLocation NoteLoc,
                   const std::string &Note) {
    report(CheckKind::BackgroundSessionReuse, Severity::Error, SpawnLoc, Msg,
           F, {{NoteLoc, Note}});
  };
  for (const Expr *A : callArguments(S)) {
    if (const LambdaExpr *L = lambdaOf(A)) {
      for (const LambdaCapture &C : L->captures()) {
        if (C.capturesVariable()) {
          const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
          if (!V || !Api.isSessionType(V->getType()))
            continue;
          bool ByRef = C.getCaptureKind() == LCK_ByRef;
          Reuse("background task captures session '" + V->getName().str() +
                    "' of the caller" + (ByRef ? " by reference" : " by copy") +
                    "; open a new session inside the task",
                C.getLocation(), "'" + V->getName().str() + "' captured here");
        } else if (C.capturesThis()) {
          // Members reached through a captured 'this'.
          struct Members : RecursiveASTVisitor<Members> {
            const ApiCatalog &Api;
            const FieldDecl *Found = nullptr;
            SourceLocation Loc;
            explicit Members(const ApiCatalog &Api) : Api(Api) {}
            bool VisitMemberExpr(MemberExpr *ME) {
              const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
              if (!Found && FD &&
                  isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()) &&
                  Api.isSessionType(FD->getType())) {
                Found = FD;
                Loc = ME->getExprLoc();
              }
              return true;
            }
          } M(Api);
          M.TraverseStmt(L->getBody());
          if (M.Found)
            Reuse("background task uses session member '" +
                      M.Found->getName().str() +
                      "' of the caller through 'this'; open a new session "
                      "inside the task",
                  M.Loc, "'" + M.Found->getName().str() + "' used here");
        }
      }
      continue;
    }
    if (callableFunction(A))
      continue;
    if (Api.isSessionType(A->getType())) {
      SessionRef R = resolveSession(A, F);
      std::string Name = R.Decl && R.Decl->getIdentifier()
                             ? "'" + R.Decl->getName().str() + "'"
                             : "of the caller";
      Reuse("session " + Name +
                " passed to a background task; open a new session inside the "
                "task",
            A->getExprLoc(), "passed here");
    }
  }
}

void TuAnalysis::Impl::checkCall(const FunctionDecl *F, const Stmt *S,
                                 const TxnState &State) {
  const FunctionDecl *Callee = calledFunction(S);
  if (!Callee)
    return;
  SourceLocation Loc = cast<Expr>(S)->getExprLoc();
  const OpenTxn *Open = State.innermost();
  auto Where = [&]() -> std::string {
    std::string W = Open->Must ? " inside an open transaction"
                               : " inside a transaction that is open on some "
                                 "paths";
    return W;
  };
  auto Retry = [&]() -> std::string {
    return Open->Api && Open->Api->Retrying
               ? "; the transaction body may be retried and run it again"
               : "";
  };
  auto Sev = [&] { return Open->Must ? Severity::Error : Severity::Warning; };
  auto Begins = [&] {
    return FindingNote{Open->BeginLoc, "transaction begins here"};
  };

  if (Api.spawnerOf(S)) {
    bool HasCallable = llvm::any_of(callArguments(S), [](const Expr *A) {
      return callableFunction(A) != nullptr;
    });
    if (!HasCallable)
      return;
    checkSpawn(F, S);
    if (Open)
      report(CheckKind::SideEffectInTransaction, Sev(), Loc,
             "background task spawned" + Where() +
                 "; it may run before commit: spawn it after commit" + Retry(),
             F, {Begins()});
    return;
  }
  if (const SideEffectRule *R = Api.sideEffectOf(S)) {
    if (R->Deferred || !Open)
      return;
    std::string Advice = R->Category == SideEffectCategory::Enqueue
                             ? "; the task may run before commit: enqueue it "
                               "after commit or use a deferred API"
                             : "; move it after commit";
    report(CheckKind::SideEffectInTransaction, Sev(), Loc,
           "call to '" + qualifiedName(Callee) + "' (" +
               categoryName(R->Category).str() + ")" + Where() + Advice +
               Retry(),
           F, {Begins()});
    return;
  }
  if (Api.callbackApi(Callee))
    return;
  const FunctionSummary *Sum = Summaries.get(Callee);
  if (!Sum)
    return;
  std::string Name = displayName(Callee);
  if (Open && !Sum->Effects.empty()) {
    const EffectSummary &E = Sum->Effects.front();
    std::vector<FindingNote> Notes{Begins()};
    llvm::append_range(Notes, chainNotes(E.Chain));
    std::string What = E.Spawn ? "spawns a background task"
                               : "performs a side effect (" +
                                     categoryName(E.Category).str() + ": '" +
                                     E.Api + "')";
    report(CheckKind::SideEffectInTransaction, Sev(), Loc,
           "call to '" + Name + "' " + What + Where() +
               "; move it after commit" + Retry(),
           F, std::move(Notes));
  }
  if (!Sum->Begin)
    return;
  SessionRef Mapped = mapSessionToCaller(*Sum->Begin, S, F);
  if (const OpenTxn *Outer = State.openOn(Mapped)) {
    std::vector<FindingNote> Notes{
        {Outer->BeginLoc, "outer transaction begins here"}};
    llvm::append_range(Notes, chainNotes(Sum->Begin->Chain));
    report(CheckKind::NestedBegin,
           Outer->Must ? Severity::Error : Severity::Warning, Loc,
           "call to '" + Name + "' begins a transaction on " +
               sessionName(Mapped) +
               " while another transaction on it is already open",
           F, std::move(Notes));
  }
  const RoleInfo &R = roleOf(F);
  RoleKind CalleeRole = roleOf(Callee).Role;
  if (R.Role == RoleKind::Aware && CalleeRole != RoleKind::Background &&
      CalleeRole != RoleKind::Owner) {
    std::vector<FindingNote> Notes{{F->getLocation(), roleNote(R)}};
    llvm::append_range(Notes, chainNotes(Sum->Begin->Chain));
    report(CheckKind::ServiceBegin,
           R.isInferred() ? Severity::Warning : Severity::Error, Loc,
           "'" + displayName(F) +
               "' has role 'aware' and begins a transaction through '" + Name +
               "'; use the session it is given and let the caller own the "
               "transaction",
           F, std::move(Notes));
  }
}

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
} // namespace

void TuAnalysis::Impl::checkTry(const FunctionDecl *F, const FunctionFlow &Flow,
                                const CXXTryStmt *Try, const TxnState &State) {
  // The state on entry to the handlers (TransactionState.h).
  std::vector<OpenTxn> Candidates(State.open().begin(), State.open().end());
  SourceRange Body = Try->getTryBlock()->getSourceRange();
  if (Candidates.empty())
    return;
  // A savepoint guard inside the try body rolls the partial work back when
  // the exception leaves it: the handler guards a nested savepoint.
  bool GuardsSavepoint = llvm::any_of(Flow.Begins, [&](const BeginEvent &B) {
    return B.Txn.isSavepoint() && B.Txn.Api->Kind == ScopeKind::Raii &&
           B.Txn.Api->OnScopeExit == ScopeExitKind::Rollback &&
           SM.isPointWithin(B.Site->getBeginLoc(), Body.getBegin(),
                            Body.getEnd());
  });
  if (GuardsSavepoint)
    return;
  // Only database work in the try body can be left half done: an exception
  // from other code (a parse, a test framework's comparison) leaves the unit
  // of work as the code wrote it. A begin is not work inside the transaction.
  bool DoesDatabaseWork = llvm::any_of(Flow.Calls, [&](const Stmt *S) {
    if (!SM.isPointWithin(S->getBeginLoc(), Body.getBegin(), Body.getEnd()))
      return false;
    if (llvm::any_of(Flow.Begins, [&](const BeginEvent &B) {
          return B.Site == S && B.Txn.Api->Kind == ScopeKind::Explicit;
        }))
      return false;
    if (Api.touchesSession(S))
      return true;
    const FunctionSummary *Sum = Summaries.get(calledFunction(S));
    return Sum && Sum->UsesDatabase;
  });
  if (!DoesDatabaseWork)
    return;
  // The innermost transaction holds the partial work. If the code after the
  // try rolls it back before it can commit (a savepoint aborted after an
  // expected error, as in libpqxx's tests), nothing partial commits.
  const OpenTxn *Innermost = State.empty() ? nullptr : &State.open().back();
  if (Innermost) {
    const EndEvent *FirstAfter = nullptr;
    for (const EndEvent &E : Flow.Ends)
      if (E.Key == Innermost->Key &&
          SM.isBeforeInTranslationUnit(Try->getEndLoc(),
                                       E.Site->getBeginLoc())) {
        FirstAfter = &E;
        break; // Ends are in source order.
      }
    if (FirstAfter && !FirstAfter->Commit)
      return;
  }
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
    const CXXCatchStmt *H = Try->getHandler(I);
    const auto *Block = dyn_cast_or_null<CompoundStmt>(H->getHandlerBlock());
    if (!Block)
      continue;
    bool Rethrows = false, Returns = false;
    for (const Stmt *S : Block->body()) {
      const Stmt *E = S;
      if (const auto *FE = dyn_cast<FullExpr>(E))
        E = FE->getSubExpr();
      if (isa<CXXThrowExpr>(E))
        Rethrows = true;
      if (const auto *C = dyn_cast<CallExpr>(E))
        if (Api.isNoReturn(C->getDirectCallee()))
          Rethrows = true;
      if (isa<ReturnStmt>(E))
        Returns = true;
    }
    if (Rethrows)
      continue;
    HandlerCalls Calls;
    Calls.TraverseStmt(const_cast<CompoundStmt *>(Block));
    bool RollsBack = llvm::any_of(Calls.Calls, [&](const CallExpr *C) {
      return memberCallOp(C, Api).Kind == TxnOpKind::Rollback;
    });
    if (RollsBack)
      continue;
    const OpenTxn *Flagged = nullptr;
    for (const OpenTxn &T : Candidates) {
      // A guard rolls back when the handler leaves its scope, and a session
      // object of this function ends its open transaction when it is
      // destroyed, unless the code after the try can still commit it. (A
      // session that outlives the function may be committed by its caller.)
      if ((T.Api->Kind == ScopeKind::Raii &&
           T.Api->OnScopeExit == ScopeExitKind::Rollback) ||
          (T.Api->Kind == ScopeKind::Explicit && T.Session.Fresh)) {
        bool CommitAfter = llvm::any_of(Flow.Ends, [&](const EndEvent &E) {
          return E.Key == T.Key && E.Commit &&
                 SM.isBeforeInTranslationUnit(Try->getEndLoc(),
                                              E.Site->getBeginLoc());
        });
        if (Returns || !CommitAfter)
          continue;
      }
      if (!Flagged || (T.Must && !Flagged->Must))
        Flagged = &T;
    }
    if (!Flagged)
      continue;
    report(CheckKind::SwallowedException,
           Flagged->Must ? Severity::Error : Severity::Warning,
           H->getCatchLoc(),
           "exception caught inside an open transaction is neither rethrown "
           "nor rolled back; the partial unit of work can commit",
           F, {{Flagged->BeginLoc, "transaction begins here"}});
  }
}

void TuAnalysis::Impl::checkBackgroundParams(const FunctionDecl *F) {
  const RoleInfo &R = roleOf(F);
  // Only task entry points: a file-local helper of a task may well take the
  // task's own session.
  if (R.Role != RoleKind::Background || R.isInferred() ||
      !F->isExternallyVisible())
    return;
  for (const ParmVarDecl *P : F->parameters())
    if (Api.isSessionType(P->getType()))
      report(CheckKind::BackgroundSessionReuse, Severity::Error,
             P->getLocation(),
             "background task '" + displayName(F) +
                 "' takes session parameter '" + P->getNameAsString() +
                 "'; open its own session inside the task",
             F, {{F->getLocation(), roleNote(R)}});
}

void TuAnalysis::Impl::checkFunction(const FunctionDecl *F) {
  const FunctionFlow *Flow = flowOf(F);
  if (!Flow || !Flow->Built)
    return;
  for (const BeginEvent &B : Flow->Begins)
    checkBegin(F, B);
  for (const Stmt *S : Flow->Calls)
    checkCall(F, S, Flow->Before.find(S)->second);
  std::vector<std::pair<const CXXTryStmt *, const TxnState *>> Tries;
  for (const auto &KV : Flow->AtTry)
    Tries.push_back({KV.first, &KV.second});
  llvm::sort(Tries, [&](const auto &A, const auto &B) {
    return SM.isBeforeInTranslationUnit(A.first->getBeginLoc(),
                                         B.first->getBeginLoc());
  });
  for (const auto &[Try, State] : Tries)
    checkTry(F, *Flow, Try, *State);
  checkBackgroundParams(F);
}

FunctionFacts TuAnalysis::Impl::facts(const FunctionDecl *F) {
  FunctionFacts Facts;
  Facts.Function = F;
  Facts.File = Roles.fileOf(F->getLocation());
  Facts.Name = displayName(F);
  Facts.Line = SM.getSpellingLineNumber(SM.getFileLoc(F->getLocation()));
  Facts.Role = roleOf(F);
  Facts.Spawned = Collect.Spawned.contains(F);
  if (const auto *M = dyn_cast<CXXMethodDecl>(F))
    Facts.Lambda = M->getParent()->isLambda();
  for (const ParmVarDecl *P : F->parameters())
    Facts.TakesSession |= Api.isSessionType(P->getType());
  const FunctionFlow *Flow = flowOf(F);
  if (!Flow)
    return Facts;
  for (const BeginEvent &B : Flow->Begins)
    Facts.BeginsDirectly |= !B.Txn.isSavepoint();
  if (const FunctionSummary *S = Summaries.get(F))
    Facts.BeginsThroughCall = S->Begin && !Facts.BeginsDirectly;
  for (const Stmt *S : Flow->Calls)
    if (const auto *C = dyn_cast<CXXConstructExpr>(S);
        C && !C->getConstructor()->isCopyOrMoveConstructor() &&
        !Api.raiiGuard(C->getType()) && Api.isSessionType(C->getType()))
      Facts.OpensOwnSession = true;
  return Facts;
}

void TuAnalysis::Impl::run() {
  Collect.TraverseDecl(Ctx.getTranslationUnitDecl());
  std::vector<const FunctionDecl *> Order(Collect.Functions.begin(),
                                          Collect.Functions.end());
  llvm::stable_sort(Order, [&](const FunctionDecl *A, const FunctionDecl *B) {
    return SM.isBeforeInTranslationUnit(A->getLocation(), B->getLocation());
  });
  for (const FunctionDecl *F : Order) {
    checkFunction(F);
    Out.Functions.push_back(facts(F));
  }
  llvm::stable_sort(Out.Findings, [&](const Finding &A, const Finding &B) {
    if (A.Loc != B.Loc)
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    if (A.Check != B.Check)
      return A.Check < B.Check;
    return A.Message < B.Message;
  });
}

TuAnalysis::TuAnalysis(ASTContext &Ctx, const ApiCatalog &Api) {
  Impl(Ctx, Api, *this).run();
}

TuAnalysis::~TuAnalysis() = default;

} // namespace txnlint
