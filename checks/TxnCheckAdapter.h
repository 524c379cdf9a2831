//===--- TxnCheckAdapter.h - clang-tidy adapter over txnlint core -*- C++ -*-===//
//
// Every txn- check is this adapter under another name: it loads the rules
// once (option RulesFile, local or global) and a summary file if one is
// given (option SummaryFile), asks core for the analysis of
// the translation unit (shared by all txn- checks) and emits the findings
// of its own check. The checks themselves are core/checks/.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CHECKS_TXNCHECKADAPTER_H
#define TXNLINT_CHECKS_TXNCHECKADAPTER_H

#include "clang-tidy/ClangTidyCheck.h"

namespace txnlint {
struct RuleSet;
struct FunctionFacts;
} // namespace txnlint

namespace clang::tidy::txn {

class TxnCheckAdapter : public ClangTidyCheck {
public:
  TxnCheckAdapter(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

private:
  const std::string Name;
  /// Path of the rules file; empty means the installed default rules.yaml.
  /// A relative path is relative to the .clang-tidy file that sets it.
  std::string RulesFile;
  /// Path of a summary file (`txnlint --write-summary`): the rest of the
  /// program's functions, so that calls into other files are followed.
  std::string SummaryFile;
  /// How a relative path was resolved, for a message that says so.
  std::string RulesFrom, SummaryFrom;
  bool SystemHeaders = false; ///< clang-tidy's SystemHeaders option.
  const txnlint::RuleSet *Rules = nullptr;
  const std::vector<txnlint::FunctionFacts> *Library = nullptr;
  void reportOnce(std::string Msg);
};

} // namespace clang::tidy::txn

#endif // TXNLINT_CHECKS_TXNCHECKADAPTER_H
