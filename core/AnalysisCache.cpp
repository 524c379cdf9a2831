//===--- AnalysisCache.cpp - Load rules and analyse each TU once ----------===//

#include "AnalysisCache.h"
#include "RuleLoader.h"
#include <tuple>
#include <map>
#include <mutex>
#include <set>

namespace txnlint {

namespace {
struct LoadedRules {
  std::unique_ptr<RuleSet> Rules;
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
struct LoadedSummary {
  std::vector<FunctionFacts> Functions;
  std::string Error;
};
std::map<std::string, LoadedSummary> &summaryCache() {
  static std::map<std::string, LoadedSummary> C;
  return C;
}
/// The translation unit being linted: the checks taking part and its
/// analyses (one per rules file). Emptied when the last check leaves.
struct CurrentTu {
  std::multiset<std::string> Checks;
  std::map<std::tuple<const clang::ASTContext *, const RuleSet *,
                      const std::vector<FunctionFacts> *>,
           std::unique_ptr<TuAnalysis>>
      Analyses;
};
CurrentTu &currentTu() {
  static CurrentTu C;
  return C;
}
} // namespace

llvm::Expected<const RuleSet *> rulesFor(llvm::StringRef Path,
                                         bool SystemHeaders) {
  std::string File = Path.empty() ? defaultRulesPath() : Path.str();
  std::lock_guard<std::mutex> Lock(cacheMutex());
  auto [It, New] =
      rulesCache().try_emplace(File + (SystemHeaders ? "\n+system" : ""));
  LoadedRules &L = It->second;
  if (New) {
    auto R = loadRules(File);
    if (R) {
      L.Rules = std::make_unique<RuleSet>(std::move(*R));
      L.Rules->Settings.SystemHeaders = SystemHeaders;
    } else
      L.Error = llvm::toString(R.takeError());
  }
  if (!L.Error.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), L.Error);
  return L.Rules.get();
}

llvm::Expected<const std::vector<FunctionFacts> *>
summaryFor(llvm::StringRef Path) {
  std::lock_guard<std::mutex> Lock(cacheMutex());
  auto [It, New] = summaryCache().try_emplace(Path.str());
  LoadedSummary &L = It->second;
  if (New) {
    if (auto T = readFactsFile(Path, "summary file"))
      L.Functions = std::move(T->Functions);
    else
      L.Error = llvm::toString(T.takeError());
  }
  if (!L.Error.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), L.Error);
  return &L.Functions;
}

void beginTranslationUnit(llvm::StringRef Check) {
  std::lock_guard<std::mutex> Lock(cacheMutex());
  currentTu().Checks.insert(Check.str());
}

void endTranslationUnit(llvm::StringRef Check) {
  std::lock_guard<std::mutex> Lock(cacheMutex());
  CurrentTu &C = currentTu();
  auto It = C.Checks.find(Check.str());
  if (It != C.Checks.end())
    C.Checks.erase(It);
  if (C.Checks.empty())
    C.Analyses.clear();
}

const TuAnalysis &analysisFor(clang::ASTContext &Ctx, const RuleSet &Rules,
                              const std::vector<FunctionFacts> *Library) {
  static const std::vector<FunctionFacts> None;
  std::lock_guard<std::mutex> Lock(cacheMutex());
  CurrentTu &C = currentTu();
  auto &Slot = C.Analyses[{&Ctx, &Rules, Library}];
  if (!Slot) {
    std::set<std::string> Enabled(C.Checks.begin(), C.Checks.end());
    Slot = std::make_unique<TuAnalysis>(
        Ctx, Rules, [&](llvm::StringRef Name) {
          return Enabled.count(Name.str()) > 0;
        },
        Library ? *Library : None);
  }
  return *Slot;
}

} // namespace txnlint
