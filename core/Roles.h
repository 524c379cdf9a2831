//===--- Roles.h - Who may own a transaction --------------------*- C++ -*-===//
//
// Assigns each function a role (owner, aware, background) from an in-code
// annotation, from the rules (qualified-name regexes, namespaces, path
// globs), or by inference from its shape, and says where the role came from.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_ROLES_H
#define TXNLINT_CORE_ROLES_H

#include "ApiCatalog.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Regex.h"
#include <memory>

namespace txnlint {

enum class RoleSource { None, Annotation, Rule, Inferred };
llvm::StringRef roleSourceName(RoleSource S);

struct RoleInfo {
  RoleKind Role = RoleKind::None;
  RoleSource Source = RoleSource::None;
  /// Human-readable reason: the rule's place, the annotation, the parameter.
  std::string Why;
  /// Findings resting on an inferred role are warnings, never errors.
  bool isInferred() const { return Source == RoleSource::Inferred; }
};

class RoleResolver {
public:
  RoleResolver(const ApiCatalog &Api, const clang::SourceManager &SM);
  ~RoleResolver();

  /// \p Spawned: the function runs as a spawned callable (a background
  /// task, by inference, unless annotated).
  RoleInfo roleOf(const clang::FunctionDecl *F, bool Spawned) const;
  /// The absolute, normalised path of the file holding \p Loc.
  std::string fileOf(clang::SourceLocation Loc) const;

private:
  std::optional<RoleInfo> fromAnnotation(const clang::Decl *D) const;
  std::optional<RoleInfo> fromRules(const clang::FunctionDecl *F) const;

  struct CompiledRule;
  const ApiCatalog &Api;
  const clang::SourceManager &SM;
  std::vector<std::unique_ptr<CompiledRule>> Rules;
  mutable llvm::DenseMap<clang::FileID, std::string> Files;
};

} // namespace txnlint

#endif // TXNLINT_CORE_ROLES_H
