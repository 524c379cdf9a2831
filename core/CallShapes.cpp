//===--- CallShapes.cpp - The parts of a call, written once ---------------===//

#include "CallShapes.h"
#include "clang/AST/DeclCXX.h"

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

} // namespace txnlint
