//===--- Driver.h - The standalone txnlint driver ---------------*- C++ -*-===//

#ifndef TXNLINT_TOOL_DRIVER_H
#define TXNLINT_TOOL_DRIVER_H

#include "Records.h"
#include "llvm/Support/raw_ostream.h"

namespace txnlint::driver {

/// Exit codes (docs/driver.md).
enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitCouldNotRun = 2 };

int txnlintMain(int Argc, const char **Argv);

/// Prints findings as clang does: `file:line:col: error: msg [check]`, the
/// source line and a caret, then the notes.
void printFindings(llvm::raw_ostream &OS, const RunResult &R, bool Snippets);

/// The per-file compliance table (Markdown).
std::string renderReport(const RunResult &R, llvm::StringRef Root);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_DRIVER_H
