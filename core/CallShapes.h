//===--- CallShapes.h - The parts of a call, written once -------*- C++ -*-===//
//
// Questions every part of the analysis asks about a call or construction:
// which function it runs, its arguments, the argument bound to parameter N,
// the object it is made on, and the function a callable argument runs
// (a lambda, a local variable holding one, a named function), looking
// through copies, moves and std::function conversions.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_CALLSHAPES_H
#define TXNLINT_CORE_CALLSHAPES_H

#include "Facts.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"

namespace clang {
class ParentMap;
}

namespace txnlint {

/// The function a call or construction runs, if it is known statically.
const clang::FunctionDecl *calledFunction(const clang::Stmt *Call);
/// The arguments of a call or construction (empty for anything else). For
/// a member operator call, argument 0 is the object.
llvm::ArrayRef<const clang::Expr *> callArguments(const clang::Stmt *Call);
/// The argument bound to parameter \p Index of the callee (the object of a
/// member operator call is skipped); null when there is none.
const clang::Expr *argumentAt(const clang::Stmt *Call, int Index);
/// The same, but null for an argument the call leaves to its default.
const clang::Expr *explicitArgumentAt(const clang::Stmt *Call, int Index);
/// The object a member call or member operator call is made on.
const clang::Expr *receiverOf(const clang::Stmt *Call);

/// Strips what wraps a callable argument: temporaries, casts, copies,
/// std::function conversions, std::move.
const clang::Expr *stripCallable(const clang::Expr *E);
/// The lambda an argument is, or names through a local variable.
const clang::LambdaExpr *lambdaOf(const clang::Expr *Arg);
/// The function a callable argument runs: a lambda's call operator or a
/// named function.
const clang::FunctionDecl *callableFunction(const clang::Expr *Arg);
/// Whether some argument of a call is a callable (callableFunction).
bool hasCallableArgument(const clang::Stmt *Call);

/// The parameters of \p Callee of type bool that \p Call gives the constant
/// \p Of (written, or by default).
std::vector<int> constantBoolArguments(const clang::Stmt *Call,
                                       const clang::FunctionDecl *Callee,
                                       bool Of);
/// constantBoolArguments(Call, Callee, false).
std::vector<int> falseArguments(const clang::Stmt *Call,
                                const clang::FunctionDecl *Callee);
/// For each parameter of \p Callee, the index of the `bool` parameter of
/// \p Caller that \p Call passes to it unchanged (`rectify(zone,
/// doTransaction)`) and never assigns, or -1; empty when there is none.
std::vector<int> forwardedBoolParameters(const clang::Stmt *Call,
                                         const clang::FunctionDecl *Callee,
                                         const clang::FunctionDecl *Caller);
/// The index of a `bool` parameter of \p F that \p S runs only when true:
/// `if (doTransaction) db.begin();`, `if (doTransaction && ...)`,
/// `doTransaction && db.begin()`; -1 when there is none, or when \p F sets
/// the parameter to anything but false.
int boolParameterGuarding(const clang::FunctionDecl *F, const clang::Stmt *S);
/// Whether \p F has a `bool` parameter (one that can guard its calls).
bool hasBoolParameter(const clang::FunctionDecl *F);

/// The value of a `bool` parameter of \p F that \p S runs only under, from
/// the branches around it: `if (p)` and `p && s` (true), `if (!p)`, the
/// `else` of `if (p)` and `p || s` (false); none when \p F assigns the
/// parameter the other value anywhere. \p Parents, when given, is the
/// ParentMap of \p F's body (built once for the many statements of one
/// function; without it one is built per call).
BoolCondition guardingCondition(const clang::FunctionDecl *F,
                                const clang::Stmt *S,
                                const clang::ParentMap *Parents = nullptr);

/// Calls and constructions in \p Body that run once per program or thread,
/// not per call: a lazy initialization's branch (`if (!instance)`, `if
/// (!tls.hasLocalData())`, `if (p == nullptr)` on a variable with static or
/// thread storage) and a static local's initializer. What a singleton
/// accessor does the first time is not what each call of it does.
llvm::DenseSet<const clang::Stmt *> callsRunOnce(const clang::Stmt *Body);

} // namespace txnlint

#endif // TXNLINT_CORE_CALLSHAPES_H
