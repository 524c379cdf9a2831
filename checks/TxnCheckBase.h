//===--- TxnCheckBase.h - clang-tidy adapter over txnlint core --*- C++ -*-===//
//
// Every txn- check is this adapter with a different CheckKind: it loads the
// rules once (option RulesFile, local or global), asks core for the analysis
// of the translation unit and emits the findings of its own check.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CHECKS_TXNCHECKBASE_H
#define TXNLINT_CHECKS_TXNCHECKBASE_H

#include "Finding.h"
#include "clang-tidy/ClangTidyCheck.h"

namespace txnlint {
class ApiCatalog;
} // namespace txnlint

namespace clang::tidy::txn {

class TxnCheckBase : public ClangTidyCheck {
public:
  TxnCheckBase(StringRef Name, ClangTidyContext *Context,
               txnlint::CheckKind Kind);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

private:
  const txnlint::CheckKind Kind;
  /// Path of the rules file; empty means the installed default rules.yaml.
  const std::string RulesFile;
  const txnlint::ApiCatalog *Catalog = nullptr;
};

} // namespace clang::tidy::txn

#endif // TXNLINT_CHECKS_TXNCHECKBASE_H
