//===--- TxnCheckBase.cpp - clang-tidy adapter over txnlint core ----------===//

#include "TxnCheckBase.h"
#include "AnalysisCache.h"
#include "Suppressions.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <mutex>
#include <set>

using namespace clang::ast_matchers;

namespace clang::tidy::txn {

static constexpr llvm::StringLiteral RulesFileOption = "RulesFile";

TxnCheckBase::TxnCheckBase(StringRef Name, ClangTidyContext *Context,
                           txnlint::CheckKind Kind)
    : ClangTidyCheck(Name, Context), Kind(Kind),
      RulesFile(Options.getLocalOrGlobal(RulesFileOption, "").str()) {}

void TxnCheckBase::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, RulesFileOption, RulesFile);
}

void TxnCheckBase::registerMatchers(MatchFinder *Finder) {
  auto Loaded = txnlint::catalogFor(RulesFile);
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
  Catalog = *Loaded;
  // The analysis covers the whole translation unit at once.
  Finder->addMatcher(translationUnitDecl(), this);
}

void TxnCheckBase::onStartOfTranslationUnit() {
  txnlint::beginTranslationUnit();
}

void TxnCheckBase::onEndOfTranslationUnit() { txnlint::endTranslationUnit(); }

void TxnCheckBase::check(const MatchFinder::MatchResult &Result) {
  if (!Catalog)
    return;
  const txnlint::TuAnalysis &A = txnlint::analysisFor(*Result.Context, *Catalog);
  // clang-tidy honours NOLINT itself; the reasoned form is ours.
  txnlint::SuppressionIndex Suppressions(*Result.SourceManager);
  for (const txnlint::Finding &F : A.findings()) {
    if (F.Check != Kind)
      continue;
    auto S = Suppressions.find(F.Loc, txnlint::checkName(Kind));
    if (S && S->Kind == txnlint::SuppressionKind::Allow)
      continue;
    diag(F.Loc, "%0") << F.Message;
    for (const txnlint::FindingNote &N : F.Notes)
      diag(N.Loc, "%0", DiagnosticIDs::Note) << N.Message;
  }
}

} // namespace clang::tidy::txn
