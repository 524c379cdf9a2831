//===--- Check.cpp - The interface of one check rule ----------------------===//

#include "Check.h"

namespace txnlint {

CheckContext::~CheckContext() = default;
TxnCheck::~TxnCheck() = default;

std::vector<FindingNote> chainNotes(const std::vector<FindingNote> &Chain) {
  std::vector<FindingNote> Notes = Chain;
  for (FindingNote &N : Notes)
    N.InChain = true;
  return Notes;
}

const OpenFact *innermost(const CallSite &S) {
  for (bool WantMust : {true, false})
    for (const OpenFact &T : llvm::reverse(S.Open))
      if (T.Must == WantMust)
        return &T;
  return nullptr;
}

const OpenFact *openOn(const CallSite &S, const SessionKey &Session) {
  for (bool WantMust : {true, false})
    for (const OpenFact &T : llvm::reverse(S.Open))
      if (T.Must == WantMust && mayBeSameSession(T.Session, Session))
        return &T;
  return nullptr;
}

NoteDraft roleNote(const clang::FunctionDecl *F, const RoleInfo &R) {
  return {NoteKind::RoleSource, F->getLocation(),
          "role '" + roleName(R.Role).str() + "' " +
              (R.isInferred() ? "inferred: " : "from ") + R.Why};
}

std::string whereOpen(const OpenTxn &T) {
  if (T.Ambient)
    return " inside its caller's transaction";
  return T.Must ? " inside an open transaction"
                : " inside a transaction that is open on some paths";
}

NoteDraft beginNote(const OpenTxn &T, const FunctionView &F) {
  if (!T.Ambient)
    return {NoteKind::TransactionBegins, T.BeginLoc, "transaction begins here"};
  NoteDraft Role = roleNote(F.Decl, F.Role);
  std::string Why = F.Role.Role == RoleKind::Aware
                        ? Role.Message
                        : "it takes an open transaction as a parameter";
  return {NoteKind::RoleSource, T.BeginLoc,
          "'" + displayName(F.Decl) +
              "' runs inside its caller's transaction (" + Why +
              "); no caller is analysed here"};
}

} // namespace txnlint
