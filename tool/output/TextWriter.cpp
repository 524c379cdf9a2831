//===--- TextWriter.cpp - Clang-style diagnostics -------------------------===//

#include "OutputWriter.h"
#include "llvm/Support/Format.h"

namespace txnlint::driver {

namespace {

class TextWriter : public OutputWriter {
public:
  explicit TextWriter(const OutputOptions &O)
      : Snippets(O.Snippets), Root(O.Root) {}
  llvm::StringRef what() const override { return "diagnostics"; }

  void write(llvm::raw_ostream &OS, const RunResult &R) const override {
    for (const FindingRecord &F : R.Findings) {
      if (!F.active())
        continue; // Suppressed or in the baseline: in the reports only.
      OS << relativePath(F.Where.File, Root) << ":" << F.Where.Line << ":" << F.Where.Column
         << ": " << severityName(F.Level) << ": " << F.Message << " ["
         << F.Check << "]\n";
      snippet(OS, F.Where);
      for (const FindingNote &N : F.Notes) {
        OS << relativePath(N.Where.File, Root) << ":" << N.Where.Line << ":" << N.Where.Column
           << ": note: " << N.Message << "\n";
        snippet(OS, N.Where);
      }
    }
  }

private:
  void snippet(llvm::raw_ostream &OS, const SourcePlace &P) const {
    if (!Snippets || P.SourceLine.empty() || P.Column == 0)
      return;
    std::string LineNo = std::to_string(P.Line);
    OS << llvm::format("%5s | ", LineNo.c_str()) << P.SourceLine << "\n";
    OS << "      | ";
    for (unsigned I = 1; I < P.Column && I <= P.SourceLine.size(); ++I)
      OS << (P.SourceLine[I - 1] == '\t' ? '\t' : ' ');
    OS << "^\n";
  }

  bool Snippets;
  std::string Root;
};

} // namespace

std::unique_ptr<OutputWriter> createTextWriter(const OutputOptions &O) {
  return std::make_unique<TextWriter>(O);
}

} // namespace txnlint::driver
