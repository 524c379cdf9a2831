//===--- Finding.h - What the analysis reports ------------------*- C++ -*-===//
//
// Plain data: a check, a place, a message and notes. Checks turn a Finding
// into diag(); the tool turns it into report records.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_FINDING_H
#define TXNLINT_CORE_FINDING_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class FunctionDecl;
} // namespace clang

namespace txnlint {

/// The checks, in alphabetical order of their names.
enum class CheckKind {
  BackgroundSessionReuse,
  NestedBegin,
  ServiceBegin,
  SideEffectInTransaction,
  SwallowedException,
};
constexpr unsigned NumChecks = 5;

/// `txn-service-begin` and so on.
llvm::StringRef checkName(CheckKind K);
std::optional<CheckKind> checkByName(llvm::StringRef Name);
/// Whether a clang-tidy style list of check globs ("txn-*,-txn-nested-begin")
/// selects \p Check: the last glob that matches decides, '-' deselects.
bool checkListMatches(llvm::StringRef Globs, llvm::StringRef Check);
/// One-sentence summary, as in the docs.
llvm::StringRef checkSummary(CheckKind K);

enum class Severity { Warning, Error };
llvm::StringRef severityName(Severity S);

struct FindingNote {
  clang::SourceLocation Loc;
  std::string Message;
};

struct Finding {
  CheckKind Check = CheckKind::SideEffectInTransaction;
  Severity Level = Severity::Error;
  clang::SourceLocation Loc;
  std::string Message;
  std::vector<FindingNote> Notes;
  const clang::FunctionDecl *Function = nullptr;
};

} // namespace txnlint

#endif // TXNLINT_CORE_FINDING_H
