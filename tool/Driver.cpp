//===--- Driver.cpp - The standalone txnlint driver -----------------------===//
//
// `txnlint -p BUILD [files...]`: runs every check over the compilation
// database, prints diagnostics and writes the reports. Exit 0 clean, 1
// findings at or above --fail-on, 2 could not run (options, rules,
// database, I/O, a translation unit with compiler errors). docs/driver.md.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"
#include "Baseline.h"
#include "Cache.h"
#include "Database.h"
#include "AnalysisCache.h"
#include "RuleLoader.h"
#include "Runner.h"
#include "TidyConfig.h"
#include "checks/CheckRegistry.h"
#include "output/OutputWriter.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/WithColor.h"
#include <algorithm>
#include <set>

using namespace clang::tooling;

namespace txnlint::driver {

namespace {

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

void dumpRules(llvm::raw_ostream &OS, const RuleSet &R) {
  OS << "rules: " << R.SourceFile << "\npresets:";
  for (const std::string &P : R.ActivePresets)
    OS << " " << P;
  OS << "\n";
  for (const TransactionApi &T : R.Transactions) {
    OS << "transaction "
       << (T.Kind == ScopeKind::Raii       ? "raii"
           : T.Kind == ScopeKind::Explicit ? "explicit"
           : T.Kind == ScopeKind::Sql      ? "sql"
                                           : "callback");
    for (const std::string &N : T.Types)
      OS << " " << N;
    for (const std::string &N : T.Functions)
      OS << " " << N;
    if (T.Savepoint)
      OS << " (savepoint)";
    OS << " [" << T.Origin.str() << "]\n";
  }
  for (const SessionRule &S : R.Sessions)
    for (const std::string &N : S.Names)
      OS << "session " << N << "\n";
  for (const NoReturnRule &S : R.NoReturn)
    for (const std::string &N : S.Names)
      OS << "noreturn " << N << " [" << S.Origin.str() << "]\n";
  for (const NoReturnMacroRule &S : R.NoReturnMacros)
    for (const std::string &N : S.Names)
      OS << "noreturn_macro " << N << " [" << S.Origin.str() << "]\n";
  for (const SideEffectRule &S : R.SideEffects) {
    OS << "side_effect " << categoryName(S.Category);
    for (const std::string &N : S.Functions)
      OS << " " << N;
    for (const std::string &N : S.Types)
      OS << " " << N << "::*";
    if (S.Deferred)
      OS << " (deferred)";
    OS << "\n";
  }
  for (const SpawnerRule &S : R.Spawners) {
    OS << "spawner";
    for (const std::string &N : S.Functions)
      OS << " " << N;
    for (const std::string &N : S.Types)
      OS << " " << N;
    OS << "\n";
  }
  for (const RoleRule &Role : R.Roles)
    OS << "role " << roleName(Role.Role) << " [" << Role.Origin.str() << "]\n";
}

/// \p Path made absolute against \p Base (default: the current directory),
/// without `.` and `..`.
std::string absolute(llvm::StringRef Path, llvm::StringRef Base = "") {
  llvm::SmallString<256> Abs(Path);
  if (Base.empty())
    llvm::sys::fs::make_absolute(Abs);
  else
    llvm::sys::fs::make_absolute(Base, Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// Reads a list of paths, one a line ('-': standard input); relative ones
/// are relative to \p Base.
llvm::Expected<std::set<std::string>> readFileList(llvm::StringRef From,
                                                   llvm::StringRef Base) {
  auto Buf = From == "-" ? llvm::MemoryBuffer::getSTDIN()
                         : llvm::MemoryBuffer::getFile(From);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "%s: cannot read: %s",
                                   From.str().c_str(),
                                   Buf.getError().message().c_str());
  std::set<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  (*Buf)->getBuffer().split(Lines, '\n', -1, false);
  for (llvm::StringRef L : Lines) {
    if (L.trim().empty())
      continue;
    Out.insert(absolute(L.trim(), Base));
  }
  return Out;
}

/// Writes \p W's output to \p Path atomically (temporary file, then rename).
bool writeAtomically(llvm::StringRef Path, const OutputWriter &W,
                     const RunResult &R) {
  if (llvm::Error E = llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
        W.write(OS, R);
        return llvm::Error::success();
      })) {
    llvm::WithColor::error(llvm::errs(), "txnlint")
        << "cannot write " << W.what() << " '" << Path
        << "': " << llvm::toString(std::move(E)) << "\n";
    return false;
  }
  return true;
}

/// The first argument that names no option. LLVM's parser takes an unknown
/// long option that begins like a grouping option as that option
/// (`--header-filter=...` as `-h`: help, exit 0), so unknown options are
/// found before it runs. The value of an option given as the next argument
/// is skipped (`--checks -*,txn-*`).
std::optional<std::string> unknownOption(int Argc, const char *const *Argv) {
  llvm::StringMap<cl::Option *> &Known = cl::getRegisteredOptions();
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--")
      break;
    if (!Arg.starts_with("-") || Arg == "-")
      continue;
    auto It = Known.find(Arg.ltrim('-').split('=').first);
    if (It == Known.end())
      return Arg.str();
    if (!Arg.contains('=') &&
        It->second->getValueExpectedFlag() == cl::ValueRequired)
      ++I;
  }
  return std::nullopt;
}

/// clang-tidy's configuration (--config, --config-file, or the nearest
/// .clang-tidy above the current directory) for what the command line does
/// not say: the txn-* part of `Checks` (ignored when it names no txn check:
/// a project's existing .clang-tidy for other checks), `WarningsAsErrors`,
/// and the `RulesFile` check option. An error is printed; false then.
bool applyTidyConfig(Options &Opt) {
  llvm::Expected<TidyConfig> C = TidyConfig{};
  if (Opt.Config.getNumOccurrences())
    C = parseTidyConfig(Opt.Config, "--config", absolute("."));
  else if (Opt.ConfigFile.getNumOccurrences())
    C = readTidyConfig(Opt.ConfigFile);
  else if (std::string Found = findTidyConfig("."); !Found.empty())
    C = readTidyConfig(Found);
  if (!C) {
    llvm::errs() << llvm::toString(C.takeError()) << "\n";
    return false;
  }
  if (C->Checks && llvm::StringRef(*C->Checks).contains("txn-") &&
      !Opt.Checks.getNumOccurrences()) {
    if (llvm::none_of(checkRegistry(), [&](const CheckInfo &I) {
          return checkListMatches(*C->Checks, I.Name);
        })) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << C->Source << ": Checks '" << *C->Checks
          << "' selects no txn-* check\n";
      return false;
    }
    Opt.Checks.setValue(*C->Checks);
  }
  // Header filters only from a configuration that is txnlint's too: a
  // project's `HeaderFilterRegex: ''` for other checks would hide every
  // finding in a header.
  bool Ours = C->Checks && llvm::StringRef(*C->Checks).contains("txn-");
  if (Ours && C->HeaderFilterRegex && !Opt.HeaderFilter.getNumOccurrences())
    Opt.HeaderFilter.setValue(*C->HeaderFilterRegex);
  if (Ours && C->ExcludeHeaderFilterRegex &&
      !Opt.ExcludeHeaderFilter.getNumOccurrences())
    Opt.ExcludeHeaderFilter.setValue(*C->ExcludeHeaderFilterRegex);
  Opt.HeaderFilterGiven = Opt.HeaderFilter.getNumOccurrences() ||
                      (Ours && C->HeaderFilterRegex);
  if (Ours && C->SystemHeaders && !Opt.SystemHeaders.getNumOccurrences())
    Opt.SystemHeaders.setValue(*C->SystemHeaders);
  if (C->WarningsAsErrors && !Opt.WarningsAsErrors.getNumOccurrences())
    Opt.WarningsAsErrors.setValue(*C->WarningsAsErrors);
  if (C->RulesFile && !Opt.Rules.getNumOccurrences())
    Opt.Rules.setValue(*C->RulesFile);
  return true;
}

/// What the gate does with a merged result: filters, baseline, writers,
/// the summary line and the exit code.
int finish(Options &Opt, RunResult &Result, bool CouldNotRun,
           const std::string &Root,
           const std::optional<std::set<std::string>> &Changed);

/// Writes the merged function facts as a summary file (a facts file with
/// functions only), atomically.
bool writeSummary(llvm::StringRef Path, const std::vector<FunctionFacts> &F) {
  TuFacts T;
  T.Functions = F;
  if (llvm::Error E = writeFactsFile(Path, T)) {
    llvm::WithColor::error(llvm::errs(), "txnlint")
        << "cannot write the summary file '" << Path
        << "': " << llvm::toString(std::move(E)) << "\n";
    return false;
  }
  return true;
}

/// `I/N` with 1 <= I <= N.
std::optional<std::pair<unsigned, unsigned>> parseShard(llvm::StringRef S) {
  auto [A, B] = S.split('/');
  unsigned I = 0, N = 0;
  if (A.getAsInteger(10, I) || B.getAsInteger(10, N) || N == 0 || I == 0 ||
      I > N)
    return std::nullopt;
  return std::make_pair(I, N);
}

} // namespace

int txnlintMain(int Argc, const char **Argv) {
  // LLVM's signal handling (a stack trace on a crash outside a unit, and
  // the removal of half-written outputs) is registered here, on the main
  // thread, before any worker: registered first by a worker (a cache entry
  // written with llvm::writeToOutput), it left its malloc'd alternate
  // signal stack on that thread, which AddressSanitizer tried to unmap when
  // the thread ended (the sanitized cache test aborted).
  llvm::sys::PrintStackTraceOnErrorSignal(Argv[0]);
  // A crash in one translation unit is reported and the run goes on
  // (Runner.cpp, TransactionState.cpp); installed after the above, so that
  // its handlers come first.
  llvm::CrashRecoveryContext::Enable();
  // `txnlint merge DIR...`: the reduce step over directories of facts.
  bool Merge = Argc > 1 && llvm::StringRef(Argv[1]) == "merge";
  std::vector<const char *> Args(Argv, Argv + Argc);
  if (Merge)
    Args.erase(Args.begin() + 1);
  // `txnlint file.cpp -- FLAGS`: the flags of every file, no database (as
  // clang-tidy).
  std::optional<std::vector<std::string>> FixedFlags;
  if (auto Dash = llvm::find_if(Args, [](const char *A) {
        return llvm::StringRef(A) == "--";
      });
      Dash != Args.end()) {
    FixedFlags.emplace(Dash + 1, Args.end());
    Args.erase(Dash, Args.end());
  }
  Argc = static_cast<int>(Args.size());
  Argv = Args.data();
  Options Opt;
  cl::HideUnrelatedOptions(Opt.Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "txnlint " << TXNLINT_VERSION << " (LLVM " << LLVM_VERSION_STRING
       << ")\n";
  });
  if (std::optional<std::string> Unknown = unknownOption(Argc, Argv)) {
    llvm::WithColor::error(llvm::errs(), "txnlint")
        << "unknown option '" << *Unknown
        << "'; 'txnlint --help' lists the options\n";
    return ExitCouldNotRun;
  }
  if (!cl::ParseCommandLineOptions(Argc, Argv,
                                   "txnlint: transaction-boundary checks for "
                                   "C++\n",
                                   &llvm::errs()))
    return ExitCouldNotRun;

  if (Opt.ListChecks) {
    std::vector<llvm::StringRef> Names;
    for (const CheckInfo &C : checkRegistry())
      Names.push_back(C.Name);
    llvm::sort(Names);
    for (llvm::StringRef N : Names)
      llvm::outs() << N << "\n";
    return ExitClean;
  }
  if (!applyTidyConfig(Opt))
    return ExitCouldNotRun;
  if (Opt.FailOn != "error" && Opt.FailOn != "warning" &&
      Opt.FailOn != "never") {
    llvm::WithColor::error(llvm::errs(), "txnlint")
        << "invalid value '" << Opt.FailOn
        << "' for --fail-on; expected error, warning or never\n";
    return ExitCouldNotRun;
  }

  // A typo in --checks must not pass a gate with nothing checked.
  if (llvm::none_of(checkRegistry(), [&](const CheckInfo &C) {
        return checkListMatches(Opt.Checks, C.Name);
      })) {
    llvm::WithColor::error(llvm::errs(), "txnlint")
        << "--checks '" << Opt.Checks
        << "' selects no check; 'txnlint --list-checks' lists them\n";
    return ExitCouldNotRun;
  }

  std::string Checks = Opt.Checks;
  CheckFilter Enabled = [Checks](llvm::StringRef Name) {
    return checkListMatches(Checks, Name);
  };
  std::string Root = Opt.Root.empty() ? absolute(".") : absolute(Opt.Root);
  std::optional<std::set<std::string>> Changed;
  if (!Opt.ChangedFiles.empty()) {
    // `git diff --name-only` names files from the top of the work tree,
    // wherever it runs: so are they read, unless --root says otherwise.
    std::string Base = Root;
    if (Opt.Root.empty())
      for (llvm::StringRef From : {llvm::StringRef("."),
                                   llvm::StringRef(Opt.BuildPath)})
        if (std::string Top = From.empty() ? "" : gitWorkTree(From);
            !Top.empty()) {
          Base = Top;
          break;
        }
    auto List = readFileList(Opt.ChangedFiles, Base);
    if (!List) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << "--changed-files " << llvm::toString(List.takeError()) << "\n";
      return ExitCouldNotRun;
    }
    Changed = std::move(*List);
    unsigned Missing = llvm::count_if(*Changed, [](const std::string &F) {
      return !llvm::sys::fs::exists(F);
    });
    if (Missing && !Opt.Quiet)
      llvm::WithColor::note(llvm::errs(), "txnlint")
          << Missing << " of " << Changed->size()
          << " files in --changed-files do not exist (relative paths are "
             "read from '"
          << Base << "')\n";
  }

  if (Merge) {
    if (Opt.Files.empty()) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << "merge: no facts directory given ('txnlint merge DIR...')\n";
      return ExitCouldNotRun;
    }
    std::vector<TuFacts> Units;
    std::set<std::string> Seen;
    for (const std::string &Dir : Opt.Files) {
      auto Read = readFactsDirectory(Dir);
      if (!Read) {
        llvm::WithColor::error(llvm::errs(), "txnlint")
            << "merge: " << llvm::toString(Read.takeError()) << "\n";
        return ExitCouldNotRun;
      }
      for (TuFacts &T : *Read)
        if (Seen.insert(T.File).second) // A unit mapped twice counts once.
          Units.push_back(std::move(T));
    }
    MergeResult M = mergeFacts(std::move(Units), Enabled);
    bool CouldNotRun = false;
    if (!Opt.WriteSummary.empty())
      CouldNotRun |= !writeSummary(Opt.WriteSummary, M.Functions);
    RunResult Result = fromMerge(std::move(M));
    llvm::errs() << Result.Diagnostics;
    return finish(Opt, Result, CouldNotRun || Result.CouldNotRun, Root,
                  Changed);
  }

  std::string RulesPath = Opt.Rules.empty() ? defaultRulesPath() : Opt.Rules;
  auto Rules = loadRules(RulesPath);
  if (!Rules) {
    llvm::errs() << llvm::toString(Rules.takeError()) << "\n";
    return ExitCouldNotRun;
  }
  Rules->Settings.SystemHeaders = Opt.SystemHeaders;
  if (Opt.VerifyRules) {
    llvm::outs() << RulesPath << ": ok: " << Rules->Transactions.size()
                 << " transaction APIs, " << Rules->SideEffects.size()
                 << " side-effect entries, " << Rules->Spawners.size()
                 << " spawners, " << Rules->Roles.size() << " role rules\n";
    return ExitClean;
  }
  if (Opt.DumpRules) {
    dumpRules(llvm::outs(), *Rules);
    return ExitClean;
  }

  std::string DbError;
  std::unique_ptr<CompilationDatabase> Db;
  if (FixedFlags)
    Db = std::make_unique<FixedCompilationDatabase>(".", *FixedFlags);
  else if (!Opt.BuildPath.empty() && !llvm::sys::fs::is_directory(Opt.BuildPath))
    DbError = "no such directory"; // Not a parent's database instead.
  else if (std::optional<std::string> Bad = checkDatabaseFile(databaseFileFor(
               Opt.BuildPath, Opt.Files.empty() ? "" : Opt.Files.front()))) {
    // The tooling library would run on what it could read of it.
    llvm::errs() << *Bad << "\n";
    return ExitCouldNotRun;
  } else if (!Opt.BuildPath.empty()) {
    Db = CompilationDatabase::autoDetectFromDirectory(Opt.BuildPath, DbError);
    // As clang-tidy, a directory without one uses the nearest above it:
    // say which, since it may be another project's.
    std::string Above = findAbove(absolute(Opt.BuildPath), "compile_commands.json");
    if (Db && !Opt.Quiet &&
        databaseFileFor(Opt.BuildPath, "").empty() && !Above.empty())
      llvm::WithColor::note(llvm::errs(), "txnlint")
          << "no compile_commands.json in '" << Opt.BuildPath
          << "'; using " << Above << "\n";
  }
  else if (!Opt.Files.empty())
    Db = CompilationDatabase::autoDetectFromSource(Opt.Files.front(), DbError);
  else
    DbError = "no build directory (-p) and no files given";
  if (!Db) {
    // One line: the tooling library's explanation spans several.
    llvm::StringRef Why = llvm::StringRef(DbError).split('\n').first;
    if (!Opt.BuildPath.empty() && Why != "no such directory")
      Why = "no compile_commands.json there or above";
    llvm::WithColor::error(llvm::errs(), "txnlint")
        << "cannot load a compilation database"
        << (Opt.BuildPath.empty() ? "" : " from '" + Opt.BuildPath + "'")
        << ": " << Why << "\n";
    return ExitCouldNotRun;
  }

  std::optional<std::pair<unsigned, unsigned>> Shard;
  if (!Opt.Shard.empty()) {
    Shard = parseShard(Opt.Shard);
    if (!Shard || Opt.FactsDir.empty()) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << (Shard ? "--shard needs --facts-dir: a shard's facts are merged "
                      "by 'txnlint merge'"
                    : "invalid value '" + Opt.Shard +
                          "' for --shard; expected I/N with 1 <= I <= N")
          << "\n";
      return ExitCouldNotRun;
    }
  }

  PathPrefixMap PrefixMap;
  for (llvm::StringRef M : Opt.FilePrefixMap) {
    auto [Old, New] = M.split('=');
    if (!M.contains('=') || Old.empty()) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << "invalid value '" << M
          << "' for --file-prefix-map; expected OLD=NEW\n";
      return ExitCouldNotRun;
    }
    PrefixMap.emplace_back(Old.str(), New.str());
  }
  bool CouldNotRun = false;
  std::vector<std::string> Requested(Opt.Files.begin(), Opt.Files.end());
  if (FixedFlags && Requested.empty()) {
    llvm::WithColor::error(llvm::errs(), "txnlint")
        << "no files given: with '-- FLAGS' there is no database to list "
           "them ('txnlint file.cpp -- -std=c++17')\n";
    return ExitCouldNotRun;
  }
  if (Requested.empty())
    Requested = Db->getAllFiles();
  llvm::sort(Requested); // Messages in a stable order.
  std::vector<std::string> Files;
  for (const std::string &F : Requested) {
    std::string Abs = absolute(F);
    if (!llvm::sys::fs::exists(Abs)) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << F << ": cannot read file: no such file or directory\n";
      CouldNotRun = true;
      continue;
    }
    std::vector<CompileCommand> Commands = Db->getCompileCommands(Abs);
    if (Commands.empty()) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << F << ": not in the compilation database\n";
      CouldNotRun = true;
      continue;
    }
    // Like clang-tidy, a file the database does not list (a header, a new
    // file) gets the flags of the nearest entry; say so.
    llvm::StringRef Guess = Commands.front().Heuristic;
    if (!Guess.empty() && !Opt.Quiet)
      llvm::WithColor::note(llvm::errs(), "txnlint")
          << F << ": not in the compilation database; analysed with the "
          << "flags of "
          << (Guess.consume_front("inferred from ") ? Guess
                                                    : llvm::StringRef(Commands.front().Heuristic))
          << "\n";
    Files.push_back(Abs);
  }
  llvm::sort(Files);
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  // A pull request that touches only sources needs only those TUs; a
  // changed header may be in any TU, so then every one runs.
  if (Changed && llvm::all_of(*Changed, [&](const std::string &C) {
        return llvm::is_contained(Files, C);
      }))
    llvm::erase_if(Files, [&](const std::string &F) { return !Changed->count(F); });

  // A shard is every N-th unit of the sorted list: the same split on every
  // machine that has the same compilation database.
  if (Shard) {
    std::vector<std::string> Mine;
    for (size_t I = 0; I < Files.size(); ++I)
      if (I % Shard->second == Shard->first - 1)
        Mine.push_back(Files[I]);
    Files = std::move(Mine);
  }

  RunOptions RO;
  RO.Jobs = Opt.Jobs;
  RO.ExtraArgs.assign(Opt.ExtraArgs.begin(), Opt.ExtraArgs.end());
  RO.ExtraArgsBefore.assign(Opt.ExtraArgsBefore.begin(),
                            Opt.ExtraArgsBefore.end());
  RO.Progress = !Opt.Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  RO.Enabled = Enabled;
  // This program: what --tu-timeout runs each unit with, and part of the
  // cache's key.
  RO.SelfPath = llvm::sys::fs::getMainExecutable(
      Argv[0], reinterpret_cast<void *>(&txnlintMain));
  if (Opt.TuTimeout) {
    // The child maps one unit as this run would: same database or flags,
    // rules, checks and extra arguments.
    RO.TuTimeout = Opt.TuTimeout;
    RO.ChildArgs = {RO.SelfPath, "--rules", Rules->SourceFile};
    if (Opt.SystemHeaders)
      RO.ChildArgs.push_back("--system-headers");
    if (!Opt.BuildPath.empty())
      RO.ChildArgs.insert(RO.ChildArgs.end(), {"-p", absolute(Opt.BuildPath)});
    if (Opt.Checks.getNumOccurrences() || !Opt.Checks.empty())
      RO.ChildArgs.push_back("--checks=" + Opt.Checks);
    for (const std::string &A : Opt.ExtraArgs)
      RO.ChildArgs.push_back("--extra-arg=" + A);
    for (const std::string &A : Opt.ExtraArgsBefore)
      RO.ChildArgs.push_back("--extra-arg-before=" + A);
    if (FixedFlags) {
      RO.ChildArgsAfter = {"--"};
      llvm::append_range(RO.ChildArgsAfter, *FixedFlags);
    }
  }
  std::unique_ptr<FactsCache> Cache;
  if (!Opt.CacheDir.empty()) {
    std::vector<std::string> Running;
    for (const CheckInfo &C : checkRegistry())
      if (Enabled(C.Name))
        Running.push_back(std::string(C.Name));
    llvm::sort(Running);
    auto Opened = FactsCache::open(
        Opt.CacheDir, cacheSalt(RO.SelfPath, *Rules, Running,
                                RO.ExtraArgsBefore, RO.ExtraArgs));
    if (!Opened) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << "--cache-dir " << llvm::toString(Opened.takeError()) << "\n";
      return ExitCouldNotRun;
    }
    Cache = std::move(*Opened);
    RO.Cache = Cache.get();
    RO.CacheDir = absolute(Opt.CacheDir);
  }
  std::vector<FunctionFacts> Library;
  if (!Opt.ReadSummary.empty()) {
    auto Read = summaryFor(Opt.ReadSummary);
    if (!Read) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << "--read-summary " << llvm::toString(Read.takeError()) << "\n";
      return ExitCouldNotRun;
    }
    Library = **Read;
    RO.Library = &Library;
    if (Cache) // Which of them a unit calls is known only after mapping.
      RO.LibraryDigests.assign(Files.size(), libraryDigest(Library));
  }
  std::vector<TuFacts> Units = mapTranslationUnits(*Db, Files, *Rules, RO);
  unsigned FirstHits = Cache ? Cache->Hits.load() : 0;
  size_t Refined = 0;
  if (Opt.ReadSummary.empty() && !Shard) {
    // One refinement round: the units that call a function defined in
    // another unit that leaves a transaction open or ends one are mapped
    // again with those functions' facts (what a second sharded round with
    // --read-summary does).
    for (const TuFacts &U : Units)
      for (const FunctionFacts &F : U.Functions)
        if (!F.Transfer.empty())
          Library.push_back(F);
    llvm::sort(Library);
    std::vector<size_t> Again = unitsToRefine(Units, Library);
    if (!Again.empty()) {
      std::vector<std::string> AgainFiles;
      RO.LibraryDigests.clear();
      for (size_t I : Again) {
        AgainFiles.push_back(Files[I]);
        if (Cache)
          RO.LibraryDigests.push_back(libraryDigestFor(Units[I], Library));
      }
      RO.Library = &Library;
      RO.Progress = false;
      std::vector<TuFacts> Remapped =
          mapTranslationUnits(*Db, AgainFiles, *Rules, RO);
      for (size_t K = 0; K < Again.size(); ++K)
        Units[Again[K]] = std::move(Remapped[K]);
      Refined = Again.size();
    }
  }
  if (Cache && !Opt.Quiet) {
    auto Of = [](unsigned Reused, size_t All, llvm::StringRef What) {
      return std::to_string(Reused) + " of " + std::to_string(All) + " " +
             What.str() + (All == 1 ? "" : "s") + " reused";
    };
    llvm::WithColor::note(llvm::errs(), "txnlint")
        << "cache: " << Of(FirstHits, Files.size(), "unit");
    if (Refined)
      llvm::errs() << ", " << Of(Cache->Hits - FirstHits, Refined, "refinement");
    if (Cache->Corrupt)
      llvm::errs() << "; " << Cache->Corrupt << " damaged entr"
                   << (Cache->Corrupt == 1 ? "y" : "ies")
                   << " ignored and replaced";
    if (Cache->StoreErrors)
      llvm::errs() << "; " << Cache->StoreErrors << " could not be kept";
    llvm::errs() << "\n";
  }
  if (!Opt.FactsDir.empty())
    for (const TuFacts &T : Units)
      if (WithPathPrefixMap MapPaths(PrefixMap);
          llvm::Error E = writeFacts(Opt.FactsDir, T)) {
        llvm::WithColor::error(llvm::errs(), "txnlint")
            << "cannot write facts: " << llvm::toString(std::move(E)) << "\n";
        return ExitCouldNotRun;
      }
  if (Shard) {
    bool Failed = false;
    for (const TuFacts &T : Units) {
      llvm::errs() << T.Diagnostics;
      Failed |= T.Failed;
    }
    if (!Opt.Quiet)
      llvm::errs() << "txnlint: facts of " << Units.size()
                   << " translation unit" << (Units.size() == 1 ? "" : "s")
                   << " (shard " << Opt.Shard << ") written to "
                   << Opt.FactsDir << "; 'txnlint merge' reports\n";
    return CouldNotRun || Failed ? ExitCouldNotRun : ExitClean;
  }
  MergeResult M = mergeFacts(std::move(Units), Enabled);
  if (!Opt.WriteSummary.empty())
    CouldNotRun |= !writeSummary(Opt.WriteSummary, M.Functions);
  RunResult Result = fromMerge(std::move(M));
  llvm::errs() << Result.Diagnostics;
  CouldNotRun |= Result.CouldNotRun;
  return finish(Opt, Result, CouldNotRun, Root, Changed);
}

namespace {

int finish(Options &Opt, RunResult &Result, bool CouldNotRun,
           const std::string &Root,
           const std::optional<std::set<std::string>> &Changed) {

  if (Changed)
    llvm::erase_if(Result.Findings, [&](const FindingRecord &R) {
      return !Changed->count(absolute(R.Where.File));
    });
  if (!Opt.LineFilter.empty()) {
    auto Filter = parseLineFilter(Opt.LineFilter);
    if (!Filter) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << llvm::toString(Filter.takeError()) << "\n";
      return ExitCouldNotRun;
    }
    llvm::erase_if(Result.Findings, [&](const FindingRecord &R) {
      return !Filter->passes(R.Where.File, R.Where.Line);
    });
  }
  // As clang-tidy's header filters, when one is given.
  if (Opt.HeaderFilterGiven || !Opt.ExcludeHeaderFilter.empty()) {
    llvm::Regex Include(Opt.HeaderFilter), Exclude(Opt.ExcludeHeaderFilter);
    for (auto [Name, Pattern, R] :
         {std::tuple{"--header-filter", Opt.HeaderFilter.getValue(), &Include},
          std::tuple{"--exclude-header-filter",
                     Opt.ExcludeHeaderFilter.getValue(), &Exclude}}) {
      std::string Why;
      if (!Pattern.empty() && !R->isValid(Why)) {
        llvm::WithColor::error(llvm::errs(), "txnlint")
            << Name << ": invalid regular expression: " << Why << "\n";
        return ExitCouldNotRun;
      }
    }
    llvm::erase_if(Result.Findings, [&](const FindingRecord &R) {
      if (std::binary_search(Result.MainFiles.begin(), Result.MainFiles.end(),
                             R.Where.File))
        return false;
      bool In = Opt.HeaderFilterGiven && !Opt.HeaderFilter.empty()
                    ? Include.match(R.Where.File)
                    : !Opt.HeaderFilterGiven;
      return !In || (!Opt.ExcludeHeaderFilter.empty() &&
                     Exclude.match(R.Where.File));
    });
  }
  // As clang-tidy's: these checks' warnings are errors.
  if (!Opt.WarningsAsErrors.empty())
    for (FindingRecord &R : Result.Findings)
      if (checkListMatches(Opt.WarningsAsErrors, R.Check))
        R.Level = Severity::Error;
  if (Opt.RequireReason)
    for (FindingRecord &R : Result.Findings)
      if (R.Suppressed && R.Suppressed->Reason.empty()) {
        R.Notes.push_back(
            {NoteKind::Suppression, R.Where,
             "suppression without a reason is not accepted "
             "(--require-suppression-reason); write '// txnlint: allow " +
                 R.Check + " -- REASON'",
             /*InChain=*/false});
        R.Suppressed.reset();
      }

  assignFingerprints(Result, Root);
  // With --changed-files, the baseline's entries of other files are
  // neither matched nor stale, and --write-baseline keeps them.
  auto InScope = [&](llvm::StringRef File) {
    return !Changed || Changed->count(absolute(File, Root));
  };
  llvm::Error BaselineError = llvm::Error::success();
  if (!Opt.Baseline.empty())
    BaselineError = applyBaseline(Result, Opt.Baseline, InScope);
  else if (Changed && !Opt.WriteBaseline.empty() &&
           llvm::sys::fs::exists(Opt.WriteBaseline))
    BaselineError = applyBaseline(Result, Opt.WriteBaseline, InScope,
                                  /*MatchFindings=*/false);
  if (BaselineError) {
    llvm::errs() << llvm::toString(std::move(BaselineError)) << "\n";
    return ExitCouldNotRun;
  }

  OutputOptions Out;
  Out.Root = Root;
  Out.Snippets = !Opt.NoSnippets;
  Out.Color = Opt.UseColor.getNumOccurrences()
                  ? Opt.UseColor.getValue()
                  : llvm::sys::Process::StandardOutIsDisplayed();
  Out.DocsUrl = llvm::StringRef(Opt.DocsUrl).rtrim('/').str();
  Out.OmitSuppressed = Opt.SarifOmitSuppressed;
  if (!Opt.Report.empty() && Opt.Report != "-")
    Out.ReportDir = llvm::sys::path::parent_path(absolute(Opt.Report)).str();
  createTextWriter(Out)->write(llvm::outs(), Result);
  std::pair<const std::string &,
            std::unique_ptr<OutputWriter> (*)(const OutputOptions &)>
      Writers[] = {{Opt.Report, createReportWriter},
                 {Opt.Json, createJsonWriter},
                 {Opt.Sarif, createSarifWriter},
                 {Opt.ExportFixes, createFixesWriter},
                 {Opt.WriteBaseline, createBaselineWriter}};
  for (const auto &[Path, Create] : Writers)
    if (!Path.empty())
      CouldNotRun |= !writeAtomically(Path, *Create(Out), Result);
  if (!Opt.Html.empty())
    if (llvm::Error E = writeHtmlReport(Opt.Html, Result, Out)) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << "cannot write the HTML report to '" << Opt.Html
          << "': " << llvm::toString(std::move(E)) << "\n";
      CouldNotRun = true;
    }

  unsigned Errors = 0, Warnings = 0, Suppressed = 0, Baselined = 0;
  for (const FindingRecord &R : Result.Findings) {
    if (R.Suppressed)
      ++Suppressed;
    else if (R.Baselined)
      ++Baselined;
    else
      (R.Level == Severity::Error ? Errors : Warnings)++;
  }
  // Findings first, then the summary, also in a log that merges both
  // streams (`2>&1`).
  llvm::outs().flush();
  if (!Opt.Quiet) {
    unsigned N = Errors + Warnings;
    llvm::errs() << "txnlint: " << N << " finding" << (N == 1 ? "" : "s")
                 << " (" << Errors << " error" << (Errors == 1 ? "" : "s")
                 << ", " << Warnings << " warning"
                 << (Warnings == 1 ? "" : "s") << ") in "
                 << Result.TranslationUnits << " translation unit"
                 << (Result.TranslationUnits == 1 ? "" : "s");
    if (Suppressed)
      llvm::errs() << "; " << Suppressed << " suppressed";
    if (!Opt.Baseline.empty())
      llvm::errs() << "; " << Baselined << " in the baseline, "
                   << Result.StaleBaselineEntries
                   << " baseline entr"
                   << (Result.StaleBaselineEntries == 1 ? "y" : "ies")
                   << " no longer match";
    llvm::errs() << "\n";
  }
  if (CouldNotRun)
    return ExitCouldNotRun;
  bool Fail = (Opt.FailOn == "error" && Errors > 0) ||
              (Opt.FailOn == "warning" && Errors + Warnings > 0);
  return Fail ? ExitFindings : ExitClean;
}

} // namespace

} // namespace txnlint::driver
