//===--- ReportModel.h - What both compliance reports classify -*- C++ -*-===//
//
// The classification behind the Markdown report (ReportWriter.cpp) and the
// HTML report (HtmlWriter.cpp), so the two never disagree: each file's role,
// transaction pattern and status, the background task rows, and where the
// report comes from. The rules are in docs/report.md.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_OUTPUT_REPORTMODEL_H
#define TXNLINT_TOOL_OUTPUT_REPORTMODEL_H

#include "Records.h"
#include "llvm/ADT/StringRef.h"
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace txnlint::driver {

// The checks the seed's checklist names.
inline constexpr llvm::StringLiteral ServiceBegin = "txn-service-begin";
inline constexpr llvm::StringLiteral NestedBegin = "txn-nested-begin";
inline constexpr llvm::StringLiteral SideEffect =
    "txn-side-effect-in-transaction";
inline constexpr llvm::StringLiteral BackgroundReuse =
    "txn-background-session-reuse";
inline constexpr llvm::StringLiteral Swallowed = "txn-swallowed-exception";

/// The findings that count against a file or task, and what that makes it.
struct Status {
  unsigned Errors = 0, Warnings = 0;
  std::set<std::string> Checks;
  std::string text() const;
  std::string issues() const;
  void add(const FindingRecord &F);
};

struct FileInfo {
  std::map<RoleKind, unsigned> Roles;
  bool Inferred = false;
  bool OwnerBegins = false, AwareBegins = false, TakesSession = false;
  Status St;
  RoleKind mainRole() const;
  std::string pattern() const;
  /// Listed in the report: it has a role, a pattern or a finding.
  bool listed() const;
};

struct ReportModel {
  using TaskKey = std::pair<std::string, std::string>; // File, function.
  std::map<std::string, FileInfo> Files;
  std::map<TaskKey, Status> Tasks;
  std::map<std::string, RoleKind> FunctionRole; // By qualified name.
  /// The unsuppressed findings, in the run's order.
  std::vector<const FindingRecord *> Counted;
  /// Per check, in registry order: unsuppressed errors (high priority) and
  /// warnings (medium), and suppressed findings.
  struct CheckCounts {
    llvm::StringRef Check;
    unsigned High = 0, Medium = 0, Suppressed = 0;
  };
  std::vector<CheckCounts> ByCheck;
};

ReportModel classify(const RunResult &R);

/// The commit checked out at \p Root (or above it), read from `.git`; empty
/// outside a git work tree.
std::string gitRevision(llvm::StringRef Root);

/// `N thing` or `N things`.
std::string count(size_t N, llvm::StringRef One, llvm::StringRef Many = "");

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_OUTPUT_REPORTMODEL_H
