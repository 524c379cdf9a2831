//===--- Runner.cpp - Analyse translation units in parallel ---------------===//

#include "Runner.h"
#include "Analyzer.h"
#include "Cache.h"
#include "Places.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Option/ArgList.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/WithColor.h"
#include <atomic>
#include <csignal>
#include <signal.h>
#include <sys/types.h>
#include <cstdlib>
#include <thread>
#include <chrono>
#include <mutex>
#include <set>

using namespace clang;
using namespace clang::tooling;

namespace txnlint::driver {

namespace {

std::string resourceDir() {
  if (const char *Env = std::getenv("TXNLINT_RESOURCE_DIR"); Env && *Env)
    return Env;
  return TXNLINT_CLANG_RESOURCE_DIR;
}

/// A test build's fault injection (TXNLINT_FAULT_INJECTION): the analysis
/// of a unit whose path contains TEXT crashes (`TXNLINT_FAULT=crash:TEXT`)
/// or never finishes (`hang:TEXT`). A release build ignores the variable.
void injectFault(llvm::StringRef File) {
#ifdef TXNLINT_FAULT_INJECTION
  const char *Env = std::getenv("TXNLINT_FAULT");
  if (!Env)
    return;
  auto [Kind, Text] = llvm::StringRef(Env).split(':');
  if (Text.empty() || !File.contains(Text))
    return;
  if (Kind == "crash")
    std::abort();
  if (Kind == "hang")
    for (;;)
      std::this_thread::sleep_for(std::chrono::seconds(1));
#else
  (void)File;
#endif
}

/// Splits arguments at tabs and line breaks: CMake writes some flags as
/// `\t\t-Wno-attributes` in a command string, and LLVM's tokenizer (as
/// clang-tidy's) keeps the tabs in the argument, which clang then rejects
/// as an input file. A space stays part of an argument (a quoted path).
ArgumentsAdjuster splitAtTabs() {
  return [](const CommandLineArguments &Args, StringRef) {
    CommandLineArguments Out;
    for (const std::string &A : Args) {
      if (A.find_first_of("\t\n\r\v\f") == std::string::npos) {
        Out.push_back(A);
        continue;
      }
      llvm::SmallVector<StringRef, 4> Parts;
      StringRef(A).split(Parts, '\t', -1, /*KeepEmpty=*/false);
      for (StringRef P : Parts) {
        llvm::SmallVector<StringRef, 2> Lines;
        P.split(Lines, '\n', -1, false);
        for (StringRef L : Lines)
          if (!L.trim("\r\v\f ").empty())
            Out.push_back(L.trim("\r\v\f ").str());
      }
    }
    return Out;
  };
}

/// Drops arguments the clang driver does not know (GCC-only flags such as
/// -fipa-pta): with them clang stops with "unknown argument".
ArgumentsAdjuster dropUnknownArguments() {
  return [](const CommandLineArguments &Args, StringRef) {
    if (Args.size() < 2)
      return Args;
    std::vector<const char *> Argv;
    for (size_t I = 1; I < Args.size(); ++I)
      Argv.push_back(Args[I].c_str());
    unsigned MissingIndex = 0, MissingCount = 0;
    const llvm::opt::OptTable &Table = clang::driver::getDriverOptTable();
    llvm::opt::InputArgList List = Table.ParseArgs(
        Argv, MissingIndex, MissingCount,
        llvm::opt::Visibility(clang::driver::options::ClangOption));
    std::set<unsigned> Drop;
    for (const llvm::opt::Arg *A :
         List.filtered(clang::driver::options::OPT_UNKNOWN))
      Drop.insert(A->getIndex() + 1);
    CommandLineArguments Out;
    for (size_t I = 0; I < Args.size(); ++I)
      if (!Drop.count(static_cast<unsigned>(I)))
        Out.push_back(Args[I]);
    return Out;
  };
}

/// The commands of one file, fetched up front so that tasks share nothing.
class FixedCommands : public CompilationDatabase {
public:
  explicit FixedCommands(std::vector<CompileCommand> Commands)
      : Commands(std::move(Commands)) {}
  std::vector<CompileCommand> getCompileCommands(StringRef) const override {
    return Commands;
  }

private:
  std::vector<CompileCommand> Commands;
};

/// Runs the analysis on one AST and keeps what it found.
class Consumer : public ASTConsumer {
public:
  Consumer(const RuleSet &Rules, const RunOptions &Opts, TuFacts &Out,
           UnitInputs *Inputs, const SourceManager &SM)
      : Rules(Rules), Opts(Opts), Out(Out), Inputs(Inputs), SM(SM) {}
  /// The body of a function in a system header is not parsed (as clangd's
  /// preamble) unless --system-headers: nothing there is analysed. Kept:
  /// templates, whose instantiations may run the project's code (a generic
  /// lambda passed to std::for_each), and functions that return bool, whose
  /// constant result decides a branch (`while (alwaysFalse())`).
  bool shouldSkipFunctionBody(Decl *D) override {
    const auto *F = D->getAsFunction();
    return !Rules.Settings.SystemHeaders && F && !D->isTemplated() &&
           !F->getReturnType()->isBooleanType() &&
           SM.isInSystemHeader(D->getLocation());
  }
  void HandleTranslationUnit(ASTContext &Ctx) override {
    static const std::vector<FunctionFacts> None;
    Out = mapTranslationUnit(Ctx, Rules, Opts.Enabled,
                             Opts.Library ? *Opts.Library : None);
    if (!Inputs)
      return;
    // Every file the unit read (the main file, each header), for the cache.
    const SourceManager &SM = Ctx.getSourceManager();
    // Real paths: `..` after a symbolic link is not the lexical parent
    // (GCC's headers as `/../lib/gcc/.../../../../include/c++/12`, with
    // /lib a link to usr/lib).
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      llvm::StringRef Real = It->first.getFileEntry().tryGetRealPathName();
      llvm::SmallString<256> P(Real.empty() ? It->first.getName() : Real);
      if (Real.empty())
        SM.getFileManager().makeAbsolutePath(P);
      Inputs->Read.push_back(std::string(P));
    }
    for (auto *List : {&Inputs->Read, &Inputs->Absent}) {
      llvm::sort(*List);
      List->erase(std::unique(List->begin(), List->end()), List->end());
    }
  }

private:
  const RuleSet &Rules;
  const RunOptions &Opts;
  TuFacts &Out;
  UnitInputs *Inputs;
  const SourceManager &SM;
};

/// Where each `#include` that was not found would have been found.
class MissingIncludes : public PPCallbacks {
public:
  MissingIncludes(Preprocessor &PP, std::vector<std::string> &Out)
      : PP(PP), Out(Out) {}
  void InclusionDirective(SourceLocation HashLoc, const Token &,
                          StringRef FileName, bool IsAngled,
                          CharSourceRange, OptionalFileEntryRef File,
                          StringRef, StringRef, const Module *, bool,
                          SrcMgr::CharacteristicKind) override {
    if (File || FileName.empty())
      return;
    FileManager &FM = PP.getFileManager();
    auto Add = [&](StringRef Dir) {
      llvm::SmallString<256> P(Dir);
      llvm::sys::path::append(P, FileName);
      FM.makeAbsolutePath(P); // `..` kept: the kernel resolves it.
      Out.push_back(std::string(P));
    };
    if (llvm::sys::path::is_absolute(FileName)) {
      Out.push_back(FileName.str());
      return;
    }
    if (!IsAngled) // Quoted: the includer's directory first.
      Add(llvm::sys::path::parent_path(
          PP.getSourceManager().getFilename(
              PP.getSourceManager().getFileLoc(HashLoc))));
    // Every directory given, also those that do not exist (yet): the
    // search list clang built leaves those out.
    for (const auto &E : PP.getHeaderSearchInfo().getHeaderSearchOpts().UserEntries)
      if (!E.IsFramework)
        Add(E.Path);
  }

private:
  Preprocessor &PP;
  std::vector<std::string> &Out;
};

class Factory : public FrontendActionFactory {
public:
  Factory(const RuleSet &Rules, const RunOptions &Opts, TuFacts &Out,
          UnitInputs *Inputs)
      : Rules(Rules), Opts(Opts), Out(Out), Inputs(Inputs) {}
  std::unique_ptr<FrontendAction> create() override {
    struct Action : ASTFrontendAction {
      Factory &F;
      explicit Action(Factory &F) : F(F) {}
      std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                     StringRef) override {
        CI.getFrontendOpts().SkipFunctionBodies = true; // Consumer says which.
        return std::make_unique<Consumer>(F.Rules, F.Opts, F.Out, F.Inputs,
                                          CI.getSourceManager());
      }
      bool BeginSourceFileAction(CompilerInstance &CI) override {
        if (F.Inputs)
          CI.getPreprocessor().addPPCallbacks(std::make_unique<MissingIncludes>(
              CI.getPreprocessor(), F.Inputs->Absent));
        return true;
      }
    };
    return std::make_unique<Action>(*this);
  }

private:
  const RuleSet &Rules;
  const RunOptions &Opts;
  TuFacts &Out;
  UnitInputs *Inputs;
};

/// One translation unit, start to end, sharing nothing with other tasks;
/// with \p Inputs, the files it read.
void runOne(const std::string &File, std::vector<CompileCommand> Commands,
            const RuleSet &Rules, const RunOptions &Opts, TuFacts &Out,
            UnitInputs *Inputs) {
  std::string DiagText;
  llvm::raw_string_ostream Diags(DiagText);
  FixedCommands Db(std::move(Commands));
  // A file system with its own working directory: the default one changes
  // the process's directory per compile command, which races across tasks.
  ClangTool Tool(Db, {File}, std::make_shared<PCHContainerOperations>(),
                 llvm::vfs::createPhysicalFileSystem());
  Tool.appendArgumentsAdjuster(splitAtTabs());
  Tool.appendArgumentsAdjuster(dropUnknownArguments());
  std::vector<std::string> Before{"-resource-dir=" + resourceDir()};
  Before.insert(Before.end(), Opts.ExtraArgsBefore.begin(),
                Opts.ExtraArgsBefore.end());
  Tool.appendArgumentsAdjuster(
      getInsertArgumentAdjuster(Before, ArgumentInsertPosition::BEGIN));
  std::vector<std::string> Extra{"-w", "-Wno-unknown-warning-option"};
  Extra.insert(Extra.end(), Opts.ExtraArgs.begin(), Opts.ExtraArgs.end());
  Tool.appendArgumentsAdjuster(
      getInsertArgumentAdjuster(Extra, ArgumentInsertPosition::END));
  // The printer shares ownership of its options (ref-counted).
  TextDiagnosticPrinter Printer(Diags, new DiagnosticOptions());
  Tool.setDiagnosticConsumer(&Printer);
  Tool.setPrintErrorMessage(false);
  // Every cache keyed by a declaration is owned by the TU's analysis.
  Factory F(Rules, Opts, Out, Inputs);
  // A crash in one translation unit loses that unit, not the run.
  int RC = 1;
  llvm::CrashRecoveryContext CRC;
  if (!CRC.RunSafely([&] {
        injectFault(File);
        RC = Tool.run(&F);
      })) {
    Out = TuFacts();
    Out.File = File;
    Out.Failed = true;
    if (Inputs)
      *Inputs = UnitInputs();
    llvm::WithColor::error(Diags, "txnlint")
        << File << ": internal error: the analysis crashed on this "
        << "translation unit; its findings are missing (please report it)\n";
    Out.Diagnostics = std::move(DiagText);
    return;
  }
  Out.File = File;
  Out.RulesFile = Rules.SourceFile;
  Out.Presets = Rules.ActivePresets;
  if (RC != 0 || Printer.getNumErrors() > 0) {
    llvm::WithColor::error(Diags, "txnlint")
        << File << ": translation unit has compiler errors; analysed what "
        << "parsed\n";
    Out.Failed = true;
  }
  Out.Diagnostics = std::move(DiagText);
}

} // namespace

/// `--tu-timeout`: \p File mapped by this program in a child process
/// (`--shard 1/1 --facts-dir TMP FILE`) that is killed after the timeout;
/// its facts, or a failed unit that says why there are none.
static void runIsolated(const std::string &File, const RunOptions &Opts,
                 llvm::StringRef Summary, TuFacts &Out) {
  auto Fail = [&](const std::string &Why, const std::string &ChildOutput) {
    Out = TuFacts();
    Out.File = File;
    Out.Failed = true;
    llvm::raw_string_ostream OS(Out.Diagnostics);
    OS << ChildOutput;
    llvm::WithColor::error(OS, "txnlint") << File << ": " << Why << "\n";
  };
  llvm::SmallString<128> Dir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("txnlint-unit", Dir)) {
    Fail("cannot make a temporary directory: " + EC.message(), "");
    return;
  }
  std::vector<std::string> Args = Opts.ChildArgs;
  Args.insert(Args.end(), {"--quiet", "--shard", "1/1", "--facts-dir",
                           std::string(Dir)});
  if (!Summary.empty())
    Args.insert(Args.end(), {"--read-summary", Summary.str()});
  else if (!Opts.CacheDir.empty())
    Args.insert(Args.end(), {"--cache-dir", Opts.CacheDir});
  Args.push_back(File);
  llvm::append_range(Args, Opts.ChildArgsAfter);
  std::vector<llvm::StringRef> Refs(Args.begin(), Args.end());
  llvm::SmallString<128> ErrFile(Dir);
  llvm::sys::path::append(ErrFile, "stderr.txt");
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                llvm::StringRef(""),
                                                llvm::StringRef(ErrFile)};
  std::string ErrMsg;
  bool ExecFailed = false, TimedOut = false;
  int RC = -1;
  // Polled, not ExecuteAndWait's timeout: that one is an alarm(2) for the
  // whole process, which the other units' waits would take over.
  llvm::sys::ProcessInfo PI =
      llvm::sys::ExecuteNoWait(Opts.SelfPath, Refs, std::nullopt, Redirects,
                               0, &ErrMsg, &ExecFailed);
  if (!ExecFailed) {
    auto Deadline = std::chrono::steady_clock::now() +
                    std::chrono::seconds(Opts.TuTimeout);
    for (;;) {
      llvm::sys::ProcessInfo R =
          llvm::sys::Wait(PI, /*SecondsToWait=*/0, &ErrMsg, nullptr,
                          /*Polling=*/true);
      if (R.Pid == PI.Pid) {
        RC = R.ReturnCode;
        break;
      }
      if (std::chrono::steady_clock::now() >= Deadline) {
        ::kill(PI.Pid, SIGKILL);
        llvm::sys::Wait(PI, std::nullopt);
        TimedOut = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  llvm::SmallString<256> FactsPath(Dir);
  llvm::sys::path::append(FactsPath, factsFileName(File));
  std::string ChildOutput;
  if (auto B = llvm::MemoryBuffer::getFile(ErrFile))
    ChildOutput = (*B)->getBuffer().str();
  if (RC == 0 || RC == 2) {
    if (auto Facts = readFactsFile(FactsPath, "facts file")) {
      Out = std::move(*Facts);
      llvm::sys::fs::remove_directories(Dir);
      return;
    } else {
      llvm::consumeError(Facts.takeError());
    }
  }
  if (TimedOut)
    Fail("the analysis did not finish within " +
             std::to_string(Opts.TuTimeout) +
             " s (--tu-timeout); its findings are missing",
         ChildOutput);
  else
    Fail("internal error: the analysis of this translation unit failed in "
         "its own process (" +
             (ErrMsg.empty() ? "exit code " + std::to_string(RC) : ErrMsg) +
             "); its findings are missing (please report it)",
         ChildOutput);
  llvm::sys::fs::remove_directories(Dir);
}

std::vector<TuFacts> mapTranslationUnits(const CompilationDatabase &Db,
                                         const std::vector<std::string> &Files,
                                         const RuleSet &Rules,
                                         const RunOptions &Opts) {
  std::vector<TuFacts> PerFile(Files.size());
  std::vector<std::vector<CompileCommand>> Commands;
  for (const std::string &F : Files)
    Commands.push_back(Db.getCompileCommands(F));

  std::atomic<unsigned> Done{0};
  std::mutex ProgressMutex;
  auto Start = std::chrono::steady_clock::now();
  // The units of an isolated run map with the library from a file.
  std::string Summary;
  if (Opts.TuTimeout && Opts.Library) {
    llvm::SmallString<128> Path;
    int FD = -1;
    if (!llvm::sys::fs::createTemporaryFile("txnlint-summary", "json", FD,
                                            Path)) {
      llvm::sys::Process::SafelyCloseFileDescriptor(FD);
      TuFacts T;
      T.Functions = *Opts.Library;
      if (!writeFactsFile(Path, T))
        Summary = std::string(Path);
    }
  }
  auto Task = [&](size_t I) {
    std::string Key;
    std::optional<TuFacts> Cached;
    if (Opts.Cache) {
      Key = Opts.Cache->keyFor(
          Files[I], Commands[I],
          I < Opts.LibraryDigests.size() ? Opts.LibraryDigests[I] : "");
      Cached = Opts.Cache->lookup(Key);
    }
    if (Cached) {
      PerFile[I] = std::move(*Cached);
    } else if (Opts.TuTimeout) {
      // The child keeps its own entry (first round: the same key).
      runIsolated(Files[I], Opts, Summary, PerFile[I]);
    } else {
      UnitInputs Inputs;
      auto Started = std::chrono::system_clock::now();
      runOne(Files[I], Commands[I], Rules, Opts, PerFile[I],
             Opts.Cache ? &Inputs : nullptr);
      // A crashed unit has no facts to keep (and left no inputs).
      if (Opts.Cache && !Inputs.Read.empty())
        Opts.Cache->store(Key, PerFile[I], Inputs, Started);
    }
    unsigned N = ++Done;
    if (!Opts.Progress)
      return;
    std::lock_guard<std::mutex> Lock(ProgressMutex);
    double Secs = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - Start)
                      .count();
    llvm::errs() << llvm::format("\r[%u/%zu] %.1fs ", N, Files.size(), Secs);
    if (N == Files.size())
      llvm::errs() << "\n";
  };
  unsigned Jobs = Opts.Jobs ? Opts.Jobs : llvm::hardware_concurrency().compute_thread_count();
  if (Jobs <= 1 || Files.size() <= 1) {
    for (size_t I = 0; I < Files.size(); ++I)
      Task(I);
  } else {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
    for (size_t I = 0; I < Files.size(); ++I)
      Pool.async([&Task, I] { Task(I); });
    Pool.wait();
  }

  if (!Summary.empty())
    llvm::sys::fs::remove(Summary);
  return PerFile;
}

std::vector<size_t>
unitsToRefine(const std::vector<TuFacts> &Units,
              const std::vector<FunctionFacts> &Library) {
  llvm::StringSet<> Transfers;
  for (const FunctionFacts &F : Library)
    if (!F.Transfer.empty())
      Transfers.insert(F.Usr);
  std::vector<size_t> Out;
  if (Transfers.empty())
    return Out;
  for (size_t I = 0; I < Units.size(); ++I) {
    llvm::StringSet<> Defined;
    for (const FunctionFacts &F : Units[I].Functions)
      Defined.insert(F.Usr);
    bool Needs = llvm::any_of(Units[I].Functions, [&](const FunctionFacts &F) {
      return llvm::any_of(F.Callees, [&](const std::string &C) {
        return Transfers.contains(C) && !Defined.contains(C);
      });
    });
    if (Needs)
      Out.push_back(I);
  }
  return Out;
}

RunResult fromMerge(MergeResult M) {
  RunResult R;
  for (MergedFinding &F : M.Findings) {
    FindingRecord Rec(std::move(F.F));
    Rec.Suppressed = std::move(F.Suppressed);
    R.Findings.push_back(std::move(Rec));
  }
  R.Functions = std::move(M.Functions);
  R.FailedFiles = std::move(M.FailedFiles);
  R.FailureReasons = std::move(M.FailureReasons);
  R.Rules = std::move(M.Rules);
  R.Diagnostics = std::move(M.Diagnostics);
  R.TranslationUnits = M.TranslationUnits;
  R.MainFiles = std::move(M.MainFiles);
  R.CouldNotRun = !R.FailedFiles.empty();
  return R;
}

std::string factsFileName(llvm::StringRef MainFile) {
  return (llvm::sys::path::filename(MainFile) + "-" +
          llvm::utohexstr(llvm::xxh3_64bits(MainFile), /*LowerCase=*/true) +
          FactsSuffix)
      .str();
}

llvm::Error writeFacts(llvm::StringRef Dir, const TuFacts &T) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "%s: cannot create directory: %s",
                                   Dir.str().c_str(), EC.message().c_str());
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, factsFileName(writtenPath(T.File)));
  return writeFactsFile(Path, T);
}

llvm::Expected<std::vector<TuFacts>> readFactsDirectory(llvm::StringRef Dir) {
  std::error_code EC;
  if (!llvm::sys::fs::is_directory(Dir))
    return llvm::createStringError(std::errc::not_a_directory,
                                   "%s: not a directory of facts files",
                                   Dir.str().c_str());
  std::vector<std::string> Paths;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(FactsSuffix))
      Paths.push_back(It->path());
  if (EC)
    return llvm::createStringError(EC, "%s: cannot list: %s",
                                   Dir.str().c_str(), EC.message().c_str());
  llvm::sort(Paths);
  std::vector<TuFacts> Out;
  for (const std::string &P : Paths) {
    auto T = readFactsFile(P, "facts file");
    if (!T)
      return T.takeError();
    Out.push_back(std::move(*T));
  }
  return Out;
}

} // namespace txnlint::driver
