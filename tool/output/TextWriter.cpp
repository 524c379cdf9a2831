//===--- TextWriter.cpp - Clang-style diagnostics -------------------------===//

#include "OutputWriter.h"
#include "llvm/Support/Format.h"

namespace txnlint::driver {

namespace {

class TextWriter : public OutputWriter {
public:
  explicit TextWriter(const OutputOptions &O)
      : Snippets(O.Snippets), Color(O.Color), Root(O.Root) {}
  llvm::StringRef what() const override { return "diagnostics"; }

  void write(llvm::raw_ostream &OS, const RunResult &R) const override {
    OS.enable_colors(Color);
    for (const FindingRecord &F : R.Findings) {
      if (!F.active())
        continue; // Suppressed or in the baseline: in the reports only.
      line(OS, F.Where, F.Level == Severity::Error ? "error" : "warning",
           F.Level == Severity::Error ? llvm::raw_ostream::RED
                                      : llvm::raw_ostream::MAGENTA,
           F.Message + " [" + F.Check + "]");
      snippet(OS, F.Where);
      for (const FindingNote &N : F.Notes) {
        line(OS, N.Where, "note", llvm::raw_ostream::BLACK, N.Message);
        snippet(OS, N.Where);
      }
    }
    OS.enable_colors(false);
  }

private:
  /// `place: level: message`, coloured as clang colours it.
  void line(llvm::raw_ostream &OS, const SourcePlace &P, llvm::StringRef Level,
            llvm::raw_ostream::Colors LevelColor, const std::string &Msg) const {
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
    OS << relativePath(P.File, Root) << ":" << P.Line << ":" << P.Column
       << ": ";
    OS.changeColor(LevelColor, /*Bold=*/true);
    OS << Level << ": ";
    OS.resetColor();
    if (Level != "note")
      OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
    OS << Msg;
    OS.resetColor();
    OS << "\n";
  }

  void snippet(llvm::raw_ostream &OS, const SourcePlace &P) const {
    if (!Snippets || P.SourceLine.empty() || P.Column == 0)
      return;
    std::string LineNo = std::to_string(P.Line);
    OS << llvm::format("%5s | ", LineNo.c_str()) << P.SourceLine << "\n";
    OS << "      | ";
    for (unsigned I = 1; I < P.Column && I <= P.SourceLine.size(); ++I)
      OS << (P.SourceLine[I - 1] == '\t' ? '\t' : ' ');
    OS.changeColor(llvm::raw_ostream::GREEN, /*Bold=*/true);
    OS << "^";
    OS.resetColor();
    OS << "\n";
  }

  bool Snippets;
  bool Color;
  std::string Root;
};

} // namespace

std::unique_ptr<OutputWriter> createTextWriter(const OutputOptions &O) {
  return std::make_unique<TextWriter>(O);
}

} // namespace txnlint::driver
