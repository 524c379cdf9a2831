//===--- ApiCatalog.h - Rules as questions about declarations ---*- C++ -*-===//
//
// Answers "does this call begin, commit or roll back a transaction, is it a
// side effect, a spawner; is this type a session?" from a RuleSet. Types are
// matched on their canonical, desugared form, including base classes, so
// `pqxx::work` (an alias of `pqxx::transaction<>`) matches `pqxx::dbtransaction`.
// Answers are cached per declaration, so a catalog belongs to the analysis
// of one translation unit (its AST owns the declarations the caches name);
// the RuleSet it reads is shared.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_APICATALOG_H
#define TXNLINT_CORE_APICATALOG_H

#include "CallShapes.h"
#include "RuleSet.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include <deque>
#include <optional>
#include <unordered_map>

namespace txnlint {

/// Matches a qualified name against a rules-file pattern: `::a::B::f` is
/// anchored, `B::f` matches any enclosing scope (like hasName).
bool nameMatches(llvm::StringRef QualifiedName, llvm::StringRef Pattern);

/// The qualified name as rules files spell it (no inline namespaces, no
/// template arguments on the declaration itself).
std::string qualifiedName(const clang::NamedDecl *D);
/// A function as messages name it: qualified, `lambda` for a lambda.
std::string displayName(const clang::FunctionDecl *F);

enum class TxnOpKind { None, Begin, Commit, Rollback, CommitAndBegin };

struct TxnOp {
  TxnOpKind Kind = TxnOpKind::None;
  const TransactionApi *Api = nullptr;
};

class ApiCatalog {
public:
  explicit ApiCatalog(const RuleSet &Rules);

  const RuleSet &rules() const { return Rules; }

  /// The RAII guard entry whose construction begins a transaction.
  const TransactionApi *raiiGuard(clang::QualType T) const;
  /// A member call on an object of type \p ObjectType: a begin (explicit),
  /// commit or rollback (raii or explicit).
  TxnOp memberOp(const clang::CXXMethodDecl *M,
                 clang::QualType ObjectType) const;
  /// A free function of a C-style explicit API (mongoc_client_session_*):
  /// begin, commit or rollback of the session in argument session_arg.
  TxnOp freeFunctionOp(const clang::FunctionDecl *F) const;
  /// A function that runs a callable inside a transaction.
  const TransactionApi *callbackApi(const clang::FunctionDecl *F) const;
  /// An SQL executor named by a `kind: sql` entry.
  const TransactionApi *sqlExecutor(const clang::FunctionDecl *F) const;
  /// A call of an SQL executor whose SQL text is a literal that begins,
  /// commits or rolls back (SAVEPOINT begins a savepoint; RELEASE and
  /// ROLLBACK TO do nothing here). \p Session gets the session expression,
  /// or null when the call names none (an unknown session).
  TxnOp sqlTextOp(const clang::CallExpr *CE,
                  const clang::Expr **Session = nullptr) const;
  /// The catalogued operations themselves: a guard's constructors and
  /// destructor, begin/commit/rollback methods, C-API functions, callback
  /// runners. Their bodies are not linted; every other method of a database
  /// wrapper class is code like any other.
  bool isApiImplementation(const clang::FunctionDecl *F) const;

  /// Session, connection or transaction objects (through references,
  /// pointers, smart pointers and std::reference_wrapper).
  bool isSessionType(clang::QualType T) const;
  /// The session class \p T is, as the rules name it: the base-most class
  /// of its hierarchy that is a session or transaction type, qualified with
  /// no leading `::` (SessionRef::Type); empty for any other type.
  std::string sessionClass(clang::QualType T) const;
  /// Objects that stand for an open transaction: RAII guards, savepoints
  /// included (through references, pointers and wrappers, as above).
  bool isTransactionType(clang::QualType T) const;
  /// Database work: a call or construction on a session, connection or
  /// transaction object, or with one as an argument, or a C-API
  /// begin/commit/rollback; not a call that only reads (readsOnly).
  bool touchesSession(const clang::Stmt *Call) const;
  /// A call of a `read_only` method of a guard or session, or of an SQL
  /// executor on text that only reads (SELECT): nothing a failure can
  /// leave half done.
  bool readsOnly(const clang::Stmt *Call) const;
  /// The non-deferred or deferred side-effect entry for a call, if any.
  const SideEffectRule *sideEffect(const clang::FunctionDecl *F) const;
  /// Whether \p T is written with a type alias (typedef or using) that
  /// \p Patterns names, directly or through the aliases it is made of.
  bool aliasMatches(clang::QualType T,
                    llvm::ArrayRef<std::string> Patterns) const;
  /// The same for a call or construction, also matching `receivers` on the
  /// type of the object the call is made on.
  /// File I/O on a path into Qt's resource system (`:/...`, `qrc:`) is
  /// not a side effect.
  const SideEffectRule *sideEffectOf(const clang::Stmt *Call) const;
  const SpawnerRule *spawner(const clang::FunctionDecl *F) const;
  /// [[noreturn]], or named in `noreturn:`.
  bool isNoReturn(const clang::FunctionDecl *F) const;
  /// A statement that begins with the expansion of a macro named in
  /// `noreturn_macros` (also through the macros it expands to).
  bool isNoReturnMacro(const clang::Stmt *S,
                       const clang::SourceManager &SM) const;
  /// The spawner a call or construction is, unless an argument names one
  /// of its `unless_argument` values.
  const SpawnerRule *spawnerOf(const clang::Stmt *Call) const;
  /// The spawner a call is when it starts a task of the project: a
  /// `task_by_name` entry, or a callable argument that is project code (a
  /// lambda, or a function outside system headers). A library function
  /// handed over (`invokeMethod(timer, &QTimer::start)`) runs as if called
  /// here and is judged as that call.
  const SpawnerRule *spawnsTask(const clang::Stmt *Call) const;
  /// Where a spawned task runs, for a spawner with `context_types`.
  enum class TaskThread {
    Other,  ///< Another thread (or unknown).
    OfThis, ///< The thread `this` lives on: its context object is `this`.
    Caller  ///< The calling thread, later: it names no context object.
  };
  TaskThread taskThread(const clang::Stmt *Call) const;

  /// qualifiedName(D), computed once per declaration.
  const std::string &nameOf(const clang::NamedDecl *D) const;
  /// displayName(F), computed once per function.
  const std::string &displayNameOf(const clang::FunctionDecl *F) const;

private:
  bool recordMatches(const clang::CXXRecordDecl *RD,
                     llvm::ArrayRef<std::string> Patterns) const;
  bool functionMatches(const clang::FunctionDecl *F,
                       llvm::ArrayRef<std::string> Patterns) const;
  bool memberOfTypes(const clang::FunctionDecl *F,
                     llvm::ArrayRef<std::string> Types) const;
  const SideEffectRule *sideEffectOfCall(const clang::Stmt *Call) const;
  /// Whether \p Call is a method call on a variable \p Objects names.
  /// Whether the object \p Call is made on was constructed over an object
  /// of one of \p Devices (`QXmlStreamReader xml(&file)`), not a resource.
  bool madeOver(const clang::Stmt *Call,
                llvm::ArrayRef<std::string> Devices) const;
  bool onObject(const clang::Stmt *Call,
                llvm::ArrayRef<std::string> Objects) const;
  /// The raii API whose guard class (named exactly in `types`) derives
  /// from \p RD, if any.
  const TransactionApi *guardWithBase(const clang::CXXRecordDecl *RD) const;

  const RuleSet &Rules;
  /// Per `kind: sql` entry, the explicit APIs its SQL text stands for: the
  /// transaction, and a savepoint (SAVEPOINT name).
  struct SqlApis {
    const TransactionApi *Entry;
    TransactionApi Plain, Savepoint;
  };
  std::deque<SqlApis> Sql;
  mutable llvm::DenseMap<const clang::CXXRecordDecl *, const TransactionApi *>
      BaseOfGuard;
  std::vector<std::string> SessionTypes;
  /// Node-based: nameOf hands out references that outlive insertions.
  mutable std::unordered_map<const clang::NamedDecl *, std::string> Names;
  mutable llvm::DenseMap<const clang::Type *, const TransactionApi *> Guards;
  mutable llvm::DenseMap<const clang::Type *, bool> Sessions;
  mutable llvm::DenseMap<const clang::CXXRecordDecl *, std::string> SessionClasses;
  std::string sessionClassOf(const clang::CXXRecordDecl *RD) const;
  mutable llvm::DenseMap<const clang::FunctionDecl *, const SideEffectRule *>
      Effects;
  mutable llvm::DenseMap<const clang::FunctionDecl *, const SpawnerRule *>
      Spawns;
  /// Per call, what sideEffectOf answered (the checks, the flows and the
  /// facts all ask about the same calls).
  mutable llvm::DenseMap<const clang::Stmt *, const SideEffectRule *>
      CallEffects;
  /// memberOp per method and the record it is called on.
  mutable llvm::DenseMap<std::pair<const clang::CXXMethodDecl *,
                                   const clang::CXXRecordDecl *>,
                         TxnOp>
      MemberOps;
  TxnOp memberOpOn(const clang::CXXMethodDecl *M,
                   const clang::CXXRecordDecl *RD) const;
};

/// The record behind a type, looking through references, pointers and the
/// first template argument of wrappers such as std::reference_wrapper.
const clang::CXXRecordDecl *underlyingRecord(clang::QualType T);

} // namespace txnlint

#endif // TXNLINT_CORE_APICATALOG_H
