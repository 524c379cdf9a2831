//===--- Runner.h - Analyse translation units in parallel -------*- C++ -*-===//

#ifndef TXNLINT_TOOL_RUNNER_H
#define TXNLINT_TOOL_RUNNER_H

#include "Analyzer.h"
#include "Merge.h"
#include "Records.h"
#include "RuleSet.h"
#include "clang/Tooling/CompilationDatabase.h"

namespace txnlint::driver {

class FactsCache;

struct RunOptions {
  unsigned Jobs = 0; ///< 0: every core.
  std::vector<std::string> ExtraArgs;
  std::vector<std::string> ExtraArgsBefore; ///< Before the file's flags.
  bool Progress = false; ///< A done/total line on stderr.
  CheckFilter Enabled; ///< Checks to run; null: all.
  /// Function facts of the whole program (a first merge, a summary file):
  /// calls of functions defined elsewhere that leave a transaction open or
  /// end one are applied (TransferFacts).
  const std::vector<FunctionFacts> *Library = nullptr;
  /// `--cache-dir`: facts of unchanged units are reused, new ones kept.
  FactsCache *Cache = nullptr;
  std::string CacheDir;
  /// Per file (in the order of the files mapped): a digest of the Library
  /// functions it calls, part of its cache key.
  std::vector<std::string> LibraryDigests;
  /// `--tu-timeout`: each unit runs in its own process (this program again,
  /// `ChildArgs FILE ChildArgsAfter`, mapping that unit alone into facts),
  /// killed after this many seconds; a unit that times out or crashes there
  /// is reported and the others go on. 0: every unit in this process.
  unsigned TuTimeout = 0;
  std::string SelfPath;
  std::vector<std::string> ChildArgs, ChildArgsAfter;
};

/// The units (indices) that call a function defined in another unit that
/// leaves a transaction open or ends one, according to \p Library: mapped
/// again with it, they follow that transaction.
std::vector<size_t>
unitsToRefine(const std::vector<TuFacts> &Units,
              const std::vector<FunctionFacts> &Library);

/// The map step over \p Files (absolute paths) with \p Db's commands: the
/// facts of each translation unit, in the order of \p Files, whatever the
/// number of jobs.
std::vector<TuFacts> mapTranslationUnits(
    const clang::tooling::CompilationDatabase &Db,
    const std::vector<std::string> &Files, const RuleSet &Rules,
    const RunOptions &Opts);

/// What the writers take, from the merge.
RunResult fromMerge(MergeResult M);

/// Facts files: `<name>-<hash of the path>.facts.json` in a directory.
inline constexpr llvm::StringLiteral FactsSuffix = ".facts.json";
std::string factsFileName(llvm::StringRef MainFile);
/// Writes \p T into \p Dir (created if needed), atomically.
llvm::Error writeFacts(llvm::StringRef Dir, const TuFacts &T);
/// Every facts file of \p Dir, in file-name order; the first bad one is an
/// error naming it.
llvm::Expected<std::vector<TuFacts>> readFactsDirectory(llvm::StringRef Dir);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_RUNNER_H
