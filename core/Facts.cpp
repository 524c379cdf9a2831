//===--- Facts.cpp - What a translation unit knows, free of the AST -------===//
//
// The facts file format: JSON, every field written, enums as their names
// where they have one (severities, note kinds) and as numbers otherwise. A
// reader error names the path of the offending field.
//
//===----------------------------------------------------------------------===//

#include "Facts.h"
#include "Roles.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

namespace json = llvm::json;

namespace txnlint {

namespace {

json::Value place(const SourcePlace &P) {
  return json::Array{writtenPath(P.File), P.Line, P.Column, P.SourceLine};
}
bool place(const json::Value &V, SourcePlace &P, json::Path Path) {
  const json::Array *A = V.getAsArray();
  if (!A || A->size() != 4) {
    Path.report("expected [file, line, column, text]");
    return false;
  }
  auto S0 = (*A)[0].getAsString(), S3 = (*A)[3].getAsString();
  auto L = (*A)[1].getAsInteger(), C = (*A)[2].getAsInteger();
  if (!S0 || !S3 || !L || !C || *L < 0 || *C < 0) {
    Path.report("expected [file, line, column, text]");
    return false;
  }
  P = {S0->str(), static_cast<unsigned>(*L), static_cast<unsigned>(*C),
       S3->str()};
  return true;
}

json::Value note(const FindingNote &N) {
  return json::Object{{"kind", noteKindName(N.Kind)},
                      {"place", place(N.Where)},
                      {"message", N.Message},
                      {"in_chain", N.InChain}};
}
bool note(const json::Value &V, FindingNote &N, json::Path P) {
  json::ObjectMapper O(V, P);
  std::string Kind;
  if (!O || !O.map("kind", Kind) || !O.map("message", N.Message) ||
      !O.map("in_chain", N.InChain))
    return false;
  const json::Value *Pl = V.getAsObject()->get("place");
  if (!Pl || !place(*Pl, N.Where, P.field("place")))
    return false;
  auto K = noteKindByName(Kind);
  if (!K) {
    P.field("kind").report("unknown note kind");
    return false;
  }
  N.Kind = *K;
  return true;
}

template <typename E> bool enumIn(const json::Value &V, E &Out, int Max,
                                  json::Path P) {
  auto I = V.getAsInteger();
  if (!I || *I < 0 || *I > Max) {
    P.report("expected an enumerator number");
    return false;
  }
  Out = static_cast<E>(*I);
  return true;
}

} // namespace

// The (de)serialisers llvm::json finds by argument-dependent lookup.
json::Value toJSON(const SessionKey &K) {
  json::Array A{K.Id, K.Fresh, K.Name};
  if (!K.Type.empty())
    A.push_back(K.Type);
  if (!K.Type.empty() && K.Declared)
    A.push_back(true);
  return A;
}
bool fromJSON(const json::Value &V, SessionKey &K, json::Path P) {
  const json::Array *A = V.getAsArray();
  if (!A || A->size() < 3 || A->size() > 5 || !(*A)[0].getAsString() ||
      !(*A)[1].getAsBoolean() || !(*A)[2].getAsString() ||
      (A->size() >= 4 && !(*A)[3].getAsString()) ||
      (A->size() == 5 && !(*A)[4].getAsBoolean())) {
    P.report("expected [id, fresh, name] or [id, fresh, name, type, declared?]");
    return false;
  }
  K = {(*A)[0].getAsString()->str(), *(*A)[1].getAsBoolean(),
       (*A)[2].getAsString()->str(),
       A->size() >= 4 ? (*A)[3].getAsString()->str() : std::string(),
       A->size() == 5 && *(*A)[4].getAsBoolean()};
  return true;
}

json::Value toJSON(const OpenFact &F) {
  return json::Object{{"session", F.Session},   {"must", F.Must},
                      {"ambient", F.Ambient},   {"retrying", F.Retrying},
                      {"rollback_only", F.RollbackOnly},
                      {"session_type", F.SessionType},
                      {"level", severityName(F.Level)},
                      {"where", F.WhereText},   {"begin", note(F.Begin)}};
}
static bool severity(const json::Value *V, Severity &S, json::Path P) {
  auto Name = V ? V->getAsString() : std::nullopt;
  auto Sev = Name ? severityByName(*Name) : std::nullopt;
  if (!Sev) {
    P.report("expected 'error' or 'warning'");
    return false;
  }
  S = *Sev;
  return true;
}
bool fromJSON(const json::Value &V, OpenFact &F, json::Path P) {
  json::ObjectMapper O(V, P);
  if (!O || !O.map("session", F.Session) || !O.map("must", F.Must) ||
      !O.map("ambient", F.Ambient) || !O.map("retrying", F.Retrying) ||
      !O.mapOptional("rollback_only", F.RollbackOnly) ||
      !O.mapOptional("session_type", F.SessionType) ||
      !O.map("where", F.WhereText))
    return false;
  const json::Object *Obj = V.getAsObject();
  const json::Value *B = Obj->get("begin");
  return severity(Obj->get("level"), F.Level, P.field("level")) && B &&
         note(*B, F.Begin, P.field("begin"));
}

json::Value toJSON(const Suppression &S) {
  return json::Array{static_cast<int>(S.Kind), S.Reason, S.Line};
}
bool fromJSON(const json::Value &V, Suppression &S, json::Path P) {
  const json::Array *A = V.getAsArray();
  if (!A || A->size() != 3 || !enumIn((*A)[0], S.Kind, 3, P.index(0)) ||
      !(*A)[1].getAsString() || !(*A)[2].getAsInteger()) {
    P.report("expected [kind, reason, line]");
    return false;
  }
  S.Reason = (*A)[1].getAsString()->str();
  S.Line = static_cast<unsigned>(*(*A)[2].getAsInteger());
  return true;
}

json::Value toJSON(const CallSite &C) {
  json::Array Sups;
  for (const auto &[Check, S] : C.Suppressions)
    Sups.push_back(json::Array{Check, toJSON(S)});
  return json::Object{{"function", C.Function},
                      {"function_usr", C.FunctionUsr},
                      {"caller_aware", C.CallerAware},
                      {"role_level", severityName(C.RoleLevel)},
                      {"role_note", note(C.RoleNote)},
                      {"caller", C.CallerDisplay},
                      {"place", place(C.Where)},
                      {"callee", C.Callee},
                      {"callee_usr", C.CalleeUsr},
                      {"virtual", C.Virtual},
                      {"args", C.Args},
                      {"receiver", C.Receiver},
                      {"false_args", C.FalseArgs},
                      {"true_args", C.TrueArgs},
                      {"open", C.Open},
                      {"suppressions", std::move(Sups)}};
}
bool fromJSON(const json::Value &V, CallSite &C, json::Path P) {
  json::ObjectMapper O(V, P);
  if (!O || !O.map("function", C.Function) ||
      !O.map("function_usr", C.FunctionUsr) ||
      !O.map("caller_aware", C.CallerAware) ||
      !O.map("caller", C.CallerDisplay) || !O.map("callee", C.Callee) ||
      !O.map("callee_usr", C.CalleeUsr) || !O.map("virtual", C.Virtual) ||
      !O.map("args", C.Args) || !O.mapOptional("receiver", C.Receiver) ||
      !O.mapOptional("false_args", C.FalseArgs) ||
      !O.mapOptional("true_args", C.TrueArgs) || !O.map("open", C.Open))
    return false;
  const json::Object *Obj = V.getAsObject();
  const json::Value *RN = Obj->get("role_note"), *Pl = Obj->get("place");
  if (!severity(Obj->get("role_level"), C.RoleLevel, P.field("role_level")) ||
      !RN || !note(*RN, C.RoleNote, P.field("role_note")) || !Pl ||
      !place(*Pl, C.Where, P.field("place")))
    return false;
  const json::Array *Sups = Obj->getArray("suppressions");
  if (!Sups) {
    P.field("suppressions").report("expected an array");
    return false;
  }
  for (size_t I = 0; I < Sups->size(); ++I) {
    const json::Array *Pair = (*Sups)[I].getAsArray();
    Suppression S;
    if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() ||
        !fromJSON((*Pair)[1], S, P.field("suppressions").index(I))) {
      P.field("suppressions").index(I).report("expected [check, suppression]");
      return false;
    }
    C.Suppressions.push_back({(*Pair)[0].getAsString()->str(), S});
  }
  return true;
}

json::Value toJSON(const SummaryStep &S) {
  return json::Object{{"kind", static_cast<int>(S.Kind)},
                      {"note", note(S.Note)},
                      {"category", static_cast<int>(S.Category)},
                      {"api", S.Api},
                      {"callee_usr", S.CalleeUsr},
                      {"callee", S.Callee},
                      {"virtual", S.Virtual},
                      {"args", S.Args},
                      {"receiver", S.Receiver},
                      {"false_args", S.FalseArgs},
                      {"true_args", S.TrueArgs},
                      {"when", json::Array{S.When.Param, S.When.Value}},
                      {"param_args", S.ParamArgs},
                      {"unless_open", S.UnlessOpen},
                      {"after_end", S.AfterEnd}};
}
bool fromJSON(const json::Value &V, SummaryStep &S, json::Path P) {
  json::ObjectMapper O(V, P);
  if (!O || !O.map("api", S.Api) || !O.map("callee_usr", S.CalleeUsr) ||
      !O.map("callee", S.Callee) || !O.map("virtual", S.Virtual) ||
      !O.map("args", S.Args) || !O.mapOptional("receiver", S.Receiver) ||
      !O.mapOptional("false_args", S.FalseArgs) ||
      !O.mapOptional("true_args", S.TrueArgs) ||
      !O.mapOptional("param_args", S.ParamArgs) ||
      !O.mapOptional("unless_open", S.UnlessOpen) ||
      !O.map("after_end", S.AfterEnd))
    return false;
  const json::Object *Obj = V.getAsObject();
  if (const json::Value *W = Obj->get("when")) {
    const json::Array *A = W->getAsArray();
    std::optional<int64_t> Param = A && A->size() == 2 ? (*A)[0].getAsInteger()
                                                        : std::nullopt;
    std::optional<bool> Value =
        A && A->size() == 2 ? (*A)[1].getAsBoolean() : std::nullopt;
    if (!Param || !Value || *Param < -1) {
      P.field("when").report("expected [parameter, value]");
      return false;
    }
    S.When = {static_cast<int>(*Param), *Value};
  }
  const json::Value *K = Obj->get("kind"), *C = Obj->get("category"),
                    *N = Obj->get("note");
  return K && enumIn(*K, S.Kind, SummaryStep::Call, P.field("kind")) && C &&
         enumIn(*C, S.Category, static_cast<int>(SideEffectCategory::Enqueue),
                P.field("category")) &&
         N && note(*N, S.Note, P.field("note"));
}

json::Value toJSON(const TransferFacts::Opened &O) {
  return json::Object{{"session", O.Session},
                      {"holder", O.Holder},
                      {"must", O.Must},
                      {"api", O.Api}};
}
bool fromJSON(const json::Value &V, TransferFacts::Opened &O, json::Path P) {
  json::ObjectMapper M(V, P);
  return M && M.map("session", O.Session) && M.map("holder", O.Holder) &&
         M.map("must", O.Must) && M.map("api", O.Api);
}
json::Value toJSON(const TransferFacts::Ended &E) {
  return json::Object{{"session", E.Session}, {"commit", E.Commit}};
}
bool fromJSON(const json::Value &V, TransferFacts::Ended &E, json::Path P) {
  json::ObjectMapper M(V, P);
  return M && M.map("session", E.Session) && M.map("commit", E.Commit);
}

json::Value toJSON(const FunctionFacts &F) {
  json::Object O{{"file", writtenPath(F.File)},
                 {"line", F.Line},
                 {"name", F.Name},
                 {"usr", F.Usr},
                 {"role", static_cast<int>(F.Role)},
                 {"role_source", static_cast<int>(F.Source)},
                 {"lambda", F.Lambda},
                 {"spawned", F.Spawned},
                 {"takes_session", F.TakesSession},
                 {"begins", F.Begins},
                 {"opens_own_session", F.OpensOwnSession},
                 {"blind_indirect", F.Blind.Indirect},
                 {"steps", F.Steps},
                 {"touches_database", F.TouchesDatabase},
                 {"built", F.Built},
                 {"exits", F.Exits},
                 {"callees", F.Callees},
                 {"overrides", F.Overrides},
                 {"open_calls_out", F.OpenCallsOut},
                 {"leaves_open", F.Transfer.LeavesOpen},
                 {"ends", F.Transfer.Ends}};
  if (!F.Scopes.empty()) {
    json::Array Scopes;
    for (const TxnScope &S : F.Scopes)
      Scopes.push_back(json::Array{S.Begin, S.End});
    O["scopes"] = std::move(Scopes);
  }
  if (F.BeginSession) {
    O["begin_session"] = *F.BeginSession;
    O["begin_note"] = note(F.BeginNote);
    O["begin_after_end"] = F.BeginAfterEnd;
    O["begin_when_param"] = F.BeginWhenParam;
  }
  return O;
}
bool fromJSON(const json::Value &V, FunctionFacts &F, json::Path P) {
  json::ObjectMapper O(V, P);
  uint64_t Line = 0, Indirect = 0;
  if (!O || !O.map("file", F.File) || !O.map("line", Line) ||
      !O.map("name", F.Name) || !O.map("usr", F.Usr) ||
      !O.map("lambda", F.Lambda) || !O.map("spawned", F.Spawned) ||
      !O.map("takes_session", F.TakesSession) ||
      !O.map("begins", F.Begins) ||
      !O.map("opens_own_session", F.OpensOwnSession) ||
      !O.map("blind_indirect", Indirect) || !O.map("steps", F.Steps) ||
      !O.map("touches_database", F.TouchesDatabase) ||
      !O.map("built", F.Built) || !O.map("exits", F.Exits) ||
      !O.map("callees", F.Callees) || !O.map("overrides", F.Overrides) ||
      !O.map("open_calls_out", F.OpenCallsOut) ||
      !O.map("leaves_open", F.Transfer.LeavesOpen) ||
      !O.map("ends", F.Transfer.Ends) ||
      !O.mapOptional("begin_session", F.BeginSession))
    return false;
  F.Line = static_cast<unsigned>(Line);
  F.Blind.Indirect = static_cast<unsigned>(Indirect);
  const json::Object *Obj = V.getAsObject();
  if (const json::Value *Scopes = Obj->get("scopes")) {
    std::vector<std::vector<uint64_t>> Pairs;
    if (!fromJSON(*Scopes, Pairs, P.field("scopes")))
      return false;
    for (const auto &Pair : Pairs) {
      if (Pair.size() != 2 || Pair[0] > Pair[1]) {
        P.field("scopes").report("expected [begin line, end line]");
        return false;
      }
      F.Scopes.push_back({static_cast<unsigned>(Pair[0]),
                          static_cast<unsigned>(Pair[1])});
    }
  }
  const json::Value *R = Obj->get("role"), *S = Obj->get("role_source");
  if (!R || !enumIn(*R, F.Role, static_cast<int>(RoleKind::Background),
                    P.field("role")) ||
      !S || !enumIn(*S, F.Source, static_cast<int>(RoleSource::Inferred),
                    P.field("role_source")))
    return false;
  if (F.BeginSession) {
    const json::Value *N = Obj->get("begin_note");
    if (!N || !note(*N, F.BeginNote, P.field("begin_note")) ||
        !O.map("begin_after_end", F.BeginAfterEnd) ||
        !O.mapOptional("begin_when_param", F.BeginWhenParam))
      return false;
  }
  return true;
}

json::Value toJSON(const PendingFinding &F) {
  json::Object O{{"finding", toJson(F.F)},
                 {"unless_called", F.UnlessCalled},
                 {"unless_noreturn", F.UnlessNoReturn},
                 {"if_uses_database", F.IfUsesDatabase}};
  if (F.Suppressed)
    O["suppressed"] = *F.Suppressed;
  return O;
}
bool fromJSON(const json::Value &V, PendingFinding &F, json::Path P) {
  json::ObjectMapper O(V, P);
  if (!O || !O.map("unless_called", F.UnlessCalled) ||
      !O.map("unless_noreturn", F.UnlessNoReturn) ||
      !O.map("if_uses_database", F.IfUsesDatabase) ||
      !O.mapOptional("suppressed", F.Suppressed))
    return false;
  const json::Value *Fi = V.getAsObject()->get("finding");
  if (!Fi) {
    P.field("finding").report("missing");
    return false;
  }
  auto Read = findingFromJson(*Fi);
  if (!Read) {
    P.field("finding").report("not a finding");
    llvm::consumeError(Read.takeError());
    return false;
  }
  F.F = std::move(*Read);
  return true;
}

// A facts file is JSON lines: a head (the unit's own fields and how many
// functions, calls and findings follow), then each function, call and
// finding on its own line. Read line by line, no unit's facts are ever one
// JSON document (llvm::json copies a growing array's elements deeply: the
// merge of 10^5 units spent half its time there).
static json::Object headOf(const TuFacts &T) {
  return json::Object{{"txnlint_facts", FactsVersion},
                      {"file", writtenPath(T.File)},
                      {"failed", T.Failed},
                      {"diagnostics", writtenText(T.Diagnostics)},
                      {"rules_file", writtenPath(T.RulesFile)},
                      {"presets", T.Presets},
                      {"functions", T.Functions.size()},
                      {"calls", T.Calls.size()},
                      {"findings", T.Findings.size()}};
}

/// Why facts of format \p Version cannot be read.
static std::string otherVersion(int Version) {
  return llvm::formatv("facts of format version {0}; this txnlint reads "
                       "version {1} (re-run the map step with this txnlint)",
                       Version, FactsVersion)
      .str();
}

json::Value toJson(const TuFacts &T, bool Functions) {
  json::Object O = headOf(T);
  O["functions"] = Functions ? json::Value(T.Functions) : json::Array();
  O["calls"] = T.Calls;
  O["findings"] = T.Findings;
  return O;
}

llvm::Expected<TuFacts> tuFactsFromJson(const json::Value &V) {
  TuFacts T;
  json::Path::Root Root("facts");
  json::ObjectMapper O(V, Root);
  int Version = 0;
  if (O && O.map("txnlint_facts", Version) && Version != FactsVersion)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   otherVersion(Version));
  if (!O || !O.map("txnlint_facts", Version) || !O.map("file", T.File) ||
      !O.map("failed", T.Failed) || !O.map("diagnostics", T.Diagnostics) ||
      !O.map("functions", T.Functions) || !O.map("calls", T.Calls) ||
      !O.map("findings", T.Findings) ||
      !O.mapOptional("rules_file", T.RulesFile) ||
      !O.mapOptional("presets", T.Presets))
    return Root.getError();
  return T;
}

llvm::Error writeFactsFile(llvm::StringRef Path, const TuFacts &T) {
  return llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
    OS << json::Value(headOf(T)) << "\n";
    for (const FunctionFacts &F : T.Functions)
      OS << toJSON(F) << "\n";
    for (const CallSite &C : T.Calls)
      OS << toJSON(C) << "\n";
    for (const PendingFinding &F : T.Findings)
      OS << toJSON(F) << "\n";
    return llvm::Error::success();
  });
}

namespace {
/// Reads \p N lines of \p Rest into \p Out as the elements of \p Field.
template <typename T>
bool readLines(llvm::StringRef &Rest, uint64_t N, std::vector<T> &Out,
               json::Path::Root &Root, llvm::StringRef Field,
               std::string &Why) {
  Out.reserve(N);
  json::Path Top(Root); // A Path refers to its parent: both stay alive.
  json::Path Array = Top.field(Field);
  for (uint64_t I = 0; I < N; ++I) {
    if (Rest.empty()) {
      Why = "facts." + Field.str() + ": " + std::to_string(N) +
            " lines announced, " + std::to_string(I) + " found";
      return false;
    }
    auto [Line, Tail] = Rest.split('\n');
    Rest = Tail;
    auto V = json::parse(Line);
    if (!V) {
      Why = "facts." + Field.str() + "[" + std::to_string(I) +
            "]: " + llvm::toString(V.takeError());
      return false;
    }
    Out.emplace_back();
    if (!fromJSON(*V, Out.back(), Array.index(I))) {
      Why = llvm::toString(Root.getError());
      return false;
    }
  }
  return true;
}
} // namespace

llvm::Expected<TuFacts> readFactsFile(llvm::StringRef Path,
                                      llvm::StringRef Noun) {
  auto Fail = [&](llvm::StringRef Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   Path + ": " + Why);
  };
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return Fail("cannot read the " + Noun.str() + ": " +
                Buf.getError().message());
  std::string Not = "not a " + Noun.str() + ": ";
  auto [HeadLine, Rest] = (*Buf)->getBuffer().split('\n');
  auto Head = json::parse(HeadLine);
  if (!Head) {
    // A facts file of format 1 is one (pretty-printed) JSON document: say
    // which version it is rather than where its first line breaks off.
    auto Whole = json::parse((*Buf)->getBuffer());
    if (!Whole || !Whole->getAsObject() ||
        !Whole->getAsObject()->getInteger("txnlint_facts")) {
      llvm::consumeError(Whole ? llvm::Error::success() : Whole.takeError());
      return Fail(Not + llvm::toString(Head.takeError()));
    }
    llvm::consumeError(Head.takeError());
    Head = std::move(*Whole);
  }
  TuFacts T;
  json::Path::Root Root("facts");
  json::ObjectMapper O(*Head, Root);
  int Version = 0;
  if (O && O.map("txnlint_facts", Version) && Version != FactsVersion)
    return Fail(Not + otherVersion(Version));
  uint64_t Functions = 0, Calls = 0, Findings = 0;
  if (!O || !O.map("txnlint_facts", Version) || !O.map("file", T.File) ||
      !O.map("failed", T.Failed) || !O.map("diagnostics", T.Diagnostics) ||
      !O.map("functions", Functions) || !O.map("calls", Calls) ||
      !O.map("findings", Findings) ||
      !O.mapOptional("rules_file", T.RulesFile) ||
      !O.mapOptional("presets", T.Presets))
    return Fail(Not + llvm::toString(Root.getError()));
  std::string Why;
  if (!readLines(Rest, Functions, T.Functions, Root, "functions", Why) ||
      !readLines(Rest, Calls, T.Calls, Root, "calls", Why) ||
      !readLines(Rest, Findings, T.Findings, Root, "findings", Why))
    return Fail(Not + Why);
  if (!Rest.trim().empty())
    return Fail(Not + "more lines than the head announces");
  return T;
}

} // namespace txnlint
