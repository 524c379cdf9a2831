//===--- Check.cpp - The interface of one check rule ----------------------===//

#include "Check.h"

namespace txnlint {

CheckContext::~CheckContext() = default;
TxnCheck::~TxnCheck() = default;

std::vector<NoteDraft> chainNotes(const std::vector<ChainStep> &Chain) {
  std::vector<NoteDraft> Notes;
  for (const ChainStep &S : Chain)
    Notes.push_back({S.Kind, S.Loc, S.Text, /*InChain=*/true});
  return Notes;
}

NoteDraft roleNote(const clang::FunctionDecl *F, const RoleInfo &R) {
  return {NoteKind::RoleSource, F->getLocation(),
          "role '" + roleName(R.Role).str() + "' " +
              (R.isInferred() ? "inferred: " : "from ") + R.Why};
}

} // namespace txnlint
