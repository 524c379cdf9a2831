//===--- Finding.cpp - What the analysis reports --------------------------===//

#include "Finding.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/GlobPattern.h"

namespace txnlint {

llvm::StringRef checkName(CheckKind K) {
  switch (K) {
  case CheckKind::BackgroundSessionReuse:
    return "txn-background-session-reuse";
  case CheckKind::NestedBegin:
    return "txn-nested-begin";
  case CheckKind::ServiceBegin:
    return "txn-service-begin";
  case CheckKind::SideEffectInTransaction:
    return "txn-side-effect-in-transaction";
  case CheckKind::SwallowedException:
    return "txn-swallowed-exception";
  }
  llvm_unreachable("unknown check");
}

std::optional<CheckKind> checkByName(llvm::StringRef Name) {
  for (unsigned I = 0; I < NumChecks; ++I)
    if (checkName(static_cast<CheckKind>(I)) == Name)
      return static_cast<CheckKind>(I);
  return std::nullopt;
}

bool checkListMatches(llvm::StringRef Globs, llvm::StringRef Check) {
  bool On = false;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Globs.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    bool Negative = P.consume_front("-");
    auto G = llvm::GlobPattern::create(P);
    if (!G) {
      llvm::consumeError(G.takeError());
      continue;
    }
    if (G->match(Check))
      On = !Negative;
  }
  return On;
}

llvm::StringRef checkSummary(CheckKind K) {
  switch (K) {
  case CheckKind::BackgroundSessionReuse:
    return "Finds background tasks that capture or are handed the caller's "
           "session, connection or transaction instead of opening their own.";
  case CheckKind::NestedBegin:
    return "Finds a transaction begun while another transaction on the same "
           "session is already open, directly or through calls.";
  case CheckKind::ServiceBegin:
    return "Finds functions with role 'aware' (services, repositories) that "
           "begin a transaction instead of using the one they are given.";
  case CheckKind::SideEffectInTransaction:
    return "Finds slow or irreversible side effects (network, mail, file I/O, "
           "sleeps, processes, task enqueues, spawns) inside an open "
           "transaction.";
  case CheckKind::SwallowedException:
    return "Finds catch handlers inside an open transaction that neither "
           "rethrow nor roll back, so a partial unit of work can commit.";
  }
  llvm_unreachable("unknown check");
}

llvm::StringRef severityName(Severity S) {
  return S == Severity::Error ? "error" : "warning";
}

} // namespace txnlint
