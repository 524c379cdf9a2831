//===--- Baseline.cpp - Fingerprints and the --baseline file --------------===//

#include "Baseline.h"
#include "output/OutputWriter.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"
#include <map>

namespace json = llvm::json;

namespace txnlint::driver {

void assignFingerprints(RunResult &R, llvm::StringRef Root) {
  for (FindingRecord &F : R.Findings) {
    std::string Line;
    for (char C : F.Where.SourceLine)
      if (!llvm::isSpace(C))
        Line += C;
    std::string Key = F.Check + '\0' +
                      relativePath(F.Where.File, Root) + '\0' + F.Function +
                      '\0' + Line + '\0' + F.Message;
    F.Fingerprint = llvm::utohexstr(llvm::xxh3_64bits(Key), /*LowerCase=*/true,
                                    /*Width=*/16);
  }
}

llvm::Error applyBaseline(RunResult &R, llvm::StringRef File,
                          FileInScope InScope, bool MatchFindings) {
  auto Buf = llvm::MemoryBuffer::getFile(File);
  if (!Buf)
    return llvm::createStringError(Buf.getError(),
                                   "%s: error: cannot read baseline: %s",
                                   File.str().c_str(),
                                   Buf.getError().message().c_str());
  auto Doc = json::parse((*Buf)->getBuffer());
  if (!Doc)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s: error: invalid baseline: %s",
        File.str().c_str(), llvm::toString(Doc.takeError()).c_str());
  const json::Object *Top = Doc->getAsObject();
  const json::Array *Entries = Top ? Top->getArray("findings") : nullptr;
  if (!Top || !Top->get("txnlint_baseline") || !Entries)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "%s: error: not a txnlint baseline (no 'txnlint_baseline' and "
        "'findings')",
        File.str().c_str());
  std::map<std::string, unsigned> Remaining;
  std::map<std::string, BaselineEntry> ByFingerprint;
  for (const json::Value &E : *Entries) {
    const json::Object *O = E.getAsObject();
    auto FP = O ? O->getString("fingerprint") : std::nullopt;
    if (!FP)
      continue;
    auto Field = [&](llvm::StringRef K) {
      return O->getString(K).value_or("").str();
    };
    std::string Where = Field("file");
    if (!Where.empty() && !InScope(Where)) {
      R.KeptBaselineEntries.push_back({FP->str(), Field("check"), Where,
                                       Field("function"), Field("message")});
      continue;
    }
    if (MatchFindings) {
      ++Remaining[FP->str()];
      ByFingerprint.try_emplace(FP->str(),
                                BaselineEntry{FP->str(), Field("check"), Where,
                                              Field("function"),
                                              Field("message")});
    }
  }
  R.BaselineApplied |= MatchFindings;
  for (FindingRecord &F : R.Findings) {
    if (F.Suppressed)
      continue;
    auto It = Remaining.find(F.Fingerprint);
    if (It == Remaining.end() || It->second == 0)
      continue;
    --It->second;
    F.Baselined = true;
  }
  for (const auto &[FP, N] : Remaining) {
    R.StaleBaselineEntries += N;
    if (N)
      R.StaleBaseline.push_back(ByFingerprint[FP]);
  }
  return llvm::Error::success();
}

} // namespace txnlint::driver
