//===--- TextOutput.cpp - Clang-style diagnostics -------------------------===//

#include "Driver.h"

namespace txnlint::driver {

static void snippet(llvm::raw_ostream &OS, const Place &P) {
  if (P.SourceLine.empty() || P.Column == 0)
    return;
  std::string LineNo = std::to_string(P.Line);
  OS << llvm::format("%5s | ", LineNo.c_str()) << P.SourceLine << "\n";
  OS << "      | ";
  for (unsigned I = 1; I < P.Column && I <= P.SourceLine.size(); ++I)
    OS << (P.SourceLine[I - 1] == '\t' ? '\t' : ' ');
  OS << "^\n";
}

void printFindings(llvm::raw_ostream &OS, const RunResult &R, bool Snippets) {
  for (const FindingRecord &F : R.Findings) {
    if (!F.active())
      continue; // Suppressed or in the baseline: in the reports only.
    OS << F.Where.File << ":" << F.Where.Line << ":" << F.Where.Column << ": "
       << severityName(F.Level) << ": " << F.Message << " ["
       << checkName(F.Check) << "]\n";
    if (Snippets)
      snippet(OS, F.Where);
    for (const NoteRecord &N : F.Notes) {
      OS << N.Where.File << ":" << N.Where.Line << ":" << N.Where.Column
         << ": note: " << N.Message << "\n";
      if (Snippets)
        snippet(OS, N.Where);
    }
  }
}

} // namespace txnlint::driver
