//===--- Records.h - What a run found, for the writers ----------*- C++ -*-===//
//
// What the driver keeps of a translation unit once its AST is gone: the
// typed findings of core with what the run adds to them (fingerprint,
// suppression, baseline), and the facts of every analysed function.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_RECORDS_H
#define TXNLINT_TOOL_RECORDS_H

#include "Analyzer.h"
#include "Finding.h"
#include "Suppressions.h"
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace txnlint::driver {

struct FindingRecord : Finding {
  FindingRecord() = default;
  explicit FindingRecord(Finding F) : Finding(std::move(F)) {}

  /// Content-based: check, file, function, whitespace-free line, message.
  std::string Fingerprint;
  std::optional<Suppression> Suppressed;
  bool Baselined = false; ///< Recorded in the --baseline file.

  /// Counts toward the exit code and is printed.
  bool active() const { return !Suppressed && !Baselined; }
};

/// Findings counted as the summary line and the JSON summary count them:
/// suppressed, else in the baseline, else an error or a warning.
struct FindingCounts {
  unsigned Errors = 0, Warnings = 0, Suppressed = 0, Baselined = 0;
  void add(const FindingRecord &F) {
    if (F.Suppressed)
      ++Suppressed;
    else if (F.Baselined)
      ++Baselined;
    else
      ++(F.Level == Severity::Error ? Errors : Warnings);
  }
};

using FunctionRecord = FunctionFacts;

/// One entry of a baseline file, as read.
struct BaselineEntry {
  std::string Fingerprint, Check, File, Function, Message;
};

/// Everything one run found, merged over translation units.
struct RunResult {
  std::vector<FindingRecord> Findings;
  std::vector<FunctionRecord> Functions;
  std::vector<std::string> FailedFiles; ///< TUs with compiler errors.
  /// Each failed TU's first error line.
  std::map<std::string, std::string> FailureReasons;
  /// Compiler diagnostics and per-file errors, in file order.
  std::string Diagnostics;
  unsigned TranslationUnits = 0;
  std::vector<std::string> MainFiles; ///< Of the units, sorted.
  /// Rules files in effect, each with its presets (MergeResult::Rules).
  std::vector<std::pair<std::string, std::vector<std::string>>> Rules;
  bool CouldNotRun = false;
  unsigned StaleBaselineEntries = 0; ///< Baseline entries nothing matched.
  /// Those entries (SARIF's baselineState "absent"), one per fingerprint.
  std::vector<BaselineEntry> StaleBaseline;
  bool BaselineApplied = false; ///< A --baseline was compared.
  /// Baseline entries of files this run did not look at (--changed-files):
  /// neither matched nor stale, and written back by --write-baseline.
  std::vector<BaselineEntry> KeptBaselineEntries;
};

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_RECORDS_H
