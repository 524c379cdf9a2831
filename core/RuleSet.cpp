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

} // namespace txnlint
