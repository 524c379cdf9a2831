//===--- OutputWriter.h - One writer per output format ----------*- C++ -*-===//
//
// Text (clang-style diagnostics), JSON, SARIF 2.1.0, the Markdown compliance
// report and the baseline file: each is one writer behind this interface,
// in its own file. Writers read a finished RunResult and classify findings
// by their typed fields (check, subject, note kinds) and the check registry,
// never by message text. The driver picks the writers and writes their
// output atomically.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_OUTPUT_OUTPUTWRITER_H
#define TXNLINT_TOOL_OUTPUT_OUTPUTWRITER_H

#include "Records.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

namespace txnlint::driver {

struct OutputOptions {
  /// Directory the paths in reports are relative to.
  std::string Root;
  /// Text: print source lines and carets.
  bool Snippets = true;
  /// Text: colour as clang does.
  bool Color = false;
  /// Report: the absolute directory it is written to, which its links to
  /// source files are relative to (empty: relative to Root).
  std::string ReportDir;
  /// SARIF: base URL of the check pages (helpUri); none when empty.
  std::string DocsUrl;
  /// SARIF: leave findings suppressed in the source out.
  bool OmitSuppressed = false;
};

/// A check page (reStructuredText, docs/checks/) as GitHub-flavoured
/// Markdown: headings, code blocks, options and inline literals.
std::string rstToMarkdown(llvm::StringRef Rst);

class OutputWriter {
public:
  virtual ~OutputWriter();
  /// What it writes, for messages: "report", "JSON", ...
  virtual llvm::StringRef what() const = 0;
  virtual void write(llvm::raw_ostream &OS, const RunResult &R) const = 0;
};

/// `file:line:col: error: msg [check]`, the source line and a caret, then
/// the notes; active findings only.
std::unique_ptr<OutputWriter> createTextWriter(const OutputOptions &O);
/// docs/json-format.md.
std::unique_ptr<OutputWriter> createJsonWriter(const OutputOptions &O);
/// SARIF 2.1.0: rules from the check registry, code flows for call chains.
std::unique_ptr<OutputWriter> createSarifWriter(const OutputOptions &O);
/// The Markdown compliance report (docs/report.md).
std::unique_ptr<OutputWriter> createReportWriter(const OutputOptions &O);
/// clang-tidy's --export-fixes YAML (no replacements).
std::unique_ptr<OutputWriter> createFixesWriter(const OutputOptions &O);
/// The baseline file: the fingerprints of the current unsuppressed findings.
std::unique_ptr<OutputWriter> createBaselineWriter(const OutputOptions &O);

/// The HTML report (`--html DIR`): DIR/index.html and a page per listed
/// file under DIR/files/, each written atomically (docs/report.md).
llvm::Error writeHtmlReport(llvm::StringRef Dir, const RunResult &R,
                            const OutputOptions &O);

/// \p Path relative to \p Root when it is inside it.
std::string relativePath(llvm::StringRef Path, llvm::StringRef Root);

/// Version of the --json document (docs/json-format.md).
constexpr const char *JsonSchemaVersion = "1";

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_OUTPUT_OUTPUTWRITER_H
