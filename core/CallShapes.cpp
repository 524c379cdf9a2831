//===--- CallShapes.cpp - The parts of a call, written once ---------------===//

#include "CallShapes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace txnlint {

const FunctionDecl *calledFunction(const Stmt *Call) {
  if (const auto *C = dyn_cast_or_null<CallExpr>(Call))
    return C->getDirectCallee();
  if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(Call))
    return C->getConstructor();
  return nullptr;
}

llvm::ArrayRef<const Expr *> callArguments(const Stmt *Call) {
  if (const auto *C = dyn_cast_or_null<CallExpr>(Call))
    return {C->getArgs(), C->getNumArgs()};
  if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(Call))
    return {C->getArgs(), C->getNumArgs()};
  return {};
}

const Expr *argumentAt(const Stmt *Call, int Index) {
  if (Index < 0)
    return nullptr;
  unsigned I = static_cast<unsigned>(Index);
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Call))
    if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
      ++I; // Argument 0 is the object.
  llvm::ArrayRef<const Expr *> Args = callArguments(Call);
  return I < Args.size() ? Args[I] : nullptr;
}

const Expr *explicitArgumentAt(const Stmt *Call, int Index) {
  const Expr *A = argumentAt(Call, Index);
  return A && !isa<CXXDefaultArgExpr>(A) ? A : nullptr;
}

const Expr *receiverOf(const Stmt *Call) {
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(Call))
    return MC->getImplicitObjectArgument();
  if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(Call))
    return OC->getNumArgs() ? OC->getArg(0) : nullptr;
  return nullptr;
}

const Expr *stripCallable(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParenCasts();
    // Copies, moves and converting constructions (std::function from a
    // lambda) wrap the callable.
    if (const auto *C = dyn_cast<CXXConstructExpr>(E);
        C && C->getNumArgs() == 1) {
      E = C->getArg(0);
      continue;
    }
    if (const auto *C = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = C->getDirectCallee();
      if (FD && FD->isInStdNamespace() && FD->getIdentifier() &&
          FD->getName() == "move" && C->getNumArgs() == 1) {
        E = C->getArg(0);
        continue;
      }
      // An overload selector hands back the function pointer it is given
      // (`qOverload<>(&QTimer::start)`, `QOverload<int>::of(&C::f)`).
      const Expr *Only = argumentAt(C, 0);
      QualType T = C->getType();
      if (Only && !argumentAt(C, 1) &&
          (T->isFunctionPointerType() || T->isMemberFunctionPointerType()) &&
          T.getCanonicalType().getUnqualifiedType() ==
              Only->getType().getCanonicalType().getUnqualifiedType()) {
        E = Only;
        continue;
      }
    }
    return E;
  }
  return E;
}

const LambdaExpr *lambdaOf(const Expr *Arg) {
  const Expr *E = stripCallable(Arg);
  if (const auto *L = dyn_cast_or_null<LambdaExpr>(E))
    return L;
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getInit())
        return dyn_cast_or_null<LambdaExpr>(stripCallable(VD->getInit()));
  return nullptr;
}

const FunctionDecl *callableFunction(const Expr *Arg) {
  if (const LambdaExpr *L = lambdaOf(Arg))
    return L->getCallOperator();
  const Expr *E = stripCallable(Arg);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(DRE->getDecl());
  return nullptr;
}

bool hasCallableArgument(const Stmt *Call) {
  for (const Expr *A : callArguments(Call))
    if (callableFunction(A))
      return true;
  return false;
}

/// Whether \p E names a variable with static or thread storage.
static bool mentionsGlobal(const Stmt *E, int Depth = 0) {
  if (!E || Depth > 6)
    return false;
  if (const auto *R = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(R->getDecl()))
      return V->hasGlobalStorage();
  for (const Stmt *C : E->children())
    if (mentionsGlobal(C, Depth + 1))
      return true;
  return false;
}

/// `!x`, `!x.hasLocalData()`, `x == nullptr` on a global or static.
static bool isLazyInitCheck(const Expr *Cond) {
  if (!Cond)
    return false;
  const Expr *E = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_LNot)
    return mentionsGlobal(U->getSubExpr());
  if (const auto *B = dyn_cast<BinaryOperator>(E);
      B && B->getOpcode() == BO_EQ)
    for (const Expr *Null : {B->getLHS(), B->getRHS()})
      if (isa<CXXNullPtrLiteralExpr>(Null->IgnoreParenImpCasts()) ||
          isa<GNUNullExpr>(Null->IgnoreParenImpCasts()))
        return mentionsGlobal(Null == B->getLHS() ? B->getRHS() : B->getLHS());
  return false;
}

namespace {
struct OnceRegions : RecursiveASTVisitor<OnceRegions> {
  using Base = RecursiveASTVisitor<OnceRegions>;
  llvm::DenseSet<const Stmt *> Calls;
  int Depth = 0;
  bool TraverseIfStmt(IfStmt *If) {
    if (!isLazyInitCheck(If->getCond()))
      return Base::TraverseIfStmt(If);
    TraverseStmt(If->getCond());
    ++Depth;
    TraverseStmt(If->getThen());
    --Depth;
    return TraverseStmt(If->getElse());
  }
  bool TraverseVarDecl(VarDecl *V) {
    bool Once = V->isStaticLocal();
    Depth += Once;
    bool R = Base::TraverseVarDecl(V);
    Depth -= Once;
    return R;
  }
  bool VisitCallExpr(CallExpr *C) {
    if (Depth)
      Calls.insert(C);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    if (Depth)
      Calls.insert(C);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
};
} // namespace

llvm::DenseSet<const Stmt *> callsRunOnce(const Stmt *Body) {
  OnceRegions V;
  V.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(V.Calls);
}

std::vector<int> constantBoolArguments(const Stmt *Call,
                                       const FunctionDecl *Callee, bool Of) {
  std::vector<int> Out;
  if (!Callee)
    return Out;
  for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
    if (!Callee->getParamDecl(I)->getType()->isBooleanType())
      continue;
    const Expr *Arg = argumentAt(Call, I);
    bool Value = !Of;
    if (Arg && !Arg->isValueDependent() &&
        Arg->EvaluateAsBooleanCondition(Value, Callee->getASTContext()) &&
        Value == Of)
      Out.push_back(static_cast<int>(I));
  }
  return Out;
}

std::vector<int> falseArguments(const Stmt *Call, const FunctionDecl *Callee) {
  return constantBoolArguments(Call, Callee, false);
}

namespace {
/// The bool parameter whose value \p E being \p Is implies: `p` is true,
/// `!p` false; one operand of an `&&` chain that is true, of an `||` chain
/// that is false.
BoolCondition impliedBy(const Expr *E, bool Is) {
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot)
    return impliedBy(U->getSubExpr(), !Is);
  if (const auto *B = dyn_cast<BinaryOperator>(E);
      B && B->getOpcode() == (Is ? BO_LAnd : BO_LOr)) {
    BoolCondition C = impliedBy(B->getLHS(), Is);
    return C.Param >= 0 ? C : impliedBy(B->getRHS(), Is);
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!P || !P->getType()->isBooleanType())
    return {};
  return {static_cast<int>(P->getFunctionScopeIndex()), Is};
}

/// Whether a body assigns \p P anything but the constant \p Keeps (any
/// value at all when there is none).
struct SetsParam : RecursiveASTVisitor<SetsParam> {
  const ParmVarDecl *P;
  std::optional<bool> Keeps;
  bool Found = false;
  bool VisitBinaryOperator(BinaryOperator *B) {
    const auto *Ref = dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts());
    if (!B->isAssignmentOp() || !Ref || Ref->getDecl() != P)
      return true;
    bool Value = false;
    Found |= !Keeps || B->isCompoundAssignmentOp() ||
             B->getRHS()->isValueDependent() ||
             !B->getRHS()->EvaluateAsBooleanCondition(Value, P->getASTContext()) ||
             Value != *Keeps;
    return !Found;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    const auto *Ref = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts());
    Found |= U->isIncrementDecrementOp() && Ref && Ref->getDecl() == P;
    return !Found;
  }
};
} // namespace

/// Whether \p F's body assigns its parameter \p P anything but \p Keeps.
static bool setsParameter(const FunctionDecl *F, const ParmVarDecl *P,
                          std::optional<bool> Keeps) {
  SetsParam V;
  V.P = P;
  V.Keeps = Keeps;
  V.TraverseStmt(F->getBody());
  return V.Found;
}

std::vector<int> forwardedBoolParameters(const Stmt *Call,
                                         const FunctionDecl *Callee,
                                         const FunctionDecl *Caller) {
  std::vector<int> Out;
  if (!Callee || !Caller || !Caller->getBody())
    return Out;
  for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
    if (!Callee->getParamDecl(I)->getType()->isBooleanType())
      continue;
    const Expr *Arg = argumentAt(Call, I);
    const auto *Ref =
        Arg ? dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts()) : nullptr;
    const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    // Unchanged: a parameter the caller never assigns.
    if (!P || P->getDeclContext() != Caller ||
        !P->getType()->isBooleanType() ||
        setsParameter(Caller, P, std::nullopt))
      continue;
    Out.resize(Callee->getNumParams(), -1);
    Out[I] = static_cast<int>(P->getFunctionScopeIndex());
  }
  return Out;
}

bool hasBoolParameter(const FunctionDecl *F) {
  return llvm::any_of(F->parameters(), [](const ParmVarDecl *P) {
    return P->getType()->isBooleanType();
  });
}

BoolCondition guardingCondition(const FunctionDecl *F, const Stmt *S,
                                const ParentMap *Parents) {
  if (!F->getBody() || !hasBoolParameter(F))
    return {};
  std::optional<ParentMap> Own;
  if (!Parents) // This body only: lambdas' bodies excluded.
    Parents = &Own.emplace(F->getBody());
  const Stmt *Child = S;
  for (int Depth = 0; Child && Depth < 64; ++Depth) {
    const Stmt *Parent = Parents->getParent(Child);
    if (!Parent)
      return {}; // The function's body is done.
    BoolCondition C;
    if (const auto *If = dyn_cast<IfStmt>(Parent);
        If && (If->getThen() == Child || If->getElse() == Child))
      C = impliedBy(If->getCond(), If->getThen() == Child);
    else if (const auto *B = dyn_cast<BinaryOperator>(Parent);
             B && B->isLogicalOp() && B->getRHS() == Child)
      C = impliedBy(B->getLHS(), B->getOpcode() == BO_LAnd);
    else if (const auto *Q = dyn_cast<ConditionalOperator>(Parent);
             Q && (Q->getTrueExpr() == Child || Q->getFalseExpr() == Child))
      C = impliedBy(Q->getCond(), Q->getTrueExpr() == Child);
    if (C.Param >= 0 &&
        !setsParameter(F, F->getParamDecl(C.Param), !C.Value))
      return C;
    Child = Parent;
  }
  return {};
}

int boolParameterGuarding(const FunctionDecl *F, const Stmt *S) {
  BoolCondition C = guardingCondition(F, S);
  return C.Value ? C.Param : -1;
}

} // namespace txnlint
