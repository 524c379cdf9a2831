//===--- JsonWriter.cpp - Every finding and function as JSON --------------===//
//
// docs/json-format.md. Keys in sorted order, as llvm::json prints objects;
// paths are relative to the root when inside it.
//
//===----------------------------------------------------------------------===//

#include "OutputWriter.h"
#include "llvm/Support/JSON.h"

namespace json = llvm::json;

namespace txnlint::driver {

namespace {

class JsonWriter : public OutputWriter {
public:
  explicit JsonWriter(const OutputOptions &O) : Root(O.Root) {}
  llvm::StringRef what() const override { return "JSON"; }

  void write(llvm::raw_ostream &OS, const RunResult &R) const override {
    // Streamed, one finding or function at a time: a document of every
    // function is mostly json::Object's hash tables (a merge of 10^5 units
    // peaked at 6.3 GB with one, 2.8 GB without). The keys in the order
    // llvm::json prints an object in.
    json::OStream J(OS, 2);
    FindingCounts Counts;
    unsigned Unfollowed = 0;
    J.objectBegin();
    J.attributeArray("findings", [&] {
      for (const FindingRecord &F : R.Findings) {
        J.value(finding(F));
        Counts.add(F);
      }
    });
    J.attributeArray("functions", [&] {
      for (const FunctionRecord &F : R.Functions) {
        Unfollowed += F.Blind.total();
        J.value(json::Object{
            {"file", relativePath(F.File, Root)},
            {"line", F.Line},
            {"name", F.Name},
            {"usr", F.Usr},
            {"role", roleName(F.Role)},
            {"role_source", roleSourceName(F.Source)},
            {"lambda", F.Lambda},
            {"spawned", F.Spawned},
            {"begins_transaction", F.Begins},
            {"takes_session", F.TakesSession},
            {"opens_own_session", F.OpensOwnSession},
            {"unfollowed_calls",
             json::Object{{"no_definition", F.Blind.NoDefinition},
                          {"indirect", F.Blind.Indirect},
                          {"virtual", F.Blind.Virtual}}}});
      }
    });
    J.attribute("schema_version", JsonSchemaVersion);
    json::Array Failed;
    for (const std::string &F : R.FailedFiles)
      Failed.push_back(relativePath(F, Root));
    J.attribute("summary",
                json::Object{{"translation_units", R.TranslationUnits},
                             {"failed_translation_units", std::move(Failed)},
                             {"errors", Counts.Errors},
                             {"warnings", Counts.Warnings},
                             {"suppressed", Counts.Suppressed},
                             {"baselined", Counts.Baselined},
                             {"stale_baseline_entries", R.StaleBaselineEntries},
                             {"unfollowed_calls", Unfollowed}});
    J.attribute("tool",
                json::Object{{"name", "txnlint"}, {"version", TXNLINT_VERSION}});
    J.objectEnd();
    OS << "\n";
  }

private:
  json::Object place(const SourcePlace &P) const {
    return json::Object{{"file", relativePath(P.File, Root)},
                        {"line", P.Line},
                        {"column", P.Column}};
  }

  json::Object finding(const FindingRecord &F) const {
    json::Array Notes;
    for (const FindingNote &N : F.Notes) {
      json::Object O = place(N.Where);
      O["kind"] = noteKindName(N.Kind);
      O["in_chain"] = N.InChain;
      O["message"] = N.Message;
      Notes.push_back(std::move(O));
    }
    json::Object O = place(F.Where);
    O["check"] = F.Check;
    O["severity"] = severityName(F.Level);
    O["message"] = F.Message;
    O["function"] = F.Function;
    O["function_usr"] = F.FunctionUsr;
    O["subject"] = F.Subject;
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
    return O;
  }

  std::string Root;
};

} // namespace

std::unique_ptr<OutputWriter> createJsonWriter(const OutputOptions &O) {
  return std::make_unique<JsonWriter>(O);
}

} // namespace txnlint::driver
