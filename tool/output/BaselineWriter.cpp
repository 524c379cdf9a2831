//===--- BaselineWriter.cpp - The --write-baseline file -------------------===//
//
// The fingerprints of the current unsuppressed findings, with enough
// context (check, file, function, message) for a reviewer to read the diff.
// Read back by applyBaseline (Baseline.h).
//
//===----------------------------------------------------------------------===//

#include "OutputWriter.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

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
