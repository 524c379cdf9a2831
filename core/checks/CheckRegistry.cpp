//===--- CheckRegistry.cpp - One table of every check ---------------------===//

#include "CheckRegistry.h"
#include "Check.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/GlobPattern.h"

namespace txnlint {

// Each check's rule file defines its factory.
std::unique_ptr<TxnCheck> createBackgroundSessionReuseCheck();
std::unique_ptr<TxnCheck> createNestedBeginCheck();
std::unique_ptr<TxnCheck> createSideEffectInTransactionCheck();
std::unique_ptr<TxnCheck> createSwallowedExceptionCheck();
std::unique_ptr<TxnCheck> createServiceBeginCheck();

namespace {

constexpr llvm::StringLiteral Tasks[] = {"enqueue", "spawn"};

const Remedy BackgroundSessionReuseRemedies[] = {
    {{},
     "pass identifiers, not the session; open a new session (and "
     "transaction) inside the task",
     "the caller's session is closed, or in another transaction, by the time "
     "the task runs"}};
const Remedy NestedBeginRemedies[] = {
    {{},
     "use the open transaction, or a savepoint, instead of beginning another "
     "one on the same session",
     "a second begin on a session with an open transaction fails (\"a "
     "transaction is already begun\") or splits the unit in two"}};
const Remedy SideEffectInTransactionRemedies[] = {
    {Tasks,
     "enqueue or spawn after the commit, or use the deferred (on-commit) API",
     "the task may run before the commit and not find the data it was queued "
     "for"},
    {{},
     "move the call after the commit, or fetch before the transaction begins",
     "it keeps the transaction open while it waits, and it cannot be rolled "
     "back if the transaction fails"}};
const Remedy SwallowedExceptionRemedies[] = {
    {{},
     "rethrow, or roll back in the handler",
     "the handler lets the transaction commit a partial unit of work"}};

const Remedy ServiceBeginRemedies[] = {
    {{},
     "remove the transaction and use the session it is given; let the router "
     "that calls it own the boundary",
     "a service that begins its own transaction commits on its own, so the "
     "caller's unit of work can commit half-way"}};

constexpr llvm::StringLiteral WhenOpen =
    "Error when the transaction is open on every path that reaches the "
    "finding, warning when it is open on some paths only.";

const CheckInfo Registry[] = {
    {"txn-background-session-reuse",
     "Finds background tasks that capture or are handed the caller's session, "
     "connection or transaction instead of opening their own.",
     "Always an error.", "checks/background-session-reuse.rst",
     BackgroundSessionReuseRemedies, createBackgroundSessionReuseCheck},
    {"txn-nested-begin",
     "Finds a transaction begun while another transaction on the same session "
     "is already open, directly or through calls.",
     WhenOpen, "checks/nested-begin.rst", NestedBeginRemedies,
     createNestedBeginCheck},
    {"txn-side-effect-in-transaction",
     "Finds slow or irreversible side effects (network, mail, file I/O, "
     "sleeps, processes, task enqueues, spawns) inside an open transaction.",
     WhenOpen, "checks/side-effect-in-transaction.rst",
     SideEffectInTransactionRemedies, createSideEffectInTransactionCheck},
    {"txn-swallowed-exception",
     "Finds catch handlers inside an open transaction that neither rethrow "
     "nor roll back, so a partial unit of work can commit.",
     WhenOpen, "checks/swallowed-exception.rst", SwallowedExceptionRemedies,
     createSwallowedExceptionCheck},
    {"txn-service-begin",
     "Finds functions with role 'aware' (services, repositories) that begin a "
     "transaction instead of using the one they are given.",
     "Error when the role is declared (rules or annotation), warning when it "
     "is inferred.",
     "checks/service-begin.rst", ServiceBeginRemedies,
     createServiceBeginCheck},
};

} // namespace

const Remedy &CheckInfo::remedyFor(const Finding &F) const {
  for (const Remedy &R : Remedies)
    if (R.Subjects.empty() || llvm::is_contained(R.Subjects, F.Subject))
      return R;
  return Remedies.back();
}

llvm::ArrayRef<CheckInfo> checkRegistry() { return Registry; }

const CheckInfo *findCheck(llvm::StringRef Name) {
  int I = checkIndex(Name);
  return I < 0 ? nullptr : &Registry[I];
}

int checkIndex(llvm::StringRef Name) {
  for (size_t I = 0; I < std::size(Registry); ++I)
    if (Registry[I].Name == Name)
      return static_cast<int>(I);
  return -1;
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

} // namespace txnlint
