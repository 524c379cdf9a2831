//===--- FlowBuilder.cpp - One CFG element's effect on open transactions -===//
//
// Begins (constructions of guards, begin calls, guards made by calls, SQL
// text), ends (commit, rollback, a guard's destructor), a callee's
// transfer, and who holds each transaction (variables, members, smart
// pointers).
//
//===----------------------------------------------------------------------===//

#include "FlowBuilder.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace txnlint {

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
  bool TraverseTypeLoc(TypeLoc) { return true; } // No guard is made there.
  llvm::DenseMap<const CXXConstructExpr *, const VarDecl *> ByConstruct;
  /// A creation (construction or call) to the variable it initialises.
  llvm::DenseMap<const Expr *, const VarDecl *> ByInit;
  /// A creation to the object it is assigned to (`m_tx = ...`,
  /// `m_tx.reset(...)`).
  llvm::DenseMap<const Expr *, const Expr *> HeldBy;
  llvm::DenseSet<const CXXConstructExpr *> OnHeap;
  /// Methods that tell whether a transaction is open (rules' `active`).
  llvm::StringSet<> ActiveNames;
  const ApiCatalog *Api = nullptr;
  /// A call inside a branch of an `if` whose condition asks one of them, to
  /// the object asked.
  llvm::DenseMap<const CallExpr *, const Expr *> UnderActiveCheck;
  /// A call or construction that runs only where one of them said that no
  /// transaction is open on its object (`if (s.inTransaction()) queue();
  /// else send();`), to that object's class (FunctionFlow::OnlyWithoutOpen).
  llvm::DenseMap<const Stmt *, std::string> OnlyWithoutOpen;

  bool TraverseIfStmt(IfStmt *If) {
    const Expr *Asked = ActiveNames.empty() ? nullptr : askedObject(If->getCond());
    if (!Asked)
      return RecursiveASTVisitor::TraverseIfStmt(If);
    TraverseStmt(If->getCond());
    Checks.push_back(Asked);
    for (bool Then : {true, false}) {
      std::string Type = inactiveType(If->getCond(), Then);
      if (!Type.empty())
        Inactive.push_back(Type);
      TraverseStmt(Then ? If->getThen() : If->getElse());
      if (!Type.empty())
        Inactive.pop_back();
    }
    Checks.pop_back();
    return true;
  }
  /// `if (s.inTransaction()) { queue(); return; } send();`: what follows an
  /// `if` whose branch always leaves runs where its condition is false.
  bool TraverseCompoundStmt(CompoundStmt *C) {
    if (ActiveNames.empty())
      return RecursiveASTVisitor::TraverseCompoundStmt(C);
    size_t Pushed = 0;
    for (Stmt *S : C->body()) {
      TraverseStmt(S);
      const auto *If = dyn_cast<IfStmt>(S);
      if (!If || If->getElse() || !leaves(If->getThen()))
        continue;
      std::string Type = inactiveType(If->getCond(), false);
      if (!Type.empty()) {
        Inactive.push_back(Type);
        ++Pushed;
      }
    }
    Inactive.resize(Inactive.size() - Pushed);
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    if (!Checks.empty())
      UnderActiveCheck[C] = Checks.back();
    if (!Inactive.empty())
      OnlyWithoutOpen[C] = Inactive.back();
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    if (!Inactive.empty())
      OnlyWithoutOpen[C] = Inactive.back();
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
  /// The class of the object an `active` method is asked about in \p Cond,
  /// when \p Cond being \p Truth implies that it answered false (no
  /// transaction open); empty otherwise.
  std::string inactiveType(const Expr *Cond, bool Truth) const {
    Cond = Cond->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(Cond);
        U && U->getOpcode() == UO_LNot)
      return inactiveType(U->getSubExpr(), !Truth);
    if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
      // `a || b` false: both false; `a && b` true: both true.
      if ((B->getOpcode() == BO_LOr && !Truth) ||
          (B->getOpcode() == BO_LAnd && Truth)) {
        std::string L = inactiveType(B->getLHS(), Truth);
        return L.empty() ? inactiveType(B->getRHS(), Truth) : L;
      }
      return "";
    }
    const auto *M = dyn_cast<CXXMemberCallExpr>(Cond);
    const CXXMethodDecl *MD = M ? M->getMethodDecl() : nullptr;
    if (Truth || !MD || !MD->getIdentifier() ||
        !ActiveNames.contains(MD->getName()))
      return "";
    return Api ? Api->sessionClass(M->getImplicitObjectArgument()->getType())
               : "";
  }
  /// Whether \p S always leaves the enclosing block (ends in a return,
  /// throw, break or continue).
  static bool leaves(const Stmt *S) {
    if (const auto *C = dyn_cast_or_null<CompoundStmt>(S))
      S = C->body_empty() ? nullptr : C->body_back();
    return S && (isa<ReturnStmt>(S) || isa<CXXThrowExpr>(S) ||
                 isa<BreakStmt>(S) || isa<ContinueStmt>(S));
  }
  std::vector<std::string> Inactive;

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

/// Local bool variables whose every use is a read, a plain assignment or
/// an argument a call may write through, outside lambdas: their value can
/// be followed along paths.
class FlagVars : public RecursiveASTVisitor<FlagVars> {
public:
  /// Types as written read no variable (`decltype(ok)`).
  bool TraverseTypeLoc(TypeLoc) { return true; }
  bool VisitVarDecl(VarDecl *V) {
    if (V->getInit())
      Named.insert(V->getInit()->IgnoreImplicit());
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    outArguments(C, C->arguments());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    // A temporary holding a reference for the call it is passed to
    // (`QReturnArgument<bool>("bool", ok)`); not a variable's.
    if (!Named.contains(C))
      outArguments(C, C->arguments());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *R) {
    if (const VarDecl *V = flag(R)) {
      ++Uses[V];
      if (InLambda)
        Escapes.insert(V);
    }
    return true;
  }
  bool VisitImplicitCastExpr(ImplicitCastExpr *C) {
    if (C->getCastKind() == CK_LValueToRValue)
      plain(C->getSubExpr());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_Assign)
      plain(B->getLHS());
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    ++InLambda;
    RecursiveASTVisitor::TraverseLambdaExpr(L);
    --InLambda;
    return true;
  }
  void collect(llvm::DenseSet<const VarDecl *> &Out,
               llvm::DenseMap<const Stmt *, llvm::SmallVector<const VarDecl *, 1>>
                   &OutArgsOut) const {
    for (const auto &[V, N] : Uses)
      if (N == Plain.lookup(V) + Written.lookup(V) && !Escapes.contains(V))
        Out.insert(V);
    for (const auto &[Call, Vars] : OutArgs)
      for (const VarDecl *V : Vars)
        if (Out.contains(V))
          OutArgsOut[Call].push_back(V);
  }

private:
  static const VarDecl *flag(const DeclRefExpr *R) {
    const auto *V = dyn_cast<VarDecl>(R->getDecl());
    return V && V->hasLocalStorage() && V->getType()->isBooleanType() ? V
                                                                      : nullptr;
  }
  void plain(const Expr *E) {
    if (const auto *R = dyn_cast<DeclRefExpr>(E->IgnoreParens()))
      if (const VarDecl *V = flag(R))
        ++Plain[V];
  }
  /// Flags handed by reference (`f(ok)` to `bool &`) or by address
  /// (`f(&ok)`) to the call \p Call.
  template <class Args> void outArguments(const Stmt *Call, Args Arguments) {
    for (const Expr *A : Arguments) {
      A = A->IgnoreParens();
      while (const auto *C = dyn_cast<ImplicitCastExpr>(A))
        if (C->getCastKind() == CK_LValueToRValue)
          break; // Passed by value: a read.
        else
          A = C->getSubExpr()->IgnoreParens();
      if (const auto *U = dyn_cast<UnaryOperator>(A);
          U && U->getOpcode() == UO_AddrOf)
        A = U->getSubExpr()->IgnoreParens();
      const auto *R = dyn_cast<DeclRefExpr>(A);
      if (const VarDecl *V = R ? flag(R) : nullptr) {
        ++Written[V];
        OutArgs[Call].push_back(V);
      }
    }
  }
  llvm::DenseMap<const VarDecl *, unsigned> Uses, Plain, Written;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<const VarDecl *, 1>> OutArgs;
  llvm::DenseSet<const Expr *> Named;
  llvm::DenseSet<const VarDecl *> Escapes;
  unsigned InLambda = 0;
};

FlowBuilder::FlowBuilder(const FunctionDecl *F, const ApiCatalog &Api,
                         const TransferProvider &Transfers)
    : F(F), Api(Api), Transfers(Transfers),
      Guards(std::make_unique<GuardVars>()) {}

FlowBuilder::~FlowBuilder() = default;

void FlowBuilder::prepare(const Stmt *Body) {
  Guards->Api = &Api;
  for (const TransactionApi &T : Api.rules().Transactions)
    for (const std::string &N : T.Active)
      Guards->ActiveNames.insert(N);
  Guards->TraverseStmt(const_cast<Stmt *>(Body));
  FlagVars Vars;
  Vars.TraverseDecl(const_cast<FunctionDecl *>(F));
  Vars.collect(Flags, OutArgs);
}

const llvm::DenseMap<const Stmt *, std::string> &
FlowBuilder::onlyWithoutOpen() const {
  return Guards->OnlyWithoutOpen;
}

const VarDecl *FlowBuilder::followedFlag(const Expr *E) const {
  const auto *R = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *V = R ? dyn_cast<VarDecl>(R->getDecl()) : nullptr;
  return V && Flags.contains(V) ? V : nullptr;
}

void FlowBuilder::assignFlag(const VarDecl *V, const Expr *Value,
                             TxnState &S) {
  const Expr *E = Value ? Value->IgnoreParenImpCasts() : nullptr;
  if (const auto *B = dyn_cast_or_null<CXXBoolLiteralExpr>(E)) {
    S.setFlag(V, B->getValue());
    return;
  }
  if (const auto *I = dyn_cast_or_null<IntegerLiteral>(E)) {
    S.setFlag(V, I->getValue() != 0);
    return;
  }
  S.setFlag(V, std::nullopt);
  // `began = db.begin()`: true wherever the transaction it began is open.
  if (E && isa<CallExpr>(E))
    S.setFlagOn(E, V);
}


SessionRef FlowBuilder::mapToCaller(const SessionRef &R, const Expr *Call) {
  if (R.Kind == SessionRef::Field)
    return R;
  if (R.Kind == SessionRef::This) {
    const Expr *Receiver = receiverOf(Call);
    return Receiver ? session(Receiver) : SessionRef();
  }
  if (R.Kind == SessionRef::Var && R.ParamIndex >= 0)
    if (const Expr *Arg = argumentAt(Call, R.ParamIndex))
      return session(Arg);
  return {};
}

void FlowBuilder::holderOf(const Expr *Creation, OpenTxn &T) {
  if (auto It = Guards->ByInit.find(Creation); It != Guards->ByInit.end()) {
    T.Key = It->second;
    T.Guard = It->second;
    return;
  }
  if (auto It = Guards->HeldBy.find(Creation); It != Guards->HeldBy.end()) {
    // Keyed by the holding expression: the temporary that carried the
    // guard there (a std::unique_ptr returned by make_unique) dies at once.
    T.Key = It->second;
    T.Holder = session(It->second);
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
  if (!Local && (Obj.Kind == SessionRef::Field || Obj.Kind == SessionRef::This ||
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
    T.Session = session(Session);
  T.Session.Fresh = false;
  T.BeginLoc = CE->getExprLoc();
  if (Holder)
    T.Holder = session(Holder);
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
  T.declareAmbientSession(); // The ambient session's class.
  if (Out)
    Out->Begins.push_back({Site, T, S});
  S.push(std::move(T));
}

void FlowBuilder::beginOnGuard(const Expr *Site, const TransactionApi *A,
                               const SessionRef &G, TxnState &S,
                               FunctionFlow *Out) {
  if (!G.Decl ||
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
        T.Session = session(Session);
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
  auto VarIt = Guards->ByConstruct.find(CE);
  const VarDecl *Var = VarIt == Guards->ByConstruct.end() ? nullptr
                                                          : VarIt->second;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (Ctor->isCopyOrMoveConstructor() && CE->getNumArgs() == 1) {
    // A moved guard: the transaction now lives in the new object, or has
    // left this function (passed by value, returned).
    SessionRef From = session(CE->getArg(0));
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
    T.Session = session(Session);
  T.BeginLoc = Var ? Var->getLocation() : CE->getBeginLoc();
  bool Heap = !Var && Guards->OnHeap.contains(CE);
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
      T.Session = session(Session);
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
        SessionRef H = session(Holder);
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
  SessionRef Obj = Object ? session(Object) : SessionRef();
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
    if (auto It = Guards->UnderActiveCheck.find(CE);
        It != Guards->UnderActiveCheck.end()) {
      SessionRef Asked = session(It->second);
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
    const VarDecl *Guard = D->getVarDecl();
    if (Out && llvm::any_of(S.open(),
                            [&](const OpenTxn &T) { return T.Key == Guard; }))
      Out->ScopeExits.push_back({Guard, D->getTriggerStmt()->getEndLoc()});
    S.removeKey(Guard);
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
  if (const auto *B = dyn_cast<BinaryOperator>(St);
      B && B->getOpcode() == BO_Assign) {
    if (const VarDecl *V = followedFlag(B->getLHS()))
      assignFlag(V, B->getRHS(), S);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && Flags.contains(V))
        assignFlag(V, V->getInit(), S);
    return;
  }
  if (auto It = OutArgs.find(St); It != OutArgs.end())
    for (const VarDecl *V : It->second)
      S.setFlag(V, std::nullopt); // Whatever the call writes there.
  if (Out && (isa<CallExpr>(St) || isa<CXXConstructExpr>(St))) {
    Out->recordBefore(St, S, /*Seen=*/!Recorded.insert(St).second);
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(St))
    onConstruct(CE, S, Out);
  else if (const auto *Call = dyn_cast<CallExpr>(St))
    onCall(Call, S, Out);
  else if (const auto *Del = dyn_cast<CXXDeleteExpr>(St)) {
    // `delete m_tx`: the guard's destructor rolls back.
    SessionRef H = session(Del->getArgument());
    if (H.Kind != SessionRef::Unknown && holdsGuard(Del->getArgument()))
      end(Del, H, /*Commit=*/false, /*ExplicitOnly=*/false, S, Out);
  }
}

} // namespace txnlint
