//===--- RuleSet.h - txnlint rule model -------------------------*- C++ -*-===//
//
// The plain-data model of a rules file (rules.yaml): the transaction API
// catalog, session types, side effects, background spawners, roles and
// settings. Filled by RuleLoader; read through ApiCatalog and Roles.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_RULESET_H
#define TXNLINT_CORE_RULESET_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace txnlint {

/// Where in a rules file an entry came from (1-based), for messages.
struct RuleOrigin {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  std::string str() const;
};

/// The three shapes of transaction scope of DESIGN.md section 1.
enum class ScopeKind { Raii, Explicit, Callback, Sql };

/// What the end of an RAII guard's lifetime does.
enum class ScopeExitKind { Rollback, Commit };

/// What a begin does while a transaction on the same session is open.
enum class NestedKind { Error, Savepoint, Join };

struct TransactionApi {
  ScopeKind Kind = ScopeKind::Raii;
  std::string Preset; ///< Empty for project entries.
  /// Raii: guard classes (a class or any class derived from it).
  /// Explicit: session classes whose methods begin/commit/roll back; when
  /// empty, begin/commit/rollback name free functions (a C API) whose
  /// argument session_arg is the session.
  std::vector<std::string> Types;
  /// Callback: functions that run a callable inside a transaction.
  std::vector<std::string> Functions;
  std::vector<std::string> Begin;    ///< Explicit: begin method names.
  std::vector<std::string> Commit;   ///< Method names that commit.
  std::vector<std::string> Rollback; ///< Method names that roll back.
  /// Methods (or C-API functions) that commit the open unit and begin the
  /// next at once (commit-and-continue).
  std::vector<std::string> CommitAndBegin;
  /// Methods of the guard or session that only read: no database work
  /// that an exception could leave half done.
  std::vector<std::string> ReadOnly;
  /// Explicit: methods that tell whether a transaction is open on the
  /// session; a begin guarded by one (`if (!s.isTransaction()) s.begin();`)
  /// joins an open transaction instead of nesting.
  std::vector<std::string> Active;
  int SessionArg = 0;  ///< Raii/Callback: argument that names the session.
  /// Raii with no session argument: the class of the one ambient session
  /// the guard begins on (a per-thread singleton), so that the `active`
  /// methods of that class know its transaction open. Qualified, with no
  /// leading `::`.
  std::string SessionType;
  /// Sql: the argument holding the SQL text of `functions` (SQL executors);
  /// a literal starting with BEGIN, COMMIT, ROLLBACK, SAVEPOINT... begins
  /// or ends on the session (SessionArg, or -1: the object of a method).
  int SqlArg = -1;
  int CallableArg = -1; ///< Callback: argument run inside (-1: last).
  /// Raii: a bool constructor argument that, when constant false, leaves
  /// the guard unstarted (-1: none).
  int StartArg = -1;
  /// Raii: a constructor argument that, when it is an object (a callable),
  /// is run inside a transaction the constructor begins and commits
  /// (-1: none).
  int TransactorArg = -1;
  bool Savepoint = false; ///< Opens a savepoint / subtransaction.
  bool Retrying = false;  ///< Callback re-runs its body on failure.
  ScopeExitKind OnScopeExit = ScopeExitKind::Rollback;
  NestedKind OnNested = NestedKind::Error;
  RuleOrigin Origin;
};

/// Categories of side-effect calls.
enum class SideEffectCategory {
  Network,
  Mail,
  Notify,
  FileIo,
  Sleep,
  Process,
  Enqueue
};
llvm::StringRef categoryName(SideEffectCategory C);

struct SideEffectRule {
  SideEffectCategory Category = SideEffectCategory::Network;
  std::string Preset;
  std::vector<std::string> Functions; ///< Functions or methods by name.
  std::vector<std::string> Types;     ///< Every method/constructor of these.
  /// Any method or operator called on an object of these types (the
  /// receiver: `file << x` on a std::ofstream).
  std::vector<std::string> Receivers;
  /// Any method called on one of these named variables (a global object:
  /// `::app::g_mailer`).
  std::vector<std::string> Objects;
  /// Only on an object made over one of these types: a reader or stream
  /// constructed on a device (`QXmlStreamReader xml(&file)`) does the
  /// device's I/O, one made on a string does none.
  std::vector<std::string> Over;
  bool Deferred = false; ///< The API itself defers to after commit.
  RuleOrigin Origin;
};

struct SpawnerRule {
  std::string Preset;
  std::vector<std::string> Functions; ///< Spawning functions.
  std::vector<std::string> Types;     ///< Spawning by construction.
  /// Methods called on these named variables (a global pool) spawn.
  std::vector<std::string> Objects;
  /// The task is given by name or id, not as a callable (a job queue's
  /// `enqueue("send_welcome", id)`): every call spawns.
  bool TaskByName = false;
  /// Not a spawn when an argument names one of these (enumerators or
  /// variables): `std::async(std::launch::deferred, f)` runs f in place.
  std::vector<std::string> UnlessArgument;
  /// The task runs on the thread of its first argument of one of these
  /// types (Qt's context object), or on the calling thread when there is
  /// none; a task run where `this` lives shares none of its members with
  /// another thread.
  std::vector<std::string> ContextTypes;
  RuleOrigin Origin;
};

enum class RoleKind { None, Owner, Aware, Background };
llvm::StringRef roleName(RoleKind R);

struct RoleRule {
  RoleKind Role = RoleKind::None;
  std::vector<std::string> Paths;      ///< Globs on the file path.
  std::vector<std::string> Namespaces; ///< Enclosing namespaces.
  std::vector<std::string> Names;      ///< Regexes on qualified names.
  RuleOrigin Origin;
};

/// A plain list of names from one place in the rules.
struct NameListRule {
  std::string Preset;
  std::vector<std::string> Names;
  RuleOrigin Origin;
};
/// Session, connection or transaction types.
using SessionRule = NameListRule;
/// Functions that never return normally (they always throw or exit), for
/// code that cannot say so with [[noreturn]] (a test harness's fail()).
using NoReturnRule = NameListRule;
/// Macros whose expansion never returns normally either: a test
/// framework's FAIL(), which throws or returns from the test after
/// recording the failure.
using NoReturnMacroRule = NameListRule;

/// Which parameters make a function 'aware' by inference.
enum class AwareInference {
  Transaction, ///< a parameter that carries an open transaction (a guard)
  Session,     ///< any session, connection or transaction parameter
};

struct RuleSettings {
  std::string AnnotationPrefix = "txn::role=";
  bool InferRoles = true;
  AwareInference InferAwareFrom = AwareInference::Transaction;
  bool AwareMayOpenSavepoints = true;
  /// Not a rules key: set by the front-end's `--system-headers` (clang-tidy's
  /// `SystemHeaders`): functions in system headers are analysed too and
  /// findings there are kept.
  bool SystemHeaders = false;
};

/// A complete, validated rule set.
struct RuleSet {
  std::string SourceFile; ///< The file the rules came from.
  std::vector<TransactionApi> Transactions;
  std::vector<SessionRule> Sessions;
  std::vector<SideEffectRule> SideEffects;
  std::vector<SpawnerRule> Spawners;
  std::vector<NoReturnRule> NoReturn;
  std::vector<NoReturnMacroRule> NoReturnMacros;
  std::vector<RoleRule> Roles;
  RuleSettings Settings;
  /// Names of the presets that are switched on.
  std::vector<std::string> ActivePresets;
  /// A digest of every text the rules were read from (the file and the
  /// files it extends): equal digests, equal rules. Keys cached facts.
  std::string Digest;
};

/// The rules in effect, one entry a line (`--dump-rules`): where each
/// transaction API, session, side effect, spawner and role comes from.
void printRules(llvm::raw_ostream &OS, const RuleSet &R);

} // namespace txnlint

#endif // TXNLINT_CORE_RULESET_H
