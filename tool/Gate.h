//===--- Gate.h - What a run does with its merged result -------*- C++ -*-===//
//
// Filters, baseline, writers, the summary line and the exit code, from the
// options that bear on them (Driver.cpp reads them from the command line
// and the .clang-tidy).
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_GATE_H
#define TXNLINT_TOOL_GATE_H

#include "Records.h"
#include "output/OutputWriter.h"
#include <optional>
#include <set>
#include <string>

namespace txnlint::driver {

struct GateOptions {
  std::string LineFilter; ///< --line-filter (JSON).
  /// --header-filter was given (an empty one then reports no header).
  bool HeaderFilterGiven = false;
  std::string HeaderFilter, ExcludeHeaderFilter;
  std::string WarningsAsErrors; ///< Check globs.
  bool RequireReason = false;
  std::string Baseline, WriteBaseline;
  /// Where each output goes; empty: not written.
  std::string Report, Json, Sarif, ExportFixes, Html;
  OutputOptions Out;
  bool Quiet = false;
  std::string FailOn; ///< error, warning or never.
};

/// What the gate does with a merged result: the findings of files outside
/// \p Changed (when given) and the filters' dropped, the baseline applied,
/// the outputs written, the summary printed; the exit code.
int finish(const GateOptions &G, RunResult &Result, bool CouldNotRun,
           const std::string &Root,
           const std::optional<std::set<std::string>> &Changed);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_GATE_H
