//===--- SessionRef.cpp - Which object a transaction runs on --------------===//
//
// Resolves the session, connection or transaction object an expression
// names (through references, casts, smart pointers, std::ref/std::move),
// and what a member call does to a transaction on its object.
//
//===----------------------------------------------------------------------===//

#include "TransactionState.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace txnlint {

bool mayBeSameSession(const SessionRef &A, const SessionRef &B) {
  if (A.Fresh != B.Fresh)
    return false; // A session opened here is nobody else's.
  // An ambient session declared of one class is no session of another.
  if ((A.Declared || B.Declared) && !A.Type.empty() && !B.Type.empty() &&
      A.Type != B.Type)
    return false;
  if (A.Kind == SessionRef::Unknown || B.Kind == SessionRef::Unknown)
    return true;
  // The object itself may be the one a member names, or hold it.
  if (A.Kind == SessionRef::This || B.Kind == SessionRef::This)
    return true;
  return A.Decl == B.Decl;
}

/// Strips what does not change which object an expression names: casts,
/// `&`, `*`, `std::ref`, `std::move`, smart-pointer `*`/`->`/`get()`.
static const Expr *stripToObject(const Expr *E) {
  for (int Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParenCasts(); // Casts name the same object.
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref) {
        E = U->getSubExpr();
        continue;
      }
      return E;
    }
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = M->getSubExpr();
      continue;
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
      if (C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor()) {
        E = C->getArg(0);
        continue;
      }
      return E;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if ((Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
          Op->getNumArgs() >= 1) {
        E = Op->getArg(0);
        continue;
      }
      return E;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      if (M && M->getIdentifier() && M->getName() == "get" &&
          MC->getNumArgs() == 0) {
        E = MC->getImplicitObjectArgument();
        continue;
      }
      return E;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (FD && Call->getNumArgs() == 1 && FD->isInStdNamespace() &&
          FD->getIdentifier() &&
          llvm::is_contained({"ref", "cref", "move", "addressof"},
                             FD->getName())) {
        E = Call->getArg(0);
        continue;
      }
      return E;
    }
    return E;
  }
  return E;
}

SessionRef resolveSession(const Expr *E, const FunctionDecl *F) {
  SessionRef R;
  for (int Depth = 0; Depth < 8; ++Depth) {
    E = stripToObject(E);
    if (!E)
      return R;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD)
        return R;
      // A local reference bound to another object names that object.
      if (VD->getType()->isReferenceType() && !isa<ParmVarDecl>(VD) &&
          VD->getInit()) {
        SessionRef Inner = resolveSession(VD->getInit(), F);
        if (Inner.Kind != SessionRef::Unknown)
          return Inner;
      }
      R.Kind = SessionRef::Var;
      R.Decl = VD;
      if (const auto *P = dyn_cast<ParmVarDecl>(VD))
        if (F && P->getDeclContext() == F)
          R.ParamIndex = static_cast<int>(P->getFunctionScopeIndex());
      R.Fresh = !isa<ParmVarDecl>(VD) && VD->hasLocalStorage() &&
                !VD->getType()->isReferenceType() &&
                !VD->getType()->isPointerType();
      return R;
    }
    if (isa<CXXThisExpr>(E)) {
      R.Kind = SessionRef::This;
      return R;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts())) {
        R.Kind = SessionRef::Field;
        R.Decl = ME->getMemberDecl();
      }
      return R;
    }
    return R;
  }
  return R;
}

TxnOp memberCallOp(const CallExpr *CE, const ApiCatalog &Api,
                   const Expr **ObjectOut) {
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(CE->getDirectCallee());
  if (!M || M->isStatic())
    return {};
  const Expr *Object = receiverOf(CE);
  if (!Object)
    return {};
  if (ObjectOut)
    *ObjectOut = Object;
  // The object's own type, not the base class that declares the method
  // (pqxx::work::commit is declared in pqxx::transaction_base).
  return Api.memberOp(M, Object->IgnoreParenImpCasts()->getType());
}

} // namespace txnlint
