//===--- FixesWriter.cpp - clang-tidy's --export-fixes YAML ---------------===//
//
// The findings as clang-tidy's `--export-fixes` file writes them, through
// Clang's own YAML mapping (TranslationUnitDiagnostics), so tools built for
// clang-tidy's output (pull-request bots, clang-apply-replacements) read
// it unchanged. No finding has a replacement: none of txnlint's fixes
// (moving a call after a commit, opening a session in a task) is
// mechanical and safe.
//
//===----------------------------------------------------------------------===//

#include "OutputWriter.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"
#include <map>
#include <memory>

namespace txnlint::driver {

namespace {

class FixesWriter : public OutputWriter {
public:
  explicit FixesWriter(const OutputOptions &O) : Root(O.Root) {}
  llvm::StringRef what() const override { return "fixes"; }

  void write(llvm::raw_ostream &OS, const RunResult &R) const override {
    clang::tooling::TranslationUnitDiagnostics TUD;
    for (const FindingRecord &F : R.Findings) {
      if (!F.active())
        continue; // As clang-tidy: what it printed.
      llvm::SmallVector<clang::tooling::DiagnosticMessage, 1> Notes;
      for (const FindingNote &N : F.Notes)
        Notes.push_back(message(N.Message, N.Where));
      TUD.Diagnostics.emplace_back(
          F.Check, message(F.Message, F.Where), Notes,
          F.Level == Severity::Error ? clang::tooling::Diagnostic::Error
                                     : clang::tooling::Diagnostic::Warning,
          Root);
    }
    llvm::yaml::Output YAML(OS);
    YAML << TUD;
  }

private:
  clang::tooling::DiagnosticMessage message(const std::string &Text,
                                            const SourcePlace &P) const {
    clang::tooling::DiagnosticMessage M(Text);
    M.FilePath = P.File;
    M.FileOffset = offset(P);
    return M;
  }

  /// The byte offset of a line and column, from the file as it is now.
  unsigned offset(const SourcePlace &P) const {
    auto It = Files.find(P.File);
    if (It == Files.end()) {
      auto Buf = llvm::MemoryBuffer::getFile(P.File);
      It = Files.emplace(P.File, Buf ? std::move(*Buf) : nullptr).first;
    }
    if (!It->second || P.Line == 0)
      return 0;
    llvm::StringRef Text = It->second->getBuffer();
    size_t At = 0;
    for (unsigned L = 1; L < P.Line && At != llvm::StringRef::npos; ++L) {
      At = Text.find('\n', At);
      if (At != llvm::StringRef::npos)
        ++At;
    }
    if (At == llvm::StringRef::npos)
      return 0;
    return static_cast<unsigned>(
        std::min<size_t>(At + (P.Column ? P.Column - 1 : 0), Text.size()));
  }

  std::string Root;
  mutable std::map<std::string, std::unique_ptr<llvm::MemoryBuffer>> Files;
};

} // namespace

std::unique_ptr<OutputWriter> createFixesWriter(const OutputOptions &O) {
  return std::make_unique<FixesWriter>(O);
}

} // namespace txnlint::driver
