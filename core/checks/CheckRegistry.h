//===--- CheckRegistry.h - One table of every check -------------*- C++ -*-===//
//
// The single list of checks. The clang-tidy module's registrations,
// `txnlint --list-checks`, the report's remediation and SARIF's rule
// metadata all come from it. Adding a check: docs/contributing.md.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_CHECKS_CHECKREGISTRY_H
#define TXNLINT_CORE_CHECKS_CHECKREGISTRY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <memory>

namespace txnlint {

class TxnCheck;
struct Finding;

/// What to change and why, for the report's remediation section.
struct Remedy {
  /// Finding subjects it is for (Finding::Subject); empty: any finding.
  llvm::ArrayRef<llvm::StringLiteral> Subjects;
  llvm::StringLiteral Change;
  llvm::StringLiteral Why;
};

struct CheckInfo {
  llvm::StringLiteral Name;    ///< `txn-nested-begin`
  llvm::StringLiteral Summary; ///< One sentence, as in the docs page.
  /// When a finding is an error and when a warning.
  llvm::StringLiteral SeverityPolicy;
  llvm::StringLiteral DocsPage; ///< Relative to docs/: `checks/....rst`.
  /// Tried in order; the last one should apply to any finding.
  llvm::ArrayRef<Remedy> Remedies;
  std::unique_ptr<TxnCheck> (*Create)();

  const Remedy &remedyFor(const Finding &F) const;
};

/// Every check, in registration order.
llvm::ArrayRef<CheckInfo> checkRegistry();
/// The registry entry named \p Name, or null.
const CheckInfo *findCheck(llvm::StringRef Name);
/// The position of \p Name in the registry (SARIF's ruleIndex), or -1.
int checkIndex(llvm::StringRef Name);

/// Whether a clang-tidy style list of check globs ("txn-*,-txn-nested-begin")
/// selects \p Check: the last glob that matches decides, '-' deselects.
bool checkListMatches(llvm::StringRef Globs, llvm::StringRef Check);

} // namespace txnlint

#endif // TXNLINT_CORE_CHECKS_CHECKREGISTRY_H
