//===--- Analyzer.cpp - The enabled checks over one translation unit ------===//

#include "Analyzer.h"
#include "Places.h"
#include "checks/Check.h"
#include "checks/CheckRegistry.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SetVector.h"
#include <set>
#include <tuple>

using namespace clang;

namespace txnlint {

namespace {

/// Finds functions, callback bodies and spawned callables.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(const ApiCatalog &Api, const SourceManager &SM)
      : Api(Api), SM(SM) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isImplicit())
      add(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    add(L->getCallOperator());
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    visitCall(C, C->getDirectCallee());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    visitCall(C, C->getConstructor());
    return true;
  }

  llvm::SetVector<const FunctionDecl *> Functions;
  llvm::DenseMap<const FunctionDecl *, OpenTxn> CallbackBodies;
  llvm::DenseSet<const FunctionDecl *> Spawned;
  /// Every function called from code of this TU (canonical declarations).
  llvm::DenseSet<const FunctionDecl *> Called;

private:
  void add(const FunctionDecl *FD) {
    if (!FD || FD->isDependentContext() || !FD->hasBody() ||
        SM.isInSystemHeader(FD->getLocation()) ||
        Api.isApiImplementation(FD))
      return;
    Functions.insert(FD);
  }
  void visitCall(const Expr *C, const FunctionDecl *Callee) {
    if (!Callee || SM.isInSystemHeader(C->getBeginLoc()))
      return;
    Called.insert(Callee->getCanonicalDecl());
    if (const TransactionApi *CB = Api.callbackApi(Callee)) {
      llvm::ArrayRef<const Expr *> Args = callArguments(C);
      const Expr *Callable = CB->CallableArg >= 0 ? argumentAt(C, CB->CallableArg)
                             : Args.empty()       ? nullptr
                                                  : Args.back();
      const FunctionDecl *Body = callableFunction(Callable);
      if (!Body)
        return;
      OpenTxn T;
      T.Key = C;
      T.Api = CB;
      if (const Expr *Session = argumentAt(C, CB->SessionArg))
        T.Session = resolveSession(Session, nullptr);
      T.Session.Fresh = false;
      T.BeginLoc = C->getBeginLoc();
      CallbackBodies[Body] = T;
      return;
    }
    if (Api.spawnerOf(C))
      for (const Expr *A : callArguments(C))
        if (const FunctionDecl *Body = callableFunction(A))
          Spawned.insert(Body);
  }

  const ApiCatalog &Api;
  const SourceManager &SM;
};

} // namespace

class TuAnalysis::Impl {
public:
  Impl(ASTContext &Ctx, const RuleSet &Rules, const CheckFilter &Enabled,
       TuAnalysis &Out);
  void run();

private:
  /// What one check sees: the analysis, with its reports tagged by name.
  class Bound : public CheckContext {
  public:
    Bound(Impl &A, llvm::StringRef Check) : A(A), Check(Check) {}
    const ApiCatalog &api() const override { return A.Api; }
    const SourceManager &sourceManager() const override { return A.SM; }
    const RoleInfo &roleOf(const FunctionDecl *F) override {
      return A.roleOf(F);
    }
    const FunctionSummary *summaryOf(const FunctionDecl *F) override {
      return A.Summaries.get(F);
    }
    const FunctionSummary *summaryOfCall(const Stmt *Call) override;
    void report(const FunctionView &In, Report R) override {
      A.report(Check, In, std::move(R));
    }

  private:
    Impl &A;
    llvm::StringRef Check;
  };
  struct EnabledCheck {
    std::unique_ptr<TxnCheck> Rule;
    std::unique_ptr<Bound> Context;
  };

  const FunctionFlow *flowOf(const FunctionDecl *F);
  const RoleInfo &roleOf(const FunctionDecl *F);
  std::optional<OpenTxn> callersTransaction(const FunctionDecl *F);
  const std::string &usrOf(const FunctionDecl *F);
  void analyseFunction(const FunctionDecl *F);
  void report(llvm::StringRef Check, const FunctionView &In, Report R);
  FunctionFacts facts(const FunctionDecl *F);
  void countBlindCall(const Stmt *Call, BlindCalls &Out);

  const SourceManager &SM;
  ASTContext &Ctx;
  // Every cache keyed by a declaration lives here, with the AST it names.
  ApiCatalog Api;
  TuAnalysis &Out;
  RoleResolver Roles;
  Collector Collect;
  SummaryTable Summaries;
  std::vector<EnabledCheck> Checks;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFlow>> Flows;
  llvm::DenseMap<const FunctionDecl *, RoleInfo> RoleCache;
  llvm::DenseMap<const FunctionDecl *, std::string> Usrs;
  std::set<std::tuple<unsigned, std::string, std::string>> Seen;
};

TuAnalysis::Impl::Impl(ASTContext &Ctx, const RuleSet &Rules,
                       const CheckFilter &Enabled, TuAnalysis &Out)
    : SM(Ctx.getSourceManager()), Ctx(Ctx), Api(Rules), Out(Out),
      Roles(Api, SM), Collect(Api, SM),
      Summaries(Api, [this](const FunctionDecl *F) { return flowOf(F); }) {
  for (const CheckInfo &C : checkRegistry())
    if (!Enabled || Enabled(C.Name))
      Checks.push_back({C.Create(), std::make_unique<Bound>(*this, C.Name)});
}

const FunctionSummary *
TuAnalysis::Impl::Bound::summaryOfCall(const Stmt *Call) {
  const FunctionDecl *Callee = calledFunction(Call);
  if (!Callee || A.Api.spawnerOf(Call) || A.Api.sideEffectOf(Call) ||
      A.Api.callbackApi(Callee))
    return nullptr;
  return A.Summaries.get(Callee);
}

const FunctionFlow *TuAnalysis::Impl::flowOf(const FunctionDecl *F) {
  if (const FunctionDecl *Def = F->getDefinition())
    F = Def;
  auto It = Flows.find(F);
  if (It != Flows.end())
    return It->second.get();
  if (!Collect.Functions.contains(F)) {
    Flows[F] = nullptr;
    return nullptr;
  }
  TxnState Initial;
  auto CB = Collect.CallbackBodies.find(F);
  if (CB != Collect.CallbackBodies.end())
    Initial.push(CB->second);
  else if (std::optional<OpenTxn> T = callersTransaction(F))
    Initial.push(*T);
  auto Flow = std::make_unique<FunctionFlow>(analyzeFlow(F, Api, Initial));
  return (Flows[F] = std::move(Flow)).get();
}

/// A function that runs inside its caller's unit of work (role 'aware', or
/// it takes an open transaction as a parameter) starts with that transaction
/// open when no code of this TU calls it: its findings are reported inside
/// it. A caller in the TU reports them at its call instead, with the chain,
/// so only functions of the main file are seeded (a header's may have
/// callers in other translation units).
std::optional<OpenTxn>
TuAnalysis::Impl::callersTransaction(const FunctionDecl *F) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->getParent()->isLambda())
    return std::nullopt;
  if (!SM.isInMainFile(SM.getFileLoc(F->getLocation())) ||
      Collect.Called.contains(F->getCanonicalDecl()))
    return std::nullopt;
  const ParmVarDecl *Session = nullptr;
  for (const ParmVarDecl *P : F->parameters())
    if (Api.isTransactionType(P->getType()))
      Session = P;
  if (!Session && roleOf(F).Role != RoleKind::Aware)
    return std::nullopt;
  if (!Session)
    for (const ParmVarDecl *P : F->parameters())
      if (!Session && Api.isSessionType(P->getType()))
        Session = P;
  OpenTxn T;
  // Keyed by the parameter, so that committing the transaction it is handed
  // ends it here too.
  T.Key = Session ? static_cast<const void *>(Session) : F;
  T.Ambient = true;
  T.BeginLoc = F->getLocation();
  if (Session) {
    T.Session.Kind = SessionRef::Var;
    T.Session.Decl = Session;
    T.Session.ParamIndex = static_cast<int>(Session->getFunctionScopeIndex());
  }
  return T;
}

const RoleInfo &TuAnalysis::Impl::roleOf(const FunctionDecl *F) {
  auto It = RoleCache.find(F);
  if (It != RoleCache.end())
    return It->second;
  return RoleCache[F] = Roles.roleOf(F, Collect.Spawned.contains(F));
}

const std::string &TuAnalysis::Impl::usrOf(const FunctionDecl *F) {
  auto [It, New] = Usrs.try_emplace(F);
  llvm::SmallString<128> Buf;
  if (New && !index::generateUSRForDecl(F, Buf))
    It->second = Buf.str().str();
  return It->second;
}

void TuAnalysis::Impl::report(llvm::StringRef Check, const FunctionView &In,
                              Report R) {
  SourceLocation Loc = SM.getFileLoc(R.Loc);
  if (SM.isInSystemHeader(Loc))
    return;
  if (!Seen.insert({Loc.getRawEncoding(), Check.str(), R.Message}).second)
    return; // The same finding from another template instantiation.
  Finding F;
  F.Check = Check.str();
  F.Level = R.Level;
  F.Where = placeOf(SM, Loc);
  F.Message = std::move(R.Message);
  F.Function = qualifiedName(In.Decl);
  F.FunctionUsr = usrOf(In.Decl);
  F.Subject = std::move(R.Subject);
  for (NoteDraft &N : R.Notes)
    F.Notes.push_back(
        {N.Kind, placeOf(SM, N.Loc), std::move(N.Message), N.InChain});
  Out.Findings.push_back(std::move(F));
}

void TuAnalysis::Impl::analyseFunction(const FunctionDecl *F) {
  const FunctionFlow *Flow = flowOf(F);
  if (!Flow || !Flow->Built)
    return;
  FunctionView View{F, *Flow, roleOf(F)};
  for (const BeginEvent &B : Flow->Begins)
    for (EnabledCheck &C : Checks)
      C.Rule->onBegin(View, B, *C.Context);
  for (const Stmt *S : Flow->Calls) {
    const TxnState &Before = Flow->Before.find(S)->second;
    for (EnabledCheck &C : Checks)
      C.Rule->onCall(View, S, Before, *C.Context);
  }
  std::vector<std::pair<const CXXTryStmt *, const TxnState *>> Tries;
  for (const auto &KV : Flow->AtTry)
    Tries.push_back({KV.first, &KV.second});
  llvm::sort(Tries, [&](const auto &A, const auto &B) {
    return SM.isBeforeInTranslationUnit(A.first->getBeginLoc(),
                                        B.first->getBeginLoc());
  });
  for (const auto &[Try, State] : Tries)
    for (EnabledCheck &C : Checks)
      C.Rule->onTry(View, Try, *State, *C.Context);
  for (EnabledCheck &C : Checks)
    C.Rule->onFunction(View, *C.Context);
}

FunctionFacts TuAnalysis::Impl::facts(const FunctionDecl *F) {
  FunctionFacts Facts;
  SourcePlace P = placeOf(SM, F->getLocation());
  Facts.File = P.File;
  Facts.Line = P.Line;
  Facts.Name = displayName(F);
  Facts.Usr = usrOf(F);
  const RoleInfo &R = roleOf(F);
  Facts.Role = R.Role;
  Facts.Source = R.Source;
  Facts.Spawned = Collect.Spawned.contains(F);
  if (const auto *M = dyn_cast<CXXMethodDecl>(F))
    Facts.Lambda = M->getParent()->isLambda();
  for (const ParmVarDecl *P : F->parameters())
    Facts.TakesSession |= Api.isSessionType(P->getType());
  const FunctionFlow *Flow = flowOf(F);
  if (!Flow)
    return Facts;
  for (const BeginEvent &B : Flow->Begins)
    Facts.Begins |= !B.Txn.isSavepoint();
  if (const FunctionSummary *S = Summaries.get(F))
    Facts.Begins |= S->Begin.has_value();
  for (const Stmt *S : Flow->Calls) {
    if (const auto *C = dyn_cast<CXXConstructExpr>(S);
        C && !C->getConstructor()->isCopyOrMoveConstructor() &&
        !Api.raiiGuard(C->getType()) && Api.isSessionType(C->getType()))
      Facts.OpensOwnSession = true;
    if (Flow->Built && Flow->Before.find(S)->second.innermost())
      countBlindCall(S, Facts.Blind);
  }
  return Facts;
}

/// Whether \p F is `std::function<...>::operator()`.
static bool isStdFunctionCall(const FunctionDecl *F) {
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  return M && M->getOverloadedOperator() == OO_Call &&
         M->getParent()->isInStdNamespace() && M->getParent()->getIdentifier() &&
         M->getParent()->getName() == "function";
}

void TuAnalysis::Impl::countBlindCall(const Stmt *Call, BlindCalls &Out) {
  const FunctionDecl *Callee = calledFunction(Call);
  if (!Callee) {
    Out.Indirect += isa<CallExpr>(Call); // Through a pointer.
    return;
  }
  if (isStdFunctionCall(Callee)) {
    ++Out.Indirect;
    return;
  }
  // Library code, the catalogued APIs and what the compiler writes are not
  // the project's blind spots.
  if (SM.isInSystemHeader(Callee->getLocation()) || Callee->isImplicit() ||
      Callee->isDefaulted() || Callee->isDeleted() || Callee->isTrivial() ||
      Api.isApiImplementation(Callee) || Api.sideEffectOf(Call) ||
      Api.spawnerOf(Call))
    return;
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    if (memberCallOp(CE, Api).Kind != TxnOpKind::None)
      return;
  if (Summaries.get(Callee))
    return;
  const auto *M = dyn_cast<CXXMethodDecl>(Callee);
  // A method of the database library's session or transaction classes is
  // database work, whatever its body does.
  if (M && Api.isSessionType(QualType(M->getParent()->getTypeForDecl(), 0)))
    return;
  const auto *ME =
      isa<CXXMemberCallExpr>(Call)
          ? dyn_cast<MemberExpr>(
                cast<CXXMemberCallExpr>(Call)->getCallee()->IgnoreParens())
          : nullptr;
  if (M && M->isVirtual() && ME && ME->performsVirtualDispatch(Ctx.getLangOpts()))
    ++Out.Virtual;
  else
    ++Out.NoDefinition;
}

void TuAnalysis::Impl::run() {
  Collect.TraverseDecl(Ctx.getTranslationUnitDecl());
  std::vector<const FunctionDecl *> Order(Collect.Functions.begin(),
                                          Collect.Functions.end());
  llvm::stable_sort(Order, [&](const FunctionDecl *A, const FunctionDecl *B) {
    return SM.isBeforeInTranslationUnit(A->getLocation(), B->getLocation());
  });
  for (const FunctionDecl *F : Order) {
    analyseFunction(F);
    Out.Functions.push_back(facts(F));
  }
  llvm::stable_sort(Out.Findings);
}

TuAnalysis::TuAnalysis(ASTContext &Ctx, const RuleSet &Rules,
                       const CheckFilter &Enabled) {
  Impl(Ctx, Rules, Enabled, *this).run();
}

TuAnalysis::~TuAnalysis() = default;

} // namespace txnlint
