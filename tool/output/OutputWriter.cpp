//===--- OutputWriter.cpp - One writer per output format ------------------===//

#include "OutputWriter.h"
#include "llvm/ADT/SmallVector.h"

namespace txnlint::driver {

OutputWriter::~OutputWriter() = default;

std::string relativePath(llvm::StringRef Path, llvm::StringRef Root) {
  if (!Root.empty() && Path.starts_with(Root) &&
      Path.drop_front(Root.size()).starts_with("/"))
    return Path.drop_front(Root.size() + 1).str();
  return Path.str();
}

/// ``literal`` -> `literal`.
static std::string inlineLiterals(llvm::StringRef Line) {
  std::string Out;
  for (size_t I = 0; I < Line.size();) {
    if (Line.substr(I).starts_with("``")) {
      size_t End = Line.find("``", I + 2);
      if (End != llvm::StringRef::npos) {
        Out += "`" + Line.slice(I + 2, End).str() + "`";
        I = End + 2;
        continue;
      }
    }
    Out += Line[I++];
  }
  return Out;
}

std::string rstToMarkdown(llvm::StringRef Rst) {
  llvm::SmallVector<llvm::StringRef, 128> Lines;
  Rst.split(Lines, '\n');
  std::string Out;
  bool InCode = false; // Inside an indented code block, fenced.
  for (size_t I = 0; I < Lines.size(); ++I) {
    llvm::StringRef Line = Lines[I].rtrim();
    if (InCode) {
      if (Line.empty() || Line.starts_with("   ")) {
        // A blank line inside the block stays; the one after it closes it.
        bool More = false;
        for (size_t J = I + 1; J < Lines.size(); ++J)
          if (!Lines[J].trim().empty()) {
            More = Lines[J].starts_with("   ");
            break;
          }
        if (Line.empty() && !More) {
          Out += "```\n\n";
          InCode = false;
          continue;
        }
        Out += Line.empty() ? "\n" : Line.drop_front(3).str() + "\n";
        continue;
      }
      Out += "```\n\n";
      InCode = false;
    }
    if (Line.starts_with(".. title::"))
      continue;
    if (Line.consume_front(".. code-block::")) {
      Line = Line.trim();
      Out += "```" + std::string(Line == "c++" ? "cpp" : Line.str()) + "\n";
      InCode = true;
      // The blank line after the directive.
      if (I + 1 < Lines.size() && Lines[I + 1].trim().empty())
        ++I;
      continue;
    }
    if (Line.consume_front(".. option::")) {
      Out += "**" + Line.trim().str() + "**\n";
      continue;
    }
    // A title underlined with = or -.
    if (I + 1 < Lines.size() && !Line.empty()) {
      llvm::StringRef Under = Lines[I + 1].rtrim();
      if (Under.size() >= Line.size() &&
          (Under.find_first_not_of('=') == llvm::StringRef::npos ||
           Under.find_first_not_of('-') == llvm::StringRef::npos)) {
        Out += (Under.front() == '=' ? "# " : "## ") + inlineLiterals(Line) +
               "\n";
        ++I;
        continue;
      }
    }
    if (Line.starts_with("   "))
      Line = Line.drop_front(3); // An option's description.
    Out += inlineLiterals(Line) + "\n";
  }
  if (InCode)
    Out += "```\n";
  // No blank lines at the start or the end.
  llvm::StringRef Trimmed = llvm::StringRef(Out).trim('\n');
  return Trimmed.str() + "\n";
}

} // namespace txnlint::driver
