//===--- TidyConfig.h - clang-tidy's configuration, for txnlint -*- C++ -*-===//
//
// One configuration for both front-ends: what a `.clang-tidy` file (or
// `--config`/`--config-file`) says about the txn-* checks, read the way
// clang-tidy reads it: `Checks` (globs; only txn-* names can match),
// `WarningsAsErrors`, and the checks' `RulesFile` option in `CheckOptions`
// (the global `RulesFile` or `txn-<check>.RulesFile`), a relative path being
// relative to the file that sets it, as the plugin reads it.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_TIDYCONFIG_H
#define TXNLINT_TOOL_TIDYCONFIG_H

#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace txnlint::driver {

struct TidyConfig {
  std::string Source; ///< The file it came from, or `--config`.
  std::optional<std::string> Checks;
  std::optional<std::string> WarningsAsErrors;
  std::optional<std::string> RulesFile; ///< Absolute.
  std::optional<std::string> HeaderFilterRegex, ExcludeHeaderFilterRegex;
  std::optional<bool> SystemHeaders;
};

/// clang-tidy's `--line-filter`: a finding is reported when its file ends
/// with a listed name and its line is in one of that name's ranges (or the
/// name has none); files not listed are not reported.
struct LineFilter {
  struct File {
    std::string Name;
    std::vector<std::pair<unsigned, unsigned>> Lines;
  };
  std::vector<File> Files;
  bool passes(llvm::StringRef Path, unsigned Line) const;
};
llvm::Expected<LineFilter> parseLineFilter(llvm::StringRef Json);

/// Parses configuration text; \p Source names it in errors
/// (`.clang-tidy:3:10: error: ...`) and \p Dir is where relative paths
/// start.
llvm::Expected<TidyConfig> parseTidyConfig(llvm::StringRef Text,
                                           llvm::StringRef Source,
                                           llvm::StringRef Dir);
/// Reads \p Path.
llvm::Expected<TidyConfig> readTidyConfig(llvm::StringRef Path);
/// The nearest `.clang-tidy` in \p Dir or above it; empty when none.
std::string findTidyConfig(llvm::StringRef Dir);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_TIDYCONFIG_H
