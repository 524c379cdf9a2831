//===--- RuleSet.cpp - txnlint rule model ---------------------------------===//

#include "RuleSet.h"
#include "llvm/Support/ErrorHandling.h"

namespace txnlint {

std::string RuleOrigin::str() const {
  return File + ":" + std::to_string(Line) + ":" + std::to_string(Column);
}

llvm::StringRef categoryName(SideEffectCategory C) {
  switch (C) {
  case SideEffectCategory::Network:
    return "network";
  case SideEffectCategory::Mail:
    return "mail";
  case SideEffectCategory::Notify:
    return "notify";
  case SideEffectCategory::FileIo:
    return "file_io";
  case SideEffectCategory::Sleep:
    return "sleep";
  case SideEffectCategory::Process:
    return "process";
  case SideEffectCategory::Enqueue:
    return "enqueue";
  }
  llvm_unreachable("unknown category");
}

llvm::StringRef roleName(RoleKind R) {
  switch (R) {
  case RoleKind::None:
    return "none";
  case RoleKind::Owner:
    return "owner";
  case RoleKind::Aware:
    return "aware";
  case RoleKind::Background:
    return "background";
  }
  llvm_unreachable("unknown role");
}

void printRules(llvm::raw_ostream &OS, const RuleSet &R) {
  OS << "rules: " << R.SourceFile << "\npresets:";
  for (const std::string &P : R.ActivePresets)
    OS << " " << P;
  OS << "\n";
  for (const TransactionApi &T : R.Transactions) {
    OS << "transaction "
       << (T.Kind == ScopeKind::Raii       ? "raii"
           : T.Kind == ScopeKind::Explicit ? "explicit"
           : T.Kind == ScopeKind::Sql      ? "sql"
                                           : "callback");
    for (const std::string &N : T.Types)
      OS << " " << N;
    for (const std::string &N : T.Functions)
      OS << " " << N;
    if (T.Savepoint)
      OS << " (savepoint)";
    OS << " [" << T.Origin.str() << "]\n";
  }
  for (const SessionRule &S : R.Sessions)
    for (const std::string &N : S.Names)
      OS << "session " << N << "\n";
  for (const NoReturnRule &S : R.NoReturn)
    for (const std::string &N : S.Names)
      OS << "noreturn " << N << " [" << S.Origin.str() << "]\n";
  for (const NoReturnMacroRule &S : R.NoReturnMacros)
    for (const std::string &N : S.Names)
      OS << "noreturn_macro " << N << " [" << S.Origin.str() << "]\n";
  for (const SideEffectRule &S : R.SideEffects) {
    OS << "side_effect " << categoryName(S.Category);
    for (const std::string &N : S.Functions)
      OS << " " << N;
    for (const std::string &N : S.Types)
      OS << " " << N << "::*";
    if (S.Deferred)
      OS << " (deferred)";
    OS << "\n";
  }
  for (const SpawnerRule &S : R.Spawners) {
    OS << "spawner";
    for (const std::string &N : S.Functions)
      OS << " " << N;
    for (const std::string &N : S.Types)
      OS << " " << N;
    OS << "\n";
  }
  for (const RoleRule &Role : R.Roles)
    OS << "role " << roleName(Role.Role) << " [" << Role.Origin.str() << "]\n";
}

} // namespace txnlint
