//===--- BackgroundSessionReuse.cpp - txn-background-session-reuse --------===//
//
// A background task that gets the caller's session: a spawned lambda that
// captures a session, connection or transaction (by reference or by copy,
// or a session member through a captured 'this'), a session passed as an
// argument of the spawn (not one made for the task there), or a declared
// background entry point, never spawned in this translation unit, that takes
// a session parameter.
//
//===----------------------------------------------------------------------===//

#include "Check.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace txnlint {

namespace {

/// The first session member a lambda body reaches through 'this'.
struct SessionMembers : clang::RecursiveASTVisitor<SessionMembers> {
  explicit SessionMembers(const ApiCatalog &Api) : Api(Api) {}
  bool VisitMemberExpr(clang::MemberExpr *ME) {
    const auto *FD = llvm::dyn_cast<clang::FieldDecl>(ME->getMemberDecl());
    if (!Found && FD &&
        llvm::isa<clang::CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()) &&
        Api.isSessionType(FD->getType())) {
      Found = FD;
      Loc = ME->getExprLoc();
    }
    return true;
  }
  const ApiCatalog &Api;
  const clang::FieldDecl *Found = nullptr;
  clang::SourceLocation Loc;
};

/// A session made for the task where it is handed over, or handed over
/// for good: constructed in place (`Connection("jobs.db")`, `new`,
/// `std::make_unique`), or a session this function opened, moved into the
/// task. Not the caller's.
bool madeForTheTask(const clang::Expr *A, const clang::FunctionDecl *F) {
  const clang::Expr *E = A;
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (llvm::isa<clang::CXXNewExpr>(E))
      return true;
    if (const auto *C = llvm::dyn_cast<clang::CXXConstructExpr>(E)) {
      if (!C->getConstructor()->isCopyOrMoveConstructor())
        return true;
      if (C->getNumArgs() != 1)
        return false;
      E = C->getArg(0);
      continue;
    }
    const auto *Call = llvm::dyn_cast<clang::CallExpr>(E);
    const clang::FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
    if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier())
      return false;
    llvm::StringRef Name = FD->getName();
    if (Name == "make_unique" || Name == "make_shared")
      return true;
    return Name == "move" && Call->getNumArgs() == 1 &&
           resolveSession(Call->getArg(0), F).Fresh;
  }
  return false;
}

class BackgroundSessionReuseCheck : public TxnCheck {
public:
  void onCall(const FunctionView &F, const clang::Stmt *Call,
              const TxnState &Before, CheckContext &C) override {
    if (!calledFunction(Call) || !C.api().spawnerOf(Call) ||
        !hasCallableArgument(Call))
      return;
    // Run later on the calling thread, or on the thread this object lives
    // on: its members stay with the thread that uses them.
    ApiCatalog::TaskThread Thread = C.api().taskThread(Call);
    if (Thread == ApiCatalog::TaskThread::Caller)
      return;
    bool MembersStay = Thread == ApiCatalog::TaskThread::OfThis;
    clang::SourceLocation SpawnLoc =
        llvm::cast<clang::Expr>(Call)->getExprLoc();
    // The task, for the report's row of it: the callable's USR.
    std::string Task;
    for (const clang::Expr *A : callArguments(Call))
      if (const clang::FunctionDecl *T = callableFunction(A); T && Task.empty())
        Task = C.usrOf(T);
    auto Reuse = [&](std::string Msg, clang::SourceLocation NoteLoc,
                     std::string Note) {
      C.report(F, {Severity::Error, SpawnLoc, std::move(Msg),
                   {{NoteKind::Capture, NoteLoc, std::move(Note)}},
                   Task});
    };
    const ApiCatalog &Api = C.api();
    // A method run on this object (`QtConcurrent::run(this, &C::import)`,
    // `std::thread(&C::import, this)`): the session members its body uses.
    const clang::CXXMethodDecl *Method = nullptr;
    bool PassesThis = false;
    for (const clang::Expr *A : callArguments(Call)) {
      const clang::Expr *E = A->IgnoreParenImpCasts();
      PassesThis |= llvm::isa<clang::CXXThisExpr>(E);
      if (const auto *M = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(
              callableFunction(A));
          M && !M->isStatic() && !M->getParent()->isLambda())
        Method = M;
    }
    if (Method && PassesThis && !MembersStay && Method->getDefinition() &&
        Method->getDefinition()->hasBody()) {
      SessionMembers M(Api);
      M.TraverseStmt(Method->getDefinition()->getBody());
      if (M.Found)
        Reuse("background task '" + displayName(Method) +
                  "' uses session member '" + M.Found->getName().str() +
                  "' of the caller through 'this'; open a new session "
                  "inside the task",
              M.Loc, "'" + M.Found->getName().str() + "' used here");
    }
    for (const clang::Expr *A : callArguments(Call)) {
      if (const clang::LambdaExpr *L = lambdaOf(A)) {
        for (const clang::LambdaCapture &Cap : L->captures()) {
          if (Cap.capturesVariable()) {
            const auto *V =
                llvm::dyn_cast<clang::VarDecl>(Cap.getCapturedVar());
            if (!V || !Api.isSessionType(V->getType()) ||
                (V->isInitCapture() && V->getInit() &&
                 madeForTheTask(V->getInit(), F.Decl)))
              continue;
            bool ByRef = Cap.getCaptureKind() == clang::LCK_ByRef;
            std::string Name = V->getName().str();
            Reuse("background task captures session '" + Name +
                      "' of the caller" +
                      (ByRef ? " by reference" : " by copy") +
                      "; open a new session inside the task",
                  Cap.getLocation(), "'" + Name + "' captured here");
          } else if (Cap.capturesThis() && !MembersStay) {
            SessionMembers M(Api);
            M.TraverseStmt(L->getBody());
            if (M.Found)
              Reuse("background task uses session member '" +
                        M.Found->getName().str() +
                        "' of the caller through 'this'; open a new session "
                        "inside the task",
                    M.Loc, "'" + M.Found->getName().str() + "' used here");
          }
        }
        continue;
      }
      if (callableFunction(A) || !Api.isSessionType(A->getType()) ||
          madeForTheTask(A, F.Decl))
        continue;
      SessionRef R = resolveSession(A, F.Decl);
      std::string Name = R.Decl && R.Decl->getIdentifier()
                             ? "'" + R.Decl->getName().str() + "'"
                             : "of the caller";
      Reuse("session " + Name +
                " passed to a background task; open a new session inside "
                "the task",
            A->getExprLoc(), "passed here");
    }
  }

  /// Only task entry points: a file-local helper of a task may well take
  /// the task's own session. A task spawned here is judged where it is
  /// spawned: wrong only where the caller's session goes in.
  void onFunction(const FunctionView &F, CheckContext &C) override {
    if (F.Role.Role != RoleKind::Background || F.Role.isInferred() ||
        F.Spawned || !F.Decl->isExternallyVisible())
      return;
    for (const clang::ParmVarDecl *P : F.Decl->parameters())
      if (C.api().isSessionType(P->getType()))
        C.report(F, {Severity::Error, P->getLocation(),
                     "background task '" + displayName(F.Decl) +
                         "' takes session parameter '" +
                         P->getNameAsString() +
                         "'; open its own session inside the task",
                     {roleNote(F.Decl, F.Role)},
                     C.usrOf(F.Decl)});
  }
};

} // namespace

std::unique_ptr<TxnCheck> createBackgroundSessionReuseCheck() {
  return std::make_unique<BackgroundSessionReuseCheck>();
}

} // namespace txnlint
