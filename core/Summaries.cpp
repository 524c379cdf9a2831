//===--- Summaries.cpp - What a call does, bottom-up ----------------------===//

#include "Summaries.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include <functional>

namespace txnlint {

bool mayBeSameSession(const SessionKey &A, const SessionKey &B) {
  if (A.Fresh != B.Fresh)
    return false; // A session opened here is nobody else's.
  if ((A.Declared || B.Declared) && !A.Type.empty() && !B.Type.empty() &&
      A.Type != B.Type)
    return false; // An ambient session declared of another class.
  if (A.Id.empty() || B.Id.empty())
    return true;
  return A.Id == B.Id;
}

bool FunctionSummary::operator==(const FunctionSummary &O) const {
  auto SameBegin = [](const std::optional<BeginSummary> &A,
                      const std::optional<BeginSummary> &B) {
    return A.has_value() == B.has_value() &&
           (!A || (A->Session == B->Session && A->Chain == B->Chain &&
                   A->AfterEnd == B->AfterEnd));
  };
  auto SameEffects = [](const std::vector<EffectSummary> &A,
                        const std::vector<EffectSummary> &B) {
    if (A.size() != B.size())
      return false;
    for (size_t I = 0; I < A.size(); ++I)
      if (A[I].Category != B[I].Category || A[I].Spawn != B[I].Spawn ||
          A[I].Api != B[I].Api || A[I].Chain != B[I].Chain ||
          !(A[I].When == B[I].When) || A[I].UnlessOpen != B[I].UnlessOpen)
        return false;
    return true;
  };
  return SameBegin(Begin, O.Begin) && SameEffects(Effects, O.Effects) &&
         UsesDatabase == O.UsesDatabase && NoReturn == O.NoReturn;
}

SessionKey mapToCaller(const SessionKey &S, const std::vector<SessionKey> &Args,
                       const SessionKey &Receiver) {
  if (S.Id == "T")
    return Receiver;
  if (S.Id.size() > 1 && S.Id[0] == 'P') {
    unsigned N = 0;
    if (!llvm::StringRef(S.Id).drop_front().getAsInteger(10, N) &&
        N < Args.size())
      return Args[N];
    return {};
  }
  return S; // A member or a local of the callee: compared as is.
}

/// Length of the common directory prefix of two paths.
static size_t commonPrefix(llvm::StringRef A, llvm::StringRef B) {
  size_t N = 0, Dir = 0;
  while (N < A.size() && N < B.size() && A[N] == B[N])
    if (A[N++] == '/')
      Dir = N;
  return Dir;
}

SummaryIndex::SummaryIndex(std::vector<const FunctionFacts *> Functions) {
  llvm::stable_sort(Functions, [](const FunctionFacts *A, const FunctionFacts *B) {
    return A->Usr < B->Usr;
  });
  for (const FunctionFacts *F : Functions) {
    if (F->Usr.empty())
      continue;
    // A compilation database may hold several programs (test executables,
    // examples) that each define a function of the same name: each file's
    // definition is kept, and a call resolves to the nearest.
    std::vector<const FunctionFacts *> &Defs = ByUsr[F->Usr];
    if (llvm::any_of(Defs, [&](const FunctionFacts *D) {
          return D->File == F->File;
        }))
      continue;
    Defs.push_back(F);
    Order.push_back(F);
    for (const std::string &O : F->Overrides)
      if (!llvm::is_contained(OverriddenBy[O], F->Usr))
        OverriddenBy[O].push_back(F->Usr);
    for (const std::string &C : F->Callees)
      if (C != F->Usr)
        ++CallerCount[C];
  }
  for (auto &KV : OverriddenBy)
    llvm::sort(KV.second);
  // Callees first (DFS post-order from the functions in USR order), so that
  // one pass over code without recursion gives every summary its first
  // begin and effects in source order.
  llvm::DenseSet<const FunctionFacts *> Visited, Finished;
  std::vector<const FunctionFacts *> PostOrder;
  bool Recursion = false; // A callee reached while its own visit is open.
  std::function<void(const FunctionFacts *)> Visit = [&](const FunctionFacts *F) {
    if (!Visited.insert(F).second) {
      Recursion |= !Finished.contains(F);
      return;
    }
    for (const SummaryStep &St : F->Steps)
      if (St.Kind == SummaryStep::Call) {
        std::vector<std::string> Targets{St.CalleeUsr};
        if (St.Virtual)
          overridesOf(St.CalleeUsr, Targets);
        for (const std::string &T : Targets)
          if (const FunctionFacts *C = facts(T, F->File))
            Visit(C);
      }
    for (const std::string &E : F->Exits)
      if (const FunctionFacts *C = facts(E, F->File))
        Visit(C);
    PostOrder.push_back(F);
    Finished.insert(F);
  };
  for (const FunctionFacts *F : Order)
    Visit(F);
  // Least fixpoint for recursion: start from nothing and recompute until
  // nothing changes. What a summary has found it keeps (a begin, an effect
  // of each kind, with the chain it was found with), so summaries only grow
  // and chains stay finite; "never returns" needs every exit. Without
  // recursion every callee comes before its callers: one pass is the
  // fixpoint.
  for (const FunctionFacts *F : Order)
    Done[F] = FunctionSummary();
  for (bool Again = true; Again;) {
    bool Changed = false;
    for (const FunctionFacts *F : PostOrder) {
      FunctionSummary &Old = Done[F];
      FunctionSummary S = compute(*F, Old);
      if (!(S == Old)) {
        Old = std::move(S);
        Changed = true;
      }
    }
    Again = Changed && Recursion;
  }
}

const FunctionFacts *SummaryIndex::facts(llvm::StringRef Usr,
                                         llvm::StringRef FromFile) const {
  auto It = ByUsr.find(Usr);
  if (It == ByUsr.end())
    return nullptr;
  const FunctionFacts *Best = nullptr;
  size_t BestLen = 0;
  for (const FunctionFacts *D : It->second) {
    size_t Len = commonPrefix(D->File, FromFile);
    if (!Best || Len > BestLen) {
      Best = D;
      BestLen = Len;
    }
  }
  return Best;
}

const FunctionSummary *SummaryIndex::get(llvm::StringRef Usr,
                                         llvm::StringRef FromFile) const {
  const FunctionFacts *F = facts(Usr, FromFile);
  if (!F)
    return nullptr;
  auto It = Done.find(F);
  return It == Done.end() ? nullptr : &It->second;
}

bool SummaryIndex::hasCaller(llvm::StringRef Usr) const {
  return CallerCount.count(Usr);
}

void SummaryIndex::overridesOf(llvm::StringRef Usr,
                               std::vector<std::string> &Out) const {
  auto It = OverriddenBy.find(Usr);
  if (It == OverriddenBy.end())
    return;
  for (const std::string &O : It->second)
    if (!llvm::is_contained(Out, O)) {
      Out.push_back(O);
      overridesOf(O, Out);
    }
}

bool SummaryIndex::resolves(llvm::StringRef Usr, bool Virtual) const {
  if (ByUsr.count(Usr))
    return true;
  std::vector<std::string> Overrides;
  if (Virtual)
    overridesOf(Usr, Overrides);
  return !Overrides.empty();
}

/// Adds \p E unless an effect of its kind is already there.
static void addEffect(FunctionSummary &S, EffectSummary E) {
  for (const EffectSummary &Have : S.Effects)
    if (Have.Category == E.Category && Have.Spawn == E.Spawn &&
        ((Have.When == E.When && Have.UnlessOpen == E.UnlessOpen) ||
         !Have.conditional()))
      return;
  S.Effects.push_back(std::move(E));
}

const EffectSummary *
FunctionSummary::effectAt(const std::vector<int> &FalseArgs,
                          const std::vector<int> &TrueArgs,
                          const std::vector<std::string> &OpenTypes) const {
  for (const EffectSummary &E : Effects)
    if (E.When.holdsAt(FalseArgs, TrueArgs) &&
        (E.UnlessOpen.empty() || !llvm::is_contained(OpenTypes, E.UnlessOpen)))
      return &E;
  return nullptr;
}

std::optional<FunctionSummary>
SummaryIndex::ofCall(llvm::StringRef Usr, bool Virtual,
                     llvm::StringRef FromFile) const {
  std::vector<std::string> Targets{Usr.str()};
  if (Virtual)
    overridesOf(Usr, Targets);
  std::optional<FunctionSummary> Out;
  for (const std::string &T : Targets) {
    const FunctionSummary *S = get(T, FromFile);
    if (!S)
      continue;
    if (!Out) {
      Out = *S;
      continue;
    }
    if (!Out->Begin && S->Begin)
      Out->Begin = S->Begin;
    for (const EffectSummary &E : S->Effects)
      addEffect(*Out, E);
    Out->UsesDatabase |= S->UsesDatabase;
    Out->NoReturn &= S->NoReturn; // Never returns, whichever override runs.
  }
  return Out;
}

FunctionSummary SummaryIndex::compute(const FunctionFacts &F,
                                      const FunctionSummary &Old) const {
  FunctionSummary Sum = Old;
  Sum.UsesDatabase |= F.TouchesDatabase;
  if (!Sum.Begin && F.BeginSession)
    Sum.Begin = BeginSummary{*F.BeginSession, {F.BeginNote}, F.BeginAfterEnd,
                             F.BeginWhenParam};
  for (const SummaryStep &St : F.Steps) {
    // After the caller's transaction ended: nothing here is inside it.
    if (St.AfterEnd && St.Kind != SummaryStep::Call)
      continue;
    if (St.Kind != SummaryStep::Call) {
      EffectSummary E;
      E.Category = St.Kind == SummaryStep::Spawn ? SideEffectCategory::Enqueue
                                                 : St.Category;
      E.Spawn = St.Kind == SummaryStep::Spawn;
      E.Api = St.Api;
      E.Chain.push_back(St.Note);
      E.When = St.When;
      E.UnlessOpen = St.UnlessOpen;
      addEffect(Sum, std::move(E));
      continue;
    }
    // A virtual call joins its overrides' summaries; another reads its
    // callee's in place.
    std::optional<FunctionSummary> Joined;
    const FunctionSummary *CS = nullptr;
    if (St.Virtual) {
      Joined = ofCall(St.CalleeUsr, St.Virtual, F.File);
      CS = Joined ? &*Joined : nullptr;
    } else {
      CS = get(St.CalleeUsr, F.File);
    }
    if (!CS)
      continue;
    if (!St.AfterEnd) {
      Sum.UsesDatabase |= CS->UsesDatabase;
      for (const EffectSummary &CE : CS->Effects) {
        // Not reached with the constant this call passes.
        if (!CE.When.holdsAt(St.FalseArgs, St.TrueArgs))
          continue;
        EffectSummary E = CE;
        E.Chain.insert(E.Chain.begin(), St.Note);
        // Still conditional when the callee's parameter is one of ours,
        // passed on; otherwise under the call's own condition.
        int Ours = CE.When.Param >= 0 &&
                           CE.When.Param < static_cast<int>(St.ParamArgs.size())
                       ? St.ParamArgs[CE.When.Param]
                       : -1;
        E.When = Ours >= 0 ? BoolCondition{Ours, CE.When.Value} : St.When;
        if (E.UnlessOpen.empty())
          E.UnlessOpen = St.UnlessOpen;
        addEffect(Sum, std::move(E));
      }
    }
    if (!Sum.Begin && CS->Begin && CS->Begin->beginsAt(St.FalseArgs)) {
      BeginSummary B = *CS->Begin;
      // Whatever our own arguments are, unless the callee's choice is one
      // of our bool parameters, passed on: then it is ours.
      int Callee = CS->Begin->WhenParam;
      B.WhenParam = Callee >= 0 && Callee < static_cast<int>(St.ParamArgs.size())
                        ? St.ParamArgs[Callee]
                        : -1;
      B.Chain.insert(B.Chain.begin(), St.Note);
      B.AfterEnd |= St.AfterEnd;
      // Re-expressed in our own terms.
      B.Session = mapToCaller(CS->Begin->Session, St.Args, St.Receiver);
      Sum.Begin = std::move(B);
    }
  }
  Sum.NoReturn = F.Built && llvm::all_of(F.Exits, [&](const std::string &E) {
                   if (E == "!")
                     return true;
                   if (E.empty())
                     return false;
                   const FunctionSummary *S = get(E, F.File);
                   return S && S->NoReturn;
                 });
  return Sum;
}

} // namespace txnlint
