//===--- TransactionState.cpp - Which transactions are open here ----------===//
//
// The forward dataflow over a function's CFG (FlowBuilder applies each
// element): exception edges into try handlers, begins that returned false,
// constant branch conditions, and the function's transfer for its callers.
//
//===----------------------------------------------------------------------===//

#include "TransactionState.h"
#include "FlowBuilder.h"
#include "RollbackPaths.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/ADT/STLExtras.h"
#include <deque>
#include <optional>

using namespace clang;

namespace txnlint {


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

/// A branch on the result of a begin that returns `bool` (`if
/// (!db.begin()) return;`, `while (!db.begin()) sleep(1);`): the begin and
/// the successor its `false` leads to. On that edge nothing was begun.
struct FailedBegin {
  const Expr *Begin = nullptr;
  unsigned FalseSucc = 1;
};

/// The expression that decides which way \p B branches, or null, and
/// whether its value true takes the first successor: through `!`, the last
/// operand of `&&`/`||` (the block that ends an `if (a && b)` evaluates b,
/// which decides) and an assignment's value (`(began = db.begin())`).
static const Expr *decidingExpr(const CFGBlock &B, bool &TrueOnFirst) {
  const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!Cond || B.succ_size() != 2)
    return nullptr;
  const Expr *E = Cond->IgnoreParenImpCasts();
  TrueOnFirst = true;
  for (int Depth = 0; Depth < 8; ++Depth) {
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_LNot) {
      TrueOnFirst = !TrueOnFirst;
      E = U->getSubExpr()->IgnoreParenImpCasts();
    } else if (const auto *Bin = dyn_cast<BinaryOperator>(E);
               Bin && (Bin->isLogicalOp() || Bin->getOpcode() == BO_Assign)) {
      E = Bin->getRHS()->IgnoreParenImpCasts();
    } else {
      break;
    }
  }
  return E;
}

static FailedBegin failedBeginOf(const CFGBlock &B, const ApiCatalog &Api) {
  bool TrueOnFirst = true;
  const Expr *E = decidingExpr(B, TrueOnFirst);
  if (!E)
    return {};
  const auto *CE = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getReturnType()->isBooleanType())
    return {};
  TxnOp Op = memberCallOp(CE, Api);
  if (Op.Kind == TxnOpKind::None)
    Op = Api.freeFunctionOp(Callee);
  if (Op.Kind == TxnOpKind::None)
    Op = Api.sqlTextOp(CE); // `if (!query.exec("BEGIN")) return false;`
  if (Op.Kind != TxnOpKind::Begin)
    return {};
  return {CE, TrueOnFirst ? 1u : 0u};
}

const TxnState FunctionFlow::Nothing;

void FunctionFlow::recordBefore(const Stmt *Call, const TxnState &S,
                                bool Seen) {
  auto It = Before.find(Call);
  if (It != Before.end()) {
    It->second.join(S);
    return;
  }
  if (!Seen)
    Calls.push_back(Call);
  TxnState Joined = Seen ? TxnState() : S;
  if (Seen)
    Joined.join(S);
  if (Joined != TxnState())
    Before.try_emplace(Call, std::move(Joined));
}

FunctionFlow analyzeFlow(const FunctionDecl *F, const ApiCatalog &Api,
                         const TxnState &Initial,
                         const TransferProvider &Transfers) {
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
  std::unique_ptr<CFG> G;
  ASTContext &Ctx = F->getASTContext();
  if (!Ctx.getDiagnostics().hasErrorOccurred()) {
    G = CFG::buildCFG(F, Body, &Ctx, Opts);
  } else {
    // Clang's CFG builder can crash on what error recovery left behind
    // (seen on akonadi with missing generated headers): build it where a
    // crash only loses this function.
    llvm::CrashRecoveryContext CRC;
    if (!CRC.RunSafely([&] { G = CFG::buildCFG(F, Body, &Ctx, Opts); })) {
      G.release(); // Half-built; not ours to free.
      PresumedLoc PL = Ctx.getSourceManager().getPresumedLoc(
          Ctx.getSourceManager().getFileLoc(F->getLocation()));
      llvm::errs() << "txnlint: warning: "
                   << (PL.isValid() ? PL.getFilename() : "<unknown>") << ":"
                   << (PL.isValid() ? PL.getLine() : 0)
                   << ": the control-flow graph of '" << F->getNameAsString()
                   << "' could not be built (the translation unit has compiler "
                      "errors); the function is not analysed\n";
      return Flow;
    }
  }
  if (!G)
    return Flow;
  Flow.Built = true;

  FlowBuilder Builder(F, Api, Transfers);
  Builder.prepare(Body);
  Flow.OnlyWithoutOpen = Builder.onlyWithoutOpen();

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

  std::vector<FailedBegin> Failed(G->getNumBlockIDs());
  for (const CFGBlock *B : *G)
    Failed[B->getBlockID()] = failedBeginOf(*B, Api);

  // Branches on a followed flag: the variable and its value on the first
  // successor.
  std::vector<std::optional<std::pair<const VarDecl *, bool>>> FlagTest(
      G->getNumBlockIDs());
  for (const CFGBlock *B : *G) {
    bool Value = true;
    if (const Expr *E = decidingExpr(*B, Value))
      if (const VarDecl *V = Builder.followedFlag(E))
        FlagTest[B->getBlockID()] = {V, Value};
  }

  std::vector<std::optional<TxnState>> Exit(G->getNumBlockIDs());
  // The state on entry to \p B; none when no path reaches it (every edge
  // into it is one no path takes).
  auto EntryState = [&](const CFGBlock &B) -> std::optional<TxnState> {
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
      const TxnState *From = &*Exit[P->getBlockID()];
      std::optional<TxnState> NotBegun;
      if (const FailedBegin &FB = Failed[P->getBlockID()];
          FB.Begin &&
          (P->succ_begin() + FB.FalseSucc)->getReachableBlock() == &B) {
        NotBegun = *From;
        NotBegun->removeKey(FB.Begin);
        From = &*NotBegun;
      }
      std::optional<TxnState> Assumed;
      if (const auto &FT = FlagTest[P->getBlockID()]) {
        bool OnFirst = P->succ_begin()->getReachableBlock() == &B;
        bool OnSecond = (P->succ_begin() + 1)->getReachableBlock() == &B;
        if (OnFirst != OnSecond) {
          Assumed = *From;
          if (!Assumed->assume(FT->first, OnFirst ? FT->second : !FT->second))
            continue; // No path takes this edge.
          From = &*Assumed;
        }
      }
      if (!In)
        In = *From;
      else
        In->join(*From);
    }
    return In;
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
      std::optional<TxnState> In = EntryState(*B);
      if (!In)
        continue;
      TxnState S = std::move(*In);
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
      TxnState S = EntryState(*B).value_or(TxnState());
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
  FlowPositions Positions;
  for (const CFGBlock *B : *G) {
    if (!Reachable(B))
      continue;
    TxnState S = EntryState(*B).value_or(TxnState());
    if (const auto *Try =
            dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt())) {
      auto [It, New] = Flow.AtTry.try_emplace(Try, S);
      if (!New)
        It->second.join(S);
    }
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      FlowPositions::Pos Here{B->getBlockID(), Index++};
      if (auto CS = E.getAs<CFGStmt>())
        Positions.Calls.try_emplace(CS->getStmt(), Here);
      size_t EndsBefore = Flow.Ends.size();
      Builder.transfer(E, S, &Flow);
      for (size_t I = EndsBefore; I < Flow.Ends.size(); ++I)
        if (Flow.Ends[I].Commit)
          Positions.Commits.push_back({Flow.Ends[I].Key, Here});
    }
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
    Positions.NormalExits.push_back(B->getBlockID());
    if (const std::optional<TxnState> &AtEnd = Exit[B->getBlockID()]) {
      if (!Flow.AtExit)
        Flow.AtExit = *AtEnd;
      else
        Flow.AtExit->join(*AtEnd);
    }
  }
  findRollbackOnly(*G, Positions, Exit, Flow);
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

TxnTransfer transferOf(const FunctionFlow &Flow) {
  TxnTransfer Out;
  auto Outlives = [](const SessionRef &R) {
    return R.Kind == SessionRef::Field || R.Kind == SessionRef::This ||
           (R.Kind == SessionRef::Var && R.ParamIndex >= 0 && !R.Fresh);
  };
  if (Flow.AtExit)
    for (const OpenTxn &T : Flow.AtExit->open()) {
          if (T.Ambient || !T.Api || T.Api->Savepoint)
        continue;
      // Open on every way out: a transaction open on some paths only is
      // usually an exceptional path the analysis cannot see through.
      if (T.Must && (Outlives(T.Holder) || (!T.Guard && Outlives(T.Session))))
        Out.LeavesOpen.push_back({T.Session, T.Holder, T.Api, T.Must});
    }
  for (const TxnTransfer::Ended &E : Flow.ForeignEnds)
    if (llvm::none_of(Out.Ends, [&](const TxnTransfer::Ended &Have) {
          return Have.Session == E.Session;
        }))
      Out.Ends.push_back(E);
  return Out;
}

} // namespace txnlint
