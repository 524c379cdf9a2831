//===--- AnalysisCache.cpp - Load rules and analyse each TU once ----------===//

#include "AnalysisCache.h"
#include "RuleLoader.h"
#include <map>
#include <mutex>

namespace txnlint {

namespace {
struct LoadedRules {
  std::unique_ptr<RuleSet> Rules;
  std::unique_ptr<ApiCatalog> Catalog;
  std::string Error;
};

std::mutex &cacheMutex() {
  static std::mutex M;
  return M;
}
std::map<std::string, LoadedRules> &rulesCache() {
  static std::map<std::string, LoadedRules> C;
  return C;
}
struct TuCache {
  unsigned Users = 0;
  std::map<std::pair<const clang::ASTContext *, const ApiCatalog *>,
           std::unique_ptr<TuAnalysis>>
      Analyses;
};
TuCache &tuCache() {
  static TuCache C;
  return C;
}
} // namespace

llvm::Expected<const ApiCatalog *> catalogFor(llvm::StringRef Path) {
  std::string Key = Path.empty() ? defaultRulesPath() : Path.str();
  std::lock_guard<std::mutex> Lock(cacheMutex());
  auto [It, New] = rulesCache().try_emplace(Key);
  LoadedRules &L = It->second;
  if (New) {
    auto R = loadRules(Key);
    if (R) {
      L.Rules = std::make_unique<RuleSet>(std::move(*R));
      L.Catalog = std::make_unique<ApiCatalog>(*L.Rules);
    } else {
      L.Error = llvm::toString(R.takeError());
    }
  }
  if (!L.Error.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), L.Error);
  return L.Catalog.get();
}

void beginTranslationUnit() {
  std::lock_guard<std::mutex> Lock(cacheMutex());
  ++tuCache().Users;
}

void endTranslationUnit() {
  std::lock_guard<std::mutex> Lock(cacheMutex());
  TuCache &C = tuCache();
  if (C.Users > 0 && --C.Users == 0)
    C.Analyses.clear();
}

const TuAnalysis &analysisFor(clang::ASTContext &Ctx, const ApiCatalog &Api) {
  std::lock_guard<std::mutex> Lock(cacheMutex());
  auto &Slot = tuCache().Analyses[{&Ctx, &Api}];
  if (!Slot)
    Slot = std::make_unique<TuAnalysis>(Ctx, Api);
  return *Slot;
}

} // namespace txnlint
