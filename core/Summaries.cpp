//===--- Summaries.cpp - What a call does, bottom-up ----------------------===//

#include "Summaries.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace txnlint {

std::string displayName(const FunctionDecl *F) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(F))
    if (M->getParent()->isLambda())
      return "lambda";
  return qualifiedName(F);
}

SessionRef mapSessionToCaller(const BeginSummary &B, const Stmt *Call,
                              const FunctionDecl *Caller) {
  if (B.Session.ParamIndex >= 0) {
    if (const Expr *Arg = argumentAt(Call, B.Session.ParamIndex))
      return resolveSession(Arg, Caller);
    return {};
  }
  if (B.Session.Fresh || B.Session.Kind == SessionRef::Field)
    return B.Session; // A local of the callee, or a member: compared as is.
  return {};
}

SummaryTable::SummaryTable(const ApiCatalog &Api, FlowProvider FlowOf)
    : Api(Api), FlowOf(std::move(FlowOf)) {}

static std::string calls(const FunctionDecl *Caller, llvm::StringRef Callee) {
  return "'" + displayName(Caller) + "' calls '" + Callee.str() + "' here";
}

const FunctionSummary *SummaryTable::get(const FunctionDecl *F) {
  if (!F)
    return nullptr;
  if (const FunctionDecl *Def = F->getDefinition())
    F = Def;
  auto It = Done.find(F);
  if (It != Done.end())
    return It->second.get();
  if (InProgress.contains(F))
    return nullptr; // Recursion: the cycle adds nothing new.
  const FunctionFlow *Flow = FlowOf(F);
  if (!Flow)
    return nullptr;
  InProgress.insert(F);
  auto Sum = std::make_unique<FunctionSummary>();

  for (const BeginEvent &B : Flow->Begins) {
    if (B.Txn.isSavepoint())
      continue;
    BeginSummary BS;
    BS.Session = B.Txn.Session;
    BS.Loc = B.Txn.BeginLoc;
    BS.Chain.push_back(
        {NoteKind::TransactionBegins, B.Txn.BeginLoc, "transaction begins here"});
    Sum->Begin = std::move(BS);
    break;
  }

  auto AddEffect = [&](EffectSummary E) {
    for (const EffectSummary &Have : Sum->Effects)
      if (Have.Category == E.Category && Have.Spawn == E.Spawn)
        return;
    Sum->Effects.push_back(std::move(E));
  };
  for (const Stmt *S : Flow->Calls) {
    Sum->UsesDatabase |= Api.touchesSession(S);
    const FunctionDecl *Callee = calledFunction(S);
    if (!Callee)
      continue;
    SourceLocation Loc = cast<Expr>(S)->getExprLoc();
    if (Api.spawnerOf(S)) {
      EffectSummary E;
      E.Category = SideEffectCategory::Enqueue;
      E.Spawn = true;
      E.Api = qualifiedName(Callee);
      E.Chain.push_back({NoteKind::CallStep, Loc,
                         "'" + displayName(F) + "' spawns a background task here"});
      AddEffect(std::move(E));
      continue;
    }
    if (const SideEffectRule *R = Api.sideEffectOf(S)) {
      if (R->Deferred)
        continue;
      EffectSummary E;
      E.Category = R->Category;
      E.Api = qualifiedName(Callee);
      E.Chain.push_back({NoteKind::CallStep, Loc, calls(F, E.Api)});
      AddEffect(std::move(E));
      continue;
    }
    const FunctionSummary *CS = get(Callee);
    if (!CS)
      continue;
    Sum->UsesDatabase |= CS->UsesDatabase;
    std::string Name = displayName(Callee);
    for (const EffectSummary &CE : CS->Effects) {
      EffectSummary E = CE;
      E.Chain.insert(E.Chain.begin(), {NoteKind::CallStep, Loc, calls(F, Name)});
      AddEffect(std::move(E));
    }
    if (!Sum->Begin && CS->Begin) {
      BeginSummary BS = *CS->Begin;
      BS.Chain.insert(BS.Chain.begin(),
                      {NoteKind::CallStep, Loc, calls(F, Name)});
      // Re-express the callee's session in our own terms.
      SessionRef Mapped = mapSessionToCaller(*CS->Begin, S, F);
      BS.Session = Mapped;
      Sum->Begin = std::move(BS);
    }
  }

  Sum->NoReturn =
      Flow->Built && llvm::all_of(Flow->NormalExits, [&](const Stmt *S) {
        const FunctionDecl *Callee = calledFunction(S);
        if (!Callee)
          return false;
        if (Api.isNoReturn(Callee))
          return true;
        const FunctionSummary *CS = get(Callee); // Null in a cycle.
        return CS && CS->NoReturn;
      });

  InProgress.erase(F);
  return (Done[F] = std::move(Sum)).get();
}

} // namespace txnlint
