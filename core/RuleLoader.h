//===--- RuleLoader.h - Read and validate rules.yaml ------------*- C++ -*-===//
//
// Loads a rules file into a RuleSet. Every error names the file, line and
// column: `rules.yaml:12:5: error: unknown key 'comit'; did you mean 'commit'`.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_RULELOADER_H
#define TXNLINT_CORE_RULELOADER_H

#include "RuleSet.h"
#include "llvm/Support/Error.h"

namespace txnlint {

/// Loads \p Path (following `extends:`) and validates it.
llvm::Expected<RuleSet> loadRules(llvm::StringRef Path);

/// Loads rules from in-memory text; \p Name is used in messages and to
/// resolve a relative `extends:`.
llvm::Expected<RuleSet> loadRulesFromString(llvm::StringRef Text,
                                            llvm::StringRef Name);

/// The default rule set: $TXNLINT_DEFAULT_RULES, else the installed
/// share/txnlint/rules.yaml, else the source tree's rules.yaml.
std::string defaultRulesPath();

} // namespace txnlint

#endif // TXNLINT_CORE_RULELOADER_H
