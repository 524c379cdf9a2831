//===--- Outputs.h - Fingerprints, JSON, SARIF and baselines ----*- C++ -*-===//

#ifndef TXNLINT_TOOL_OUTPUTS_H
#define TXNLINT_TOOL_OUTPUTS_H

#include "Records.h"
#include "llvm/Support/Error.h"

namespace txnlint::driver {

/// Version of the --json document (docs/json-format.md).
constexpr const char *JsonSchemaVersion = "1";

/// \p Path relative to \p Root when it is inside it.
std::string relativePath(llvm::StringRef Path, llvm::StringRef Root);

/// Content-based fingerprints: check, file (relative to \p Root), enclosing
/// function, whitespace-free source line and message. No line numbers, so a
/// finding keeps its fingerprint when code is inserted above it.
void assignFingerprints(RunResult &R, llvm::StringRef Root);

std::string renderJson(const RunResult &R, llvm::StringRef Root);
std::string renderSarif(const RunResult &R, llvm::StringRef Root);

/// The baseline file: the fingerprints of the current active findings.
std::string renderBaseline(const RunResult &R, llvm::StringRef Root);
/// Marks findings recorded in \p File as baselined and counts the entries
/// that no longer match anything.
llvm::Error applyBaseline(RunResult &R, llvm::StringRef File);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_OUTPUTS_H
