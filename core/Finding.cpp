//===--- Finding.cpp - Typed findings, free of the AST --------------------===//

#include "Finding.h"
#include <algorithm>
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"

namespace json = llvm::json;

namespace txnlint {

llvm::StringRef severityName(Severity S) {
  return S == Severity::Error ? "error" : "warning";
}

std::optional<Severity> severityByName(llvm::StringRef Name) {
  if (Name == "error")
    return Severity::Error;
  if (Name == "warning")
    return Severity::Warning;
  return std::nullopt;
}

static constexpr NoteKind AllNoteKinds[] = {
    NoteKind::TransactionBegins, NoteKind::OuterTransactionBegins,
    NoteKind::CallStep,          NoteKind::RoleSource,
    NoteKind::Capture,           NoteKind::TransactionEnds,
    NoteKind::Suppression};

llvm::StringRef noteKindName(NoteKind K) {
  switch (K) {
  case NoteKind::TransactionBegins:
    return "transaction-begins";
  case NoteKind::OuterTransactionBegins:
    return "outer-transaction-begins";
  case NoteKind::CallStep:
    return "call-step";
  case NoteKind::RoleSource:
    return "role-source";
  case NoteKind::Capture:
    return "capture";
  case NoteKind::TransactionEnds:
    return "transaction-ends";
  case NoteKind::Suppression:
    return "suppression";
  }
  llvm_unreachable("unknown note kind");
}

std::optional<NoteKind> noteKindByName(llvm::StringRef Name) {
  for (NoteKind K : AllNoteKinds)
    if (noteKindName(K) == Name)
      return K;
  return std::nullopt;
}

static thread_local const PathPrefixMap *CurrentMap = nullptr;

WithPathPrefixMap::WithPathPrefixMap(const PathPrefixMap &Map)
    : Saved(CurrentMap) {
  CurrentMap = &Map;
}
WithPathPrefixMap::~WithPathPrefixMap() { CurrentMap = Saved; }

std::string writtenPath(llvm::StringRef Path) {
  if (CurrentMap)
    for (const auto &[Old, New] : llvm::reverse(*CurrentMap))
      if (Path.starts_with(Old))
        return New + Path.drop_front(Old.size()).str();
  return Path.str();
}

std::string writtenText(llvm::StringRef Text) {
  std::string Out = Text.str();
  if (!CurrentMap)
    return Out;
  // Longest first: of two prefixes of one path, the longer one applies.
  std::vector<std::pair<std::string, std::string>> Map(CurrentMap->rbegin(),
                                                       CurrentMap->rend());
  std::stable_sort(Map.begin(), Map.end(), [](const auto &A, const auto &B) {
    return A.first.size() > B.first.size();
  });
  for (const auto &[Old, New] : Map) {
    std::string Next;
    llvm::StringRef Rest(Out);
    for (size_t At; (At = Rest.find(Old)) != llvm::StringRef::npos;) {
      Next += Rest.take_front(At).str() + New;
      Rest = Rest.drop_front(At + Old.size());
    }
    Next += Rest.str();
    Out = std::move(Next);
  }
  return Out;
}

static json::Object placeJson(const SourcePlace &P) {
  return json::Object{{"file", writtenPath(P.File)},
                      {"line", P.Line},
                      {"column", P.Column},
                      {"source_line", P.SourceLine}};
}

json::Value toJson(const Finding &F) {
  json::Array Notes;
  for (const FindingNote &N : F.Notes)
    Notes.push_back(json::Object{{"kind", noteKindName(N.Kind)},
                                 {"place", placeJson(N.Where)},
                                 {"message", N.Message},
                                 {"in_chain", N.InChain}});
  return json::Object{{"check", F.Check},
                      {"severity", severityName(F.Level)},
                      {"place", placeJson(F.Where)},
                      {"message", F.Message},
                      {"function", F.Function},
                      {"function_usr", F.FunctionUsr},
                      {"subject", F.Subject},
                      {"notes", std::move(Notes)}};
}

namespace {
/// Reads fields of one JSON object; the first problem wins.
class Reader {
public:
  Reader(const json::Value &V, std::string Path) : Path(std::move(Path)) {
    O = V.getAsObject();
    if (!O)
      fail("", "an object");
  }
  void string(llvm::StringRef Key, std::string &Out) {
    if (!O)
      return;
    if (auto S = O->getString(Key))
      Out = S->str();
    else
      fail(Key, "a string");
  }
  void number(llvm::StringRef Key, unsigned &Out) {
    if (!O)
      return;
    auto N = O->getInteger(Key);
    if (N && *N >= 0 && *N <= UINT32_MAX)
      Out = static_cast<unsigned>(*N);
    else
      fail(Key, "a non-negative integer");
  }
  void boolean(llvm::StringRef Key, bool &Out) {
    if (!O)
      return;
    if (auto B = O->getBoolean(Key))
      Out = *B;
    else
      fail(Key, "a boolean");
  }
  void place(llvm::StringRef Key, SourcePlace &Out) {
    const json::Value *V = O ? O->get(Key) : nullptr;
    if (O && !V)
      return fail(Key, "an object");
    if (!V)
      return;
    Reader R(*V, Path + "." + Key.str());
    R.string("file", Out.File);
    R.number("line", Out.Line);
    R.number("column", Out.Column);
    R.string("source_line", Out.SourceLine);
    if (!R.Error.empty() && Error.empty())
      Error = R.Error;
  }
  void fail(llvm::StringRef Key, llvm::StringRef Want) {
    if (Error.empty())
      Error = (Key.empty() ? Path : Path + "." + Key.str()) + ": expected " +
              Want.str();
  }
  const json::Object *O = nullptr;
  std::string Path;
  std::string Error;
};
} // namespace

llvm::Expected<Finding> findingFromJson(const json::Value &V) {
  Finding F;
  Reader R(V, "finding");
  std::string Severity, Kind;
  R.string("check", F.Check);
  R.string("severity", Severity);
  R.place("place", F.Where);
  R.string("message", F.Message);
  R.string("function", F.Function);
  R.string("function_usr", F.FunctionUsr);
  R.string("subject", F.Subject);
  if (R.Error.empty()) {
    if (auto S = severityByName(Severity))
      F.Level = *S;
    else
      R.Error = "finding.severity: unknown severity '" + Severity + "'";
  }
  const json::Array *Notes = R.O ? R.O->getArray("notes") : nullptr;
  if (R.Error.empty() && !Notes)
    R.fail("notes", "an array");
  for (size_t I = 0; R.Error.empty() && Notes && I < Notes->size(); ++I) {
    Reader N((*Notes)[I], "finding.notes[" + std::to_string(I) + "]");
    FindingNote Note;
    N.string("kind", Kind);
    N.place("place", Note.Where);
    N.string("message", Note.Message);
    N.boolean("in_chain", Note.InChain);
    if (N.Error.empty()) {
      if (auto K = noteKindByName(Kind))
        Note.Kind = *K;
      else
        N.Error = N.Path + ".kind: unknown note kind '" + Kind + "'";
    }
    R.Error = N.Error;
    F.Notes.push_back(std::move(Note));
  }
  if (!R.Error.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), R.Error);
  return F;
}

} // namespace txnlint
