//===--- Baseline.h - Fingerprints and the --baseline file ------*- C++ -*-===//

#ifndef TXNLINT_TOOL_BASELINE_H
#define TXNLINT_TOOL_BASELINE_H

#include "Records.h"
#include "llvm/Support/Error.h"

namespace txnlint::driver {

/// Content-based fingerprints: check, file (relative to \p Root), enclosing
/// function, whitespace-free source line and message. No line numbers, so a
/// finding keeps its fingerprint when code is inserted above it.
void assignFingerprints(RunResult &R, llvm::StringRef Root);

/// Marks findings recorded in \p File as baselined and counts the entries
/// that no longer match anything.
llvm::Error applyBaseline(RunResult &R, llvm::StringRef File);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_BASELINE_H
