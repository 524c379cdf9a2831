//===--- RuleLoader.cpp - Read and validate rules.yaml --------------------===//
//
// The only file that sees yaml-cpp. It is compiled with exceptions; every
// exception is caught here and turned into an llvm::Error.
//
//===----------------------------------------------------------------------===//

#include "RuleLoader.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>
#include <algorithm>
#include <map>
#include <cstdlib>
#include <set>

namespace txnlint {

namespace {

/// Thrown inside this file only; converted to llvm::Error at the boundary.
struct LoadError {
  YAML::Mark Mark;
  std::string Message;
};

/// An error from an extended file, already formatted.
struct ForwardedError {
  std::string Text;
};

[[noreturn]] void fail(const YAML::Node &N, std::string Message) {
  throw LoadError{N.Mark(), std::move(Message)};
}

std::string closest(llvm::StringRef Word,
                    llvm::ArrayRef<llvm::StringRef> Candidates) {
  std::string Best;
  unsigned BestDistance = ~0U;
  for (llvm::StringRef C : Candidates) {
    unsigned D = Word.edit_distance(C, /*AllowReplacements=*/true);
    if (D < BestDistance) {
      BestDistance = D;
      Best = C.str();
    }
  }
  unsigned Limit = std::max<unsigned>(2, Word.size() / 3);
  return BestDistance <= Limit ? Best : std::string();
}

std::string quotedList(llvm::ArrayRef<llvm::StringRef> Words) {
  std::string Out;
  for (size_t I = 0; I < Words.size(); ++I) {
    if (I)
      Out += I + 1 == Words.size() ? " or " : ", ";
    Out += "'" + Words[I].str() + "'";
  }
  return Out;
}

/// Checks that \p N is a mapping whose keys are all in \p Allowed, with no
/// key twice.
void checkKeys(const YAML::Node &N, llvm::StringRef What,
               llvm::ArrayRef<llvm::StringRef> Allowed) {
  if (!N.IsMap())
    fail(N, "expected a mapping for " + What.str());
  std::set<std::string> Seen;
  for (const auto &KV : N) {
    std::string Key = KV.first.as<std::string>();
    if (!Seen.insert(Key).second)
      fail(KV.first, "duplicate key '" + Key + "' in " + What.str());
    if (llvm::is_contained(Allowed, llvm::StringRef(Key)))
      continue;
    std::string Msg = "unknown key '" + Key + "' in " + What.str();
    std::string Hint = closest(Key, Allowed);
    if (!Hint.empty())
      Msg += "; did you mean '" + Hint + "'";
    fail(KV.first, Msg);
  }
}

std::string scalar(const YAML::Node &N, llvm::StringRef Key) {
  if (!N.IsScalar())
    fail(N, "expected a string for '" + Key.str() + "'");
  return N.as<std::string>();
}

bool boolean(const YAML::Node &N, llvm::StringRef Key) {
  if (N.IsScalar()) {
    std::string S = N.as<std::string>();
    if (S == "true")
      return true;
    if (S == "false")
      return false;
  }
  fail(N, "expected 'true' or 'false' for '" + Key.str() + "'");
}

int integer(const YAML::Node &N, llvm::StringRef Key) {
  if (N.IsScalar()) {
    long long V;
    if (!llvm::StringRef(N.as<std::string>()).getAsInteger(10, V) &&
        V >= -1 && V < 64)
      return static_cast<int>(V);
  }
  fail(N, "expected an integer from -1 to 63 for '" + Key.str() + "'");
}

/// A C identifier: what a macro is named.
bool isIdentifier(llvm::StringRef S) {
  return !S.empty() && !llvm::isDigit(S.front()) &&
         llvm::all_of(S, [](char C) { return llvm::isAlnum(C) || C == '_'; });
}

std::vector<std::string> strings(const YAML::Node &N, llvm::StringRef Key);

/// Function names, each optionally with its parameter types to pick one
/// overload: `::QIODevice::write(const char *, qint64)`.
std::vector<std::string> functionPatterns(const YAML::Node &N,
                                          llvm::StringRef Key) {
  std::vector<std::string> Out = strings(N, Key);
  for (size_t I = 0; I < Out.size(); ++I) {
    llvm::StringRef P = Out[I];
    size_t Open = P.find('(');
    if (Open == llvm::StringRef::npos)
      continue;
    if (Open == 0 || !P.ends_with(")") || P.count('(') != 1 ||
        P.count(')') != 1)
      fail(N.IsSequence() ? N[I] : N,
           "'" + Out[I] + "' in '" + Key.str() +
               "': expected a name, optionally followed by its parameter "
               "types in parentheses (`ns::f(const char *, int)`)");
  }
  return Out;
}

/// A string or a list of non-empty strings.
std::vector<std::string> strings(const YAML::Node &N, llvm::StringRef Key) {
  std::vector<std::string> Out;
  if (N.IsScalar()) {
    Out.push_back(N.as<std::string>());
  } else if (N.IsSequence()) {
    for (const auto &E : N) {
      if (!E.IsScalar())
        fail(E, "expected a string in the list '" + Key.str() + "'");
      Out.push_back(E.as<std::string>());
    }
  } else {
    fail(N, "expected a string or a list of strings for '" + Key.str() + "'");
  }
  for (size_t I = 0; I < Out.size(); ++I)
    if (Out[I].empty())
      fail(N.IsSequence() ? N[I] : N,
           "empty name in '" + Key.str() + "'");
  return Out;
}

template <typename EnumT>
EnumT oneOf(const YAML::Node &N, llvm::StringRef Key,
            llvm::ArrayRef<std::pair<llvm::StringRef, EnumT>> Values) {
  std::string S = scalar(N, Key);
  std::vector<llvm::StringRef> Names;
  for (const auto &V : Values) {
    if (V.first == S)
      return V.second;
    Names.push_back(V.first);
  }
  std::string Msg = "unknown " + Key.str() + " '" + S + "'; expected " +
                    quotedList(Names);
  fail(N, Msg);
}

/// Applies \p F to each catalog list whose entries belong to presets, the
/// same list of every rule set at once.
template <typename Fn, typename... Sets>
void forEachPresetList(Fn F, Sets &...R) {
  F(R.Transactions...);
  F(R.Sessions...);
  F(R.SideEffects...);
  F(R.Spawners...);
  F(R.NoReturn...);
  F(R.NoReturnMacros...);
}

class Loader {
public:
  Loader(std::string File, unsigned Depth) : File(std::move(File)), Depth(Depth) {}

  void load(const YAML::Node &Root, RuleSet &Out);

private:
  RuleOrigin origin(const YAML::Node &N) const {
    return {File, static_cast<unsigned>(N.Mark().line + 1),
            static_cast<unsigned>(N.Mark().column + 1)};
  }
  void sections(const YAML::Node &Map, const std::string &Preset,
                RuleSet &Out);
  TransactionApi transaction(const YAML::Node &N, const std::string &Preset);
  SideEffectRule sideEffect(const YAML::Node &N, const std::string &Preset);
  SpawnerRule spawner(const YAML::Node &N, const std::string &Preset);
  RoleRule role(const YAML::Node &N);
  void settings(const YAML::Node &N, RuleSettings &S);

  std::string File;
  unsigned Depth;
};

const YAML::Node &sequence(const YAML::Node &N, llvm::StringRef Key) {
  if (!N.IsSequence())
    fail(N, "expected a list for '" + Key.str() + "'");
  return N;
}

TransactionApi Loader::transaction(const YAML::Node &N,
                                   const std::string &Preset) {
  static const llvm::StringRef Keys[] = {
      "kind",         "types",    "functions",     "begin",
      "commit",       "rollback", "session_arg",   "callable_arg",
      "savepoint",    "retrying", "on_scope_exit", "on_nested",
      "start_arg",    "transactor_arg", "active", "sql_arg",
      "commit_and_begin", "read_only", "session_type"};
  checkKeys(N, "a transaction entry", Keys);
  TransactionApi T;
  T.Preset = Preset;
  T.Origin = origin(N);
  if (!N["kind"])
    fail(N, "transaction entry needs 'kind' (raii, explicit, callback or sql)");
  T.Kind = oneOf<ScopeKind>(N["kind"], "kind",
                            {{"raii", ScopeKind::Raii},
                             {"explicit", ScopeKind::Explicit},
                             {"callback", ScopeKind::Callback},
                             {"sql", ScopeKind::Sql}});
  // An SQL executor's session is the object of a method unless named.
  if (T.Kind == ScopeKind::Sql)
    T.SessionArg = -1;
  for (const auto &KV : N) {
    std::string Key = KV.first.as<std::string>();
    const YAML::Node &V = KV.second;
    if (Key == "types")
      T.Types = strings(V, Key);
    else if (Key == "functions")
      T.Functions = strings(V, Key);
    else if (Key == "begin")
      T.Begin = strings(V, Key);
    else if (Key == "commit")
      T.Commit = strings(V, Key);
    else if (Key == "rollback")
      T.Rollback = strings(V, Key);
    else if (Key == "active")
      T.Active = strings(V, Key);
    else if (Key == "session_type")
      T.SessionType = llvm::StringRef(scalar(V, Key)).ltrim(':').str();
    else if (Key == "commit_and_begin")
      T.CommitAndBegin = strings(V, Key);
    else if (Key == "read_only")
      T.ReadOnly = strings(V, Key);
    else if (Key == "session_arg")
      T.SessionArg = integer(V, Key);
    else if (Key == "callable_arg")
      T.CallableArg = integer(V, Key);
    else if (Key == "start_arg")
      T.StartArg = integer(V, Key);
    else if (Key == "transactor_arg")
      T.TransactorArg = integer(V, Key);
    else if (Key == "sql_arg")
      T.SqlArg = integer(V, Key);
    else if (Key == "savepoint")
      T.Savepoint = boolean(V, Key);
    else if (Key == "retrying")
      T.Retrying = boolean(V, Key);
    else if (Key == "on_scope_exit")
      T.OnScopeExit = oneOf<ScopeExitKind>(
          V, Key, {{"rollback", ScopeExitKind::Rollback},
                   {"commit", ScopeExitKind::Commit}});
    else if (Key == "on_nested")
      T.OnNested = oneOf<NestedKind>(V, Key,
                                     {{"error", NestedKind::Error},
                                      {"savepoint", NestedKind::Savepoint},
                                      {"join", NestedKind::Join}});
  }
  switch (T.Kind) {
  case ScopeKind::Raii:
    if (T.Types.empty())
      fail(N, "raii transaction entry needs 'types' (the guard classes)");
    break;
  case ScopeKind::Explicit:
    // Free functions that only end a transaction (an error helper that
    // rolls back whatever is open) need no begin.
    if (T.Begin.empty() && T.CommitAndBegin.empty() &&
        (!T.Types.empty() || (T.Commit.empty() && T.Rollback.empty())))
      fail(N, "explicit transaction entry needs 'begin' (method or function "
              "names), or, without 'types', functions that 'commit' or "
              "'rollback'");
    break;
  case ScopeKind::Callback:
    if (T.Functions.empty())
      fail(N, "callback transaction entry needs 'functions'");
    break;
  case ScopeKind::Sql:
    if (T.Functions.empty())
      fail(N, "sql transaction entry needs 'functions' (the functions that "
              "execute SQL text)");
    if (!N["sql_arg"])
      fail(N, "sql transaction entry needs 'sql_arg' (the argument holding "
              "the SQL text)");
    for (const char *Key : {"types", "begin", "commit", "rollback"})
      if (N[Key])
        fail(N[Key], "'" + std::string(Key) +
                         "' does not apply to sql entries: the SQL text says "
                         "what the call does");
    break;
  }
  for (const char *Key : {"commit_and_begin", "read_only"})
    if (N[Key] && (T.Kind == ScopeKind::Callback || T.Kind == ScopeKind::Sql))
      fail(N[Key], "'" + std::string(Key) +
                       "' applies to raii and explicit entries (methods of "
                       "the guard or session)");
  if (N["read_only"] && T.Types.empty())
    fail(N["read_only"], "'read_only' names methods of the entry's 'types'");
  if (T.Kind != ScopeKind::Sql && N["sql_arg"])
    fail(N["sql_arg"], "'sql_arg' applies to sql entries only");
  if (T.Kind != ScopeKind::Explicit && N["active"])
    fail(N["active"], "'active' applies to explicit entries only (methods of "
                      "the session that tell whether a transaction is open)");
  if (N["session_type"] && (T.Kind != ScopeKind::Raii || T.SessionArg >= 0))
    fail(N["session_type"],
         "'session_type' applies to raii entries with 'session_arg: -1' (a "
         "guard with no session argument, on one ambient session)");
  for (const char *RaiiOnly : {"on_scope_exit", "start_arg", "transactor_arg"})
    if (T.Kind != ScopeKind::Raii && N[RaiiOnly])
      fail(N[RaiiOnly],
           "'" + std::string(RaiiOnly) + "' applies to raii entries only");
  return T;
}

SideEffectCategory category(const YAML::Node &N) {
  return oneOf<SideEffectCategory>(
      N, "category",
      {{"network", SideEffectCategory::Network},
       {"mail", SideEffectCategory::Mail},
       {"notify", SideEffectCategory::Notify},
       {"file_io", SideEffectCategory::FileIo},
       {"sleep", SideEffectCategory::Sleep},
       {"process", SideEffectCategory::Process},
       {"enqueue", SideEffectCategory::Enqueue}});
}

SideEffectRule Loader::sideEffect(const YAML::Node &N,
                                  const std::string &Preset) {
  static const llvm::StringRef Keys[] = {"category", "functions", "types",
                                         "receivers", "objects", "over",
                                         "deferred"};
  checkKeys(N, "a side_effects entry", Keys);
  SideEffectRule S;
  S.Preset = Preset;
  S.Origin = origin(N);
  if (!N["category"])
    fail(N, "side_effects entry needs 'category'");
  S.Category = category(N["category"]);
  if (N["functions"])
    S.Functions = functionPatterns(N["functions"], "functions");
  if (N["types"])
    S.Types = strings(N["types"], "types");
  if (N["receivers"])
    S.Receivers = strings(N["receivers"], "receivers");
  if (N["objects"])
    S.Objects = strings(N["objects"], "objects");
  if (N["over"])
    S.Over = strings(N["over"], "over");
  if (N["deferred"])
    S.Deferred = boolean(N["deferred"], "deferred");
  if (S.Functions.empty() && S.Types.empty() && S.Receivers.empty() &&
      S.Objects.empty())
    fail(N, "side_effects entry needs 'functions', 'types', 'receivers' or "
            "'objects'");
  if (!S.Over.empty() && (!S.Types.empty() || !S.Objects.empty()))
    fail(N["over"], "'over' applies to 'functions' and 'receivers' (methods "
                    "called on an object made over a device), not to "
                    "'types' or 'objects'");
  return S;
}

SpawnerRule Loader::spawner(const YAML::Node &N, const std::string &Preset) {
  static const llvm::StringRef Keys[] = {"functions",       "types",
                                         "objects",         "unless_argument",
                                         "task_by_name",    "context_types"};
  checkKeys(N, "a spawners entry", Keys);
  SpawnerRule S;
  S.Preset = Preset;
  S.Origin = origin(N);
  if (N["functions"])
    S.Functions = functionPatterns(N["functions"], "functions");
  if (N["types"])
    S.Types = strings(N["types"], "types");
  if (N["objects"])
    S.Objects = strings(N["objects"], "objects");
  if (N["unless_argument"])
    S.UnlessArgument = strings(N["unless_argument"], "unless_argument");
  if (N["task_by_name"])
    S.TaskByName = boolean(N["task_by_name"], "task_by_name");
  if (N["context_types"])
    S.ContextTypes = strings(N["context_types"], "context_types");
  if (S.TaskByName && !S.ContextTypes.empty())
    fail(N["context_types"], "'context_types' needs a callable task; a task "
                             "given by name ('task_by_name') has no thread "
                             "of its own here");
  if (S.Functions.empty() && S.Types.empty() && S.Objects.empty())
    fail(N, "spawners entry needs 'functions', 'types' or 'objects'");
  if (S.TaskByName && S.Functions.empty() && S.Objects.empty())
    fail(N["task_by_name"], "'task_by_name' needs 'functions' or 'objects' "
                            "(the calls that enqueue a task by name)");
  return S;
}

RoleRule Loader::role(const YAML::Node &N) {
  static const llvm::StringRef Keys[] = {"role", "paths", "namespaces",
                                         "names"};
  checkKeys(N, "a roles entry", Keys);
  RoleRule R;
  R.Origin = origin(N);
  if (!N["role"])
    fail(N, "roles entry needs 'role' (owner, aware or background)");
  R.Role = oneOf<RoleKind>(N["role"], "role",
                           {{"owner", RoleKind::Owner},
                            {"aware", RoleKind::Aware},
                            {"background", RoleKind::Background}});
  if (N["paths"]) {
    R.Paths = strings(N["paths"], "paths");
    for (size_t I = 0; I < R.Paths.size(); ++I)
      if (auto G = llvm::GlobPattern::create(R.Paths[I]); !G) {
        std::string Msg = llvm::toString(G.takeError());
        fail(N["paths"].IsSequence() ? N["paths"][I] : N["paths"],
             "invalid glob '" + R.Paths[I] + "': " + Msg);
      }
  }
  if (N["namespaces"])
    R.Namespaces = strings(N["namespaces"], "namespaces");
  if (N["names"]) {
    R.Names = strings(N["names"], "names");
    for (size_t I = 0; I < R.Names.size(); ++I) {
      std::string Why;
      if (!llvm::Regex(R.Names[I]).isValid(Why))
        fail(N["names"].IsSequence() ? N["names"][I] : N["names"],
             "invalid regular expression '" + R.Names[I] + "': " + Why);
    }
  }
  if (R.Paths.empty() && R.Namespaces.empty() && R.Names.empty())
    fail(N, "roles entry needs 'paths', 'namespaces' or 'names'");
  return R;
}

void Loader::settings(const YAML::Node &N, RuleSettings &S) {
  static const llvm::StringRef Keys[] = {"annotation_prefix", "infer_roles",
                                         "infer_aware_from",
                                         "aware_may_open_savepoints"};
  checkKeys(N, "'settings'", Keys);
  if (N["annotation_prefix"])
    S.AnnotationPrefix = scalar(N["annotation_prefix"], "annotation_prefix");
  if (N["infer_roles"])
    S.InferRoles = boolean(N["infer_roles"], "infer_roles");
  if (N["infer_aware_from"])
    S.InferAwareFrom = oneOf<AwareInference>(
        N["infer_aware_from"], "infer_aware_from",
        {{"transaction", AwareInference::Transaction},
         {"session", AwareInference::Session}});
  if (N["aware_may_open_savepoints"])
    S.AwareMayOpenSavepoints =
        boolean(N["aware_may_open_savepoints"], "aware_may_open_savepoints");
}

/// The catalog sections shared by the top level and preset definitions.
/// An entry written twice in one list (a copy left behind): the second
/// is an error that names the first.
/// A node's content as one string, equal for equal content wherever it is
/// written (scalars length-prefixed, so no two contents share one).
static void contentKey(const YAML::Node &N, std::string &Out) {
  switch (N.Type()) {
  case YAML::NodeType::Scalar:
    Out += std::to_string(N.Scalar().size()) + ":" + N.Scalar();
    break;
  case YAML::NodeType::Sequence:
    Out += '[';
    for (const auto &E : N)
      contentKey(E, Out);
    Out += ']';
    break;
  case YAML::NodeType::Map:
    Out += '{';
    for (const auto &KV : N) {
      contentKey(KV.first, Out);
      contentKey(KV.second, Out);
    }
    Out += '}';
    break;
  default:
    Out += '~'; // Null.
  }
}

static void noDuplicateEntries(const YAML::Node &List, llvm::StringRef Key) {
  std::map<std::string, YAML::Mark> Seen;
  for (const auto &E : List) {
    std::string Content;
    contentKey(E, Content);
    auto [It, New] = Seen.try_emplace(std::move(Content), E.Mark());
    if (!New)
      fail(E, "duplicate entry in '" + Key.str() + "': the same as the one at " +
                  std::to_string(It->second.line + 1) + ":" +
                  std::to_string(It->second.column + 1));
  }
}

void Loader::sections(const YAML::Node &Map, const std::string &Preset,
                      RuleSet &Out) {
  if (const YAML::Node N = Map["transactions"])
    for (const auto &E : sequence(N, "transactions"))
      Out.Transactions.push_back(transaction(E, Preset));
  auto NameList = [&](const YAML::Node &N, llvm::StringRef Key) {
    return NameListRule{Preset, strings(N, Key), origin(N)};
  };
  if (const YAML::Node N = Map["sessions"])
    Out.Sessions.push_back(NameList(N, "sessions"));
  if (const YAML::Node N = Map["side_effects"])
    for (const auto &E : sequence(N, "side_effects"))
      Out.SideEffects.push_back(sideEffect(E, Preset));
  if (const YAML::Node N = Map["spawners"])
    for (const auto &E : sequence(N, "spawners"))
      Out.Spawners.push_back(spawner(E, Preset));
  // Once every entry is valid (bounded lists of names, not nested aliases).
  for (const char *Key : {"transactions", "side_effects", "spawners"})
    if (const YAML::Node N = Map[Key])
      noDuplicateEntries(N, Key);
  if (const YAML::Node N = Map["noreturn"])
    Out.NoReturn.push_back(NameList(N, "noreturn"));
  if (const YAML::Node N = Map["noreturn_macros"]) {
    NameListRule R = NameList(N, "noreturn_macros");
    for (size_t I = 0; I < R.Names.size(); ++I)
      if (!isIdentifier(R.Names[I]))
        fail(N.IsSequence() ? N[I] : N, "'" + R.Names[I] +
                       "' in 'noreturn_macros' is not a macro name (an "
                       "identifier)");
    Out.NoReturnMacros.push_back(std::move(R));
  }
}

std::string resolveExtends(llvm::StringRef Value, llvm::StringRef From) {
  if (Value == "default")
    return defaultRulesPath();
  if (llvm::sys::path::is_absolute(Value))
    return Value.str();
  llvm::SmallString<256> P(llvm::sys::path::parent_path(From));
  llvm::sys::path::append(P, Value);
  return std::string(P);
}

llvm::Expected<RuleSet> loadImpl(llvm::StringRef Text, llvm::StringRef Name,
                                 unsigned Depth);

void Loader::load(const YAML::Node &Root, RuleSet &Out) {
  if (!Root.IsDefined() || Root.IsNull())
    throw LoadError{Root.Mark(), "rules file is empty; expected a mapping"};
  static const llvm::StringRef Keys[] = {
      "version",  "extends",      "presets",  "preset_definitions",
      "transactions", "sessions", "side_effects", "spawners",
      "noreturn", "noreturn_macros", "roles",    "settings"};
  checkKeys(Root, "the rules file", Keys);
  if (!Root["version"])
    fail(Root, "missing 'version: 1' at the top of the rules file");
  if (scalar(Root["version"], "version") != "1")
    fail(Root["version"], "unsupported rules version '" +
                              Root["version"].as<std::string>() +
                              "'; this txnlint reads version 1");

  RuleSet Base;
  bool HasBase = false;
  if (const YAML::Node E = Root["extends"]) {
    if (Depth > 8)
      fail(E, "'extends' nests more than 8 files deep (a cycle?)");
    std::string BasePath = resolveExtends(scalar(E, "extends"), File);
    // A device or a pipe (`/dev/zero`, `/dev/stdin`) would be read forever.
    llvm::sys::fs::file_status St;
    if (!llvm::sys::fs::status(BasePath, St) &&
        St.type() != llvm::sys::fs::file_type::regular_file)
      fail(E, "extended rules file '" + BasePath + "' is not a regular file");
    auto Buf = llvm::MemoryBuffer::getFile(BasePath);
    if (!Buf)
      fail(E, "cannot read extended rules file '" + BasePath +
                  "': " + Buf.getError().message());
    auto Loaded = loadImpl((*Buf)->getBuffer(), BasePath, Depth + 1);
    if (!Loaded) // The base file's own error names its own place.
      throw ForwardedError{llvm::toString(Loaded.takeError())};
    Base = std::move(*Loaded);
    HasBase = true;
  }

  // Preset definitions: from the base, then ours (a redefinition replaces).
  RuleSet Presets;
  std::vector<std::string> Defined;
  if (HasBase) {
    Out = Base;
    Out.SourceFile = File;
  }
  if (const YAML::Node Defs = Root["preset_definitions"]) {
    for (const auto &D : sequence(Defs, "preset_definitions")) {
      static const llvm::StringRef PKeys[] = {
          "name", "transactions", "sessions", "side_effects", "spawners",
          "noreturn", "noreturn_macros"};
      checkKeys(D, "a preset definition", PKeys);
      if (!D["name"])
        fail(D, "preset definition needs 'name'");
      std::string PName = scalar(D["name"], "name");
      if (llvm::is_contained(Defined, PName))
        fail(D["name"], "preset '" + PName + "' is defined twice");
      Defined.push_back(PName);
      sections(D, PName, Presets);
    }
  }
  // Entries of presets redefined here replace the base's.
  auto Redefined = [&](const std::string &P) {
    return !P.empty() && llvm::is_contained(Defined, P);
  };
  forEachPresetList(
      [&](auto &List, auto &FromPresets) {
        llvm::erase_if(List, [&](auto &E) { return Redefined(E.Preset); });
        llvm::append_range(List, FromPresets);
      },
      Out, Presets);

  std::vector<std::string> AllPresets;
  auto Note = [&](const std::string &P) {
    if (!P.empty() && !llvm::is_contained(AllPresets, P))
      AllPresets.push_back(P);
  };
  forEachPresetList(
      [&](auto &List) {
        for (const auto &E : List)
          Note(E.Preset);
      },
      Out);
  for (const std::string &P : Defined) Note(P);

  // Preset selection: ours, else the base's, else every defined preset.
  if (const YAML::Node Sel = Root["presets"]) {
    Out.ActivePresets.clear();
    std::vector<llvm::StringRef> Names(AllPresets.begin(), AllPresets.end());
    std::vector<std::string> Chosen = strings(Sel, "presets");
    for (size_t I = 0; I < Chosen.size(); ++I) {
      const std::string &C = Chosen[I];
      if (C == "all") {
        Out.ActivePresets = AllPresets;
        continue;
      }
      if (!llvm::is_contained(AllPresets, C)) {
        std::string Msg = "unknown preset '" + C + "'";
        std::string Hint = closest(C, Names);
        if (!Hint.empty())
          Msg += "; did you mean '" + Hint + "'";
        fail(Sel.IsSequence() ? Sel[I] : Sel, Msg);
      }
      if (!llvm::is_contained(Out.ActivePresets, C))
        Out.ActivePresets.push_back(C);
    }
  } else if (!HasBase) {
    Out.ActivePresets = AllPresets;
  } else {
    for (const std::string &P : Defined)
      if (!llvm::is_contained(Out.ActivePresets, P))
        Out.ActivePresets.push_back(P);
  }

  sections(Root, "", Out);
  if (const YAML::Node N = Root["roles"])
    for (const auto &E : sequence(N, "roles"))
      Out.Roles.push_back(role(E));
  if (const YAML::Node N = Root["settings"])
    settings(N, Out.Settings);

  // Drop entries of presets that are switched off.
  auto Off = [&](const std::string &P) {
    return !P.empty() && !llvm::is_contained(Out.ActivePresets, P);
  };
  forEachPresetList(
      [&](auto &List) {
        llvm::erase_if(List, [&](auto &E) { return Off(E.Preset); });
      },
      Out);
}

llvm::Expected<RuleSet> loadImpl(llvm::StringRef Text, llvm::StringRef Name,
                                 unsigned Depth) {
  auto Error = [&](unsigned Line, unsigned Col, const std::string &Msg) {
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s:%u:%u: error: %s",
        Name.str().c_str(), Line, Col, Msg.c_str());
  };
  try {
    YAML::Node Root = YAML::Load(Text.str());
    RuleSet Out;
    Out.SourceFile = Name.str();
    Loader(Name.str(), Depth).load(Root, Out);
    // After load: with 'extends', Out.Digest is the base's.
    llvm::BLAKE3 Hash;
    Hash.update(Out.Digest);
    Hash.update(llvm::StringRef("\0", 1));
    Hash.update(Text);
    Out.Digest = llvm::toHex(Hash.final(), /*LowerCase=*/true);
    return Out;
  } catch (const ForwardedError &E) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), E.Text);
  } catch (const LoadError &E) {
    // An empty document has no place: its first line.
    return Error(std::max(E.Mark.line, 0) + 1, std::max(E.Mark.column, 0) + 1,
                 E.Message);
  } catch (const YAML::DeepRecursion &E) {
    // yaml-cpp's own message for it is "bad file".
    return Error(E.mark.line + 1, E.mark.column + 1,
                 "invalid YAML: nested too deeply (the parser stops at " +
                     std::to_string(E.depth()) + " levels)");
  } catch (const YAML::Exception &E) {
    std::string Msg = E.msg.empty() ? std::string(E.what()) : E.msg;
    return Error(E.mark.line + 1, E.mark.column + 1,
                 "invalid YAML: " + Msg);
  } catch (const std::exception &E) {
    return Error(1, 1, E.what());
  }
}

} // namespace

llvm::Expected<RuleSet> loadRulesFromString(llvm::StringRef Text,
                                            llvm::StringRef Name) {
  return loadImpl(Text, Name, 0);
}

llvm::Expected<RuleSet> loadRules(llvm::StringRef Path) {
  // A device (`/dev/zero`, `/dev/urandom`) would be read forever; a pipe
  // (`--rules <(generate-rules)`) ends, and is read.
  llvm::sys::fs::file_status St;
  if (!llvm::sys::fs::status(Path, St) &&
      (St.type() == llvm::sys::fs::file_type::character_file ||
       St.type() == llvm::sys::fs::file_type::block_file))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "%s: error: cannot read rules file: a device, not a file",
        Path.str().c_str());
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s: error: cannot read rules file: %s",
        Path.str().c_str(), Buf.getError().message().c_str());
  return loadImpl((*Buf)->getBuffer(), Path, 0);
}

std::string defaultRulesPath() {
  if (const char *Env = std::getenv("TXNLINT_DEFAULT_RULES"); Env && *Env)
    return Env;
  if (llvm::sys::fs::exists(TXNLINT_DEFAULT_RULES_INSTALLED))
    return TXNLINT_DEFAULT_RULES_INSTALLED;
  return TXNLINT_DEFAULT_RULES_SOURCE;
}

} // namespace txnlint
