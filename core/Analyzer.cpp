//===--- Analyzer.cpp - The enabled checks over one translation unit ------===//

#include "Analyzer.h"
#include "Places.h"
#include "checks/Check.h"
#include "checks/CheckRegistry.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "Summaries.h"
#include "Suppressions.h"
#include <unordered_map>
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
      : Api(Api), SM(SM), System(Api.rules().Settings.SystemHeaders) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  /// A declaration in a system header holds nothing add() and visitCall()
  /// take (its functions, calls and lambdas are there too): not walked.
  bool TraverseDecl(Decl *D) {
    if (D && !System && !isa<TranslationUnitDecl>(D) &&
        SM.isInSystemHeader(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  /// Types as written hold no code that runs (`decltype(f())` calls
  /// nothing).
  bool TraverseTypeLoc(TypeLoc) { return true; }

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
        (!System && SM.isInSystemHeader(FD->getLocation())) ||
        Api.isApiImplementation(FD))
      return;
    Functions.insert(FD);
  }
  void visitCall(const Expr *C, const FunctionDecl *Callee) {
    if (!Callee || (!System && SM.isInSystemHeader(C->getBeginLoc())))
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
  bool System; ///< Functions in system headers too (--system-headers).
};

} // namespace

class TuAnalysis::Impl {
public:
  Impl(ASTContext &Ctx, const RuleSet &Rules, const CheckFilter &Enabled,
       const std::vector<FunctionFacts> &Library, TuFacts &Out);
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
      return A.local().get(A.usrOf(F));
    }
    const std::string &usrOf(const FunctionDecl *F) override {
      return A.usrOf(F);
    }
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
    llvm::StringRef Name;
  };

  const FunctionFlow *flowOf(const FunctionDecl *F);
  const TxnTransfer *transferOf(const FunctionDecl *F);
  /// A transfer from facts (another unit's function), in \p Callee's terms.
  std::unique_ptr<TxnTransfer> transferFromFacts(const TransferFacts &T,
                                                 const FunctionDecl *Callee);
  SessionRef refOf(const SessionKey &K, const FunctionDecl *Callee);
  TransferFacts transferFacts(const TxnTransfer &T);
  const RoleInfo &roleOf(const FunctionDecl *F);
  std::optional<OpenTxn> callersTransaction(const FunctionDecl *F);
  const std::string &usrOf(const FunctionDecl *F);
  /// qualifiedName(D), computed once per declaration.
  const std::string &qualifiedNameOf(const NamedDecl *D) {
    return Api.nameOf(D);
  }
  /// displayName(F), computed once per function.
  const std::string &nameOf(const FunctionDecl *F) {
    return Api.displayNameOf(F);
  }
  /// The summaries of this translation unit alone, built on first use
  /// (after every function's facts).
  const SummaryIndex &local() {
    if (!Local) {
      std::vector<const FunctionFacts *> Index;
      for (const FunctionFacts &F : Out.Functions)
        Index.push_back(&F);
      Local = std::make_unique<SummaryIndex>(std::move(Index));
    }
    return *Local;
  }
  /// \p S as the merge compares it; \p Named, the expression naming it,
  /// gives its session class when \p S has none.
  SessionKey keyOf(const SessionRef &S, const Expr *Named = nullptr);
  std::vector<SessionKey> argumentKeys(const Stmt *Call,
                                       const FunctionDecl *Callee,
                                       const FunctionDecl *Caller);
  SessionKey receiverKey(const Stmt *Call, const FunctionDecl *Caller);
  FindingNote note(const NoteDraft &N);
  /// A call whose callee is code that may have a summary (not a catalogued
  /// API, not the library's).
  const FunctionDecl *codeCallee(const Stmt *Call);
  bool isVirtualCall(const Stmt *Call);
  void analyseFunction(const FunctionDecl *F);
  void recordCallSites(const FunctionDecl *F);
  void report(llvm::StringRef Check, const FunctionView &In, Report R);
  FunctionFacts facts(const FunctionDecl *F);
  void countBlindCall(const Stmt *Call, FunctionFacts &Out);
  std::vector<TxnScope> scopesOf(const FunctionDecl *F,
                                 const FunctionFlow &Flow,
                                 llvm::StringRef File) const;

  const SourceManager &SM;
  ASTContext &Ctx;
  // Every cache keyed by a declaration lives here, with the AST it names.
  ApiCatalog Api;
  TuFacts &Out;
  RoleResolver Roles;
  Collector Collect;
  SuppressionIndex Suppressions;
  mutable PlaceFinder Places;
  std::vector<EnabledCheck> Checks;
  /// Summaries from this translation unit alone, for the checks that
  /// decide while the AST is alive; what needs other units is left to the
  /// merge.
  std::unique_ptr<SummaryIndex> Local;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFlow>> Flows;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<TxnTransfer>> Transfers;
  llvm::DenseSet<const FunctionDecl *> InProgress;
  // Node-based: usrOf and roleOf hand out references that must survive
  // later insertions (a DenseMap moves its values when it grows).
  std::unordered_map<const Decl *, std::string> Usrs;
  std::unordered_map<const FunctionDecl *, RoleInfo> RoleCache;
  /// Functions of other units that leave a transaction open or end one.
  llvm::StringMap<const TransferFacts *> LibraryTransfers;
};

TuAnalysis::Impl::Impl(ASTContext &Ctx, const RuleSet &Rules,
                       const CheckFilter &Enabled,
                       const std::vector<FunctionFacts> &Library, TuFacts &Out)
    : SM(Ctx.getSourceManager()), Ctx(Ctx), Api(Rules), Out(Out),
      Roles(Api, SM), Collect(Api, SM), Suppressions(SM), Places(SM) {
  for (const FunctionFacts &F : Library)
    if (!F.Transfer.empty())
      LibraryTransfers.try_emplace(F.Usr, &F.Transfer);
  for (const CheckInfo &C : checkRegistry())
    if (!Enabled || Enabled(C.Name))
      Checks.push_back(
          {C.Create(), std::make_unique<Bound>(*this, C.Name), C.Name});
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
  InProgress.insert(F);
  auto Flow = std::make_unique<FunctionFlow>(analyzeFlow(
      F, Api, Initial,
      [this](const FunctionDecl *Callee) { return transferOf(Callee); }));
  InProgress.erase(F);
  return (Flows[F] = std::move(Flow)).get();
}

/// What a call of \p F does to the caller's transactions, from its flow in
/// this translation unit; null in a cycle or with no body here.
const TxnTransfer *TuAnalysis::Impl::transferOf(const FunctionDecl *F) {
  if (const FunctionDecl *Def = F->getDefinition())
    F = Def;
  if (auto It = Transfers.find(F); It != Transfers.end())
    return It->second.get();
  if (InProgress.contains(F))
    return nullptr;
  if (!Collect.Functions.contains(F)) {
    // Defined in another unit: its transfer from the library, if any.
    auto L = LibraryTransfers.find(usrOf(F));
    auto &Slot = Transfers[F];
    if (L != LibraryTransfers.end())
      Slot = transferFromFacts(*L->second, F);
    return Slot.get();
  }
  const FunctionFlow *Flow = flowOf(F);
  if (!Flow)
    return nullptr;
  TxnTransfer T = txnlint::transferOf(*Flow);
  auto &Slot = Transfers[F];
  if (!T.empty())
    Slot = std::make_unique<TxnTransfer>(std::move(T));
  return Slot.get();
}

/// A function that runs inside its caller's unit of work (role 'aware', or
/// it takes an open transaction as a parameter) starts with that transaction
/// open when no code of this TU calls it: its findings are reported inside
/// it, unless the merge finds a caller in another translation unit, which
/// then reports them at its call, with the chain. A function called here is
/// analysed from its callers.
std::optional<OpenTxn>
TuAnalysis::Impl::callersTransaction(const FunctionDecl *F) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->getParent()->isLambda())
    return std::nullopt;
  if (Collect.Called.contains(F->getCanonicalDecl()))
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

SessionRef TuAnalysis::Impl::refOf(const SessionKey &K,
                                   const FunctionDecl *Callee) {
  SessionRef R;
  llvm::StringRef Id(K.Id);
  if (Id == "T" && isa<CXXMethodDecl>(Callee)) {
    R.Kind = SessionRef::This;
    return R;
  }
  unsigned N = 0;
  if (Id.consume_front("P") && !Id.getAsInteger(10, N) &&
      N < Callee->getNumParams()) {
    R.Kind = SessionRef::Var;
    R.Decl = Callee->getParamDecl(N);
    R.ParamIndex = static_cast<int>(N);
    return R;
  }
  Id = K.Id;
  if (!Id.consume_front("F:"))
    return R;
  // A member of the callee's class or of one of its bases.
  const auto *M = dyn_cast<CXXMethodDecl>(Callee);
  std::vector<const CXXRecordDecl *> Classes;
  if (M && M->getParent()->getDefinition())
    Classes.push_back(M->getParent()->getDefinition());
  for (size_t I = 0; I < Classes.size() && I < 16; ++I) {
    for (const FieldDecl *FD : Classes[I]->fields())
      if (qualifiedName(FD) == Id) {
        R.Kind = SessionRef::Field;
        R.Decl = FD;
        return R;
      }
    for (const CXXBaseSpecifier &B : Classes[I]->bases())
      if (const CXXRecordDecl *BD = B.getType()->getAsCXXRecordDecl())
        if (BD->getDefinition())
          Classes.push_back(BD->getDefinition());
  }
  return R;
}

std::unique_ptr<TxnTransfer>
TuAnalysis::Impl::transferFromFacts(const TransferFacts &T,
                                    const FunctionDecl *Callee) {
  auto Out = std::make_unique<TxnTransfer>();
  const std::vector<TransactionApi> &Apis = Api.rules().Transactions;
  for (const TransferFacts::Opened &O : T.LeavesOpen) {
    if (O.Api < 0 || static_cast<size_t>(O.Api) >= Apis.size())
      continue;
    Out->LeavesOpen.push_back({refOf(O.Session, Callee),
                               refOf(O.Holder, Callee), &Apis[O.Api], O.Must});
  }
  for (const TransferFacts::Ended &E : T.Ends)
    if (SessionRef R = refOf(E.Session, Callee); R.Kind != SessionRef::Unknown)
      Out->Ends.push_back({R, E.Commit});
  if (Out->empty())
    return nullptr;
  return Out;
}

TransferFacts TuAnalysis::Impl::transferFacts(const TxnTransfer &T) {
  TransferFacts Out;
  const std::vector<TransactionApi> &Apis = Api.rules().Transactions;
  for (const TxnTransfer::Opened &O : T.LeavesOpen) {
    int Index = -1;
    for (size_t I = 0; I < Apis.size(); ++I)
      if (&Apis[I] == O.Api)
        Index = static_cast<int>(I);
    Out.LeavesOpen.push_back(
        {keyOf(O.Session), keyOf(O.Holder), O.Must, Index});
  }
  for (const TxnTransfer::Ended &E : T.Ends)
    Out.Ends.push_back({keyOf(E.Session), E.Commit});
  return Out;
}

const RoleInfo &TuAnalysis::Impl::roleOf(const FunctionDecl *F) {
  auto It = RoleCache.find(F);
  if (It != RoleCache.end())
    return It->second;
  return RoleCache[F] = Roles.roleOf(F, Collect.Spawned.contains(F));
}

const std::string &TuAnalysis::Impl::usrOf(const FunctionDecl *F) {
  if (const FunctionDecl *Def = F->getDefinition())
    F = Def;
  auto [It, New] = Usrs.try_emplace(F);
  llvm::SmallString<128> Buf;
  if (New && !index::generateUSRForDecl(F, Buf))
    It->second = Buf.str().str();
  return It->second;
}

SessionKey TuAnalysis::Impl::keyOf(const SessionRef &S, const Expr *Named) {
  SessionKey K;
  K.Fresh = S.Fresh;
  K.Type = S.Type.empty() && Named ? Api.sessionClass(Named->getType()) : S.Type;
  K.Declared = S.Declared;
  if (S.Kind == SessionRef::This) {
    K.Id = "T";
    K.Name = "this";
    return K;
  }
  if (!S.Decl || S.Kind == SessionRef::Unknown)
    return K;
  if (S.Decl->getIdentifier())
    K.Name = S.Decl->getName().str();
  if (S.Kind == SessionRef::Field) {
    K.Id = "F:" + qualifiedNameOf(S.Decl);
  } else if (S.ParamIndex >= 0) {
    K.Id = "P" + std::to_string(S.ParamIndex);
  } else {
    auto [It, New] = Usrs.try_emplace(S.Decl);
    llvm::SmallString<128> Buf;
    if (New && !index::generateUSRForDecl(S.Decl, Buf))
      It->second = Buf.str().str();
    K.Id = "L:" + It->second;
  }
  return K;
}

std::vector<SessionKey>
TuAnalysis::Impl::argumentKeys(const Stmt *Call, const FunctionDecl *Callee,
                               const FunctionDecl *Caller) {
  std::vector<SessionKey> Keys;
  for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
    const Expr *Arg = argumentAt(Call, I);
    QualType T = Callee->getParamDecl(I)->getType().getNonReferenceType();
    if (!Arg || T->isScalarType() && !T->isPointerType())
      Keys.push_back({});
    else
      Keys.push_back(keyOf(resolveSession(Arg, Caller), Arg));
  }
  while (!Keys.empty() && Keys.back().Id.empty() && !Keys.back().Fresh)
    Keys.pop_back(); // Missing arguments map to unknown sessions.
  return Keys;
}

/// The object a method is called on, in the caller's terms.
SessionKey TuAnalysis::Impl::receiverKey(const Stmt *Call,
                                         const FunctionDecl *Caller) {
  const Expr *Receiver = receiverOf(Call);
  return Receiver ? keyOf(resolveSession(Receiver, Caller), Receiver)
                  : SessionKey{};
}

FindingNote TuAnalysis::Impl::note(const NoteDraft &N) {
  return {N.Kind, Places.placeOf(N.Loc), N.Message, N.InChain};
}

const FunctionDecl *TuAnalysis::Impl::codeCallee(const Stmt *Call) {
  const FunctionDecl *Callee = calledFunction(Call);
  if (!Callee || Callee->isImplicit() ||
      SM.isInSystemHeader(Callee->getLocation()) ||
      Api.isApiImplementation(Callee) || Api.spawnerOf(Call) ||
      Api.sideEffectOf(Call) || Api.callbackApi(Callee))
    return nullptr;
  return Callee;
}

bool TuAnalysis::Impl::isVirtualCall(const Stmt *Call) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
  if (!MC)
    return false;
  const auto *M = MC->getMethodDecl();
  const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
  return M && M->isVirtual() && ME &&
         ME->performsVirtualDispatch(Ctx.getLangOpts());
}

void TuAnalysis::Impl::report(llvm::StringRef Check, const FunctionView &In,
                              Report R) {
  SourceLocation Loc = SM.getFileLoc(R.Loc);
  if (!Api.rules().Settings.SystemHeaders && SM.isInSystemHeader(Loc))
    return;
  PendingFinding P;
  Finding &F = P.F;
  F.Check = Check.str();
  F.Level = R.Level;
  F.Where = Places.placeOf(Loc);
  F.Message = std::move(R.Message);
  F.Function = qualifiedNameOf(In.Decl);
  F.FunctionUsr = usrOf(In.Decl);
  F.Subject = std::move(R.Subject);
  for (NoteDraft &N : R.Notes)
    F.Notes.push_back(note(N));
  P.Suppressed = Suppressions.find(Loc, Check);
  if (R.OnCallersTransaction)
    P.UnlessCalled = F.FunctionUsr;
  P.UnlessNoReturn = std::move(R.UnlessNoReturn);
  P.IfUsesDatabase = std::move(R.IfUsesDatabase);
  Out.Findings.push_back(std::move(P));
}

void TuAnalysis::Impl::analyseFunction(const FunctionDecl *F) {
  const FunctionFlow *Flow = flowOf(F);
  if (!Flow || !Flow->Built)
    return;
  FunctionView View{F, *Flow, roleOf(F), Collect.Spawned.contains(F)};
  for (const BeginEvent &B : Flow->Begins)
    for (EnabledCheck &C : Checks)
      C.Rule->onBegin(View, B, *C.Context);
  for (const Stmt *S : Flow->Calls) {
    const TxnState &Before = Flow->before(S);
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

/// The calls whose findings depend on what the callee does, wherever it is
/// defined: made while a transaction is open, or by an 'aware' function.
void TuAnalysis::Impl::recordCallSites(const FunctionDecl *F) {
  const FunctionFlow *Flow = flowOf(F);
  if (!Flow || !Flow->Built)
    return;
  const RoleInfo &Role = roleOf(F);
  FunctionView View{F, *Flow, Role};
  bool Aware = Role.Role == RoleKind::Aware;
  for (const Stmt *S : Flow->Calls) {
    const TxnState &Before = Flow->before(S);
    if ((Before.empty() && !Aware) || Flow->deferredIn(S, Before))
      continue; // Nothing open, or a branch that does not run while it is.
    const FunctionDecl *Callee = codeCallee(S);
    if (!Callee)
      continue;
    CallSite C;
    C.Function = qualifiedNameOf(F);
    C.FunctionUsr = usrOf(F);
    C.CallerAware = Aware;
    C.RoleLevel = severityForRole(Role);
    if (Role.Role != RoleKind::None)
      C.RoleNote = note(roleNote(F, Role));
    C.CallerDisplay = nameOf(F);
    SourceLocation Loc = SM.getFileLoc(cast<Expr>(S)->getExprLoc());
    C.Where = Places.placeOf(Loc);
    C.Callee = nameOf(Callee);
    C.CalleeUsr = usrOf(Callee);
    C.Virtual = isVirtualCall(S);
    C.Args = argumentKeys(S, Callee, F);
    C.Receiver = receiverKey(S, F);
    C.FalseArgs = falseArguments(S, Callee);
    C.TrueArgs = constantBoolArguments(S, Callee, true);
    for (const OpenTxn &T : Before.open()) {
      OpenFact O;
      O.Session = keyOf(T.Session);
      O.Must = T.Must;
      O.Ambient = T.Ambient;
      O.Retrying = T.Api && T.Api->Retrying;
      O.RollbackOnly = Flow->rollsBackOnly(S, T);
      O.SessionType = T.Session.Type;
      O.Level = severityWhenOpen(T, View);
      O.WhereText = whereOpen(T);
      O.Begin = note(beginNote(T, View));
      C.Open.push_back(std::move(O));
    }
    for (const EnabledCheck &Ch : Checks)
      if (std::optional<Suppression> Sup = Suppressions.find(Loc, Ch.Name))
        C.Suppressions.push_back({Ch.Name.str(), *Sup});
    Out.Calls.push_back(std::move(C));
  }
}

/// The lines each transaction \p F begins is open on, in \p File: from the
/// begin to the last call made inside it, its commit or rollback, the end of
/// the guard's scope, or the end of the body when it is left open.
std::vector<TxnScope> TuAnalysis::Impl::scopesOf(const FunctionDecl *F,
                                                  const FunctionFlow &Flow,
                                                  llvm::StringRef File) const {
  auto LineIn = [&](SourceLocation Loc) -> unsigned {
    if (Loc.isInvalid())
      return 0;
    SourcePlace P = Places.placeOf(Loc);
    return P.File == File ? P.Line : 0;
  };
  std::vector<TxnScope> Out;
  for (const BeginEvent &B : Flow.Begins) {
    const void *Key = B.Txn.Key;
    TxnScope Sc;
    Sc.Begin = LineIn(B.Txn.BeginLoc);
    if (!Sc.Begin)
      continue; // Begun in a macro or another file: no lines to shade here.
    Sc.End = Sc.Begin;
    auto Extend = [&](SourceLocation Loc) {
      Sc.End = std::max(Sc.End, LineIn(Loc));
    };
    auto Has = [&](const TxnState &S) {
      return llvm::any_of(S.open(),
                          [&](const OpenTxn &T) { return T.Key == Key; });
    };
    for (const Stmt *S : Flow.Calls)
      if (Has(Flow.before(S)))
        Extend(S->getEndLoc());
    for (const EndEvent &E : Flow.Ends)
      if (E.Key == Key && E.Site)
        Extend(E.Site->getEndLoc());
    for (const auto &[K, Loc] : Flow.ScopeExits)
      if (K == Key)
        Extend(Loc);
    if (Flow.AtExit && Has(*Flow.AtExit) && F->getBody())
      Extend(F->getBody()->getEndLoc());
    Out.push_back(Sc);
  }
  llvm::sort(Out);
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return Out;
}

FunctionFacts TuAnalysis::Impl::facts(const FunctionDecl *F) {
  FunctionFacts Facts;
  SourcePlace P = Places.placeOf(F->getLocation());
  Facts.File = P.File;
  Facts.Line = P.Line;
  Facts.Name = nameOf(F);
  Facts.Usr = usrOf(F);
  const RoleInfo &R = roleOf(F);
  Facts.Role = R.Role;
  Facts.Source = R.Source;
  Facts.Spawned = Collect.Spawned.contains(F);
  if (const auto *M = dyn_cast<CXXMethodDecl>(F)) {
    Facts.Lambda = M->getParent()->isLambda();
    for (const CXXMethodDecl *O : M->overridden_methods())
      Facts.Overrides.push_back(usrOf(O));
    llvm::sort(Facts.Overrides);
  }
  for (const ParmVarDecl *P : F->parameters())
    Facts.TakesSession |= Api.isSessionType(P->getType());
  const FunctionFlow *Flow = flowOf(F);
  if (!Flow)
    return Facts;
  Facts.Built = Flow->Built;
  if (const TxnTransfer *T = transferOf(F))
    Facts.Transfer = transferFacts(*T);
  for (const BeginEvent &B : Flow->Begins) {
    // A begin that joins an open transaction still begins one when none is.
    Facts.Begins |= !B.Txn.isSavepoint();
    if (B.Txn.nestsAsSavepoint() || B.Txn.joinsOpen())
      continue; // Neither nests in an open transaction.
    Facts.BeginSession = keyOf(B.Txn.Session);
    Facts.BeginAfterEnd = B.Before.handedEnded();
    Facts.BeginWhenParam = boolParameterGuarding(F, B.Site);
    Facts.BeginNote = {NoteKind::TransactionBegins, Places.placeOf(B.Txn.BeginLoc),
                       "transaction begins here"};
    break;
  }
  Facts.Scopes = scopesOf(F, *Flow, Facts.File);
  const std::string &Name = nameOf(F);
  // A singleton's first-call work is not part of what calling it does.
  llvm::DenseSet<const Stmt *> Once = callsRunOnce(F->getBody());
  // Built once per function, and only where a `bool` parameter can guard a
  // call (a map per call is quadratic in a long generated function).
  std::optional<ParentMap> Parents;
  if (hasBoolParameter(F))
    Parents.emplace(F->getBody());
  for (const Stmt *S : Flow->Calls) {
    Facts.TouchesDatabase |= Api.touchesSession(S);
    if (const auto *C = dyn_cast<CXXConstructExpr>(S);
        C && !C->getConstructor()->isCopyOrMoveConstructor() &&
        !Api.raiiGuard(C->getType()) && Api.isSessionType(C->getType()))
      Facts.OpensOwnSession = true;
    if (Flow->Built && Flow->before(S).innermost())
      countBlindCall(S, Facts);
    const FunctionDecl *Callee = calledFunction(S);
    if (!Callee || Once.contains(S))
      continue;
    SourcePlace Where = Places.placeOf(cast<Expr>(S)->getExprLoc());
    SummaryStep Step;
    if (Api.spawnerOf(S)) {
      if (!Api.spawnsTask(S))
        continue;
      Step.Kind = SummaryStep::Spawn;
      Step.Api = nameOf(Callee);
      Step.Note = {NoteKind::CallStep, Where,
                   "'" + Name + "' spawns a background task here"};
    } else if (const SideEffectRule *R = Api.sideEffectOf(S)) {
      if (R->Deferred)
        continue;
      Step.Kind = SummaryStep::Effect;
      Step.Category = R->Category;
      Step.Api = nameOf(Callee);
      Step.Note = {NoteKind::CallStep, Where,
                   "'" + Name + "' calls '" + Step.Api + "' here"};
    } else if (const FunctionDecl *Code = codeCallee(S)) {
      Step.Kind = SummaryStep::Call;
      Step.CalleeUsr = usrOf(Code);
      Step.Callee = nameOf(Code);
      Step.Virtual = isVirtualCall(S);
      Step.Args = argumentKeys(S, Code, F);
      Step.Receiver = receiverKey(S, F);
      Step.FalseArgs = falseArguments(S, Code);
      Step.TrueArgs = constantBoolArguments(S, Code, true);
      Step.ParamArgs = forwardedBoolParameters(S, Code, F);
      Step.Note = {NoteKind::CallStep, Where,
                   "'" + Name + "' calls '" + Step.Callee + "' here"};
      Facts.Callees.push_back(Step.CalleeUsr);
    } else {
      continue;
    }
    Step.AfterEnd = Flow->Built && Flow->before(S).handedEnded();
    if (Parents)
      Step.When = guardingCondition(F, S, &*Parents);
    if (auto It = Flow->OnlyWithoutOpen.find(S); It != Flow->OnlyWithoutOpen.end())
      Step.UnlessOpen = It->second;
    Facts.Steps.push_back(std::move(Step));
  }
  llvm::sort(Facts.Callees);
  Facts.Callees.erase(std::unique(Facts.Callees.begin(), Facts.Callees.end()),
                      Facts.Callees.end());
  for (const Stmt *S : Flow->NormalExits) {
    const FunctionDecl *Callee = S ? calledFunction(S) : nullptr;
    Facts.Exits.push_back(!Callee                   ? ""
                          : Api.isNoReturn(Callee) ? "!"
                                                   : usrOf(Callee));
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

/// Counts a call made inside an open transaction that cannot be followed
/// here: through a pointer or std::function now; a function with no body
/// here is left to the merge (FunctionFacts::OpenCallsOut).
void TuAnalysis::Impl::countBlindCall(const Stmt *Call, FunctionFacts &Out) {
  const FunctionDecl *Callee = calledFunction(Call);
  if (!Callee) {
    Out.Blind.Indirect += isa<CallExpr>(Call); // Through a pointer.
    return;
  }
  if (isStdFunctionCall(Callee)) {
    ++Out.Blind.Indirect;
    return;
  }
  // Library code, the catalogued APIs and what the compiler writes are not
  // the project's blind spots.
  if (!codeCallee(Call) || Callee->isDefaulted() || Callee->isDeleted() ||
      Callee->isTrivial())
    return;
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    if (memberCallOp(CE, Api).Kind != TxnOpKind::None ||
        Api.sqlExecutor(CE->getDirectCallee()))
      return;
  if (Collect.Functions.contains(Callee->getDefinition()
                                     ? Callee->getDefinition()
                                     : Callee) &&
      !isVirtualCall(Call))
    return;
  const auto *M = dyn_cast<CXXMethodDecl>(Callee);
  // A method of the database library's session or transaction classes is
  // database work, whatever its body does.
  if (M && Api.isSessionType(QualType(M->getParent()->getTypeForDecl(), 0)))
    return;
  Out.OpenCallsOut.push_back((isVirtualCall(Call) ? "v:" : "") + usrOf(Callee));
}

void TuAnalysis::Impl::run() {
  Out.File = SM.getFileEntryRefForID(SM.getMainFileID())
                 ? SM.getFileEntryRefForID(SM.getMainFileID())->getName().str()
                 : "";
  Collect.TraverseDecl(Ctx.getTranslationUnitDecl());
  std::vector<const FunctionDecl *> Order(Collect.Functions.begin(),
                                          Collect.Functions.end());
  llvm::stable_sort(Order, [&](const FunctionDecl *A, const FunctionDecl *B) {
    return SM.isBeforeInTranslationUnit(A->getLocation(), B->getLocation());
  });
  for (const FunctionDecl *F : Order)
    Out.Functions.push_back(facts(F));
  for (const FunctionDecl *F : Order) {
    analyseFunction(F);
    recordCallSites(F);
  }
}

TuFacts mapTranslationUnit(ASTContext &Ctx, const RuleSet &Rules,
                           const CheckFilter &Enabled,
                           const std::vector<FunctionFacts> &Library) {
  TuFacts Facts;
  TuAnalysis::Impl(Ctx, Rules, Enabled, Library, Facts).run();
  return Facts;
}

TuAnalysis::TuAnalysis(ASTContext &Ctx, const RuleSet &Rules,
                       const CheckFilter &Enabled,
                       const std::vector<FunctionFacts> &Library) {
  Facts = mapTranslationUnit(Ctx, Rules, Enabled, Library);
  Merged = mergeFacts({Facts}, Enabled, Library);
  for (const MergedFinding &M : Merged.Findings)
    Findings.push_back(M.F);
}

TuAnalysis::~TuAnalysis() = default;

} // namespace txnlint
