//===--- AnalysisCache.h - Load rules and analyse each TU once --*- C++ -*-===//
//
// For the clang-tidy adapter, where each check is a separate object. Rules
// are loaded once per process and path; a RuleSet is plain data, so sharing
// it across translation units is safe. A translation unit is analysed once
// however many checks ask for it: each check announces itself with
// beginTranslationUnit(), the analysis runs the announced checks on first
// use, and it is dropped (with every cache keyed by a declaration of that
// TU) when the last check calls endTranslationUnit().
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_ANALYSISCACHE_H
#define TXNLINT_CORE_ANALYSISCACHE_H

#include "Analyzer.h"
#include "llvm/Support/Error.h"

namespace txnlint {

/// The rules file at \p Path (the default rules when empty).
llvm::Expected<const RuleSet *> rulesFor(llvm::StringRef Path,
                                         bool SystemHeaders = false);

/// The function facts of a summary file (`txnlint --write-summary`), loaded
/// once per process and path.
llvm::Expected<const std::vector<FunctionFacts> *>
summaryFor(llvm::StringRef Path);

/// Check \p Check takes part in the current translation unit.
void beginTranslationUnit(llvm::StringRef Check);
void endTranslationUnit(llvm::StringRef Check);

/// The analysis of the TU of \p Ctx under \p Rules, computed on first use
/// for the checks announced so far.
/// With \p Library (a summary file's functions), calls into the rest of the
/// program are followed.
const TuAnalysis &analysisFor(clang::ASTContext &Ctx, const RuleSet &Rules,
                              const std::vector<FunctionFacts> *Library =
                                  nullptr);

} // namespace txnlint

#endif // TXNLINT_CORE_ANALYSISCACHE_H
