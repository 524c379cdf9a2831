//===--- TxnCheckAdapter.cpp - clang-tidy adapter over txnlint core -------===//

#include "TxnCheckAdapter.h"
#include "AnalysisCache.h"
#include "Places.h"
#include "Suppressions.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <mutex>
#include <set>

using namespace clang::ast_matchers;

namespace clang::tidy::txn {

static constexpr llvm::StringLiteral RulesFileOption = "RulesFile";
static constexpr llvm::StringLiteral SummaryFileOption = "SummaryFile";

TxnCheckAdapter::TxnCheckAdapter(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Name(Name.str()),
      RulesFile(Options.getLocalOrGlobal(RulesFileOption, "").str()),
      SummaryFile(Options.getLocalOrGlobal(SummaryFileOption, "").str()) {}

void TxnCheckAdapter::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, RulesFileOption, RulesFile);
  Options.store(Opts, SummaryFileOption, SummaryFile);
}

/// One configuration message per distinct problem, however many checks
/// share the file.
void TxnCheckAdapter::reportOnce(std::string Msg) {
  static std::mutex M;
  static std::set<std::string> Reported;
  std::lock_guard<std::mutex> Lock(M);
  if (Reported.insert(Msg).second)
    configurationDiag("%0") << Msg;
}

void TxnCheckAdapter::registerMatchers(MatchFinder *Finder) {
  auto Loaded = txnlint::rulesFor(RulesFile);
  if (!Loaded) {
    reportOnce(llvm::toString(Loaded.takeError()));
    return;
  }
  Rules = *Loaded;
  if (!SummaryFile.empty()) {
    auto Summary = txnlint::summaryFor(SummaryFile);
    if (!Summary) {
      reportOnce(llvm::toString(Summary.takeError()));
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
