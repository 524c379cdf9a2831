//===--- BaselineWriter.cpp - The --write-baseline file -------------------===//
//
// The fingerprints of the current unsuppressed findings, with enough
// context (check, file, function, message) for a reviewer to read the diff.
// Read back by applyBaseline (Baseline.h).
//
//===----------------------------------------------------------------------===//

#include "OutputWriter.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"
#include <tuple>

namespace json = llvm::json;

namespace txnlint::driver {

namespace {

class BaselineWriter : public OutputWriter {
public:
  explicit BaselineWriter(const OutputOptions &O) : Root(O.Root) {}
  llvm::StringRef what() const override { return "baseline"; }

  void write(llvm::raw_ostream &OS, const RunResult &R) const override {
    json::Array Entries;
    for (const FindingRecord &F : R.Findings) {
      if (F.Suppressed)
        continue;
      Entries.push_back(json::Object{{"fingerprint", F.Fingerprint},
                                     {"check", F.Check},
                                     {"file", relativePath(F.Where.File, Root)},
                                     {"function", F.Function},
                                     {"message", F.Message}});
    }
    // Other files' entries, kept from the baseline this run updates.
    std::vector<BaselineEntry> Kept = R.KeptBaselineEntries;
    llvm::sort(Kept, [](const BaselineEntry &A, const BaselineEntry &B) {
      return std::tie(A.File, A.Fingerprint) < std::tie(B.File, B.Fingerprint);
    });
    for (const BaselineEntry &E : Kept)
      Entries.push_back(json::Object{{"fingerprint", E.Fingerprint},
                                     {"check", E.Check},
                                     {"file", E.File},
                                     {"function", E.Function},
                                     {"message", E.Message}});
    json::Object Doc{{"txnlint_baseline", 1},
                     {"findings", std::move(Entries)}};
    OS << llvm::formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
  }

private:
  std::string Root;
};

} // namespace

std::unique_ptr<OutputWriter> createBaselineWriter(const OutputOptions &O) {
  return std::make_unique<BaselineWriter>(O);
}

} // namespace txnlint::driver
