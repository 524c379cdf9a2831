//===--- SarifWriter.cpp - SARIF 2.1.0 for code-scanning UIs --------------===//
//
// Rule metadata from the check registry, with each check's page as
// help.markdown; a result per finding with its notes as related locations,
// a code flow in execution order when the finding has a call chain (the
// begin, the call, the calls down to the side effect), in-source
// suppressions, the baseline state (new, unchanged, absent) and the
// content-based fingerprint; an invocation that says whether every
// translation unit was analysed, with a notification per one that was not.
//
//===----------------------------------------------------------------------===//

#include "OutputWriter.h"
#include "checks/CheckRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include <map>

namespace json = llvm::json;

namespace txnlint::driver {

namespace {

/// docs/checks/*.rst as they were when the tool was built.
const std::map<llvm::StringRef, llvm::StringRef> &checkPages() {
  static const std::map<llvm::StringRef, llvm::StringRef> Pages = {
#include "CheckDocs.inc"
  };
  return Pages;
}

/// How often a check's findings are right on real code (docs/accuracy.md),
/// in GitHub code scanning's terms.
llvm::StringRef precisionOf(llvm::StringRef Check) {
  if (Check == "txn-side-effect-in-transaction" ||
      Check == "txn-background-session-reuse" || Check == "txn-nested-begin")
    return "high";
  return "medium";
}

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
  explicit SarifWriter(const OutputOptions &O) : Opt(O) {}
  llvm::StringRef what() const override { return "SARIF"; }

  void write(llvm::raw_ostream &OS, const RunResult &R) const override {
    json::Array Rules;
    for (const CheckInfo &C : checkRegistry())
      Rules.push_back(rule(C));
    json::Array Results;
    for (const FindingRecord &F : R.Findings)
      if (!(Opt.OmitSuppressed && F.Suppressed))
        Results.push_back(result(F, R.BaselineApplied));
    // Recorded in the baseline, found no more.
    for (const BaselineEntry &E : R.StaleBaseline)
      Results.push_back(absent(E));
    json::Object Driver{{"name", "txnlint"},
                        {"version", TXNLINT_VERSION},
                        {"rules", std::move(Rules)}};
    if (!Opt.DocsUrl.empty())
      Driver["informationUri"] = Opt.DocsUrl;
    json::Object Run{
        {"tool", json::Object{{"driver", std::move(Driver)}}},
        {"invocations", json::Array{invocation(R)}},
        {"originalUriBaseIds",
         json::Object{
             {"%SRCROOT%",
              json::Object{{"uri", "file://" + encodePath(Opt.Root) + "/"}}}}},
        {"results", std::move(Results)}};
    json::Object Doc{
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", json::Array{std::move(Run)}}};
    OS << llvm::formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
  }

private:
  json::Object rule(const CheckInfo &C) const {
    auto Page = checkPages().find(C.DocsPage);
    std::string Markdown = Page == checkPages().end()
                               ? C.Summary.str()
                               : rstToMarkdown(Page->second);
    // The plain-text help says where the page is when no URL does.
    std::string Where = Opt.DocsUrl.empty()
                            ? "docs/" + C.DocsPage.str() + " in txnlint's "
                                  "documentation"
                            : Opt.DocsUrl + "/" + C.DocsPage.str();
    json::Object Rule{
        {"id", C.Name},
        {"name", camel(C.Name)},
        {"shortDescription", json::Object{{"text", C.Summary}}},
        {"fullDescription",
         json::Object{{"text", C.Summary.str() + " " + C.SeverityPolicy.str()}}},
        {"help", json::Object{{"text", "See " + Where +
                                           " for flagged and accepted forms, "
                                           "the rules.yaml entries that drive "
                                           "the check, and how to silence a "
                                           "finding."},
                              {"markdown", std::move(Markdown)}}},
        {"defaultConfiguration", json::Object{{"level", "error"}}},
        {"properties",
         json::Object{{"tags", json::Array{"transactions", "correctness",
                                           "reliability"}},
                      {"precision", precisionOf(C.Name)},
                      {"problem.severity", "error"}}}};
    if (!Opt.DocsUrl.empty())
      Rule["helpUri"] = Opt.DocsUrl + "/" + C.DocsPage.str();
    return Rule;
  }

  json::Object invocation(const RunResult &R) const {
    json::Array Notes;
    for (const std::string &File : R.FailedFiles) {
      auto Why = R.FailureReasons.find(File);
      std::string Reason =
          Why == R.FailureReasons.end() || Why->second.empty()
              ? std::string("compiler errors")
              : Why->second;
      json::Object Artifact = artifact(File);
      Notes.push_back(json::Object{
          {"level", "error"},
          {"descriptor", json::Object{{"id", "txnlint-unit-not-analysed"}}},
          {"message",
           json::Object{{"text", "translation unit not fully analysed "
                                 "(its findings may be missing): " +
                                     Reason}}},
          {"locations",
           json::Array{json::Object{
               {"physicalLocation",
                json::Object{{"artifactLocation", std::move(Artifact)}}}}}}});
    }
    json::Object Inv{{"executionSuccessful",
                      !R.CouldNotRun && R.FailedFiles.empty()}};
    if (!Notes.empty())
      Inv["toolExecutionNotifications"] = std::move(Notes);
    return Inv;
  }

  json::Object artifact(llvm::StringRef File) const {
    json::Object Artifact;
    std::string Rel = relativePath(File, Opt.Root);
    // A relative path (facts written with --file-prefix-map ROOT/=) is
    // relative to the root already.
    if (Rel != File || llvm::sys::path::is_relative(File)) {
      Artifact["uri"] = encodePath(Rel);
      Artifact["uriBaseId"] = "%SRCROOT%";
    } else {
      Artifact["uri"] = "file://" + encodePath(File);
    }
    return Artifact;
  }

  /// A baseline entry no finding matched: fixed, or its code changed.
  json::Object absent(const BaselineEntry &E) const {
    json::Object Res{
        {"ruleId", E.Check},
        {"level", "none"},
        {"message", json::Object{{"text", E.Message}}},
        {"baselineState", "absent"},
        {"partialFingerprints",
         json::Object{{"txnlintFingerprint/v1", E.Fingerprint}}}};
    int Index = checkIndex(E.Check);
    if (Index >= 0)
      Res["ruleIndex"] = static_cast<int64_t>(Index);
    if (!E.File.empty()) {
      std::string Path = E.File;
      if (!llvm::sys::path::is_absolute(Path))
        Path = Opt.Root + "/" + Path;
      Res["locations"] = json::Array{json::Object{
          {"physicalLocation",
           json::Object{{"artifactLocation", artifact(Path)}}}}};
    }
    return Res;
  }

  json::Object location(const SourcePlace &P,
                        const std::string *Message = nullptr) const {
    json::Object Phys{{"artifactLocation", artifact(P.File)},
                      {"region", json::Object{{"startLine", P.Line},
                                              {"startColumn", P.Column}}}};
    json::Object Loc{{"physicalLocation", std::move(Phys)}};
    if (Message)
      Loc["message"] = json::Object{{"text", *Message}};
    return Loc;
  }

  json::Object result(const FindingRecord &F, bool AgainstBaseline) const {
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
    // A finding reached through a call chain gets a code flow in the order
    // things happen: what comes before the call (the begin, why the
    // function runs in a transaction), the call, then down the chain.
    if (F.hasChain()) {
      json::Array Flow;
      auto Step = [&](const SourcePlace &P, const std::string &Text) {
        Flow.push_back(json::Object{{"location", location(P, &Text)}});
      };
      for (const FindingNote &N : F.Notes)
        if (!N.InChain)
          Step(N.Where, N.Message);
      Step(F.Where, F.Message);
      for (const FindingNote &N : F.Notes)
        if (N.InChain)
          Step(N.Where, N.Message);
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
    if (AgainstBaseline)
      Res["baselineState"] = F.Baselined ? "unchanged" : "new";
    return Res;
  }

  OutputOptions Opt;
};

} // namespace

std::unique_ptr<OutputWriter> createSarifWriter(const OutputOptions &O) {
  return std::make_unique<SarifWriter>(O);
}

} // namespace txnlint::driver
