//===--- SarifWriter.cpp - SARIF 2.1.0 for code-scanning UIs --------------===//
//
// Rule metadata from the check registry; a result per finding with its
// notes as related locations, a code flow when the finding has a call
// chain (notes in a chain), in-source suppressions, the baseline state and
// the content-based fingerprint.
//
//===----------------------------------------------------------------------===//

#include "OutputWriter.h"
#include "checks/CheckRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

namespace json = llvm::json;

namespace txnlint::driver {

namespace {

/// A file URI for an absolute path, percent-encoding what URIs reserve.
std::string encodePath(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(C, /*LowerCase=*/false, 2);
  }
  return Out;
}

/// `txn-nested-begin` -> `NestedBegin`.
std::string camel(llvm::StringRef Check) {
  std::string Out;
  bool Up = true;
  Check.consume_front("txn-");
  for (char C : Check) {
    if (C == '-') {
      Up = true;
      continue;
    }
    Out += Up ? llvm::toUpper(C) : C;
    Up = false;
  }
  return Out;
}

class SarifWriter : public OutputWriter {
public:
  explicit SarifWriter(const OutputOptions &O) : Root(O.Root) {}
  llvm::StringRef what() const override { return "SARIF"; }

  void write(llvm::raw_ostream &OS, const RunResult &R) const override {
    json::Array Rules;
    for (const CheckInfo &C : checkRegistry())
      Rules.push_back(rule(C));
    json::Array Results;
    for (const FindingRecord &F : R.Findings)
      Results.push_back(result(F));
    json::Object Run{
        {"tool",
         json::Object{{"driver",
                       json::Object{{"name", "txnlint"},
                                    {"version", TXNLINT_VERSION},
                                    {"informationUri", TXNLINT_DOC_URI},
                                    {"rules", std::move(Rules)}}}}},
        {"originalUriBaseIds",
         json::Object{
             {"%SRCROOT%",
              json::Object{{"uri", "file://" + encodePath(Root) + "/"}}}}},
        {"results", std::move(Results)}};
    json::Object Doc{
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", json::Array{std::move(Run)}}};
    OS << llvm::formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
  }

private:
  static json::Object rule(const CheckInfo &C) {
    std::string Doc = std::string(TXNLINT_DOC_URI) + "/" + C.DocsPage.str();
    return json::Object{
        {"id", C.Name},
        {"name", camel(C.Name)},
        {"shortDescription", json::Object{{"text", C.Summary}}},
        {"fullDescription",
         json::Object{{"text", C.Summary.str() + " " + C.SeverityPolicy.str()}}},
        {"help", json::Object{{"text", "See " + Doc +
                                           " for flagged and accepted forms, "
                                           "the rules.yaml entries that drive "
                                           "the check, and how to silence a "
                                           "finding."}}},
        {"helpUri", Doc},
        {"defaultConfiguration", json::Object{{"level", "error"}}}};
  }

  json::Object location(const SourcePlace &P,
                        const std::string *Message = nullptr) const {
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

  json::Object result(const FindingRecord &F) const {
    json::Object Res{
        {"ruleId", F.Check},
        {"ruleIndex", static_cast<int64_t>(checkIndex(F.Check))},
        {"level", severityName(F.Level)},
        {"message", json::Object{{"text", F.Message}}},
        {"locations", json::Array{location(F.Where)}},
        {"partialFingerprints",
         json::Object{{"txnlintFingerprint/v1", F.Fingerprint}}}};
    json::Array Related;
    for (size_t I = 0; I < F.Notes.size(); ++I) {
      json::Object L = location(F.Notes[I].Where, &F.Notes[I].Message);
      L["id"] = static_cast<int64_t>(I);
      Related.push_back(std::move(L));
    }
    if (!Related.empty())
      Res["relatedLocations"] = std::move(Related);
    // A finding reached through a call chain gets a code flow: the
    // finding, then each note.
    if (F.hasChain()) {
      json::Array Flow;
      std::string Here = "finding";
      Flow.push_back(json::Object{{"location", location(F.Where, &Here)}});
      for (const FindingNote &N : F.Notes)
        Flow.push_back(
            json::Object{{"location", location(N.Where, &N.Message)}});
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
    return Res;
  }

  std::string Root;
};

} // namespace

std::unique_ptr<OutputWriter> createSarifWriter(const OutputOptions &O) {
  return std::make_unique<SarifWriter>(O);
}

} // namespace txnlint::driver
