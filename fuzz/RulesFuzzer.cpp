//===--- RulesFuzzer.cpp - libFuzzer target: the rules loader -------------===//
//
// Any bytes as a rules file: the loader returns rules or a located error,
// never crashes, never hangs, never throws past its boundary. A loaded rule
// set is also dumped through the paths a run uses (roles, catalog lookups
// are exercised by the analysis target).
//
//===----------------------------------------------------------------------===//

#include "RuleLoader.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <cstdlib>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Rules = txnlint::loadRulesFromString(Text, "fuzz.yaml");
  if (!Rules) {
    std::string Msg = llvm::toString(Rules.takeError());
    // Every error names its place: "fuzz.yaml:LINE:COL: error: ..." (or the
    // extended file's own place).
    if (!llvm::StringRef(Msg).contains(": error: ")) {
      std::fprintf(stderr, "error without a place: %s\n", Msg.c_str());
      std::abort();
    }
  }
  return 0;
}
