//===--- TxnCheckAdapter.cpp - clang-tidy adapter over txnlint core -------===//

#include "TxnCheckAdapter.h"
#include "AnalysisCache.h"
#include "Places.h"
#include "Suppressions.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <mutex>
#include <set>

using namespace clang::ast_matchers;

namespace clang::tidy::txn {

static constexpr llvm::StringLiteral RulesFileOption = "RulesFile";
static constexpr llvm::StringLiteral SummaryFileOption = "SummaryFile";

/// The nearest .clang-tidy above \p MainFile that sets \p Option for
/// check \p Check (`txn-x.RulesFile` or `RulesFile`): what a relative
/// path in it is relative to. Empty when none does (`--config`).
static std::string configSetting(StringRef MainFile, StringRef Check,
                                 StringRef Option) {
  llvm::SmallString<256> Dir(MainFile);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  std::string Local = (Check + "." + Option).str();
  for (int Depth = 0; !Dir.empty() && Depth < 64; ++Depth) {
    llvm::SmallString<256> File(Dir);
    llvm::sys::path::append(File, ".clang-tidy");
    if (auto Buf = llvm::MemoryBuffer::getFile(File)) {
      auto Parsed = parseConfiguration((*Buf)->getMemBufferRef());
      if (Parsed && Parsed->CheckOptions.count(Local) +
                            Parsed->CheckOptions.count(Option))
        return std::string(File);
    }
    StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return "";
}

/// \p Path made absolute against the .clang-tidy that sets it (or the
/// working directory); \p From says which, for messages.
static std::string resolveOption(std::string Path, StringRef MainFile,
                                 StringRef Check, StringRef Option,
                                 std::string &From) {
  if (Path.empty() || llvm::sys::path::is_absolute(Path))
    return Path;
  llvm::SmallString<256> Abs(Path);
  std::string Config = configSetting(MainFile, Check, Option);
  if (!Config.empty()) {
    llvm::sys::fs::make_absolute(llvm::sys::path::parent_path(Config), Abs);
    From = "relative to " + Config;
  } else {
    llvm::sys::fs::make_absolute(Abs);
    From = "relative to the working directory; no .clang-tidy above the "
           "file sets it";
  }
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  From = Option.str() + " '" + Path + "' was read as '" + std::string(Abs) +
         "' (" + From + ")";
  return std::string(Abs);
}

TxnCheckAdapter::TxnCheckAdapter(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Name(Name.str()),
      RulesFile(Options.getLocalOrGlobal(RulesFileOption, "").str()),
      SummaryFile(Options.getLocalOrGlobal(SummaryFileOption, "").str()) {
  RulesFile = resolveOption(RulesFile, Context->getCurrentFile(), Name,
                            RulesFileOption, RulesFrom);
  SummaryFile = resolveOption(SummaryFile, Context->getCurrentFile(), Name,
                              SummaryFileOption, SummaryFrom);
  // clang-tidy's --system-headers / SystemHeaders: findings there shown,
  // so the functions there are analysed.
  SystemHeaders = Context->getOptions().SystemHeaders.value_or(false);
}

void TxnCheckAdapter::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, RulesFileOption, RulesFile);
  Options.store(Opts, SummaryFileOption, SummaryFile);
}

/// One configuration error per distinct problem, however many checks
/// share the file. An error, so that the run fails: a gate must not pass
/// because its rules could not be read.
void TxnCheckAdapter::reportOnce(std::string Msg) {
  static std::mutex M;
  static std::set<std::string> Reported;
  std::lock_guard<std::mutex> Lock(M);
  if (Reported.insert(Msg).second)
    configurationDiag("%0", DiagnosticIDs::Error) << Msg;
}

void TxnCheckAdapter::registerMatchers(MatchFinder *Finder) {
  auto Loaded = txnlint::rulesFor(RulesFile, SystemHeaders);
  if (!Loaded) {
    std::string Msg = llvm::toString(Loaded.takeError());
    if (RulesFile.empty())
      Msg += "; set the RulesFile option of the txn- checks (CheckOptions in "
             ".clang-tidy) to your rules file";
    else if (!RulesFrom.empty())
      Msg += "; " + RulesFrom;
    reportOnce(Msg);
    return;
  }
  Rules = *Loaded;
  if (!SummaryFile.empty()) {
    auto Summary = txnlint::summaryFor(SummaryFile);
    if (!Summary) {
      reportOnce(llvm::toString(Summary.takeError()) +
                 (SummaryFrom.empty() ? "" : "; " + SummaryFrom));
      Rules = nullptr; // A summary that cannot be read is not skipped.
      return;
    }
    Library = *Summary;
  }
  // The analysis covers the whole translation unit at once.
  Finder->addMatcher(translationUnitDecl(), this);
}

void TxnCheckAdapter::onStartOfTranslationUnit() {
  txnlint::beginTranslationUnit(Name);
}

void TxnCheckAdapter::onEndOfTranslationUnit() {
  txnlint::endTranslationUnit(Name);
}

void TxnCheckAdapter::check(const MatchFinder::MatchResult &Result) {
  if (!Rules)
    return;
  const SourceManager &SM = *Result.SourceManager;
  const txnlint::TuAnalysis &A =
      txnlint::analysisFor(*Result.Context, *Rules, Library);
  // clang-tidy honours NOLINT itself; the reasoned form is ours.
  txnlint::SuppressionIndex Suppressions(SM);
  for (const txnlint::Finding &F : A.findings()) {
    if (F.Check != Name)
      continue;
    SourceLocation Loc = txnlint::locationOf(SM, F.Where);
    auto S = Suppressions.find(Loc, Name);
    if (S && S->Kind == txnlint::SuppressionKind::Allow)
      continue;
    diag(Loc, "%0") << F.Message;
    // A note of a cross-file chain may be in a file this translation unit
    // never read: loaded, so that it shows with its place.
    for (const txnlint::FindingNote &N : F.Notes)
      diag(txnlint::locationLoading(*Result.SourceManager, N.Where), "%0",
           DiagnosticIDs::Note)
          << N.Message;
  }
}

} // namespace clang::tidy::txn
