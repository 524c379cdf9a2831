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

TxnCheckAdapter::TxnCheckAdapter(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Name(Name.str()),
      RulesFile(Options.getLocalOrGlobal(RulesFileOption, "").str()) {}

void TxnCheckAdapter::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, RulesFileOption, RulesFile);
}

void TxnCheckAdapter::registerMatchers(MatchFinder *Finder) {
  auto Loaded = txnlint::rulesFor(RulesFile);
  if (!Loaded) {
    // One message per bad rules file, however many checks use it.
    static std::mutex M;
    static std::set<std::string> Reported;
    std::string Msg = llvm::toString(Loaded.takeError());
    std::lock_guard<std::mutex> Lock(M);
    if (Reported.insert(Msg).second)
      configurationDiag("%0") << Msg;
    return;
  }
  Rules = *Loaded;
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
  const txnlint::TuAnalysis &A = txnlint::analysisFor(*Result.Context, *Rules);
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
    for (const txnlint::FindingNote &N : F.Notes)
      diag(txnlint::locationOf(SM, N.Where), "%0", DiagnosticIDs::Note)
          << N.Message;
  }
}

} // namespace clang::tidy::txn
