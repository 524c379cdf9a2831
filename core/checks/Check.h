//===--- Check.h - The interface of one check rule --------------*- C++ -*-===//
//
// A check is one rule over what the analysis of a translation unit knows:
// the dataflow's events in each analysed function (a begin, the state before
// each call, the state on entry to each try's handlers), the summaries of
// callees and the roles of functions. The analysis runs the dataflow once,
// dispatches the events of every function to every enabled check, and turns
// what they report into typed findings (Finding.h).
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_CHECKS_CHECK_H
#define TXNLINT_CORE_CHECKS_CHECK_H

#include "Finding.h"
#include "Roles.h"
#include "Summaries.h"
#include "TransactionState.h"

namespace txnlint {

/// A note as a check states it, while the AST is alive.
struct NoteDraft {
  NoteKind Kind = NoteKind::TransactionBegins;
  clang::SourceLocation Loc;
  std::string Message;
  bool InChain = false; ///< FindingNote::InChain.
};

/// A finding as a check states it. The analysis adds the check's name and
/// the function's name and USR, resolves places and drops duplicates (the
/// same finding from another template instantiation).
struct Report {
  Report(Severity Level, clang::SourceLocation Loc, std::string Message,
         std::vector<NoteDraft> Notes, std::string Subject = "")
      : Level(Level), Loc(Loc), Message(std::move(Message)),
        Notes(std::move(Notes)), Subject(std::move(Subject)) {}

  Severity Level = Severity::Error;
  clang::SourceLocation Loc;
  std::string Message;
  std::vector<NoteDraft> Notes;
  std::string Subject; ///< Finding::Subject.
  /// Rests on the caller's transaction (OpenTxn::Ambient): the merge drops
  /// it when an analysed caller reaches the function.
  bool OnCallersTransaction = false;
  /// PendingFinding::UnlessNoReturn and ::IfUsesDatabase: callees with no
  /// body in this translation unit that decide whether the finding stands.
  std::vector<std::string> UnlessNoReturn, IfUsesDatabase;
};

/// A finding at a call site, stated from facts alone (at the merge).
struct CallReport {
  Severity Level = Severity::Error;
  std::string Message;
  std::vector<FindingNote> Notes;
  std::string Subject;
  /// The open transaction it rests on, if any (its Ambient flag decides
  /// whether a caller elsewhere reports it instead).
  const OpenFact *RestsOn = nullptr;
};

/// One analysed function.
struct FunctionView {
  const clang::FunctionDecl *Decl;
  const FunctionFlow &Flow;
  const RoleInfo &Role;
  /// Given to a spawner somewhere in this translation unit.
  bool Spawned = false;
};

/// What the analysis of one translation unit offers a check.
class CheckContext {
public:
  virtual ~CheckContext();
  virtual const ApiCatalog &api() const = 0;
  virtual const clang::SourceManager &sourceManager() const = 0;
  virtual const RoleInfo &roleOf(const clang::FunctionDecl *F) = 0;
  /// The summary, from this translation unit alone, of a function with an
  /// analysed body here, or null (then usrOf(F) names it for the merge).
  virtual const FunctionSummary *summaryOf(const clang::FunctionDecl *F) = 0;
  virtual const std::string &usrOf(const clang::FunctionDecl *F) = 0;
  virtual void report(const FunctionView &In, Report R) = 0;
};

/// One check rule. Every hook has an empty default; a check overrides the
/// events it needs. Events of a function arrive in source order.
class TxnCheck {
public:
  virtual ~TxnCheck();
  /// A transaction begins (B.Before: what was open just before).
  virtual void onBegin(const FunctionView &F, const BeginEvent &B,
                       CheckContext &C) {}
  /// A call or construction, with the state just before it.
  virtual void onCall(const FunctionView &F, const clang::Stmt *Call,
                      const TxnState &Before, CheckContext &C) {}
  /// A try statement, with the state on entry to its handlers.
  virtual void onTry(const FunctionView &F, const clang::CXXTryStmt *Try,
                     const TxnState &AtHandlers, CheckContext &C) {}
  /// After every event of the function.
  virtual void onFunction(const FunctionView &F, CheckContext &C) {}
  /// A call site recorded by the map step (a call made while a transaction
  /// is open, or by an 'aware' function), with the summary of what the
  /// call runs, wherever in the program that is. Runs at the merge.
  virtual void onSummaryCall(const CallSite &Site,
                             const FunctionSummary &Callee,
                             std::vector<CallReport> &Out) {}
};

/// A summary's call chain as notes (InChain).
std::vector<FindingNote> chainNotes(const std::vector<FindingNote> &Chain);
/// The innermost open transaction of a call site, preferring ones open on
/// every path (TxnState::innermost), and the one a begin on \p S would nest
/// in (TxnState::openOn).
const OpenFact *innermost(const CallSite &S);
const OpenFact *openOn(const CallSite &S, const SessionKey &Session);
/// `role 'aware' from rules.yaml:12:5` / `role 'aware' inferred: ...`.
NoteDraft roleNote(const clang::FunctionDecl *F, const RoleInfo &R);
/// The severity of a finding that rests on a transaction being open: error
/// when it is open on every path, warning when only on some; for the
/// caller's transaction of a function that runs inside it, as its role.
inline Severity severityWhenOpen(const OpenTxn &T, const FunctionView &F) {
  if (T.Ambient)
    return F.Role.isInferred() ? Severity::Warning : Severity::Error;
  return T.Must ? Severity::Error : Severity::Warning;
}
/// " inside an open transaction", or where else the transaction is open.
std::string whereOpen(const OpenTxn &T);
/// `transaction begins here`, or for the caller's transaction, why the
/// function runs inside it.
NoteDraft beginNote(const OpenTxn &T, const FunctionView &F);
/// The severity of a finding that rests on a role: warning when inferred.
inline Severity severityForRole(const RoleInfo &R) {
  return R.isInferred() ? Severity::Warning : Severity::Error;
}

} // namespace txnlint

#endif // TXNLINT_CORE_CHECKS_CHECK_H
