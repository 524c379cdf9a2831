//===--- Baseline.h - Fingerprints and the --baseline file ------*- C++ -*-===//

#ifndef TXNLINT_TOOL_BASELINE_H
#define TXNLINT_TOOL_BASELINE_H

#include "Records.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

namespace txnlint::driver {

/// Content-based fingerprints: check, file (relative to \p Root), enclosing
/// function, whitespace-free source line and message. No line numbers, so a
/// finding keeps its fingerprint when code is inserted above it.
void assignFingerprints(RunResult &R, llvm::StringRef Root);

/// Whether a run looked at a file (as a baseline entry names it: relative
/// to the report root).
using FileInScope = llvm::function_ref<bool(llvm::StringRef File)>;

/// Marks findings recorded in \p File as baselined and counts the entries
/// that no longer match anything; entries of files out of scope are kept
/// (RunResult::KeptBaselineEntries). With \p MatchFindings false, only
/// keeps those (an existing --write-baseline file updated for some files).
llvm::Error applyBaseline(RunResult &R, llvm::StringRef File,
                          FileInScope InScope, bool MatchFindings = true);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_BASELINE_H
