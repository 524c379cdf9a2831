//===--- Facts.h - What a translation unit knows, free of the AST -*- C++ -*-===//
//
// The map step of whole-program analysis. Per translation unit: every
// analysed function by USR with the facts its summary is built from (its own
// begins and side effects, its calls in order with how their arguments map
// onto sessions, how it leaves), the calls it makes inside an open
// transaction or as a function that runs in its caller's unit (call sites,
// with the open state at each), and the findings that need no callee
// summary. The merge (Merge.h) resolves calls across translation units and
// turns call sites into findings; the same code runs over one translation
// unit alone (the clang-tidy plugin) and over a whole compilation database.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_FACTS_H
#define TXNLINT_CORE_FACTS_H

#include "Finding.h"
#include "RuleSet.h"
#include "Suppressions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>
#include <vector>

namespace txnlint {

enum class RoleSource;

/// Which session an object is, as a string the merge can compare: `P<n>`
/// (the function's parameter n), `F:<class>::<member>` (a member), `L:...`
/// (a local of one function), empty when unknown (may be any session).
struct SessionKey {
  std::string Id;
  bool Fresh = false; ///< A session object opened by the function itself.
  std::string Name;   ///< The variable or member, for messages.
  std::string Type;   ///< The session's class, when known (SessionRef::Type).
  bool Declared = false; ///< SessionRef::Declared.
  bool operator==(const SessionKey &O) const {
    return Id == O.Id && Fresh == O.Fresh;
  }
};
/// Conservative identity: an unknown session may be any session that was
/// not opened by the function itself (nor of another class than a declared
/// ambient session's).
bool mayBeSameSession(const SessionKey &A, const SessionKey &B);

/// "Only when bool parameter Param is Value"; Param -1: always.
struct BoolCondition {
  int Param = -1;
  bool Value = true;
  bool operator==(const BoolCondition &O) const {
    return Param == O.Param && Value == O.Value;
  }
  /// False when a call gives the parameter the other value: \p FalseArgs
  /// and \p TrueArgs are the parameters given the constant false / true.
  bool holdsAt(const std::vector<int> &FalseArgs,
               const std::vector<int> &TrueArgs) const {
    return Param < 0 ||
           !llvm::is_contained(Value ? FalseArgs : TrueArgs, Param);
  }
};

/// A transaction open before a call, as the checks need to describe it.
struct OpenFact {
  SessionKey Session;
  bool Must = true;       ///< Open on every path.
  bool Ambient = false;   ///< The caller's transaction (OpenTxn::Ambient).
  bool Retrying = false;  ///< A retrying callback's body.
  /// From the call on, it can only roll back (FunctionFlow::RollbackOnly).
  bool RollbackOnly = false;
  /// The session's class, when known (SessionRef::Type).
  std::string SessionType;
  Severity Level = Severity::Error; ///< Of a finding that rests on it.
  std::string WhereText;  ///< ` inside an open transaction`, ...
  FindingNote Begin;      ///< Where it begins, or why it is open on entry.
};

/// A call whose callee's summary may turn into a finding: made while a
/// transaction is open, or by a function with role 'aware'.
struct CallSite {
  std::string Function, FunctionUsr; ///< The caller.
  bool CallerAware = false;
  Severity RoleLevel = Severity::Error; ///< Of a finding resting on the role.
  FindingNote RoleNote;
  std::string CallerDisplay; ///< As messages name it (displayName).
  SourcePlace Where;
  std::string Callee, CalleeUsr; ///< Display name and USR.
  bool Virtual = false; ///< Dispatched: any override may run.
  std::vector<SessionKey> Args; ///< Caller-side session of each parameter.
  SessionKey Receiver;          ///< Caller-side object of a member call.
  std::vector<int> FalseArgs;   ///< Parameters given the constant false.
  std::vector<int> TrueArgs;    ///< Parameters given the constant true.
  std::vector<OpenFact> Open;   ///< In begin order.
  /// Set by the merge, not stored: classes of sessions on which every call
  /// of the caller is made with a transaction open on every path (its
  /// callers hold one open around it).
  std::vector<std::string> EntryOpenTypes;
  /// Suppression comments at the call, by check.
  std::vector<std::pair<std::string, Suppression>> Suppressions;
};

/// One step of a function's summary facts, in source order.
struct SummaryStep {
  enum KindT { Effect, Spawn, Call } Kind = Call;
  FindingNote Note; ///< `'f' calls 'g' here`, `'f' spawns ... here`.
  SideEffectCategory Category = SideEffectCategory::Network; ///< Effect.
  std::string Api;               ///< Effect/Spawn: the API's name.
  std::string CalleeUsr;         ///< Call.
  std::string Callee;            ///< Call: display name.
  bool Virtual = false;          ///< Call.
  std::vector<SessionKey> Args;  ///< Call: caller-side session per param.
  SessionKey Receiver;           ///< Call: caller-side object of a method.
  std::vector<int> FalseArgs;    ///< Call: parameters given the constant false.
  std::vector<int> TrueArgs;     ///< Call: parameters given the constant true.
  /// Runs only under this value of one of the function's bool parameters.
  BoolCondition When;
  /// Runs only where no transaction is open on a session of this class
  /// (FunctionFlow::OnlyWithoutOpen); empty: wherever it is.
  std::string UnlessOpen;
  /// Call: per parameter, the function's own bool parameter passed to it
  /// unchanged, or -1 (empty: none).
  std::vector<int> ParamArgs;
  /// After the function ended, on every path, a transaction it did not
  /// begin (its caller's): outside the caller's unit of work, so it adds
  /// no side effect to the summary, and a begin it reaches does not nest
  /// in the caller's transaction.
  bool AfterEnd = false;
};

/// Calls made while a transaction is open that the analysis cannot follow.
struct BlindCalls {
  unsigned NoDefinition = 0; ///< A project function with no analysed body.
  unsigned Indirect = 0;     ///< Through a function pointer or std::function.
  unsigned Virtual = 0;      ///< Virtual dispatch to a method with no body.
  unsigned total() const { return NoDefinition + Indirect + Virtual; }
};

/// What a call of the function does to its caller's transactions
/// (TxnTransfer, in facts): sessions in the function's terms on which it
/// leaves a transaction open at return, and on which it ends one it did not
/// begin. `Api` indexes the rules' `transactions`.
struct TransferFacts {
  struct Opened {
    SessionKey Session, Holder;
    bool Must = true;
    int Api = -1;
  };
  struct Ended {
    SessionKey Session;
    bool Commit = false;
  };
  std::vector<Opened> LeavesOpen;
  std::vector<Ended> Ends;
  bool empty() const { return LeavesOpen.empty() && Ends.empty(); }
};

/// The lines of one transaction in its function's file, from its begin to
/// where it ends (commit, rollback, the guard's scope, or the function's end
/// when it is left open), for the HTML report.
struct TxnScope {
  unsigned Begin = 0, End = 0;
  bool operator==(const TxnScope &O) const {
    return Begin == O.Begin && End == O.End;
  }
  bool operator<(const TxnScope &O) const {
    return std::tie(Begin, End) < std::tie(O.Begin, O.End);
  }
};

/// One analysed function: what the report shows and what its summary is
/// built from.
struct FunctionFacts {
  std::string File;
  unsigned Line = 0;
  std::string Name; ///< Qualified name (`lambda` for a lambda).
  std::string Usr;
  RoleKind Role = RoleKind::None;
  RoleSource Source{};
  bool Lambda = false;
  bool Spawned = false; ///< Runs as a background task.
  bool Begins = false;  ///< Begins a (non-savepoint) transaction itself,
                        ///< joining ones included (after the merge: or
                        ///< through calls, anywhere).
  bool TakesSession = false;
  bool OpensOwnSession = false; ///< Creates a session object locally.
  BlindCalls Blind; ///< After the merge: what no translation unit defines.
  std::vector<TxnScope> Scopes; ///< Its own transactions, sorted.

  // What the summary is built from.
  std::optional<SessionKey> BeginSession; ///< Its own first begin.
  FindingNote BeginNote;
  /// That begin comes after it ended its caller's transaction (AfterEnd).
  bool BeginAfterEnd = false;
  /// That begin runs only when this `bool` parameter is true (`if
  /// (doTransaction) db.begin();`); -1: whatever the arguments.
  int BeginWhenParam = -1;
  std::vector<SummaryStep> Steps;
  bool TouchesDatabase = false; ///< Calls a session or transaction API.
  bool Built = true;            ///< A CFG could be built.
  /// The call ending each path that leaves normally: a callee USR, `!` for
  /// a function that never returns by attribute or rule, empty for a path
  /// that does not end in a call. Empty when no path returns.
  std::vector<std::string> Exits;
  std::vector<std::string> Callees;   ///< Every function it calls (USRs).
  std::vector<std::string> Overrides; ///< Methods it overrides (USRs).
  /// Calls inside an open transaction to functions with no body here,
  /// resolved by the merge (`v:` prefix: virtual dispatch).
  std::vector<std::string> OpenCallsOut;
  TransferFacts Transfer;

  bool operator<(const FunctionFacts &O) const {
    return std::tie(File, Line, Name, Usr) <
           std::tie(O.File, O.Line, O.Name, O.Usr);
  }
};

/// A finding of one translation unit, with what the merge still has to
/// decide about it.
struct PendingFinding {
  Finding F;
  std::optional<Suppression> Suppressed;
  /// Rests on the caller's transaction of this function: dropped when an
  /// analysed caller reaches it (the caller reports it at its call).
  std::string UnlessCalled;
  /// A handler's call of one of these counts as rethrowing if it never
  /// returns.
  std::vector<std::string> UnlessNoReturn;
  /// Kept only if one of these functions does database work (when the
  /// translation unit alone did not show any).
  std::vector<std::string> IfUsesDatabase;
};

/// Everything the map step keeps of one translation unit.
struct TuFacts {
  std::string File; ///< The main file.
  std::vector<FunctionFacts> Functions;
  std::vector<CallSite> Calls;
  std::vector<PendingFinding> Findings;
  bool Failed = false;     ///< Compiler errors: analysed what parsed.
  std::string Diagnostics; ///< Compiler output, for the log.
  /// The rules file it was analysed with, and the presets in effect.
  std::string RulesFile;
  std::vector<std::string> Presets;
};

/// \p T as one JSON value; without \p Functions, an empty list of them
/// (the cache writes them one a line after it).
llvm::json::Value toJson(const TuFacts &T, bool Functions = true);
/// One function's facts as a facts file holds them.
llvm::json::Value toJSON(const FunctionFacts &F);
/// Reads one function's facts as toJSON wrote them.
bool fromJSON(const llvm::json::Value &V, FunctionFacts &F,
              llvm::json::Path P);
/// Reads what toJson wrote; an error names the offending field's path.
llvm::Expected<TuFacts> tuFactsFromJson(const llvm::json::Value &V);

/// Writes \p T to \p Path as JSON lines (a head with the unit's fields and
/// counts, then one function, call site and finding per line), atomically
/// (a temporary file, then a rename).
llvm::Error writeFactsFile(llvm::StringRef Path, const TuFacts &T);
/// Reads a file toJson(TuFacts) wrote; an error starts with \p Path and
/// names it as \p Noun (`facts file`, `summary file`).
llvm::Expected<TuFacts> readFactsFile(llvm::StringRef Path,
                                      llvm::StringRef Noun);

/// The format version of facts files; a file of another version is an error.
inline constexpr int FactsVersion = 2;

} // namespace txnlint

#endif // TXNLINT_CORE_FACTS_H
