//===--- TransactionState.h - Which transactions are open here --*- C++ -*-===//
//
// A forward dataflow over Clang's CFG (implicit destructors, temporaries) that
// knows, before every call in a function, which transactions are open, on
// which session, begun where, and whether they are open on every path (must)
// or only on some (may). Handles early returns, branches, loops, commit on one
// path, moved guards, destructor rollback and savepoints.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_TRANSACTIONSTATE_H
#define TXNLINT_CORE_TRANSACTIONSTATE_H

#include "ApiCatalog.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <functional>
#include <optional>
#include <vector>

namespace txnlint {

/// Which object a transaction runs on.
struct SessionRef {
  /// This: the object a method runs on (`this`, `*this`, an implicit
  /// member call), which a caller names as the call's receiver.
  enum KindT { Unknown, Var, Field, This } Kind = Unknown;
  const clang::ValueDecl *Decl = nullptr; ///< Null for Unknown and This.
  /// When Decl is a parameter of the analysed function: its index.
  int ParamIndex = -1;
  /// A local session object (not a reference): opened by this function.
  bool Fresh = false;
  /// The session's class (qualified, as qualifiedName prints it), when
  /// known: what an `active` method's answer is about.
  std::string Type;
  /// Type is the rules' `session_type` of an ambient guard: a session of
  /// that class only, never one of another class (the others' classes are
  /// only what the code names, and a wrapper shares its connection).
  bool Declared = false;

  bool operator==(const SessionRef &O) const {
    return Kind == O.Kind && Decl == O.Decl;
  }
};

/// Conservative identity: unknown objects may be anything.
bool mayBeSameSession(const SessionRef &A, const SessionRef &B);

/// Resolves the session/transaction object an expression names.
SessionRef resolveSession(const clang::Expr *E, const clang::FunctionDecl *F);

/// What a member call (or member operator call) does to a transaction, and
/// the object it is called on.
TxnOp memberCallOp(const clang::CallExpr *CE, const ApiCatalog &Api,
                   const clang::Expr **Object = nullptr);

struct OpenTxn {
  const void *Key = nullptr;            ///< Guard VarDecl or begin Expr.
  const clang::VarDecl *Guard = nullptr; ///< RAII holder, if any.
  const TransactionApi *Api = nullptr;
  SessionRef Session;
  clang::SourceLocation BeginLoc;
  bool Must = true; ///< Open on every path reaching this point.
  /// The caller's transaction, open on entry to a function that runs inside
  /// its caller's unit of work (Api is null; BeginLoc is the function).
  bool Ambient = false;
  /// Begun by a callee that left it open (TxnTransfer): BeginLoc is the call.
  bool Transferred = false;
  /// A begin guarded by a check that none is open (`if
  /// (!s.isTransaction()) s.begin();`): it joins an open one.
  bool Joins = false;
  /// The object that holds a guard made on the heap or by a factory
  /// (`m_tx` in `m_tx.reset(new Transaction(db))`): ending or releasing
  /// it ends the transaction.
  SessionRef Holder;
  /// Local bool variables with a known value on every path on which this
  /// transaction is open: `began = db.begin()` (true), a begin-once flag
  /// cleared after the begin (`doTransaction = false`). A branch on such a
  /// variable that takes the other value cannot have it open.
  llvm::SmallVector<std::pair<const clang::VarDecl *, bool>, 1> Flags;
  /// The begin's own result (`ok = db.begin()`): where it is false the
  /// begin failed, which a path may well do.
  const clang::VarDecl *BegunFlag = nullptr;

  bool isSavepoint() const { return Api && Api->Savepoint; }
  /// A guard on an ambient session (rules' `session_type`): that session's
  /// class, declared.
  void declareAmbientSession() {
    if (Session.Type.empty() && Api && !Api->SessionType.empty()) {
      Session.Type = Api->SessionType;
      Session.Declared = true;
    }
  }
  /// Does not nest in an open transaction on its session but joins it: a
  /// guarded begin, or an API whose nested begin joins (`on_nested: join`).
  bool joinsOpen() const {
    return Joins || (Api && Api->OnNested == NestedKind::Join);
  }
  /// Nests as a savepoint: a savepoint API, or `on_nested: savepoint`.
  bool nestsAsSavepoint() const {
    return isSavepoint() || (Api && Api->OnNested == NestedKind::Savepoint);
  }
};

/// The open transactions at one program point, in begin order.
class TxnState {
public:
  llvm::ArrayRef<OpenTxn> open() const { return Open; }
  bool empty() const { return Open.empty(); }
  /// The innermost transaction, preferring ones open on every path.
  const OpenTxn *innermost() const;
  /// The open non-savepoint transaction that a begin on \p S would nest in.
  const OpenTxn *openOn(const SessionRef &S) const;

  void push(OpenTxn T);
  void removeKey(const void *Key);
  void rekey(const void *From, const void *To, const clang::VarDecl *Guard);
  /// Closes every explicit transaction on session \p S (and the caller's,
  /// when it may be on \p S).
  void closeExplicitOn(const SessionRef &S);
  void join(const TxnState &O);
  /// `V = Value` (or, without a value, anything else) while the
  /// transactions are open: they are open only where V holds it.
  void setFlag(const clang::VarDecl *V, std::optional<bool> Value);
  /// `V = <the begin Key>`: V is true wherever that transaction is open.
  void setFlagOn(const void *Key, const clang::VarDecl *V);
  /// A branch on which V holds \p Value: the transactions open only where V
  /// holds the other value are not open here. False when one of them is
  /// open on every path: then no path takes the branch.
  [[nodiscard]] bool assume(const clang::VarDecl *V, bool Value);
  /// On every path here, the function has ended a transaction it did not
  /// begin (TxnTransfer::Ends): what follows runs after its caller's
  /// transaction, not inside it.
  bool handedEnded() const { return HandedEnded; }
  void setHandedEnded() { HandedEnded = true; }
  bool operator==(const TxnState &O) const;
  bool operator!=(const TxnState &O) const { return !(*this == O); }

private:
  llvm::SmallVector<OpenTxn, 2> Open;
  bool HandedEnded = false;
};

/// What a call does to its caller's transactions, from the callee's body:
/// sessions (in the callee's terms: its parameters, members of its object)
/// on which it begins a transaction and leaves it open at return
/// (`batchStart()`, a constructor that begins), and on which it ends one it
/// did not begin (`batchStop()`, a helper that commits the transaction it is
/// handed).
struct TxnTransfer {
  struct Opened {
    SessionRef Session, Holder;
    const TransactionApi *Api = nullptr;
    bool Must = true;
  };
  struct Ended {
    SessionRef Session;
    bool Commit = false;
  };
  std::vector<Opened> LeavesOpen;
  std::vector<Ended> Ends;
  bool empty() const { return LeavesOpen.empty() && Ends.empty(); }
};
/// The transfer of a callee, or null (no body here, or still being
/// analysed: recursion).
using TransferProvider =
    std::function<const TxnTransfer *(const clang::FunctionDecl *)>;

/// One begin (construction of a guard, explicit begin, callback call).
struct BeginEvent {
  const clang::Expr *Site = nullptr;
  OpenTxn Txn;
  TxnState Before;
};

/// One commit or rollback of a transaction opened in this function.
struct EndEvent {
  const void *Key = nullptr;
  const clang::Expr *Site = nullptr;
  bool Commit = false;
};

/// Results of the dataflow for one function body.
struct FunctionFlow {
  /// Every call and construction, in source order.
  std::vector<const clang::Stmt *> Calls;
  /// The state before \p Call (one of Calls): nothing open when none was
  /// recorded.
  const TxnState &before(const clang::Stmt *Call) const {
    auto It = Before.find(Call);
    return It == Before.end() ? Nothing : It->second;
  }
  /// Records the state before \p Call, joined with what an earlier visit
  /// recorded. \p Seen says whether one did (\p Call is in Calls).
  void recordBefore(const clang::Stmt *Call, const TxnState &S, bool Seen);
  std::vector<BeginEvent> Begins; ///< In source order.
  std::vector<EndEvent> Ends;     ///< In source order.
  /// Where a guard's lifetime ended while its transaction was open: the
  /// end of the statement whose exit runs its destructor.
  std::vector<std::pair<const void *, clang::SourceLocation>> ScopeExits;
  /// State on entry to each try statement.
  llvm::DenseMap<const clang::CXXTryStmt *, TxnState> AtTry;
  /// The last statement of each path that leaves the function normally
  /// (a return, or falling off the end); null when that path has none.
  /// Empty when every path throws or calls a [[noreturn]] function.
  std::vector<const clang::Stmt *> NormalExits;
  /// The state where the function returns normally (joined over paths).
  std::optional<TxnState> AtExit;
  /// Commits and rollbacks of a transaction this function did not begin, on
  /// a parameter or a member (TxnTransfer::Ends).
  std::vector<TxnTransfer::Ended> ForeignEnds;
  /// Per call, the open transactions that can only roll back from there:
  /// committed elsewhere in the function, but on no path from this call
  /// (a failure path: `return failureResponse(...)` before the guard rolls
  /// back). See RollbackPaths.h.
  llvm::DenseMap<const clang::Stmt *, llvm::SmallVector<const void *, 1>>
      RollbackOnly;
  /// Calls and constructions that run only where an `active` method said no
  /// transaction is open on an object of this class (the other branch
  /// defers the work to the commit).
  llvm::DenseMap<const clang::Stmt *, std::string> OnlyWithoutOpen;
  /// Whether \p Call cannot run in \p S: it runs only where no transaction
  /// is open on a session of some class, and one is open on every path.
  bool deferredIn(const clang::Stmt *Call, const TxnState &S) const {
    auto It = OnlyWithoutOpen.find(Call);
    return It != OnlyWithoutOpen.end() &&
           llvm::any_of(S.open(), [&](const OpenTxn &T) {
             return T.Must && T.Session.Type == It->second;
           });
  }
  /// Whether \p T can only roll back from \p Call on.
  bool rollsBackOnly(const clang::Stmt *Call, const OpenTxn &T) const {
    auto It = RollbackOnly.find(Call);
    return It != RollbackOnly.end() && llvm::is_contained(It->second, T.Key);
  }
  bool Built = false; ///< False when no CFG could be built.

private:
  /// The states before calls where one is not TxnState() (nothing open,
  /// nothing handed ended): most calls of most functions have none, and a
  /// state is a few hundred bytes (a long generated unit kept 76 MB of
  /// empty ones).
  llvm::DenseMap<const clang::Stmt *, TxnState> Before;
  static const TxnState Nothing;
};

/// Runs the dataflow over \p F's body, starting from \p Initial; at calls
/// of functions with a transfer (\p Transfers), applies it.
FunctionFlow analyzeFlow(const clang::FunctionDecl *F, const ApiCatalog &Api,
                         const TxnState &Initial,
                         const TransferProvider &Transfers = nullptr);

/// What \p Flow's function does to its callers' transactions.
TxnTransfer transferOf(const FunctionFlow &Flow);

} // namespace txnlint

#endif // TXNLINT_CORE_TRANSACTIONSTATE_H
