//===--- Suppressions.h - NOLINT and reasoned suppressions ------*- C++ -*-===//
//
// Finds the comment that silences a finding: `// NOLINT(txn-...)`,
// `// NOLINTNEXTLINE(...)`, `// NOLINTBEGIN(...)`/`// NOLINTEND(...)`, and
// the reason-carrying form on the same or the previous line:
//   // txnlint: allow txn-side-effect-in-transaction -- audit log must be in the unit
// Check lists accept globs (`txn-*`); a bare NOLINT silences every check.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_SUPPRESSIONS_H
#define TXNLINT_CORE_SUPPRESSIONS_H

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace txnlint {

enum class SuppressionKind { Nolint, NolintNextLine, NolintBlock, Allow };
llvm::StringRef suppressionKindName(SuppressionKind K);

struct Suppression {
  SuppressionKind Kind = SuppressionKind::Nolint;
  std::string Reason; ///< Empty when the comment gives none.
  unsigned Line = 0;  ///< Where the suppressing comment is.
};

/// Answers "is this finding suppressed, how and why" for one source manager.
class SuppressionIndex {
public:
  explicit SuppressionIndex(const clang::SourceManager &SM) : SM(SM) {}
  std::optional<Suppression> find(clang::SourceLocation Loc,
                                  llvm::StringRef Check);

private:
  struct FileLines {
    llvm::SmallVector<llvm::StringRef, 0> Lines; ///< 0-based.
    /// The file has no suppression comment at all (most files): every
    /// lookup is answered at once.
    bool None = false;
  };
  const FileLines &linesOf(clang::FileID FID);

  const clang::SourceManager &SM;
  /// Node-based: linesOf hands out references that outlive insertions.
  std::map<clang::FileID, FileLines> Files;
};

/// The whitespace-free text of the line holding \p Loc (for fingerprints).
std::string normalizedLine(const clang::SourceManager &SM,
                           clang::SourceLocation Loc);

} // namespace txnlint

#endif // TXNLINT_CORE_SUPPRESSIONS_H
