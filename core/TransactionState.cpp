//===--- TransactionState.cpp - Which transactions are open here ----------===//

#include "TransactionState.h"
#include "RollbackPaths.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/STLExtras.h"
#include "clang/AST/DeclTemplate.h"
#include <deque>
#include <optional>

using namespace clang;

namespace txnlint {

const OpenTxn *TxnState::innermost() const {
  for (bool WantMust : {true, false})
    for (const OpenTxn &T : llvm::reverse(Open))
      if (T.Must == WantMust)
        return &T;
  return nullptr;
}

const OpenTxn *TxnState::openOn(const SessionRef &S) const {
  for (bool WantMust : {true, false})
    for (const OpenTxn &T : llvm::reverse(Open))
      if (T.Must == WantMust && mayBeSameSession(T.Session, S))
        return &T;
  return nullptr;
}

void TxnState::push(OpenTxn T) {
  removeKey(T.Key);
  Open.push_back(std::move(T));
}

void TxnState::removeKey(const void *Key) {
  llvm::erase_if(Open, [&](const OpenTxn &T) { return T.Key == Key; });
}

void TxnState::rekey(const void *From, const void *To, const VarDecl *Guard) {
  for (OpenTxn &T : Open)
    if (T.Key == From) {
      T.Key = To;
      T.Guard = Guard;
    }
}

void TxnState::closeExplicitOn(const SessionRef &S) {
  llvm::erase_if(Open, [&](const OpenTxn &T) {
    return ((T.Api && T.Api->Kind == ScopeKind::Explicit) || T.Ambient ||
            T.Transferred) &&
           mayBeSameSession(T.Session, S);
  });
}

void TxnState::join(const TxnState &O) {
  HandedEnded = HandedEnded && O.HandedEnded;
  for (OpenTxn &T : Open) {
    const auto *It = llvm::find_if(
        O.Open, [&](const OpenTxn &U) { return U.Key == T.Key; });
    if (It == O.Open.end())
      T.Must = false;
    else
      T.Must = T.Must && It->Must;
  }
  for (const OpenTxn &U : O.Open)
    if (llvm::none_of(Open, [&](const OpenTxn &T) { return T.Key == U.Key; })) {
      OpenTxn Copy = U;
      Copy.Must = false;
      Open.push_back(Copy);
    }
}

bool TxnState::operator==(const TxnState &O) const {
  if (Open.size() != O.Open.size() || HandedEnded != O.HandedEnded)
    return false;
  for (size_t I = 0; I < Open.size(); ++I)
    if (Open[I].Key != O.Open[I].Key || Open[I].Must != O.Open[I].Must)
      return false;
  return true;
}

namespace {

/// The expression that creates the object a holder is given: through
/// implicit nodes, `new`, and the smart-pointer constructor that adopts a
/// pointer (`std::unique_ptr<T> p(new T(db))`).
static const Expr *creation(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParenCasts();
    if (const auto *N = dyn_cast<CXXNewExpr>(E)) {
      E = N->getInitializer();
      continue;
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(E);
        C && C->getNumArgs() == 1 &&
        C->getArg(0)->getType()->isPointerType()) {
      E = C->getArg(0);
      continue;
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(E);
        C && C->getNumArgs() == 1 &&
        C->getConstructor()->isCopyOrMoveConstructor() &&
        C->getArg(0)->isPRValue()) {
      E = C->getArg(0); // A temporary moved into place.
      continue;
    }
    return E;
  }
  return E;
}

/// Maps each guard construction to the variable it initialises, and the
/// objects made on the heap or by a call to what holds them.
class GuardVars : public RecursiveASTVisitor<GuardVars> {
public:
  llvm::DenseMap<const CXXConstructExpr *, const VarDecl *> ByConstruct;
  /// A creation (construction or call) to the variable it initialises.
  llvm::DenseMap<const Expr *, const VarDecl *> ByInit;
  /// A creation to the object it is assigned to (`m_tx = ...`,
  /// `m_tx.reset(...)`).
  llvm::DenseMap<const Expr *, const Expr *> HeldBy;
  llvm::DenseSet<const CXXConstructExpr *> OnHeap;
  /// Methods that tell whether a transaction is open (rules' `active`).
  llvm::StringSet<> ActiveNames;
  /// A call inside a branch of an `if` whose condition asks one of them, to
  /// the object asked.
  llvm::DenseMap<const CallExpr *, const Expr *> UnderActiveCheck;

  bool TraverseIfStmt(IfStmt *If) {
    const Expr *Asked = ActiveNames.empty() ? nullptr : askedObject(If->getCond());
    if (!Asked)
      return RecursiveASTVisitor::TraverseIfStmt(If);
    TraverseStmt(If->getCond());
    Checks.push_back(Asked);
    TraverseStmt(If->getThen());
    TraverseStmt(If->getElse());
    Checks.pop_back();
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    if (!Checks.empty())
      UnderActiveCheck[C] = Checks.back();
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (const Expr *Init = VD->getInit()) {
      if (const auto *CE = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()))
        ByConstruct[CE] = VD;
      ByInit[creation(Init)] = VD;
    }
    return true;
  }
  bool VisitCXXNewExpr(CXXNewExpr *N) {
    if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(N->getInitializer()))
      OnHeap.insert(CE);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_Assign)
      HeldBy[creation(B->getRHS())] = B->getLHS();
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *C) {
    if (C->getOperator() == OO_Equal && C->getNumArgs() == 2)
      HeldBy[creation(C->getArg(1))] = C->getArg(0);
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *C) {
    const CXXMethodDecl *M = C->getMethodDecl();
    if (M && M->getIdentifier() && M->getName() == "reset" &&
        C->getNumArgs() == 1)
      HeldBy[creation(C->getArg(0))] = C->getImplicitObjectArgument();
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // Own bodies.

private:
  /// The object whose `active` method \p Cond calls, if any.
  const Expr *askedObject(const Expr *Cond) {
    struct Find : RecursiveASTVisitor<Find> {
      const llvm::StringSet<> &Names;
      const Expr *Found = nullptr;
      explicit Find(const llvm::StringSet<> &Names) : Names(Names) {}
      bool VisitCXXMemberCallExpr(CXXMemberCallExpr *M) {
        const CXXMethodDecl *MD = M->getMethodDecl();
        if (!Found && MD && MD->getIdentifier() && Names.contains(MD->getName()))
          Found = M->getImplicitObjectArgument();
        return true;
      }
    } F(ActiveNames);
    F.TraverseStmt(const_cast<Expr *>(Cond));
    return F.Found;
  }
  std::vector<const Expr *> Checks;
};

class FlowBuilder {
public:
  FlowBuilder(const FunctionDecl *F, const ApiCatalog &Api,
              const TransferProvider &Transfers)
      : F(F), Api(Api), Transfers(Transfers) {}

  /// Applies one CFG element; when \p Out is set, records events.
  void transfer(const CFGElement &E, TxnState &S, FunctionFlow *Out);

  GuardVars Guards;

private:
  void onConstruct(const CXXConstructExpr *CE, TxnState &S, FunctionFlow *Out);
  void onCall(const CallExpr *CE, TxnState &S, FunctionFlow *Out);
  void begin(const Expr *Site, OpenTxn T, TxnState &S, FunctionFlow *Out);
  /// A guard's own begin method (`t.begin()` on an unstarted guard, or
  /// after its commit): the guard \p G holds a transaction again.
  void beginOnGuard(const Expr *Site, const TransactionApi *A,
                    const SessionRef &G, TxnState &S, FunctionFlow *Out);
  /// A guard made by a call: `std::make_unique<G>(...)`, `opt.emplace(...)`,
  /// or a function that returns a guard by value (a factory).
  bool guardMadeByCall(const CallExpr *CE, TxnState &S, FunctionFlow *Out);
  /// Who holds what \p Creation makes: a variable, an assigned object.
  void holderOf(const Expr *Creation, OpenTxn &T);
  /// Ends the transactions \p Obj names (a guard variable, what a holder
  /// holds, an explicit or handed-over transaction on a session); a commit
  /// or rollback of one this function did not begin, on a parameter or a
  /// member, is a foreign end (TxnTransfer::Ends).
  void end(const Expr *Site, const SessionRef &Obj, bool Commit,
           bool ExplicitOnly, TxnState &S, FunctionFlow *Out,
           const void *Except = nullptr);
  void applyTransfer(const Expr *Call, const TxnTransfer &T, TxnState &S,
                     FunctionFlow *Out);
  /// A callee's session in this function's terms.
  SessionRef mapToCaller(const SessionRef &R, const Expr *Call);
  /// Whether \p Holder is a pointer, smart pointer or optional of a guard.
  bool holdsGuard(const Expr *Holder) const {
    const CXXRecordDecl *RD = underlyingRecord(Holder->getType());
    return RD && Api.raiiGuard(QualType(RD->getTypeForDecl(), 0));
  }

  const FunctionDecl *F;
  const ApiCatalog &Api;
  const TransferProvider &Transfers;
};

SessionRef FlowBuilder::mapToCaller(const SessionRef &R, const Expr *Call) {
  if (R.Kind == SessionRef::Field)
    return R;
  if (R.Kind == SessionRef::Var && R.ParamIndex >= 0)
    if (const Expr *Arg = argumentAt(Call, R.ParamIndex))
      return resolveSession(Arg, F);
  return {};
}

void FlowBuilder::holderOf(const Expr *Creation, OpenTxn &T) {
  if (auto It = Guards.ByInit.find(Creation); It != Guards.ByInit.end()) {
    T.Key = It->second;
    T.Guard = It->second;
    return;
  }
  if (auto It = Guards.HeldBy.find(Creation); It != Guards.HeldBy.end()) {
    // Keyed by the holding expression: the temporary that carried the
    // guard there (a std::unique_ptr returned by make_unique) dies at once.
    T.Key = It->second;
    T.Holder = resolveSession(It->second, F);
  }
}

void FlowBuilder::end(const Expr *Site, const SessionRef &Obj, bool Commit,
                      bool ExplicitOnly, TxnState &S, FunctionFlow *Out,
                      const void *Except) {
  bool Local = false;
  for (const OpenTxn &T : llvm::to_vector(S.open())) {
    if (T.Key == Except)
      continue;
    bool Named =
        (Obj.Kind == SessionRef::Var && T.Key == Obj.Decl) ||
        (T.Holder.Kind != SessionRef::Unknown && T.Holder == Obj) ||
        (((T.Api && T.Api->Kind == ScopeKind::Explicit) || T.Ambient ||
          T.Transferred) &&
         (ExplicitOnly ? mayBeSameSession(T.Session, Obj)
                       : T.Session.Kind != SessionRef::Unknown &&
                             T.Session == Obj));
    if (!Named)
      continue;
    Local |= !T.Ambient;
    if (Out)
      Out->Ends.push_back({T.Key, Site, Commit});
    S.removeKey(T.Key);
  }
  if (!Local && (Obj.Kind == SessionRef::Field ||
                 (Obj.Kind == SessionRef::Var && Obj.ParamIndex >= 0))) {
    S.setHandedEnded();
    if (Out)
      Out->ForeignEnds.push_back({Obj, Commit});
  }
}

void FlowBuilder::applyTransfer(const Expr *Call, const TxnTransfer &T,
                                TxnState &S, FunctionFlow *Out) {
  for (const TxnTransfer::Ended &E : T.Ends) {
    SessionRef M = mapToCaller(E.Session, Call);
    if (M.Kind != SessionRef::Unknown)
      end(Call, M, E.Commit, /*ExplicitOnly=*/false, S, Out);
  }
  if (T.LeavesOpen.empty())
    return;
  const TxnTransfer::Opened &O = T.LeavesOpen.front();
  OpenTxn N;
  N.Key = Call;
  N.Api = O.Api;
  N.Session = mapToCaller(O.Session, Call);
  N.Holder = mapToCaller(O.Holder, Call);
  N.BeginLoc = Call->getExprLoc();
  N.Must = O.Must;
  N.Transferred = true;
  S.push(std::move(N));
}

/// `std::make_unique<G>` and its kin: the guard type they make.
static QualType madeType(const FunctionDecl *Callee) {
  if (!Callee->isInStdNamespace() || !Callee->getIdentifier())
    return {};
  llvm::StringRef N = Callee->getName();
  if (N != "make_unique" && N != "make_shared" && N != "allocate_shared")
    return {};
  const TemplateArgumentList *Args = Callee->getTemplateSpecializationArgs();
  if (!Args || Args->size() == 0 ||
      Args->get(0).getKind() != TemplateArgument::Type)
    return {};
  return Args->get(0).getAsType();
}

bool FlowBuilder::guardMadeByCall(const CallExpr *CE, TxnState &S,
                                  FunctionFlow *Out) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  const TransactionApi *G = nullptr;
  const Expr *Session = nullptr;
  const Expr *Holder = nullptr;
  if (QualType T = madeType(Callee); !T.isNull()) {
    G = Api.raiiGuard(T);
    if (G)
      Session = G->SessionArg >= 0 &&
                        static_cast<unsigned>(G->SessionArg) < CE->getNumArgs()
                    ? CE->getArg(G->SessionArg)
                    : nullptr;
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
             MC && Callee->getIdentifier() && Callee->getName() == "emplace" &&
             MC->getImplicitObjectArgument()) {
    const Expr *Obj = MC->getImplicitObjectArgument();
    const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        Obj->getType()->getAsCXXRecordDecl());
    if (Spec && Spec->isInStdNamespace() && Spec->getName() == "optional" &&
        Spec->getTemplateArgs().size() > 0)
      G = Api.raiiGuard(Spec->getTemplateArgs()[0].getAsType());
    if (G) {
      Holder = Obj;
      Session = G->SessionArg >= 0 &&
                        static_cast<unsigned>(G->SessionArg) < CE->getNumArgs()
                    ? CE->getArg(G->SessionArg)
                    : nullptr;
    }
  } else if (!CE->getType()->isReferenceType() &&
             !Api.isApiImplementation(Callee)) {
    // A factory: a project function that returns a guard by value.
    G = Api.raiiGuard(CE->getType());
    if (G) {
      const auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
      const Expr *Recv = MC ? MC->getImplicitObjectArgument() : nullptr;
      if (Recv && Api.isSessionType(Recv->getType()))
        Session = Recv;
      for (const Expr *A : CE->arguments())
        if (!Session && Api.isSessionType(A->getType()))
          Session = A;
    }
  }
  if (!G)
    return false;
  OpenTxn T;
  T.Key = CE;
  T.Api = G;
  if (Session)
    T.Session = resolveSession(Session, F);
  T.Session.Fresh = false;
  T.BeginLoc = CE->getExprLoc();
  if (Holder)
    T.Holder = resolveSession(Holder, F);
  else
    holderOf(CE, T);
  bool Kept = T.Guard || T.Holder.Kind != SessionRef::Unknown;
  const void *Key = T.Key;
  // A factory has a summary: the begin inside it is reported through the
  // call (txn-nested-begin), not here again. The standard library's
  // make_unique and emplace are not analysed: they begin here.
  if (Holder || !madeType(Callee).isNull())
    begin(CE, std::move(T), S, Out);
  else
    S.push(std::move(T));
  if (!Kept)
    S.removeKey(Key); // A temporary: ends with its full-expression.
  return true;
}

void FlowBuilder::begin(const Expr *Site, OpenTxn T, TxnState &S,
                        FunctionFlow *Out) {
  if (Out)
    Out->Begins.push_back({Site, T, S});
  S.push(std::move(T));
}

void FlowBuilder::beginOnGuard(const Expr *Site, const TransactionApi *A,
                               const SessionRef &G, TxnState &S,
                               FunctionFlow *Out) {
  if (G.Kind == SessionRef::Unknown ||
      llvm::any_of(S.open(), [&](const OpenTxn &T) {
        return T.Key == G.Decl || (T.Holder.Kind != SessionRef::Unknown &&
                                   T.Holder == G);
      }))
    return; // Begun already: a no-op.
  OpenTxn T;
  T.Key = G.Decl;
  T.Api = A;
  T.BeginLoc = Site->getExprLoc();
  if (const auto *V = dyn_cast<VarDecl>(G.Decl); V && V->hasLocalStorage() &&
                                                 !V->getType()->isReferenceType()) {
    T.Guard = V;
    if (const auto *Made = dyn_cast_or_null<CXXConstructExpr>(
            V->getInit() ? V->getInit()->IgnoreImplicit() : nullptr))
      if (const Expr *Session = argumentAt(Made, A->SessionArg))
        T.Session = resolveSession(Session, F);
  } else {
    T.Holder = G;
  }
  begin(Site, T, S, Out);
}

void FlowBuilder::onConstruct(const CXXConstructExpr *CE, TxnState &S,
                              FunctionFlow *Out) {
  const TransactionApi *Guard = Api.raiiGuard(CE->getType());
  if (!Guard) {
    // A constructor that begins on a member and leaves it open.
    if (Transfers)
      if (const TxnTransfer *T = Transfers(CE->getConstructor()))
        applyTransfer(CE, *T, S, Out);
    return;
  }
  auto VarIt = Guards.ByConstruct.find(CE);
  const VarDecl *Var = VarIt == Guards.ByConstruct.end() ? nullptr
                                                          : VarIt->second;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (Ctor->isCopyOrMoveConstructor() && CE->getNumArgs() == 1) {
    // A moved guard: the transaction now lives in the new object, or has
    // left this function (passed by value, returned).
    SessionRef From = resolveSession(CE->getArg(0), F);
    if (From.Kind != SessionRef::Var)
      return;
    if (Var)
      S.rekey(From.Decl, Var, Var);
    else
      S.removeKey(From.Decl);
    return;
  }
  // `Transaction t(session, false)`: not started.
  if (const Expr *Start = explicitArgumentAt(CE, Guard->StartArg);
      Start && Start->getType()->isBooleanType()) {
    bool Value = true;
    if (Start->EvaluateAsBooleanCondition(Value, F->getASTContext()) && !Value)
      return;
  }
  OpenTxn T;
  T.Key = Var ? static_cast<const void *>(Var) : CE;
  T.Guard = Var;
  T.Api = Guard;
  if (const Expr *Session = argumentAt(CE, Guard->SessionArg))
    T.Session = resolveSession(Session, F);
  T.BeginLoc = Var ? Var->getLocation() : CE->getBeginLoc();
  bool Heap = !Var && Guards.OnHeap.contains(CE);
  if (Heap)
    holderOf(CE, T); // Owned by a variable, a member, or leaked.
  begin(CE, T, S, Out);
  // `Transaction t(session, transactor)`: runs it and commits in place.
  if (const Expr *Run = explicitArgumentAt(CE, Guard->TransactorArg);
      Run && Run->getType()->getAsCXXRecordDecl()) {
    S.removeKey(T.Key);
    return;
  }
  // A temporary guard (not bound to a variable; a lifetime-extended one is)
  // is destroyed at the end of its full-expression: it begins and ends here.
  // One made with `new` lives until its holder releases it.
  if (!Var && !Heap)
    S.removeKey(CE);
}

void FlowBuilder::onCall(const CallExpr *CE, TxnState &S, FunctionFlow *Out) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee)
    return;
  if (const TransactionApi *CB = Api.callbackApi(Callee)) {
    // The body runs inside; the transaction is over when the call returns.
    OpenTxn T;
    T.Key = CE;
    T.Api = CB;
    if (const Expr *Session = argumentAt(CE, CB->SessionArg))
      T.Session = resolveSession(Session, F);
    T.BeginLoc = CE->getBeginLoc();
    begin(CE, T, S, Out);
    S.removeKey(CE);
    return;
  }
  const Expr *Object = nullptr;
  bool UnknownSession = false;
  TxnOp Op = memberCallOp(CE, Api, &Object);
  if (Op.Kind == TxnOpKind::None) {
    // A C-style API: the session is an argument.
    Op = Api.freeFunctionOp(Callee);
    // SQL text: `sqlite3_exec(db, "BEGIN", ...)`, `query.exec("COMMIT")`.
    if (Op.Kind == TxnOpKind::None) {
      Object = nullptr;
      Op = Api.sqlTextOp(CE, &Object);
      UnknownSession = Op.Kind != TxnOpKind::None && !Object;
    }
    if (Op.Kind == TxnOpKind::None) {
      if (guardMadeByCall(CE, S, Out))
        return;
      // `m_tx.reset()`: the holder releases its guard, which rolls back.
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
          MC && Callee->getIdentifier() && Callee->getName() == "reset" &&
          MC->getImplicitObjectArgument() &&
          holdsGuard(MC->getImplicitObjectArgument())) {
        // `m_tx.reset(new Transaction(db))` holds the new guard instead.
        const Expr *Holder = MC->getImplicitObjectArgument();
        SessionRef H = resolveSession(Holder, F);
        if (H.Kind != SessionRef::Unknown)
          end(CE, H, /*Commit=*/false, /*ExplicitOnly=*/false, S, Out,
              MC->getNumArgs() ? Holder : nullptr);
      }
      if (Transfers)
        if (const TxnTransfer *T = Transfers(Callee))
          applyTransfer(CE, *T, S, Out);
      return;
    }
    if (!Object && !UnknownSession)
      Object = argumentAt(CE, Op.Api->SessionArg);
    if (!Object && !UnknownSession && Op.Api->SessionArg < 0 &&
        (Op.Kind == TxnOpKind::Commit || Op.Kind == TxnOpKind::Rollback)) {
      // A helper that ends whatever is open (`session_arg: -1`): an error
      // helper rolls back the open transaction of another object.
      for (const OpenTxn &T : llvm::to_vector(S.open()))
        if (!T.Ambient) {
          if (Out)
            Out->Ends.push_back({T.Key, CE, Op.Kind != TxnOpKind::Rollback});
          S.removeKey(T.Key);
        }
      return;
    }
    if (!Object && !UnknownSession)
      return;
  }
  SessionRef Obj = Object ? resolveSession(Object, F) : SessionRef();
  if (Op.Api->Kind == ScopeKind::Raii &&
      (Op.Kind == TxnOpKind::Begin || Op.Kind == TxnOpKind::CommitAndBegin)) {
    if (Op.Kind == TxnOpKind::CommitAndBegin && Obj.Kind != SessionRef::Unknown)
      end(CE, Obj, /*Commit=*/true, /*ExplicitOnly=*/false, S, Out);
    beginOnGuard(CE, Op.Api, Obj, S, Out);
    return;
  }
  const void *Key = CE;
  if (Op.Kind == TxnOpKind::CommitAndBegin) {
    // Commit-and-continue: the unit ends and the next begins at once, in
    // the place of the one it continues (one transaction after a loop of
    // them, as after none).
    if (const OpenTxn *Open = S.openOn(Obj); Open && !Open->Ambient)
      Key = Open->Key;
    end(CE, Obj, /*Commit=*/true, /*ExplicitOnly=*/true, S, Out);
    Op.Kind = TxnOpKind::Begin;
  }
  if (Op.Kind == TxnOpKind::Begin) {
    OpenTxn T;
    T.Key = Key;
    T.Api = Op.Api;
    T.Session = Obj;
    T.BeginLoc = CE->getExprLoc();
    if (auto It = Guards.UnderActiveCheck.find(CE);
        It != Guards.UnderActiveCheck.end()) {
      SessionRef Asked = resolveSession(It->second, F);
      T.Joins = Asked.Kind == SessionRef::Unknown || Asked == Obj;
    }
    begin(CE, T, S, Out);
    return;
  }
  bool Commit = Op.Kind == TxnOpKind::Commit;
  if (Op.Api->Kind == ScopeKind::Raii) {
    // The guard itself, or the holder of one made on the heap.
    if (Obj.Kind != SessionRef::Unknown)
      end(CE, Obj, Commit, /*ExplicitOnly=*/false, S, Out);
    return;
  }
  // Explicit: ends every explicit transaction on that session.
  end(CE, Obj, Commit, /*ExplicitOnly=*/true, S, Out);
}

void FlowBuilder::transfer(const CFGElement &E, TxnState &S,
                           FunctionFlow *Out) {
  if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
    // End of a guard's lifetime: rollback (or commit) by the destructor.
    S.removeKey(D->getVarDecl());
    return;
  }
  if (auto T = E.getAs<CFGTemporaryDtor>()) {
    // A guard made as a temporary ends with it; an explicit begin whose
    // call returns an object (`db.exec("BEGIN")` returns a QSqlQuery) does
    // not end when that object is destroyed.
    const Expr *Made = T->getBindTemporaryExpr()->getSubExpr();
    if (llvm::none_of(S.open(), [&](const OpenTxn &O) {
          return O.Key == Made && O.Api && O.Api->Kind == ScopeKind::Explicit;
        }))
      S.removeKey(Made);
    return;
  }
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *St = CS->getStmt();
  if (Out && (isa<CallExpr>(St) || isa<CXXConstructExpr>(St))) {
    auto [It, New] = Out->Before.try_emplace(St, S);
    if (New)
      Out->Calls.push_back(St);
    else
      It->second.join(S);
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(St))
    onConstruct(CE, S, Out);
  else if (const auto *Call = dyn_cast<CallExpr>(St))
    onCall(Call, S, Out);
  else if (const auto *Del = dyn_cast<CXXDeleteExpr>(St)) {
    // `delete m_tx`: the guard's destructor rolls back.
    SessionRef H = resolveSession(Del->getArgument(), F);
    if (H.Kind != SessionRef::Unknown && holdsGuard(Del->getArgument()))
      end(Del, H, /*Commit=*/false, /*ExplicitOnly=*/false, S, Out);
  }
}

} // namespace

/// Whether evaluating \p S itself (its operands are separate CFG elements)
/// may raise an exception.
static bool mayThrow(const Stmt *S) {
  if (isa<CXXThrowExpr>(S) || isa<CXXNewExpr>(S))
    return true;
  if (const auto *DC = dyn_cast<CXXDynamicCastExpr>(S))
    return DC->getType()->isReferenceType();
  const FunctionDecl *Callee = nullptr;
  if (const auto *C = dyn_cast<CallExpr>(S)) {
    if (C->getBuiltinCallee())
      return false;
    Callee = C->getDirectCallee();
    if (!Callee)
      return true; // Through a pointer: unknown.
  } else if (const auto *C = dyn_cast<CXXConstructExpr>(S)) {
    Callee = C->getConstructor();
  } else {
    return false;
  }
  const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
  return !Proto || !Proto->isNothrow();
}

/// The value of a branch condition that is a call of a function whose body
/// is `return CONSTANT;` (`do { ... } while (Catch::alwaysFalse())` in test
/// macros). The CFG already prunes literal constants; this goes one call
/// further.
static std::optional<bool> trivialCondition(const CFGBlock &B,
                                            const ASTContext &Ctx) {
  const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!Cond || B.succ_size() != 2)
    return std::nullopt;
  const Expr *E = Cond->IgnoreParenImpCasts();
  while (const auto *Comma = dyn_cast<BinaryOperator>(E)) {
    if (Comma->getOpcode() != BO_Comma)
      break;
    E = Comma->getRHS()->IgnoreParenImpCasts();
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const auto *Body =
      Callee ? dyn_cast_or_null<CompoundStmt>(Callee->getBody()) : nullptr;
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  bool Value = false;
  if (!Ret || !Ret->getRetValue() ||
      !Ret->getRetValue()->EvaluateAsBooleanCondition(Value, Ctx))
    return std::nullopt;
  return Value;
}

/// A branch on the result of a begin that returns `bool` (`if
/// (!db.begin()) return;`, `while (!db.begin()) sleep(1);`): the begin and
/// the successor its `false` leads to. On that edge nothing was begun.
struct FailedBegin {
  const Expr *Begin = nullptr;
  unsigned FalseSucc = 1;
};

static FailedBegin failedBeginOf(const CFGBlock &B, const ApiCatalog &Api) {
  const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!Cond || B.succ_size() != 2)
    return {};
  const Expr *E = Cond->IgnoreParenImpCasts();
  bool Negated = false;
  while (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() != UO_LNot)
      return {};
    Negated = !Negated;
    E = U->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *CE = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getReturnType()->isBooleanType())
    return {};
  TxnOp Op = memberCallOp(CE, Api);
  if (Op.Kind == TxnOpKind::None)
    Op = Api.freeFunctionOp(Callee);
  if (Op.Kind == TxnOpKind::None)
    Op = Api.sqlTextOp(CE); // `if (!query.exec("BEGIN")) return false;`
  if (Op.Kind != TxnOpKind::Begin)
    return {};
  return {CE, Negated ? 0u : 1u};
}

FunctionFlow analyzeFlow(const FunctionDecl *F, const ApiCatalog &Api,
                         const TxnState &Initial,
                         const TransferProvider &Transfers) {
  FunctionFlow Flow;
  Stmt *Body = F->getBody();
  if (!Body)
    return Flow;
  CFG::BuildOptions Opts;
  Opts.AddImplicitDtors = true;
  Opts.AddTemporaryDtors = true;
  Opts.AddInitializers = true;
  Opts.AddCXXDefaultInitExprInCtors = true;
  Opts.setAllAlwaysAdd();
  std::unique_ptr<CFG> G;
  ASTContext &Ctx = F->getASTContext();
  if (!Ctx.getDiagnostics().hasErrorOccurred()) {
    G = CFG::buildCFG(F, Body, &Ctx, Opts);
  } else {
    // Clang's CFG builder can crash on what error recovery left behind
    // (seen on akonadi with missing generated headers): build it where a
    // crash only loses this function.
    llvm::CrashRecoveryContext CRC;
    if (!CRC.RunSafely([&] { G = CFG::buildCFG(F, Body, &Ctx, Opts); })) {
      G.release(); // Half-built; not ours to free.
      PresumedLoc PL = Ctx.getSourceManager().getPresumedLoc(
          Ctx.getSourceManager().getFileLoc(F->getLocation()));
      llvm::errs() << "txnlint: warning: "
                   << (PL.isValid() ? PL.getFilename() : "<unknown>") << ":"
                   << (PL.isValid() ? PL.getLine() : 0)
                   << ": the control-flow graph of '" << F->getNameAsString()
                   << "' could not be built (the translation unit has compiler "
                      "errors); the function is not analysed\n";
      return Flow;
    }
  }
  if (!G)
    return Flow;
  Flow.Built = true;

  FlowBuilder Builder(F, Api, Transfers);
  for (const TransactionApi &T : Api.rules().Transactions)
    for (const std::string &N : T.Active)
      Builder.Guards.ActiveNames.insert(N);
  Builder.Guards.TraverseStmt(Body);

  // Without exception edges a try's dispatch block has no predecessor. An
  // exception leaves the try body from a call, a construction or a throw
  // that may throw, with the state as it was just before it (a begin that
  // throws has begun nothing), so the handlers are entered with the join of
  // those states, less the guards declared in the body (unwound first).
  // Those seeds are recomputed until stable.
  const SourceManager &SM = F->getASTContext().getSourceManager();
  llvm::DenseMap<const CXXTryStmt *, TxnState> TrySeeds;
  auto InTryBody = [&](const CXXTryStmt *Try, SourceLocation L) {
    SourceRange R = Try->getTryBlock()->getSourceRange();
    return L.isValid() && SM.isPointWithin(L, R.getBegin(), R.getEnd());
  };
  std::vector<const CXXTryStmt *> Tries;
  for (const CFGBlock *B : *G)
    if (const auto *Try = dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt()))
      Tries.push_back(Try);

  // Edges a trivially constant branch never takes.
  std::vector<std::optional<bool>> Known(G->getNumBlockIDs());
  for (const CFGBlock *B : *G)
    Known[B->getBlockID()] = trivialCondition(*B, F->getASTContext());
  auto Feasible = [&](const CFGBlock &From, const CFGBlock *To) {
    const std::optional<bool> &K = Known[From.getBlockID()];
    return !K || (From.succ_begin() + (*K ? 0 : 1))->getReachableBlock() == To;
  };

  std::vector<FailedBegin> Failed(G->getNumBlockIDs());
  for (const CFGBlock *B : *G)
    Failed[B->getBlockID()] = failedBeginOf(*B, Api);

  std::vector<std::optional<TxnState>> Exit(G->getNumBlockIDs());
  auto EntryState = [&](const CFGBlock &B) {
    if (&B == &G->getEntry())
      return Initial;
    std::optional<TxnState> In;
    if (const auto *Try = dyn_cast_or_null<CXXTryStmt>(B.getTerminatorStmt())) {
      auto Seed = TrySeeds.find(Try);
      if (Seed != TrySeeds.end())
        In = Seed->second;
    }
    for (const CFGBlock::AdjacentBlock &P : B.preds()) {
      if (!P.getReachableBlock() || !Exit[P->getBlockID()] ||
          !Feasible(*P, &B))
        continue;
      const TxnState *From = &*Exit[P->getBlockID()];
      std::optional<TxnState> NotBegun;
      if (const FailedBegin &FB = Failed[P->getBlockID()];
          FB.Begin &&
          (P->succ_begin() + FB.FalseSucc)->getReachableBlock() == &B) {
        NotBegun = *From;
        NotBegun->removeKey(FB.Begin);
        From = &*NotBegun;
      }
      if (!In)
        In = *From;
      else
        In->join(*From);
    }
    return In.value_or(TxnState());
  };
  auto Reachable = [&](const CFGBlock *B) {
    return B == &G->getEntry() || Exit[B->getBlockID()].has_value();
  };

  for (int Round = 0; Round < 4; ++Round) {
    // Optimistic forward analysis: a block not yet reached adds nothing.
    std::fill(Exit.begin(), Exit.end(), std::nullopt);
    std::deque<const CFGBlock *> Work{&G->getEntry()};
    for (const CXXTryStmt *Try : Tries)
      if (TrySeeds.count(Try))
        for (const CFGBlock *B : *G)
          if (B->getTerminatorStmt() == Try)
            Work.push_back(B);
    std::vector<bool> Queued(G->getNumBlockIDs(), false);
    for (const CFGBlock *B : Work)
      Queued[B->getBlockID()] = true;
    unsigned Steps = 0, Limit = 64 * G->getNumBlockIDs() + 1024;
    while (!Work.empty() && Steps++ < Limit) {
      const CFGBlock *B = Work.front();
      Work.pop_front();
      Queued[B->getBlockID()] = false;
      TxnState S = EntryState(*B);
      for (const CFGElement &E : *B)
        Builder.transfer(E, S, nullptr);
      std::optional<TxnState> &Old = Exit[B->getBlockID()];
      if (Old && *Old == S)
        continue;
      Old = S;
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (Succ.getReachableBlock() && !Queued[Succ->getBlockID()] &&
            Feasible(*B, Succ.getReachableBlock())) {
          Queued[Succ->getBlockID()] = true;
          Work.push_back(Succ.getReachableBlock());
        }
    }
    if (Tries.empty())
      break;
    llvm::DenseMap<const CXXTryStmt *, TxnState> NewSeeds;
    for (const CFGBlock *B : *G) {
      if (!Reachable(B))
        continue;
      TxnState S = EntryState(*B);
      for (const CFGElement &E : *B) {
        if (auto CS = E.getAs<CFGStmt>(); CS && mayThrow(CS->getStmt()))
          for (const CXXTryStmt *Try : Tries)
            if (InTryBody(Try, CS->getStmt()->getBeginLoc())) {
              auto [It, New] = NewSeeds.try_emplace(Try, S);
              if (!New)
                It->second.join(S);
            }
        Builder.transfer(E, S, nullptr);
      }
    }
    for (auto &[Try, Seed] : NewSeeds)
      for (const OpenTxn &T : llvm::to_vector(Seed.open()))
        if (T.Guard && InTryBody(Try, T.Guard->getLocation()))
          Seed.removeKey(T.Key);
    bool Changed = NewSeeds.size() != TrySeeds.size();
    for (auto &[Try, Seed] : NewSeeds) {
      auto Old = TrySeeds.find(Try);
      Changed |= Old == TrySeeds.end() || Old->second != Seed;
    }
    if (!Changed)
      break;
    TrySeeds = std::move(NewSeeds);
  }

  // Final pass over the fixed point: record events once per statement.
  FlowPositions Positions;
  for (const CFGBlock *B : *G) {
    if (!Reachable(B))
      continue;
    TxnState S = EntryState(*B);
    if (const auto *Try =
            dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt())) {
      auto [It, New] = Flow.AtTry.try_emplace(Try, S);
      if (!New)
        It->second.join(S);
    }
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      FlowPositions::Pos Here{B->getBlockID(), Index++};
      if (auto CS = E.getAs<CFGStmt>())
        Positions.Calls.try_emplace(CS->getStmt(), Here);
      size_t EndsBefore = Flow.Ends.size();
      Builder.transfer(E, S, &Flow);
      for (size_t I = EndsBefore; I < Flow.Ends.size(); ++I)
        if (Flow.Ends[I].Commit)
          Positions.Commits.push_back({Flow.Ends[I].Key, Here});
    }
  }
  // The ways out of the function that are not a throw or a [[noreturn]]
  // call (the CFG links both to the exit block too).
  for (const CFGBlock::AdjacentBlock &P : G->getExit().preds()) {
    const CFGBlock *B = P.getReachableBlock();
    if (!B || !Reachable(B) || B->hasNoReturnElement())
      continue;
    const Stmt *Last = nullptr;
    for (const CFGElement &E : llvm::reverse(*B))
      if (auto CS = E.getAs<CFGStmt>()) {
        Last = CS->getStmt();
        break;
      }
    if (const auto *Ret = dyn_cast_or_null<ReturnStmt>(Last))
      Last = Ret->getRetValue();
    if (const auto *E = dyn_cast_or_null<Expr>(Last))
      Last = E->IgnoreImplicit();
    if (isa_and_nonnull<CXXThrowExpr>(Last))
      continue;
    Flow.NormalExits.push_back(Last);
    Positions.NormalExits.push_back(B->getBlockID());
    if (const std::optional<TxnState> &AtEnd = Exit[B->getBlockID()]) {
      if (!Flow.AtExit)
        Flow.AtExit = *AtEnd;
      else
        Flow.AtExit->join(*AtEnd);
    }
  }
  findRollbackOnly(*G, Positions, Exit, Flow);
  auto ByLoc = [&](const Expr *A, const Expr *B) {
    return F->getASTContext().getSourceManager().isBeforeInTranslationUnit(
        A->getBeginLoc(), B->getBeginLoc());
  };
  llvm::stable_sort(Flow.Begins, [&](const BeginEvent &A, const BeginEvent &B) {
    return ByLoc(A.Site, B.Site);
  });
  llvm::stable_sort(Flow.Calls, [&](const Stmt *A, const Stmt *B) {
    return ByLoc(cast<Expr>(A), cast<Expr>(B));
  });
  llvm::stable_sort(Flow.Ends, [&](const EndEvent &A, const EndEvent &B) {
    return ByLoc(A.Site, B.Site);
  });
  return Flow;
}

TxnTransfer transferOf(const FunctionFlow &Flow) {
  TxnTransfer Out;
  auto Outlives = [](const SessionRef &R) {
    return R.Kind == SessionRef::Field ||
           (R.Kind == SessionRef::Var && R.ParamIndex >= 0 && !R.Fresh);
  };
  if (Flow.AtExit)
    for (const OpenTxn &T : Flow.AtExit->open()) {
          if (T.Ambient || !T.Api || T.Api->Savepoint)
        continue;
      // Open on every way out: a transaction open on some paths only is
      // usually an exceptional path the analysis cannot see through.
      if (T.Must && (Outlives(T.Holder) || (!T.Guard && Outlives(T.Session))))
        Out.LeavesOpen.push_back({T.Session, T.Holder, T.Api, T.Must});
    }
  for (const TxnTransfer::Ended &E : Flow.ForeignEnds)
    if (llvm::none_of(Out.Ends, [&](const TxnTransfer::Ended &Have) {
          return Have.Session == E.Session;
        }))
      Out.Ends.push_back(E);
  return Out;
}

} // namespace txnlint
