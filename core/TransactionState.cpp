//===--- TransactionState.cpp - Which transactions are open here ----------===//

#include "TransactionState.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include <deque>
#include <optional>

using namespace clang;

namespace txnlint {

const OpenTxn *TxnState::innermost() const {
  for (bool WantMust : {true, false})
    for (const OpenTxn &T : llvm::reverse(Open))
      if (T.Must == WantMust)
        return &T;
  return nullptr;
}

const OpenTxn *TxnState::openOn(const SessionRef &S) const {
  for (bool WantMust : {true, false})
    for (const OpenTxn &T : llvm::reverse(Open))
      if (T.Must == WantMust && mayBeSameSession(T.Session, S))
        return &T;
  return nullptr;
}

void TxnState::push(OpenTxn T) {
  removeKey(T.Key);
  Open.push_back(std::move(T));
}

void TxnState::removeKey(const void *Key) {
  llvm::erase_if(Open, [&](const OpenTxn &T) { return T.Key == Key; });
}

void TxnState::rekey(const void *From, const void *To, const VarDecl *Guard) {
  for (OpenTxn &T : Open)
    if (T.Key == From) {
      T.Key = To;
      T.Guard = Guard;
    }
}

void TxnState::closeExplicitOn(const SessionRef &S) {
  llvm::erase_if(Open, [&](const OpenTxn &T) {
    return ((T.Api && T.Api->Kind == ScopeKind::Explicit) || T.Ambient) &&
           mayBeSameSession(T.Session, S);
  });
}

void TxnState::join(const TxnState &O) {
  for (OpenTxn &T : Open) {
    const auto *It = llvm::find_if(
        O.Open, [&](const OpenTxn &U) { return U.Key == T.Key; });
    if (It == O.Open.end())
      T.Must = false;
    else
      T.Must = T.Must && It->Must;
  }
  for (const OpenTxn &U : O.Open)
    if (llvm::none_of(Open, [&](const OpenTxn &T) { return T.Key == U.Key; })) {
      OpenTxn Copy = U;
      Copy.Must = false;
      Open.push_back(Copy);
    }
}

bool TxnState::operator==(const TxnState &O) const {
  if (Open.size() != O.Open.size())
    return false;
  for (size_t I = 0; I < Open.size(); ++I)
    if (Open[I].Key != O.Open[I].Key || Open[I].Must != O.Open[I].Must)
      return false;
  return true;
}

namespace {

/// Maps each guard construction to the variable it initialises.
class GuardVars : public RecursiveASTVisitor<GuardVars> {
public:
  llvm::DenseMap<const CXXConstructExpr *, const VarDecl *> ByConstruct;

  bool VisitVarDecl(VarDecl *VD) {
    if (const Expr *Init = VD->getInit())
      if (const auto *CE = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()))
        ByConstruct[CE] = VD;
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // Own bodies.
};

class FlowBuilder {
public:
  FlowBuilder(const FunctionDecl *F, const ApiCatalog &Api)
      : F(F), Api(Api) {}

  /// Applies one CFG element; when \p Out is set, records events.
  void transfer(const CFGElement &E, TxnState &S, FunctionFlow *Out);

  GuardVars Guards;

private:
  void onConstruct(const CXXConstructExpr *CE, TxnState &S, FunctionFlow *Out);
  void onCall(const CallExpr *CE, TxnState &S, FunctionFlow *Out);
  void begin(const Expr *Site, OpenTxn T, TxnState &S, FunctionFlow *Out);

  const FunctionDecl *F;
  const ApiCatalog &Api;
};

void FlowBuilder::begin(const Expr *Site, OpenTxn T, TxnState &S,
                        FunctionFlow *Out) {
  if (Out)
    Out->Begins.push_back({Site, T, S});
  S.push(std::move(T));
}

void FlowBuilder::onConstruct(const CXXConstructExpr *CE, TxnState &S,
                              FunctionFlow *Out) {
  const TransactionApi *Guard = Api.raiiGuard(CE->getType());
  if (!Guard)
    return;
  auto VarIt = Guards.ByConstruct.find(CE);
  const VarDecl *Var = VarIt == Guards.ByConstruct.end() ? nullptr
                                                          : VarIt->second;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (Ctor->isCopyOrMoveConstructor() && CE->getNumArgs() == 1) {
    // A moved guard: the transaction now lives in the new object, or has
    // left this function (passed by value, returned).
    SessionRef From = resolveSession(CE->getArg(0), F);
    if (From.Kind != SessionRef::Var)
      return;
    if (Var)
      S.rekey(From.Decl, Var, Var);
    else
      S.removeKey(From.Decl);
    return;
  }
  // `Transaction t(session, false)`: not started.
  if (const Expr *Start = explicitArgumentAt(CE, Guard->StartArg);
      Start && Start->getType()->isBooleanType()) {
    bool Value = true;
    if (Start->EvaluateAsBooleanCondition(Value, F->getASTContext()) && !Value)
      return;
  }
  OpenTxn T;
  T.Key = Var ? static_cast<const void *>(Var) : CE;
  T.Guard = Var;
  T.Api = Guard;
  if (const Expr *Session = argumentAt(CE, Guard->SessionArg))
    T.Session = resolveSession(Session, F);
  T.BeginLoc = Var ? Var->getLocation() : CE->getBeginLoc();
  begin(CE, T, S, Out);
  // `Transaction t(session, transactor)`: runs it and commits in place.
  if (const Expr *Run = explicitArgumentAt(CE, Guard->TransactorArg);
      Run && Run->getType()->getAsCXXRecordDecl()) {
    S.removeKey(T.Key);
    return;
  }
  // A temporary guard (not bound to a variable; a lifetime-extended one is)
  // is destroyed at the end of its full-expression: it begins and ends here.
  if (!Var)
    S.removeKey(CE);
}

void FlowBuilder::onCall(const CallExpr *CE, TxnState &S, FunctionFlow *Out) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee)
    return;
  if (const TransactionApi *CB = Api.callbackApi(Callee)) {
    // The body runs inside; the transaction is over when the call returns.
    OpenTxn T;
    T.Key = CE;
    T.Api = CB;
    if (const Expr *Session = argumentAt(CE, CB->SessionArg))
      T.Session = resolveSession(Session, F);
    T.BeginLoc = CE->getBeginLoc();
    begin(CE, T, S, Out);
    S.removeKey(CE);
    return;
  }
  const Expr *Object = nullptr;
  TxnOp Op = memberCallOp(CE, Api, &Object);
  if (Op.Kind == TxnOpKind::None) {
    // A C-style API: the session is an argument.
    Op = Api.freeFunctionOp(Callee);
    if (Op.Kind == TxnOpKind::None)
      return;
    Object = argumentAt(CE, Op.Api->SessionArg);
    if (!Object)
      return;
  }
  SessionRef Obj = resolveSession(Object, F);
  if (Op.Kind == TxnOpKind::Begin) {
    OpenTxn T;
    T.Key = CE;
    T.Api = Op.Api;
    T.Session = Obj;
    T.BeginLoc = CE->getExprLoc();
    begin(CE, T, S, Out);
    return;
  }
  bool Commit = Op.Kind == TxnOpKind::Commit;
  if (Op.Api->Kind == ScopeKind::Raii) {
    if (Obj.Kind != SessionRef::Var)
      return;
    if (Out)
      Out->Ends.push_back({Obj.Decl, CE, Commit});
    S.removeKey(Obj.Decl);
    return;
  }
  // Explicit: ends every explicit transaction on that session.
  if (Out)
    for (const OpenTxn &T : S.open())
      if (T.Api && T.Api->Kind == ScopeKind::Explicit &&
          mayBeSameSession(T.Session, Obj))
        Out->Ends.push_back({T.Key, CE, Commit});
  S.closeExplicitOn(Obj);
}

void FlowBuilder::transfer(const CFGElement &E, TxnState &S,
                           FunctionFlow *Out) {
  if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
    // End of a guard's lifetime: rollback (or commit) by the destructor.
    S.removeKey(D->getVarDecl());
    return;
  }
  if (auto T = E.getAs<CFGTemporaryDtor>()) {
    S.removeKey(T->getBindTemporaryExpr()->getSubExpr());
    return;
  }
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *St = CS->getStmt();
  if (Out && (isa<CallExpr>(St) || isa<CXXConstructExpr>(St))) {
    auto [It, New] = Out->Before.try_emplace(St, S);
    if (New)
      Out->Calls.push_back(St);
    else
      It->second.join(S);
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(St))
    onConstruct(CE, S, Out);
  else if (const auto *Call = dyn_cast<CallExpr>(St))
    onCall(Call, S, Out);
}

} // namespace

/// Whether evaluating \p S itself (its operands are separate CFG elements)
/// may raise an exception.
static bool mayThrow(const Stmt *S) {
  if (isa<CXXThrowExpr>(S) || isa<CXXNewExpr>(S))
    return true;
  if (const auto *DC = dyn_cast<CXXDynamicCastExpr>(S))
    return DC->getType()->isReferenceType();
  const FunctionDecl *Callee = nullptr;
  if (const auto *C = dyn_cast<CallExpr>(S)) {
    if (C->getBuiltinCallee())
      return false;
    Callee = C->getDirectCallee();
    if (!Callee)
      return true; // Through a pointer: unknown.
  } else if (const auto *C = dyn_cast<CXXConstructExpr>(S)) {
    Callee = C->getConstructor();
  } else {
    return false;
  }
  const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
  return !Proto || !Proto->isNothrow();
}

/// The value of a branch condition that is a call of a function whose body
/// is `return CONSTANT;` (`do { ... } while (Catch::alwaysFalse())` in test
/// macros). The CFG already prunes literal constants; this goes one call
/// further.
static std::optional<bool> trivialCondition(const CFGBlock &B,
                                            const ASTContext &Ctx) {
  const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!Cond || B.succ_size() != 2)
    return std::nullopt;
  const Expr *E = Cond->IgnoreParenImpCasts();
  while (const auto *Comma = dyn_cast<BinaryOperator>(E)) {
    if (Comma->getOpcode() != BO_Comma)
      break;
    E = Comma->getRHS()->IgnoreParenImpCasts();
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const auto *Body =
      Callee ? dyn_cast_or_null<CompoundStmt>(Callee->getBody()) : nullptr;
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  bool Value = false;
  if (!Ret || !Ret->getRetValue() ||
      !Ret->getRetValue()->EvaluateAsBooleanCondition(Value, Ctx))
    return std::nullopt;
  return Value;
}

FunctionFlow analyzeFlow(const FunctionDecl *F, const ApiCatalog &Api,
                         const TxnState &Initial) {
  FunctionFlow Flow;
  Stmt *Body = F->getBody();
  if (!Body)
    return Flow;
  CFG::BuildOptions Opts;
  Opts.AddImplicitDtors = true;
  Opts.AddTemporaryDtors = true;
  Opts.AddInitializers = true;
  Opts.AddCXXDefaultInitExprInCtors = true;
  Opts.setAllAlwaysAdd();
  std::unique_ptr<CFG> G =
      CFG::buildCFG(F, Body, &F->getASTContext(), Opts);
  if (!G)
    return Flow;
  Flow.Built = true;

  FlowBuilder Builder(F, Api);
  Builder.Guards.TraverseStmt(Body);

  // Without exception edges a try's dispatch block has no predecessor. An
  // exception leaves the try body from a call, a construction or a throw
  // that may throw, with the state as it was just before it (a begin that
  // throws has begun nothing), so the handlers are entered with the join of
  // those states, less the guards declared in the body (unwound first).
  // Those seeds are recomputed until stable.
  const SourceManager &SM = F->getASTContext().getSourceManager();
  llvm::DenseMap<const CXXTryStmt *, TxnState> TrySeeds;
  auto InTryBody = [&](const CXXTryStmt *Try, SourceLocation L) {
    SourceRange R = Try->getTryBlock()->getSourceRange();
    return L.isValid() && SM.isPointWithin(L, R.getBegin(), R.getEnd());
  };
  std::vector<const CXXTryStmt *> Tries;
  for (const CFGBlock *B : *G)
    if (const auto *Try = dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt()))
      Tries.push_back(Try);

  // Edges a trivially constant branch never takes.
  std::vector<std::optional<bool>> Known(G->getNumBlockIDs());
  for (const CFGBlock *B : *G)
    Known[B->getBlockID()] = trivialCondition(*B, F->getASTContext());
  auto Feasible = [&](const CFGBlock &From, const CFGBlock *To) {
    const std::optional<bool> &K = Known[From.getBlockID()];
    return !K || (From.succ_begin() + (*K ? 0 : 1))->getReachableBlock() == To;
  };

  std::vector<std::optional<TxnState>> Exit(G->getNumBlockIDs());
  auto EntryState = [&](const CFGBlock &B) {
    if (&B == &G->getEntry())
      return Initial;
    std::optional<TxnState> In;
    if (const auto *Try = dyn_cast_or_null<CXXTryStmt>(B.getTerminatorStmt())) {
      auto Seed = TrySeeds.find(Try);
      if (Seed != TrySeeds.end())
        In = Seed->second;
    }
    for (const CFGBlock::AdjacentBlock &P : B.preds()) {
      if (!P.getReachableBlock() || !Exit[P->getBlockID()] ||
          !Feasible(*P, &B))
        continue;
      if (!In)
        In = *Exit[P->getBlockID()];
      else
        In->join(*Exit[P->getBlockID()]);
    }
    return In.value_or(TxnState());
  };
  auto Reachable = [&](const CFGBlock *B) {
    return B == &G->getEntry() || Exit[B->getBlockID()].has_value();
  };

  for (int Round = 0; Round < 4; ++Round) {
    // Optimistic forward analysis: a block not yet reached adds nothing.
    std::fill(Exit.begin(), Exit.end(), std::nullopt);
    std::deque<const CFGBlock *> Work{&G->getEntry()};
    for (const CXXTryStmt *Try : Tries)
      if (TrySeeds.count(Try))
        for (const CFGBlock *B : *G)
          if (B->getTerminatorStmt() == Try)
            Work.push_back(B);
    std::vector<bool> Queued(G->getNumBlockIDs(), false);
    for (const CFGBlock *B : Work)
      Queued[B->getBlockID()] = true;
    unsigned Steps = 0, Limit = 64 * G->getNumBlockIDs() + 1024;
    while (!Work.empty() && Steps++ < Limit) {
      const CFGBlock *B = Work.front();
      Work.pop_front();
      Queued[B->getBlockID()] = false;
      TxnState S = EntryState(*B);
      for (const CFGElement &E : *B)
        Builder.transfer(E, S, nullptr);
      std::optional<TxnState> &Old = Exit[B->getBlockID()];
      if (Old && *Old == S)
        continue;
      Old = S;
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (Succ.getReachableBlock() && !Queued[Succ->getBlockID()] &&
            Feasible(*B, Succ.getReachableBlock())) {
          Queued[Succ->getBlockID()] = true;
          Work.push_back(Succ.getReachableBlock());
        }
    }
    if (Tries.empty())
      break;
    llvm::DenseMap<const CXXTryStmt *, TxnState> NewSeeds;
    for (const CFGBlock *B : *G) {
      if (!Reachable(B))
        continue;
      TxnState S = EntryState(*B);
      for (const CFGElement &E : *B) {
        if (auto CS = E.getAs<CFGStmt>(); CS && mayThrow(CS->getStmt()))
          for (const CXXTryStmt *Try : Tries)
            if (InTryBody(Try, CS->getStmt()->getBeginLoc())) {
              auto [It, New] = NewSeeds.try_emplace(Try, S);
              if (!New)
                It->second.join(S);
            }
        Builder.transfer(E, S, nullptr);
      }
    }
    for (auto &[Try, Seed] : NewSeeds)
      for (const OpenTxn &T : llvm::to_vector(Seed.open()))
        if (T.Guard && InTryBody(Try, T.Guard->getLocation()))
          Seed.removeKey(T.Key);
    bool Changed = NewSeeds.size() != TrySeeds.size();
    for (auto &[Try, Seed] : NewSeeds) {
      auto Old = TrySeeds.find(Try);
      Changed |= Old == TrySeeds.end() || Old->second != Seed;
    }
    if (!Changed)
      break;
    TrySeeds = std::move(NewSeeds);
  }

  // Final pass over the fixed point: record events once per statement.
  for (const CFGBlock *B : *G) {
    if (!Reachable(B))
      continue;
    TxnState S = EntryState(*B);
    if (const auto *Try =
            dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt())) {
      auto [It, New] = Flow.AtTry.try_emplace(Try, S);
      if (!New)
        It->second.join(S);
    }
    for (const CFGElement &E : *B)
      Builder.transfer(E, S, &Flow);
  }
  // The ways out of the function that are not a throw or a [[noreturn]]
  // call (the CFG links both to the exit block too).
  for (const CFGBlock::AdjacentBlock &P : G->getExit().preds()) {
    const CFGBlock *B = P.getReachableBlock();
    if (!B || !Reachable(B) || B->hasNoReturnElement())
      continue;
    const Stmt *Last = nullptr;
    for (const CFGElement &E : llvm::reverse(*B))
      if (auto CS = E.getAs<CFGStmt>()) {
        Last = CS->getStmt();
        break;
      }
    if (const auto *Ret = dyn_cast_or_null<ReturnStmt>(Last))
      Last = Ret->getRetValue();
    if (const auto *E = dyn_cast_or_null<Expr>(Last))
      Last = E->IgnoreImplicit();
    if (isa_and_nonnull<CXXThrowExpr>(Last))
      continue;
    Flow.NormalExits.push_back(Last);
  }
  auto ByLoc = [&](const Expr *A, const Expr *B) {
    return F->getASTContext().getSourceManager().isBeforeInTranslationUnit(
        A->getBeginLoc(), B->getBeginLoc());
  };
  llvm::stable_sort(Flow.Begins, [&](const BeginEvent &A, const BeginEvent &B) {
    return ByLoc(A.Site, B.Site);
  });
  llvm::stable_sort(Flow.Calls, [&](const Stmt *A, const Stmt *B) {
    return ByLoc(cast<Expr>(A), cast<Expr>(B));
  });
  llvm::stable_sort(Flow.Ends, [&](const EndEvent &A, const EndEvent &B) {
    return ByLoc(A.Site, B.Site);
  });
  return Flow;
}

} // namespace txnlint
