//===--- AnalysisCache.h - Load rules and analyse each TU once --*- C++ -*-===//
//
// Rules are loaded once per process and path. A translation unit is analysed
// once however many checks ask for it: checks bracket their use with
// beginTranslationUnit()/endTranslationUnit(), and the analysis is dropped
// when the last one ends.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_ANALYSISCACHE_H
#define TXNLINT_CORE_ANALYSISCACHE_H

#include "Analyzer.h"
#include "llvm/Support/Error.h"

namespace txnlint {

/// The catalog for the rules file at \p Path (the default rules when empty).
llvm::Expected<const ApiCatalog *> catalogFor(llvm::StringRef Path);

void beginTranslationUnit();
void endTranslationUnit();

/// The analysis of the TU of \p Ctx under \p Api, computed on first use.
const TuAnalysis &analysisFor(clang::ASTContext &Ctx, const ApiCatalog &Api);

} // namespace txnlint

#endif // TXNLINT_CORE_ANALYSISCACHE_H
