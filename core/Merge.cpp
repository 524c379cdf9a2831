//===--- Merge.cpp - Whole-program findings from per-TU facts -------------===//

#include "Merge.h"
#include "HeldTransactions.h"
#include "Summaries.h"
#include "checks/Check.h"
#include "checks/CheckRegistry.h"
#include "llvm/ADT/StringSet.h"
#include <map>
#include <set>
#include <tuple>

namespace txnlint {

/// The first line of compiler output that reports an error (or the first
/// line at all), for a one-line reason.
static std::string firstErrorLine(llvm::StringRef Diagnostics) {
  llvm::StringRef First;
  for (llvm::StringRef Rest = Diagnostics; !Rest.empty();) {
    auto [Line, Tail] = Rest.split('\n');
    Rest = Tail;
    if (Line.trim().empty())
      continue;
    if (First.empty())
      First = Line;
    if (Line.contains("error:"))
      return Line.trim().str();
  }
  return First.trim().str();
}

namespace {

/// Sorts \p V (stable) and keeps the first of equal elements. Sorted as
/// pointers, then each element moved once: functions and findings are
/// large.
template <typename T, typename Less>
void sortUnique(std::vector<T> &V, Less L) {
  std::vector<T *> Order;
  Order.reserve(V.size());
  for (T &E : V)
    Order.push_back(&E);
  llvm::stable_sort(Order, [&](const T *A, const T *B) { return L(*A, *B); });
  std::vector<T> Out;
  Out.reserve(V.size());
  for (T *E : Order)
    if (Out.empty() || L(Out.back(), *E)) // Not equal to the one kept last.
      Out.push_back(std::move(*E));
  V = std::move(Out);
}

/// Whether the merge keeps a finding of one translation unit.
/// Per function, the classes of sessions on which each of its calls in the
/// program is made with a transaction open on every path: a helper called
/// only inside its callers' transactions. Only a function with direct calls
/// and none through virtual dispatch; one taken by address (a slot, a
/// callback) may run elsewhere too, which only weakens what this is used
/// for (work deferred while such a transaction is open).
llvm::StringMap<std::vector<std::string>>
entryOpenTypes(const std::vector<const FunctionFacts *> &All,
               const std::vector<TuFacts> &Units) {
  using Place = std::tuple<std::string, unsigned, unsigned>;
  auto PlaceOf = [](const SourcePlace &P) {
    return Place{P.File, P.Line, P.Column};
  };
  llvm::StringMap<std::set<Place>> Calls;
  llvm::StringSet<> Dispatched;
  for (const FunctionFacts *F : All)
    for (const SummaryStep &St : F->Steps)
      if (St.Kind == SummaryStep::Call) {
        if (St.Virtual)
          Dispatched.insert(St.CalleeUsr);
        Calls[St.CalleeUsr].insert(PlaceOf(St.Note.Where));
      }
  llvm::StringMap<std::map<std::string, std::set<Place>>> Open;
  for (const TuFacts &U : Units)
    for (const CallSite &S : U.Calls)
      for (const OpenFact &T : S.Open)
        if (T.Must && !T.SessionType.empty())
          Open[S.CalleeUsr][T.SessionType].insert(PlaceOf(S.Where));
  llvm::StringMap<std::vector<std::string>> Out;
  for (const auto &[Usr, Types] : Open) {
    auto C = Calls.find(Usr);
    if (C == Calls.end() || Dispatched.contains(Usr))
      continue;
    for (const auto &[Type, Places] : Types)
      if (Places == C->second)
        Out[Usr].push_back(Type);
  }
  return Out;
}

bool stands(const PendingFinding &P, const SummaryIndex &Index) {
  if (!P.UnlessCalled.empty() && Index.hasCaller(P.UnlessCalled))
    return false; // Its caller reports it, at the call.
  const std::string &From = P.F.Where.File;
  for (const std::string &U : P.UnlessNoReturn)
    if (const FunctionSummary *S = Index.get(U, From); S && S->NoReturn)
      return false;
  if (!P.IfUsesDatabase.empty() &&
      llvm::none_of(P.IfUsesDatabase, [&](const std::string &U) {
        const FunctionSummary *S = Index.get(U, From);
        return S && S->UsesDatabase;
      }))
    return false;
  return true;
}

} // namespace

MergeResult mergeFacts(std::vector<TuFacts> Units, const CheckFilter &Enabled,
                       const std::vector<FunctionFacts> &Library) {
  // Independent of the order the units arrive in.
  llvm::stable_sort(Units, [](const TuFacts &A, const TuFacts &B) {
    return A.File < B.File;
  });
  MergeResult Out;
  std::vector<const FunctionFacts *> All;
  for (const TuFacts &U : Units)
    for (const FunctionFacts &F : U.Functions)
      All.push_back(&F);
  for (const FunctionFacts &F : Library)
    All.push_back(&F);
  // A header's function has the same facts in every unit that includes it;
  // the index keeps the first in (USR, file, line) order.
  llvm::stable_sort(All, [](const FunctionFacts *A, const FunctionFacts *B) {
    return *A < *B;
  });
  SummaryIndex Index(All);

  std::vector<std::unique_ptr<TxnCheck>> Checks;
  std::vector<llvm::StringRef> Names;
  for (const CheckInfo &C : checkRegistry())
    if (!Enabled || Enabled(C.Name)) {
      Checks.push_back(C.Create());
      Names.push_back(C.Name);
    }

  llvm::StringMap<std::vector<std::string>> EntryOpen =
      entryOpenTypes(All, Units);
  std::vector<PendingFinding> Pending;
  // Hands a call site with its callee's summary to every enabled check.
  auto Judge = [&](CallSite &S) {
    std::optional<FunctionSummary> Callee =
        Index.ofCall(S.CalleeUsr, S.Virtual, S.Where.File);
    if (!Callee)
      return;
    if (auto It = EntryOpen.find(S.FunctionUsr); It != EntryOpen.end())
      S.EntryOpenTypes = It->second;
    for (size_t I = 0; I < Checks.size(); ++I) {
      std::vector<CallReport> Reports;
      Checks[I]->onSummaryCall(S, *Callee, Reports);
      for (CallReport &R : Reports) {
        PendingFinding P;
        P.F.Check = Names[I].str();
        P.F.Level = R.Level;
        P.F.Where = S.Where;
        P.F.Message = std::move(R.Message);
        P.F.Function = S.Function;
        P.F.FunctionUsr = S.FunctionUsr;
        P.F.Subject = std::move(R.Subject);
        P.F.Notes = std::move(R.Notes);
        for (const auto &[Check, Sup] : S.Suppressions)
          if (Check == P.F.Check)
            P.Suppressed = Sup;
        if (R.RestsOn && R.RestsOn->Ambient)
          P.UnlessCalled = S.FunctionUsr;
        Pending.push_back(std::move(P));
      }
    }
  };
  for (TuFacts &U : Units) {
    Out.TranslationUnits += 1;
    Out.MainFiles.push_back(U.File);
    if (!U.RulesFile.empty() &&
        !llvm::is_contained(Out.Rules, std::make_pair(U.RulesFile, U.Presets)))
      Out.Rules.push_back({U.RulesFile, U.Presets});
    if (U.Failed) {
      Out.FailedFiles.push_back(U.File);
      Out.FailureReasons[U.File] = firstErrorLine(U.Diagnostics);
    }
    Out.Diagnostics += U.Diagnostics;
    for (PendingFinding &P : U.Findings)
      if (!Enabled || Enabled(P.F.Check))
        Pending.push_back(std::move(P));
    for (CallSite &S : U.Calls)
      Judge(S);
  }
  // Calls in methods that may run while their class holds a transaction
  // open across calls (HeldTransactions.h).
  for (CallSite &S : heldTransactionCalls(All, Index, Units))
    Judge(S);
  for (PendingFinding &P : Pending)
    if (stands(P, Index))
      Out.Findings.push_back({std::move(P.F), std::move(P.Suppressed)});
  sortUnique(Out.Findings, [](const MergedFinding &A, const MergedFinding &B) {
    return A < B;
  });

  // What the whole program says of each function, first for all (the index
  // reads the facts), then the facts move into the result (not copied: they
  // are most of the merge's memory).
  std::vector<std::pair<bool, BlindCalls>> Settled;
  for (const TuFacts &U : Units)
    for (const FunctionFacts &F : U.Functions) {
      const FunctionSummary *S = Index.get(F.Usr, F.File);
      BlindCalls Blind = F.Blind;
      for (const std::string &C : F.OpenCallsOut) {
        bool Virtual = llvm::StringRef(C).starts_with("v:");
        if (Index.resolves(Virtual ? C.substr(2) : C, Virtual))
          continue;
        ++(Virtual ? Blind.Virtual : Blind.NoDefinition);
      }
      Settled.push_back(
          {F.Begins || (S && S->Begin) || F.BeginSession.has_value(), Blind});
    }
  size_t I = 0;
  Out.Functions.reserve(Settled.size());
  for (TuFacts &U : Units)
    for (FunctionFacts &F : U.Functions) {
      std::tie(F.Begins, F.Blind) = Settled[I++];
      Out.Functions.push_back(std::move(F));
    }
  sortUnique(Out.Functions, [](const FunctionFacts &A, const FunctionFacts &B) {
    return A < B;
  });
  llvm::sort(Out.FailedFiles);
  llvm::sort(Out.MainFiles);
  llvm::sort(Out.Rules);
  return Out;
}

} // namespace txnlint
