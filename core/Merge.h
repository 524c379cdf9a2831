//===--- Merge.h - Whole-program findings from per-TU facts -----*- C++ -*-===//
//
// The reduce step of whole-program analysis: indexes every analysed
// function of every translation unit by USR, computes summaries across them
// (Summaries.h), hands every recorded call site with its callee's summary to
// the enabled checks, settles what a translation unit could not decide
// alone (a caller in another file, a callee that never returns or does
// database work), and returns sorted, deduplicated findings and function
// facts. The result does not depend on the order of the units, so merging
// the facts of shards gives what one run gives.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_MERGE_H
#define TXNLINT_CORE_MERGE_H

#include "Facts.h"
#include <functional>
#include <map>

namespace txnlint {

/// Which checks run, by name; null runs every registered check.
using CheckFilter = std::function<bool(llvm::StringRef)>;

struct MergedFinding {
  Finding F;
  std::optional<Suppression> Suppressed;
  bool operator<(const MergedFinding &O) const { return F < O.F; }
};

struct MergeResult {
  std::vector<MergedFinding> Findings;   ///< Sorted, without duplicates.
  std::vector<FunctionFacts> Functions;  ///< Sorted, without duplicates.
  std::vector<std::string> FailedFiles;  ///< Sorted.
  /// Why each failed unit failed: its first error line.
  std::map<std::string, std::string> FailureReasons;
  std::string Diagnostics;               ///< In unit order.
  /// The rules files the units were analysed with (normally one), each
  /// with its presets: `file (presets: a, b)`. Sorted.
  std::vector<std::pair<std::string, std::vector<std::string>>> Rules;
  unsigned TranslationUnits = 0;
  std::vector<std::string> MainFiles; ///< Of the units, sorted.
};

/// Merges \p Units. \p Library: function facts of code analysed elsewhere
/// (a summary file), used to resolve calls and callers only.
MergeResult mergeFacts(std::vector<TuFacts> Units, const CheckFilter &Enabled,
                       const std::vector<FunctionFacts> &Library = {});

} // namespace txnlint

#endif // TXNLINT_CORE_MERGE_H
