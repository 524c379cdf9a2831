//===--- FlowBuilder.h - One CFG element's effect on open transactions ---===//
//
// The transfer function of the transaction dataflow (analyzeFlow in
// TransactionState.cpp): what a construction, a call or a destructor does to
// the transactions open before it, and the events it records.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_FLOWBUILDER_H
#define TXNLINT_CORE_FLOWBUILDER_H

#include "TransactionState.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>

namespace txnlint {

class GuardVars;

/// Applies CFG elements of one function to a TxnState.
class FlowBuilder {
public:
  FlowBuilder(const clang::FunctionDecl *F, const ApiCatalog &Api,
              const TransferProvider &Transfers);
  ~FlowBuilder();

  /// Reads, once before any transfer, which variables and holders the
  /// guards made in \p Body go to, and which calls sit under an `active`
  /// check.
  void prepare(const clang::Stmt *Body);
  /// Applies one CFG element; when \p Out is set, records events.
  void transfer(const clang::CFGElement &E, TxnState &S, FunctionFlow *Out);
  /// The local bool variable \p E reads, when its value can be followed:
  /// every use a read or a plain `=`, none in a lambda, through a pointer
  /// or a reference.
  const clang::VarDecl *followedFlag(const clang::Expr *E) const;
  /// FunctionFlow::OnlyWithoutOpen, as prepare() found it.
  const llvm::DenseMap<const clang::Stmt *, std::string> &
  onlyWithoutOpen() const;

private:
  void onConstruct(const clang::CXXConstructExpr *CE, TxnState &S, FunctionFlow *Out);
  void onCall(const clang::CallExpr *CE, TxnState &S, FunctionFlow *Out);
  void begin(const clang::Expr *Site, OpenTxn T, TxnState &S, FunctionFlow *Out);
  /// A guard's own begin method (`t.begin()` on an unstarted guard, or
  /// after its commit): the guard \p G holds a transaction again.
  void beginOnGuard(const clang::Expr *Site, const TransactionApi *A,
                    const SessionRef &G, TxnState &S, FunctionFlow *Out);
  /// A guard made by a call: `std::make_unique<G>(...)`, `opt.emplace(...)`,
  /// or a function that returns a guard by value (a factory).
  bool guardMadeByCall(const clang::CallExpr *CE, TxnState &S, FunctionFlow *Out);
  /// Who holds what \p Creation makes: a variable, an assigned object.
  void holderOf(const clang::Expr *Creation, OpenTxn &T);
  /// Ends the transactions \p Obj names (a guard variable, what a holder
  /// holds, an explicit or handed-over transaction on a session); a commit
  /// or rollback of one this function did not begin, on a parameter or a
  /// member, is a foreign end (TxnTransfer::Ends).
  void end(const clang::Expr *Site, const SessionRef &Obj, bool Commit,
           bool ExplicitOnly, TxnState &S, FunctionFlow *Out,
           const void *Except = nullptr);
  /// `V = ...` or `bool V = ...` on a followed flag.
  void assignFlag(const clang::VarDecl *V, const clang::Expr *Value,
                  TxnState &S);
  void applyTransfer(const clang::Expr *Call, const TxnTransfer &T, TxnState &S,
                     FunctionFlow *Out);
  /// A callee's session in this function's terms.
  SessionRef mapToCaller(const SessionRef &R, const clang::Expr *Call);
  /// The session or transaction object \p E names, with its session class.
  SessionRef session(const clang::Expr *E) const {
    SessionRef R = resolveSession(E, F);
    if (E)
      R.Type = Api.sessionClass(E->getType());
    return R;
  }
  /// Whether \p Holder is a pointer, smart pointer or optional of a guard.
  bool holdsGuard(const clang::Expr *Holder) const {
    const clang::CXXRecordDecl *RD = underlyingRecord(Holder->getType());
    return RD && Api.raiiGuard(clang::QualType(RD->getTypeForDecl(), 0));
  }

  const clang::FunctionDecl *F;
  const ApiCatalog &Api;
  const TransferProvider &Transfers;
  std::unique_ptr<GuardVars> Guards;
  llvm::DenseSet<const clang::VarDecl *> Flags;
  /// Followed flags a call may write through a reference or pointer
  /// argument (`invoke(Q_RETURN_ARG(bool, ok))`): unknown after it.
  llvm::DenseMap<const clang::Stmt *,
                 llvm::SmallVector<const clang::VarDecl *, 1>>
      OutArgs;
  /// The calls whose state the final pass recorded (FunctionFlow::Calls).
  llvm::DenseSet<const clang::Stmt *> Recorded;
};

} // namespace txnlint

#endif // TXNLINT_CORE_FLOWBUILDER_H
