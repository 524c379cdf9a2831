//===--- Driver.cpp - The standalone txnlint driver -----------------------===//
//
// `txnlint -p BUILD [files...]`: runs every check over the compilation
// database, prints diagnostics and writes the report. Exit 0 clean, 1
// findings at or above --fail-on, 2 could not run (options, rules,
// database, I/O, a translation unit with compiler errors).
//
//===----------------------------------------------------------------------===//

#include "Driver.h"
#include "Analyzer.h"
#include "RuleLoader.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include <algorithm>
#include <set>

using namespace clang;
using namespace clang::tooling;

namespace txnlint::driver {

namespace {

namespace cl = llvm::cl;

struct Options {
  cl::OptionCategory Category{"txnlint options"};
  cl::opt<std::string> BuildPath{
      "p", cl::desc("Build directory with compile_commands.json"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::list<std::string> Files{cl::Positional,
                              cl::desc("[<file> ...] (default: every file in "
                                       "the compilation database)"),
                              cl::cat(Category)};
  cl::opt<std::string> Rules{
      "rules", cl::desc("Rules file (default: the installed rules.yaml)"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> Report{
      "report", cl::desc("Write the Markdown compliance report to <file>"),
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
  cl::opt<bool> ListChecks{"list-checks", cl::desc("List the checks and exit"),
                           cl::cat(Category)};
  cl::opt<bool> VerifyRules{"verify-rules",
                            cl::desc("Validate the rules file and exit"),
                            cl::cat(Category)};
  cl::opt<bool> DumpRules{"dump-rules",
                          cl::desc("Print the effective rules and exit"),
                          cl::cat(Category)};
  cl::opt<bool> Quiet{"quiet", cl::desc("No summary line on stderr"),
                      cl::cat(Category)};
  cl::opt<bool> NoSnippets{"no-snippets",
                           cl::desc("Do not print source lines and carets"),
                           cl::cat(Category)};
  cl::list<std::string> ExtraArgs{
      "extra-arg", cl::desc("Extra compiler argument to append"),
      cl::cat(Category)};
};

std::string resourceDir() {
  if (const char *Env = std::getenv("TXNLINT_RESOURCE_DIR"); Env && *Env)
    return Env;
  llvm::SmallString<256> P(TXNLINT_CLANG_RESOURCE_DIR);
  llvm::sys::path::append(P, "include");
  if (llvm::sys::fs::is_directory(P))
    return TXNLINT_CLANG_RESOURCE_DIR;
  return TXNLINT_CLANG_RESOURCE_DIR; // Best guess; clang explains failures.
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
    llvm::opt::InputArgList List =
        Table.ParseArgs(Argv, MissingIndex, MissingCount,
                        llvm::opt::Visibility(clang::driver::options::ClangOption));
    std::set<unsigned> Drop;
    for (const llvm::opt::Arg *A : List.filtered(clang::driver::options::OPT_UNKNOWN))
      Drop.insert(A->getIndex() + 1);
    CommandLineArguments Out;
    for (size_t I = 0; I < Args.size(); ++I)
      if (!Drop.count(static_cast<unsigned>(I)))
        Out.push_back(Args[I]);
    return Out;
  };
}

Place placeOf(const SourceManager &SM, SourceLocation Loc) {
  Place P;
  Loc = SM.getFileLoc(Loc);
  PresumedLoc PL = SM.getPresumedLoc(Loc);
  if (PL.isInvalid())
    return P;
  P.File = PL.getFilename();
  P.Line = PL.getLine();
  P.Column = PL.getColumn();
  bool Invalid = false;
  const char *Data = SM.getCharacterData(Loc, &Invalid);
  if (!Invalid && Data) {
    const char *Start = Data - (P.Column - 1);
    const char *End = Data;
    while (*End && *End != '\n' && *End != '\r')
      ++End;
    P.SourceLine.assign(Start, End);
  }
  return P;
}

/// Runs the analysis on one AST and keeps what it found.
class Consumer : public ASTConsumer {
public:
  Consumer(const ApiCatalog &Api, RunResult &Out) : Api(Api), Out(Out) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    const SourceManager &SM = Ctx.getSourceManager();
    TuAnalysis A(Ctx, Api);
    for (const Finding &F : A.findings()) {
      if (SM.isInSystemHeader(F.Loc))
        continue;
      FindingRecord R{F.Check, F.Level, placeOf(SM, F.Loc), F.Message, {}, ""};
      for (const FindingNote &N : F.Notes)
        R.Notes.push_back({placeOf(SM, N.Loc), N.Message});
      if (F.Function)
        R.Function = qualifiedName(F.Function);
      Out.Findings.push_back(std::move(R));
    }
    for (const FunctionFacts &F : A.functions()) {
      FunctionRecord R;
      R.File = placeOf(SM, F.Function->getLocation()).File;
      R.Line = F.Line;
      R.Name = F.Name;
      R.Role = F.Role.Role;
      R.Source = F.Role.Source;
      R.Lambda = F.Lambda;
      R.Spawned = F.Spawned;
      R.Begins = F.BeginsDirectly || F.BeginsThroughCall;
      R.TakesSession = F.TakesSession;
      R.OpensOwnSession = F.OpensOwnSession;
      R.SpawnsAfterCommit = F.SpawnsAfterCommit;
      Out.Functions.push_back(std::move(R));
    }
  }

private:
  const ApiCatalog &Api;
  RunResult &Out;
};

class Action : public ASTFrontendAction {
public:
  Action(const ApiCatalog &Api, RunResult &Out) : Api(Api), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<Consumer>(Api, Out);
  }

private:
  const ApiCatalog &Api;
  RunResult &Out;
};

class Factory : public FrontendActionFactory {
public:
  Factory(const ApiCatalog &Api, RunResult &Out) : Api(Api), Out(Out) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(Api, Out);
  }

private:
  const ApiCatalog &Api;
  RunResult &Out;
};

/// Selects checks by clang-tidy style globs: "txn-*,-txn-nested-begin".
bool checkEnabled(CheckKind K, StringRef Globs) {
  bool On = false;
  llvm::SmallVector<StringRef, 4> Parts;
  Globs.split(Parts, ',', -1, false);
  for (StringRef P : Parts) {
    P = P.trim();
    bool Negative = P.consume_front("-");
    auto G = llvm::GlobPattern::create(P);
    if (G && G->match(checkName(K)))
      On = !Negative;
    else if (!G)
      llvm::consumeError(G.takeError());
  }
  return On;
}

void dumpRules(llvm::raw_ostream &OS, const RuleSet &R) {
  OS << "rules: " << R.SourceFile << "\npresets:";
  for (const std::string &P : R.ActivePresets)
    OS << " " << P;
  OS << "\n";
  for (const TransactionApi &T : R.Transactions) {
    OS << "transaction "
       << (T.Kind == ScopeKind::Raii       ? "raii"
           : T.Kind == ScopeKind::Explicit ? "explicit"
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
    for (const std::string &N : S.Types)
      OS << "session " << N << "\n";
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

} // namespace

int txnlintMain(int Argc, const char **Argv) {
  Options Opt;
  cl::HideUnrelatedOptions(Opt.Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "txnlint " << TXNLINT_VERSION << " (LLVM " << LLVM_VERSION_STRING
       << ")\n";
  });
  if (!cl::ParseCommandLineOptions(Argc, Argv,
                                   "txnlint: transaction-boundary checks for "
                                   "C++\n",
                                   &llvm::errs()))
    return ExitCouldNotRun;

  if (Opt.ListChecks) {
    for (unsigned I = 0; I < NumChecks; ++I)
      llvm::outs() << checkName(static_cast<CheckKind>(I)) << "\n";
    return ExitClean;
  }
  if (Opt.FailOn != "error" && Opt.FailOn != "warning" &&
      Opt.FailOn != "never") {
    llvm::WithColor::error(llvm::errs(), "txnlint")
        << "invalid value '" << Opt.FailOn
        << "' for --fail-on; expected error, warning or never\n";
    return ExitCouldNotRun;
  }

  std::string RulesPath = Opt.Rules.empty() ? defaultRulesPath() : Opt.Rules;
  auto Rules = loadRules(RulesPath);
  if (!Rules) {
    llvm::errs() << llvm::toString(Rules.takeError()) << "\n";
    return ExitCouldNotRun;
  }
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
  ApiCatalog Api(*Rules);

  std::string DbError;
  std::unique_ptr<CompilationDatabase> Db;
  if (!Opt.BuildPath.empty() && !llvm::sys::fs::is_directory(Opt.BuildPath))
    DbError = "no such directory"; // Not a parent's database instead.
  else if (!Opt.BuildPath.empty())
    Db = CompilationDatabase::autoDetectFromDirectory(Opt.BuildPath, DbError);
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

  std::vector<std::string> Files(Opt.Files.begin(), Opt.Files.end());
  if (Files.empty())
    Files = Db->getAllFiles();
  llvm::sort(Files);
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());

  RunResult Result;
  bool CouldNotRun = false;
  for (const std::string &File : Files) {
    llvm::SmallString<256> Abs(File);
    llvm::sys::fs::make_absolute(Abs);
    if (!llvm::sys::fs::exists(Abs)) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << File << ": cannot read file: no such file or directory\n";
      CouldNotRun = true;
      continue;
    }
    if (Db->getCompileCommands(Abs).empty()) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << File << ": not in the compilation database\n";
      CouldNotRun = true;
      continue;
    }
    ClangTool Tool(*Db, {std::string(Abs)});
    Tool.appendArgumentsAdjuster(dropUnknownArguments());
    Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
        {"-resource-dir=" + resourceDir()}, ArgumentInsertPosition::BEGIN));
    std::vector<std::string> Extra{"-w", "-Wno-unknown-warning-option"};
    Extra.insert(Extra.end(), Opt.ExtraArgs.begin(), Opt.ExtraArgs.end());
    Tool.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(Extra, ArgumentInsertPosition::END));
    // The printer shares ownership of its options (ref-counted).
    TextDiagnosticPrinter Printer(llvm::errs(), new DiagnosticOptions());
    Tool.setDiagnosticConsumer(&Printer);
    Tool.setPrintErrorMessage(false);
    Factory F(Api, Result);
    int RC = Tool.run(&F);
    ++Result.TranslationUnits;
    if (RC != 0 || Printer.getNumErrors() > 0) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << File << ": translation unit has compiler errors; analysed what "
          << "parsed\n";
      Result.FailedFiles.push_back(File);
      CouldNotRun = true;
    }
  }

  // Merge over translation units: headers are seen by many.
  llvm::erase_if(Result.Findings, [&](const FindingRecord &R) {
    return !checkEnabled(R.Check, Opt.Checks);
  });
  llvm::sort(Result.Findings);
  Result.Findings.erase(
      std::unique(Result.Findings.begin(), Result.Findings.end(),
                  [](const FindingRecord &A, const FindingRecord &B) {
                    return !(A < B) && !(B < A);
                  }),
      Result.Findings.end());
  llvm::sort(Result.Functions);
  Result.Functions.erase(
      std::unique(Result.Functions.begin(), Result.Functions.end(),
                  [](const FunctionRecord &A, const FunctionRecord &B) {
                    return !(A < B) && !(B < A);
                  }),
      Result.Functions.end());

  printFindings(llvm::outs(), Result, !Opt.NoSnippets);

  if (!Opt.Report.empty()) {
    llvm::SmallString<256> Root;
    llvm::sys::fs::current_path(Root);
    std::string Text = renderReport(Result, Root);
    if (llvm::Error E = llvm::writeToOutput(
            Opt.Report, [&](llvm::raw_ostream &OS) {
              OS << Text;
              return llvm::Error::success();
            })) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << "cannot write report '" << Opt.Report
          << "': " << llvm::toString(std::move(E)) << "\n";
      CouldNotRun = true;
    }
  }

  unsigned Errors = 0, Warnings = 0;
  for (const FindingRecord &R : Result.Findings)
    (R.Level == Severity::Error ? Errors : Warnings)++;
  if (!Opt.Quiet)
    llvm::errs() << "txnlint: " << Result.Findings.size() << " finding"
                 << (Result.Findings.size() == 1 ? "" : "s") << " (" << Errors
                 << " error" << (Errors == 1 ? "" : "s") << ", " << Warnings
                 << " warning" << (Warnings == 1 ? "" : "s") << ") in "
                 << Result.TranslationUnits << " translation unit"
                 << (Result.TranslationUnits == 1 ? "" : "s") << "\n";
  if (CouldNotRun)
    return ExitCouldNotRun;
  bool Fail = (Opt.FailOn == "error" && Errors > 0) ||
              (Opt.FailOn == "warning" && Errors + Warnings > 0);
  return Fail ? ExitFindings : ExitClean;
}

} // namespace txnlint::driver
