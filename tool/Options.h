//===--- Options.h - The command line of txnlint ----------------*- C++ -*-===//
//
// Every option of `txnlint` and `txnlint merge`, as llvm::cl options in one
// category (--help lists them). Only Driver.cpp makes one. docs/driver.md.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_OPTIONS_H
#define TXNLINT_TOOL_OPTIONS_H

#include "llvm/Support/CommandLine.h"
#include <string>

namespace txnlint::driver {

namespace cl = llvm::cl;

struct Options {
  cl::OptionCategory Category{"txnlint options"};
  cl::opt<std::string> BuildPath{
      "p", cl::desc("Build directory with compile_commands.json"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::list<std::string> Files{
      cl::Positional,
      cl::desc("[<file> ...] (default: every file in the compilation "
               "database); after 'merge': <facts-dir> ..."),
      cl::cat(Category)};
  cl::opt<std::string> Rules{
      "rules", cl::desc("Rules file (default: the installed rules.yaml)"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> Report{
      "report", cl::desc("Write the Markdown compliance report to <file>"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> Html{
      "html",
      cl::desc("Write the compliance report as a static HTML site to <dir>"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::opt<std::string> Json{"json",
                            cl::desc("Write every finding and function as "
                                     "JSON to <file>"),
                            cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> Sarif{"sarif", cl::desc("Write SARIF 2.1.0 to <file>"),
                             cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> ExportFixes{
      "export-fixes",
      cl::desc("Write the findings as clang-tidy's --export-fixes YAML to "
               "<file> (no replacements: no fix is mechanical and safe)"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> DocsUrl{
      "docs-url",
      cl::desc("Base URL of txnlint's docs/ directory for SARIF's helpUri "
               "(e.g. https://github.com/ORG/txnlint/blob/main/docs; "
               "default: no helpUri)"),
      cl::value_desc("url"), cl::cat(Category)};
  cl::opt<bool> SarifOmitSuppressed{
      "sarif-omit-suppressed",
      cl::desc("Leave findings suppressed in the source out of SARIF (code "
               "scanning shows them as open alerts)"),
      cl::cat(Category)};
  cl::opt<std::string> Baseline{
      "baseline",
      cl::desc("Findings recorded in <file> do not fail the run"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> WriteBaseline{
      "write-baseline", cl::desc("Record the current findings in <file>"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> ChangedFiles{
      "changed-files",
      cl::desc("Report only on the files listed in <file> ('-': stdin)"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> FailOn{
      "fail-on", cl::desc("Lowest severity that fails the run: error, "
                          "warning or never (default: error)"),
      cl::init("error"), cl::cat(Category)};
  cl::opt<std::string> Checks{
      "checks",
      cl::desc("Comma-separated globs of checks to run, '-' to remove "
               "(default: txn-*)"),
      cl::init("txn-*"), cl::cat(Category)};
  cl::opt<unsigned> Jobs{"j",
                         cl::desc("Translation units analysed in parallel "
                                  "(default: all cores)"),
                         cl::init(0), cl::cat(Category)};
  cl::opt<bool> RequireReason{
      "require-suppression-reason",
      cl::desc("A suppression without a reason does not suppress"),
      cl::cat(Category)};
  cl::opt<std::string> Root{
      "root",
      cl::desc("Directory reports are relative to (default: current)"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::opt<bool> ListChecks{"list-checks", cl::desc("List the checks and exit"),
                           cl::cat(Category)};
  cl::opt<bool> VerifyRules{"verify-rules",
                            cl::desc("Validate the rules file and exit"),
                            cl::cat(Category)};
  cl::opt<bool> DumpRules{"dump-rules",
                          cl::desc("Print the effective rules and exit"),
                          cl::cat(Category)};
  cl::opt<bool> Quiet{"quiet",
                      cl::desc("No progress and no summary line on stderr"),
                      cl::cat(Category)};
  cl::opt<bool> NoSnippets{"no-snippets",
                           cl::desc("Do not print source lines and carets"),
                           cl::cat(Category)};
  cl::opt<bool> SystemHeaders{
      "system-headers",
      cl::desc("Also analyse functions in system headers and report findings "
               "there (as clang-tidy's: hidden by default)"),
      cl::cat(Category)};
  cl::opt<unsigned> TuTimeout{
      "tu-timeout",
      cl::desc("Analyse each translation unit in its own process and stop it "
               "after <seconds>: a unit that times out or crashes is reported "
               "and the run goes on (default 0: no limit, one process)"),
      cl::value_desc("seconds"), cl::init(0), cl::cat(Category)};
  cl::opt<std::string> FactsDir{
      "facts-dir",
      cl::desc("Also write each translation unit's facts to <dir>, for "
               "'txnlint merge'"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::list<std::string> FilePrefixMap{
      "file-prefix-map",
      cl::desc("In facts files, write paths that start with <old> as "
               "starting with <new> (as clang's -ffile-prefix-map; for "
               "facts that do not depend on where the build ran)"),
      cl::value_desc("old=new"), cl::cat(Category)};
  cl::opt<std::string> CacheDir{
      "cache-dir",
      cl::desc("Reuse the facts of translation units that did not change "
               "since a run with the same <dir>, and keep new ones there"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::opt<std::string> Shard{
      "shard",
      cl::desc("Map only shard I of N (1-based) of the translation units into "
               "--facts-dir; 'txnlint merge' reports"),
      cl::value_desc("I/N"), cl::cat(Category)};
  cl::opt<std::string> WriteSummary{
      "write-summary",
      cl::desc("Write the merged function summaries to <file> (the "
               "clang-tidy plugin's SummaryFile option)"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> ReadSummary{
      "read-summary",
      cl::desc("Map with the function summaries of <file> (--write-summary "
               "of a first sharded round): calls into other files that leave "
               "a transaction open or end one are followed"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::list<std::string> ExtraArgs{
      "extra-arg", cl::desc("Extra compiler argument to append"),
      cl::cat(Category)};
  cl::list<std::string> ExtraArgsBefore{
      "extra-arg-before",
      cl::desc("Extra compiler argument to prepend (before the file's own)"),
      cl::cat(Category)};
  cl::opt<std::string> WarningsAsErrors{
      "warnings-as-errors",
      cl::desc("Comma-separated globs of checks whose warnings are errors "
               "(as clang-tidy's)"),
      cl::cat(Category)};
  cl::opt<std::string> HeaderFilter{
      "header-filter",
      cl::desc("Report findings in headers (files that are not a translation "
               "unit's main file) only when their path matches this regular "
               "expression, as clang-tidy's; '' reports none (default: all)"),
      cl::value_desc("regex"), cl::cat(Category)};
  cl::opt<std::string> ExcludeHeaderFilter{
      "exclude-header-filter",
      cl::desc("Do not report findings in headers whose path matches this "
               "regular expression"),
      cl::value_desc("regex"), cl::cat(Category)};
  /// A header filter was set, on the command line or by a txnlint
  /// configuration: without one, findings in headers are all reported.
  bool HeaderFilterGiven = false;
  cl::opt<bool> UseColor{
      "use-color",
      cl::desc("Colour the findings (default: on a terminal; "
               "--use-color=false turns it off)"),
      cl::cat(Category)};
  cl::opt<std::string> LineFilter{
      "line-filter",
      cl::desc("Report only these lines, as clang-tidy's: JSON "
               "[{\"name\":\"file.cpp\",\"lines\":[[1,3],[5,7]]},"
               "{\"name\":\"b.h\"}]; files not listed are not reported"),
      cl::value_desc("json"), cl::cat(Category)};
  cl::opt<std::string> ConfigFile{
      "config-file",
      cl::desc("Read Checks, WarningsAsErrors and the RulesFile check option "
               "from this clang-tidy configuration file (default: the "
               "nearest .clang-tidy above the current directory)"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> Config{
      "config",
      cl::desc("clang-tidy configuration as YAML text, instead of a file"),
      cl::value_desc("yaml"), cl::cat(Category)};
};

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_OPTIONS_H
