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
#include "Gate.h"
#include "Options.h"
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

/// The options the gate reads (Gate.h), from the command line and the
/// .clang-tidy.
GateOptions gateOptions(const Options &Opt, const std::string &Root) {
  GateOptions G;
  G.LineFilter = Opt.LineFilter;
  G.HeaderFilterGiven = Opt.HeaderFilterGiven;
  G.HeaderFilter = Opt.HeaderFilter;
  G.ExcludeHeaderFilter = Opt.ExcludeHeaderFilter;
  G.WarningsAsErrors = Opt.WarningsAsErrors;
  G.RequireReason = Opt.RequireReason;
  G.Baseline = Opt.Baseline;
  G.WriteBaseline = Opt.WriteBaseline;
  G.Report = Opt.Report;
  G.Json = Opt.Json;
  G.Sarif = Opt.Sarif;
  G.ExportFixes = Opt.ExportFixes;
  G.Html = Opt.Html;
  G.Quiet = Opt.Quiet;
  G.FailOn = Opt.FailOn;
  OutputOptions &Out = G.Out;
  Out.Root = Root;
  Out.Snippets = !Opt.NoSnippets;
  Out.Color = Opt.UseColor.getNumOccurrences()
                  ? Opt.UseColor.getValue()
                  : llvm::sys::Process::StandardOutIsDisplayed();
  Out.DocsUrl = llvm::StringRef(Opt.DocsUrl).rtrim('/').str();
  Out.OmitSuppressed = Opt.SarifOmitSuppressed;
  if (!Opt.Report.empty() && Opt.Report != "-")
    Out.ReportDir = llvm::sys::path::parent_path(absolute(Opt.Report)).str();
  return G;
}

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
    return finish(gateOptions(Opt, Root), Result, CouldNotRun || Result.CouldNotRun, Root,
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
    printRules(llvm::outs(), *Rules);
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
  return finish(gateOptions(Opt, Root), Result, CouldNotRun, Root, Changed);
}

} // namespace txnlint::driver
