//===--- Outputs.cpp - Fingerprints, JSON, SARIF and baselines ------------===//

#include "Outputs.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"
#include <map>

namespace json = llvm::json;

namespace txnlint::driver {

std::string relativePath(llvm::StringRef Path, llvm::StringRef Root) {
  if (!Root.empty() && Path.starts_with(Root) &&
      Path.drop_front(Root.size()).starts_with("/"))
    return Path.drop_front(Root.size() + 1).str();
  return Path.str();
}

void assignFingerprints(RunResult &R, llvm::StringRef Root) {
  for (FindingRecord &F : R.Findings) {
    std::string Line;
    for (char C : F.Where.SourceLine)
      if (!llvm::isSpace(C))
        Line += C;
    std::string Key = checkName(F.Check).str() + '\0' +
                      relativePath(F.Where.File, Root) + '\0' + F.Function +
                      '\0' + Line + '\0' + F.Message;
    F.Fingerprint = llvm::utohexstr(llvm::xxh3_64bits(Key), /*LowerCase=*/true,
                                    /*Width=*/16);
  }
}

static json::Object place(const Place &P, llvm::StringRef Root) {
  return json::Object{{"file", relativePath(P.File, Root)},
                      {"line", P.Line},
                      {"column", P.Column}};
}

std::string renderJson(const RunResult &R, llvm::StringRef Root) {
  json::Array Findings;
  unsigned Errors = 0, Warnings = 0, Suppressed = 0, Baselined = 0;
  for (const FindingRecord &F : R.Findings) {
    json::Array Notes;
    for (const NoteRecord &N : F.Notes) {
      json::Object O = place(N.Where, Root);
      O["message"] = N.Message;
      Notes.push_back(std::move(O));
    }
    json::Object O = place(F.Where, Root);
    O["check"] = checkName(F.Check);
    O["severity"] = severityName(F.Level);
    O["message"] = F.Message;
    O["function"] = F.Function;
    O["notes"] = std::move(Notes);
    O["fingerprint"] = F.Fingerprint;
    O["baselined"] = F.Baselined;
    if (F.Suppressed)
      O["suppression"] = json::Object{
          {"kind", suppressionKindName(F.Suppressed->Kind)},
          {"reason", F.Suppressed->Reason},
          {"line", F.Suppressed->Line}};
    else
      O["suppression"] = nullptr;
    Findings.push_back(std::move(O));
    if (F.Suppressed)
      ++Suppressed;
    else if (F.Baselined)
      ++Baselined;
    else
      (F.Level == Severity::Error ? Errors : Warnings)++;
  }
  json::Array Functions;
  for (const FunctionRecord &F : R.Functions)
    Functions.push_back(json::Object{
        {"file", relativePath(F.File, Root)},
        {"line", F.Line},
        {"name", F.Name},
        {"role", roleName(F.Role)},
        {"role_source", roleSourceName(F.Source)},
        {"lambda", F.Lambda},
        {"spawned", F.Spawned},
        {"begins_transaction", F.Begins},
        {"takes_session", F.TakesSession},
        {"opens_own_session", F.OpensOwnSession}});
  json::Array Failed;
  for (const std::string &F : R.FailedFiles)
    Failed.push_back(relativePath(F, Root));
  json::Object Doc{
      {"schema_version", JsonSchemaVersion},
      {"tool", json::Object{{"name", "txnlint"}, {"version", TXNLINT_VERSION}}},
      {"findings", std::move(Findings)},
      {"functions", std::move(Functions)},
      {"summary",
       json::Object{{"translation_units", R.TranslationUnits},
                    {"failed_translation_units", std::move(Failed)},
                    {"errors", Errors},
                    {"warnings", Warnings},
                    {"suppressed", Suppressed},
                    {"baselined", Baselined},
                    {"stale_baseline_entries", R.StaleBaselineEntries}}}};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
  return Out;
}

/// A file URI for an absolute path, percent-encoding what URIs reserve.
static std::string encodePath(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(C, /*LowerCase=*/false, 2);
  }
  return Out;
}

static json::Object location(const Place &P, llvm::StringRef Root,
                             const std::string *Message = nullptr) {
  json::Object Artifact;
  std::string Rel = relativePath(P.File, Root);
  if (Rel != P.File) {
    Artifact["uri"] = encodePath(Rel);
    Artifact["uriBaseId"] = "%SRCROOT%";
  } else {
    Artifact["uri"] = "file://" + encodePath(P.File);
  }
  json::Object Phys{{"artifactLocation", std::move(Artifact)},
                    {"region", json::Object{{"startLine", P.Line},
                                            {"startColumn", P.Column}}}};
  json::Object Loc{{"physicalLocation", std::move(Phys)}};
  if (Message)
    Loc["message"] = json::Object{{"text", *Message}};
  return Loc;
}

static std::string camel(llvm::StringRef Check) {
  std::string Out;
  bool Up = true;
  for (char C : Check.drop_front(strlen("txn-"))) {
    if (C == '-') {
      Up = true;
      continue;
    }
    Out += Up ? llvm::toUpper(C) : C;
    Up = false;
  }
  return Out;
}

std::string renderSarif(const RunResult &R, llvm::StringRef Root) {
  json::Array Rules;
  for (unsigned I = 0; I < NumChecks; ++I) {
    auto K = static_cast<CheckKind>(I);
    std::string Doc = std::string(TXNLINT_DOC_URI) + "/checks/" +
                      checkName(K).drop_front(4).str() + ".rst";
    Rules.push_back(json::Object{
        {"id", checkName(K)},
        {"name", camel(checkName(K))},
        {"shortDescription", json::Object{{"text", checkSummary(K)}}},
        {"fullDescription",
         json::Object{{"text", checkSummary(K).str() +
                                   " Severity is error when the transaction "
                                   "is open on every path or the role is "
                                   "declared, warning otherwise."}}},
        {"help", json::Object{{"text", "See " + Doc +
                                           " for flagged and accepted forms, "
                                           "the rules.yaml entries that drive "
                                           "the check, and how to silence a "
                                           "finding."}}},
        {"helpUri", Doc},
        {"defaultConfiguration", json::Object{{"level", "error"}}}});
  }
  json::Array Results;
  for (const FindingRecord &F : R.Findings) {
    json::Object Res{
        {"ruleId", checkName(F.Check)},
        {"ruleIndex", static_cast<unsigned>(F.Check)},
        {"level", F.Level == Severity::Error ? "error" : "warning"},
        {"message", json::Object{{"text", F.Message}}},
        {"locations", json::Array{location(F.Where, Root)}},
        {"partialFingerprints",
         json::Object{{"txnlintFingerprint/v1", F.Fingerprint}}}};
    json::Array Related, Flow;
    for (size_t I = 0; I < F.Notes.size(); ++I) {
      json::Object L = location(F.Notes[I].Where, Root, &F.Notes[I].Message);
      L["id"] = static_cast<int64_t>(I);
      Related.push_back(std::move(L));
    }
    if (!Related.empty())
      Res["relatedLocations"] = std::move(Related);
    // A call chain (more than the begin note) becomes a code flow: the
    // finding, then each hop to the side effect or begin.
    if (F.Notes.size() > 1) {
      std::string Here = "finding";
      Flow.push_back(json::Object{{"location", location(F.Where, Root, &Here)}});
      for (const NoteRecord &N : F.Notes)
        Flow.push_back(
            json::Object{{"location", location(N.Where, Root, &N.Message)}});
      Res["codeFlows"] = json::Array{json::Object{
          {"threadFlows",
           json::Array{json::Object{{"locations", std::move(Flow)}}}}}};
    }
    if (F.Suppressed) {
      json::Object S{{"kind", "inSource"}};
      if (!F.Suppressed->Reason.empty())
        S["justification"] = F.Suppressed->Reason;
      Res["suppressions"] = json::Array{std::move(S)};
    }
    if (F.Baselined)
      Res["baselineState"] = "unchanged";
    Results.push_back(std::move(Res));
  }
  json::Object Run{
      {"tool",
       json::Object{{"driver",
                     json::Object{{"name", "txnlint"},
                                  {"version", TXNLINT_VERSION},
                                  {"informationUri", TXNLINT_DOC_URI},
                                  {"rules", std::move(Rules)}}}}},
      {"originalUriBaseIds",
       json::Object{{"%SRCROOT%",
                     json::Object{{"uri", "file://" + encodePath(Root) + "/"}}}}},
      {"results", std::move(Results)}};
  json::Object Doc{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::Array{std::move(Run)}}};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
  return Out;
}

std::string renderBaseline(const RunResult &R, llvm::StringRef Root) {
  json::Array Entries;
  for (const FindingRecord &F : R.Findings) {
    if (F.Suppressed)
      continue;
    Entries.push_back(json::Object{{"fingerprint", F.Fingerprint},
                                   {"check", checkName(F.Check)},
                                   {"file", relativePath(F.Where.File, Root)},
                                   {"function", F.Function},
                                   {"message", F.Message}});
  }
  json::Object Doc{{"txnlint_baseline", 1}, {"findings", std::move(Entries)}};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
  return Out;
}

llvm::Error applyBaseline(RunResult &R, llvm::StringRef File) {
  auto Buf = llvm::MemoryBuffer::getFile(File);
  if (!Buf)
    return llvm::createStringError(Buf.getError(),
                                   "%s: error: cannot read baseline: %s",
                                   File.str().c_str(),
                                   Buf.getError().message().c_str());
  auto Doc = json::parse((*Buf)->getBuffer());
  if (!Doc)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s: error: invalid baseline: %s",
        File.str().c_str(), llvm::toString(Doc.takeError()).c_str());
  const json::Object *Top = Doc->getAsObject();
  const json::Array *Entries = Top ? Top->getArray("findings") : nullptr;
  if (!Top || !Top->get("txnlint_baseline") || !Entries)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "%s: error: not a txnlint baseline (no 'txnlint_baseline' and "
        "'findings')",
        File.str().c_str());
  std::map<std::string, unsigned> Remaining;
  for (const json::Value &E : *Entries)
    if (const json::Object *O = E.getAsObject())
      if (auto FP = O->getString("fingerprint"))
        ++Remaining[FP->str()];
  for (FindingRecord &F : R.Findings) {
    if (F.Suppressed)
      continue;
    auto It = Remaining.find(F.Fingerprint);
    if (It == Remaining.end() || It->second == 0)
      continue;
    --It->second;
    F.Baselined = true;
  }
  for (const auto &[FP, N] : Remaining)
    R.StaleBaselineEntries += N;
  return llvm::Error::success();
}

} // namespace txnlint::driver
