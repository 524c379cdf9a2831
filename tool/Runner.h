//===--- Runner.h - Analyse translation units in parallel -------*- C++ -*-===//

#ifndef TXNLINT_TOOL_RUNNER_H
#define TXNLINT_TOOL_RUNNER_H

#include "Analyzer.h"
#include "Records.h"
#include "RuleSet.h"
#include "clang/Tooling/CompilationDatabase.h"

namespace txnlint::driver {

struct RunOptions {
  unsigned Jobs = 0; ///< 0: every core.
  std::vector<std::string> ExtraArgs;
  bool Progress = false; ///< A done/total line on stderr.
  TuAnalysis::CheckFilter Enabled; ///< Checks to run; null: all.
};

/// Parses and analyses \p Files (absolute paths) with \p Db's commands. The
/// result is the same whatever the number of jobs: per-file results are
/// merged in file order, then sorted and deduplicated.
RunResult runTranslationUnits(const clang::tooling::CompilationDatabase &Db,
                              const std::vector<std::string> &Files,
                              const RuleSet &Rules, const RunOptions &Opts);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_RUNNER_H
