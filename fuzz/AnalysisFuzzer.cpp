//===--- AnalysisFuzzer.cpp - libFuzzer target: the analysis of C++ -------===//
//
// Any bytes as a C++ source (seeded with the test suite's snippets): parsed
// with the mock headers and rules of the tests, mapped into facts, merged,
// and the facts written and read back. Clang recovers from the errors
// mutated code has; the analysis must then work on the partial AST without
// crashing or hanging, and its facts must survive their own file format
// (what is written, read and written again is the same text).
//
//===----------------------------------------------------------------------===//

#include "Analyzer.h"
#include "Facts.h"
#include "Merge.h"
#include "RuleLoader.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace txnlint;

namespace {

const RuleSet &rules() {
  static const RuleSet R = [] {
    auto Loaded = loadRules(TXNLINT_FUZZ_INPUTS "/mock-rules.yaml");
    if (!Loaded) {
      std::fprintf(stderr, "%s\n", llvm::toString(Loaded.takeError()).c_str());
      std::exit(2);
    }
    return std::move(*Loaded);
  }();
  return R;
}

struct Consumer : clang::ASTConsumer {
  TuFacts &Out;
  explicit Consumer(TuFacts &Out) : Out(Out) {}
  void HandleTranslationUnit(clang::ASTContext &Ctx) override {
    Out = mapTranslationUnit(Ctx, rules());
  }
};

struct Action : clang::ASTFrontendAction {
  TuFacts &Out;
  explicit Action(TuFacts &Out) : Out(Out) {}
  std::unique_ptr<clang::ASTConsumer>
  CreateASTConsumer(clang::CompilerInstance &, llvm::StringRef) override {
    return std::make_unique<Consumer>(Out);
  }
};

std::string text(const TuFacts &T) {
  return llvm::formatv("{0:1}", toJson(T)).str();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Code(reinterpret_cast<const char *>(Data), Size);
  TuFacts Facts;
  clang::tooling::runToolOnCodeWithArgs(
      std::make_unique<Action>(Facts), Code,
      {"-std=c++17", "-nostdinc++", "-I" TXNLINT_FUZZ_INPUTS, "-w",
       "-ferror-limit=20", "-fno-delayed-template-parsing",
       "-resource-dir=" TXNLINT_CLANG_RESOURCE_DIR},
      "fuzz.cpp", "txnlint-fuzz");
  Facts.File = "fuzz.cpp";
  // The facts file format round-trips.
  std::string First = text(Facts);
  auto Parsed = llvm::json::parse(First);
  if (!Parsed) {
    std::fprintf(stderr, "facts are not JSON: %s\n",
                 llvm::toString(Parsed.takeError()).c_str());
    std::abort();
  }
  auto Back = tuFactsFromJson(*Parsed);
  if (!Back) {
    std::fprintf(stderr, "facts do not read back: %s\n",
                 llvm::toString(Back.takeError()).c_str());
    std::abort();
  }
  if (text(*Back) != First) {
    std::fprintf(stderr, "facts change when read back\n");
    std::abort();
  }
  // The merge over this unit (twice: a unit merged with itself, as two
  // shards that both mapped it).
  std::vector<TuFacts> Units{Facts, std::move(*Back)};
  Units[1].File = "fuzz2.cpp";
  MergeResult M = mergeFacts(std::move(Units), nullptr);
  (void)M;
  return 0;
}
