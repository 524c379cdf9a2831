//===--- Roles.cpp - Who may own a transaction ----------------------------===//

#include "Roles.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace txnlint {

llvm::StringRef roleSourceName(RoleSource S) {
  switch (S) {
  case RoleSource::None:
    return "none";
  case RoleSource::Annotation:
    return "annotation";
  case RoleSource::Rule:
    return "rules";
  case RoleSource::Inferred:
    return "inferred";
  }
  llvm_unreachable("unknown role source");
}

struct RoleResolver::CompiledRule {
  const RoleRule *Rule;
  std::vector<llvm::GlobPattern> Globs;
  std::vector<std::unique_ptr<llvm::Regex>> Names;
};

RoleResolver::RoleResolver(const ApiCatalog &Api, const SourceManager &SM)
    : Api(Api), SM(SM) {
  for (const RoleRule &R : Api.rules().Roles) {
    auto C = std::make_unique<CompiledRule>();
    C->Rule = &R;
    for (const std::string &P : R.Paths)
      if (auto G = llvm::GlobPattern::create(P))
        C->Globs.push_back(std::move(*G));
      else
        llvm::consumeError(G.takeError()); // Validated by the loader.
    for (const std::string &N : R.Names)
      C->Names.push_back(std::make_unique<llvm::Regex>(N));
    Rules.push_back(std::move(C));
  }
}

RoleResolver::~RoleResolver() = default;

std::string RoleResolver::fileOf(SourceLocation Loc) const {
  FileID FID = SM.getFileID(SM.getFileLoc(Loc));
  auto It = Files.find(FID);
  if (It != Files.end())
    return It->second;
  llvm::SmallString<256> Path;
  if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID)) {
    Path = FE->getName();
    // Against the compile command's directory (the file manager's working
    // directory), not the process's: bear writes relative file names.
    SM.getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  }
  return Files[FID] = std::string(Path);
}

std::optional<RoleInfo> RoleResolver::fromAnnotation(const Decl *D) const {
  llvm::StringRef Prefix = Api.rules().Settings.AnnotationPrefix;
  for (const auto *A : D->specific_attrs<AnnotateAttr>()) {
    llvm::StringRef Text = A->getAnnotation();
    if (!Text.consume_front(Prefix))
      continue;
    RoleKind K = llvm::StringSwitch<RoleKind>(Text)
                     .Case("owner", RoleKind::Owner)
                     .Case("aware", RoleKind::Aware)
                     .Case("background", RoleKind::Background)
                     .Default(RoleKind::None);
    if (K != RoleKind::None)
      return RoleInfo{K, RoleSource::Annotation,
                      "annotation '" + A->getAnnotation().str() + "'"};
  }
  return std::nullopt;
}

static llvm::StringRef enclosingNamespace(const FunctionDecl *F,
                                          const ApiCatalog &Api) {
  for (const DeclContext *DC = F->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (!NS->isInline() && !NS->isAnonymousNamespace())
        return Api.nameOf(NS);
  return "";
}

std::optional<RoleInfo> RoleResolver::fromRules(const FunctionDecl *F) const {
  // The most specific kind of rule wins: names, then namespaces, then paths.
  const std::string &Name = Api.nameOf(F);
  for (const auto &C : Rules)
    for (size_t I = 0; I < C->Names.size(); ++I)
      if (C->Names[I]->match(Name))
        return RoleInfo{C->Rule->Role, RoleSource::Rule,
                        "rule at " + C->Rule->Origin.str() + " (name '" +
                            C->Rule->Names[I] + "')"};
  llvm::StringRef NS = enclosingNamespace(F, Api);
  for (const auto &C : Rules)
    for (llvm::StringRef Want : C->Rule->Namespaces) {
      Want.consume_front("::");
      llvm::StringRef Have(NS);
      if (Have == Want || (Have.starts_with(Want) &&
                           Have.drop_front(Want.size()).starts_with("::")))
        return RoleInfo{C->Rule->Role, RoleSource::Rule,
                        "rule at " + C->Rule->Origin.str() + " (namespace '" +
                            Want.str() + "')"};
    }
  std::string File = fileOf(F->getLocation());
  for (const auto &C : Rules)
    for (size_t I = 0; I < C->Globs.size(); ++I)
      if (C->Globs[I].match(File))
        return RoleInfo{C->Rule->Role, RoleSource::Rule,
                        "rule at " + C->Rule->Origin.str() + " (path '" +
                            C->Rule->Paths[I] + "')"};
  return std::nullopt;
}

RoleInfo RoleResolver::roleOf(const FunctionDecl *F, bool Spawned) const {
  const RoleInfo SpawnedRole{RoleKind::Background, RoleSource::Inferred,
                             "runs as a spawned background task"};
  if (auto R = fromAnnotation(F))
    return *R;
  if (const auto *M = dyn_cast<CXXMethodDecl>(F)) {
    if (M->getParent()->isLambda()) {
      if (Spawned)
        return SpawnedRole;
      // A lambda shares the role of the function it is written in.
      if (const auto *Outer = dyn_cast_or_null<FunctionDecl>(
              M->getParent()->getDeclContext()))
        return roleOf(Outer, false);
      return {};
    }
    if (auto R = fromAnnotation(M->getParent()))
      return *R;
  }
  if (auto R = fromRules(F))
    return *R;
  if (Spawned)
    return SpawnedRole;
  if (!Api.rules().Settings.InferRoles)
    return {};
  // A function handed the caller's open transaction works inside it. A
  // connection alone says nothing: most code that takes one opens and owns
  // its own unit of work (unless settings.infer_aware_from is 'session').
  for (const ParmVarDecl *P : F->parameters())
    if (Api.isTransactionType(P->getType()))
      return {RoleKind::Aware, RoleSource::Inferred,
              "takes transaction parameter '" + P->getNameAsString() + "'"};
  if (Api.rules().Settings.InferAwareFrom == AwareInference::Session)
    for (const ParmVarDecl *P : F->parameters())
      if (Api.isSessionType(P->getType()))
        return {RoleKind::Aware, RoleSource::Inferred,
                "takes session parameter '" + P->getNameAsString() + "'"};
  return {};
}

} // namespace txnlint
