//===--- ApiCatalog.cpp - Rules as questions about declarations -----------===//

#include "ApiCatalog.h"
#include "SqlText.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace txnlint {

bool nameMatches(llvm::StringRef Q, llvm::StringRef Pattern) {
  if (Pattern.consume_front("::"))
    return Q == Pattern;
  return Q == Pattern ||
         (Q.size() > Pattern.size() + 2 && Q.ends_with(Pattern) &&
          Q.drop_back(Pattern.size()).ends_with("::"));
}

std::string qualifiedName(const NamedDecl *D) {
  PrintingPolicy Policy(D->getASTContext().getLangOpts());
  Policy.SuppressInlineNamespace = true;
  Policy.SuppressUnwrittenScope = true;
  std::string S;
  llvm::raw_string_ostream OS(S);
  D->printQualifiedName(OS, Policy);
  return OS.str();
}

static const std::string &lambdaName() {
  static const std::string Name = "lambda";
  return Name;
}

static bool isLambda(const FunctionDecl *F) {
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  return M && M->getParent()->isLambda();
}

std::string displayName(const FunctionDecl *F) {
  return isLambda(F) ? lambdaName() : qualifiedName(F);
}

/// Wrappers of namespace std whose first template argument is the object
/// that matters.
static bool isWrapper(llvm::StringRef Name) {
  static const llvm::StringRef Wrappers[] = {
      "reference_wrapper", "shared_ptr", "unique_ptr", "weak_ptr", "optional"};
  return llvm::is_contained(Wrappers, Name);
}

const CXXRecordDecl *underlyingRecord(QualType T) {
  for (int Depth = 0; Depth < 4 && !T.isNull(); ++Depth) {
    T = T.getNonReferenceType().getCanonicalType();
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType().getCanonicalType();
    const auto *RD = T->getAsCXXRecordDecl();
    if (!RD)
      return nullptr;
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    if (!Spec || !RD->isInStdNamespace() || !isWrapper(RD->getName()))
      return RD;
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
      return RD;
    T = Args[0].getAsType();
  }
  return nullptr;
}

ApiCatalog::ApiCatalog(const RuleSet &Rules) : Rules(Rules) {
  for (const SessionRule &S : Rules.Sessions)
    llvm::append_range(SessionTypes, S.Names);
  // A transaction object is also something a service can be handed.
  for (const TransactionApi &T : Rules.Transactions) {
    llvm::append_range(SessionTypes, T.Types);
    if (T.Kind != ScopeKind::Sql)
      continue;
    SqlApis &S = Sql.emplace_back(SqlApis{&T, T, T});
    S.Plain.Kind = S.Savepoint.Kind = ScopeKind::Explicit;
    S.Savepoint.Savepoint = true;
  }
}

const std::string &ApiCatalog::displayNameOf(const FunctionDecl *F) const {
  return isLambda(F) ? lambdaName() : nameOf(F);
}

const std::string &ApiCatalog::nameOf(const NamedDecl *D) const {
  auto It = Names.find(D);
  if (It != Names.end())
    return It->second;
  return Names.try_emplace(D, qualifiedName(D)).first->second;
}

bool ApiCatalog::recordMatches(const CXXRecordDecl *RD,
                               llvm::ArrayRef<std::string> Patterns) const {
  if (!RD || Patterns.empty())
    return false;
  const std::string &Q = nameOf(RD);
  for (const std::string &P : Patterns)
    if (nameMatches(Q, P))
      return true;
  RD = RD->getDefinition();
  if (!RD)
    return false;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (recordMatches(B.getType()->getAsCXXRecordDecl(), Patterns))
      return true;
  return false;
}

/// Parameter types as a pattern lists them, blanks removed.
static std::string compact(llvm::StringRef S) {
  std::string Out;
  for (char C : S)
    if (!llvm::isSpace(C))
      Out.push_back(C);
  return Out;
}

/// Whether \p F's parameters are the types \p List names (the text
/// between the parentheses of `f(const char *, qint64)`): as written
/// (`qint64`) or canonical (`long long`), blanks ignored.
static bool parametersMatch(const FunctionDecl *F, llvm::StringRef List) {
  llvm::SmallVector<std::string, 4> Want;
  int Depth = 0;
  std::string Cur;
  for (char C : List) {
    Depth += C == '<' ? 1 : C == '>' ? -1 : 0;
    if (C == ',' && Depth == 0) {
      Want.push_back(compact(Cur));
      Cur.clear();
    } else {
      Cur.push_back(C);
    }
  }
  if (!compact(Cur).empty() || !Want.empty())
    Want.push_back(compact(Cur));
  if (Want.size() != F->getNumParams())
    return false;
  PrintingPolicy PP(F->getASTContext().getLangOpts());
  PP.SuppressTagKeyword = true;
  for (unsigned I = 0; I < Want.size(); ++I) {
    QualType T = F->getParamDecl(I)->getType();
    if (compact(T.getAsString(PP)) != Want[I] &&
        compact(T.getCanonicalType().getAsString(PP)) != Want[I])
      return false;
  }
  return true;
}

bool ApiCatalog::functionMatches(const FunctionDecl *F,
                                 llvm::ArrayRef<std::string> Patterns) const {
  if (Patterns.empty())
    return false;
  // `name(types)`: the name, then that overload only.
  if (llvm::any_of(Patterns, [](llvm::StringRef P) { return P.contains('('); })) {
    for (llvm::StringRef P : Patterns) {
      auto [Name, Params] = P.split('(');
      if (functionMatches(F, {Name.rtrim().str()}) &&
          (!P.contains('(') || parametersMatch(F, Params.drop_back())))
        return true;
    }
    return false;
  }
  const std::string &Q = nameOf(F);
  for (const std::string &P : Patterns)
    if (nameMatches(Q, P))
      return true;
  // Members of class template specializations print their class with its
  // template arguments: match the class and the member name separately.
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  if (!M)
    return false;
  const NamedDecl *Named = M;
  if (isa<CXXConstructorDecl>(M))
    Named = M->getParent();
  std::string Operator; // `operator<<`: no identifier to name it.
  if (!Named->getIdentifier())
    Operator = Named->getNameAsString();
  llvm::StringRef Member =
      Named->getIdentifier() ? Named->getName() : llvm::StringRef(Operator);
  for (llvm::StringRef P : Patterns) {
    // `Class::Member`: the member name after the last `::`, with a class
    // before it.
    if (P == Member || !nameMatches(P, Member))
      continue;
    std::string Class = P.drop_back(Member.size() + 2).str();
    if (recordMatches(M->getParent(), Class))
      return true;
  }
  return false;
}

bool ApiCatalog::memberOfTypes(const FunctionDecl *F,
                               llvm::ArrayRef<std::string> Types) const {
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  if (!M || Types.empty())
    return false;
  if (const auto *C = dyn_cast<CXXConstructorDecl>(M))
    if (C->isCopyOrMoveConstructor())
      return false;
  return recordMatches(M->getParent(), Types);
}

bool ApiCatalog::aliasMatches(QualType T,
                              llvm::ArrayRef<std::string> Patterns) const {
  if (Patterns.empty())
    return false;
  // `using Notifier = std::function<void(int)>`: the alias as written, and
  // the aliases it is made of, not only the class underneath.
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  for (int Depth = 0; Depth < 8 && !T.isNull(); ++Depth) {
    const auto *TT = T->getAs<TypedefType>();
    if (!TT)
      return false;
    const std::string Q = qualifiedName(TT->getDecl());
    for (const std::string &P : Patterns)
      if (nameMatches(Q, P))
        return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

const TransactionApi *ApiCatalog::raiiGuard(QualType T) const {
  if (T.isNull())
    return nullptr;
  const Type *Key = T.getCanonicalType().getTypePtr();
  auto It = Guards.find(Key);
  if (It != Guards.end())
    return It->second;
  const TransactionApi *Found = nullptr;
  const CXXRecordDecl *RD = T.getCanonicalType()->getAsCXXRecordDecl();
  if (RD) {
    // Savepoint guards are often derived from transaction guards
    // (pqxx::subtransaction): the most specific entry wins, so savepoints
    // are looked at first.
    for (bool WantSavepoint : {true, false})
      for (const TransactionApi &A : Rules.Transactions)
        if (!Found && A.Kind == ScopeKind::Raii &&
            A.Savepoint == WantSavepoint && recordMatches(RD, A.Types))
          Found = &A;
  }
  Guards[Key] = Found;
  return Found;
}

TxnOp ApiCatalog::memberOp(const CXXMethodDecl *M, QualType ObjectType) const {
  if (!M)
    return {};
  const CXXRecordDecl *RD = underlyingRecord(ObjectType);
  if (!RD)
    RD = M->getParent();
  auto [It, New] = MemberOps.try_emplace({M, RD});
  if (New)
    It->second = memberOpOn(M, RD);
  return It->second;
}

TxnOp ApiCatalog::memberOpOn(const CXXMethodDecl *M,
                             const CXXRecordDecl *RD) const {
  llvm::StringRef Name = M->getName().empty() ? llvm::StringRef()
                                               : M->getName();
  if (Name.empty())
    return {};
  for (bool WantSavepoint : {true, false})
    for (const TransactionApi &A : Rules.Transactions) {
      if (A.Kind == ScopeKind::Callback || A.Savepoint != WantSavepoint ||
          !recordMatches(RD, A.Types))
        continue;
      // Explicit: the session's begin; raii: the guard's (re)begin.
      if (llvm::is_contained(A.Begin, Name))
        return {TxnOpKind::Begin, &A};
      if (llvm::is_contained(A.CommitAndBegin, Name))
        return {TxnOpKind::CommitAndBegin, &A};
      if (llvm::is_contained(A.Commit, Name))
        return {TxnOpKind::Commit, &A};
      if (llvm::is_contained(A.Rollback, Name))
        return {TxnOpKind::Rollback, &A};
    }
  // A reference to a base class of a guard (`pqxx::transaction_base &t`,
  // how code hands a `pqxx::work` around): its commit and rollback end the
  // guard's transaction.
  if (const TransactionApi *A = guardWithBase(RD)) {
    if (llvm::is_contained(A->Commit, Name))
      return {TxnOpKind::Commit, A};
    if (llvm::is_contained(A->Rollback, Name))
      return {TxnOpKind::Rollback, A};
  }
  return {};
}

/// The record a fully qualified name (`::ns::Class`) declares in \p Ctx.
static const CXXRecordDecl *lookupRecord(ASTContext &Ctx, llvm::StringRef Q) {
  if (!Q.consume_front("::") || Q.find_first_of("*?[]{}()|^$\\") !=
                                    llvm::StringRef::npos)
    return nullptr;
  const DeclContext *DC = Ctx.getTranslationUnitDecl();
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Q.split(Parts, "::");
  const CXXRecordDecl *Found = nullptr;
  for (size_t I = 0; I < Parts.size(); ++I) {
    if (!DC)
      return nullptr;
    const NamedDecl *Next = nullptr;
    for (const NamedDecl *D : DC->lookup(&Ctx.Idents.get(Parts[I]))) {
      if (const auto *CT = dyn_cast<ClassTemplateDecl>(D))
        D = CT->getTemplatedDecl();
      if (isa<NamespaceDecl>(D) || isa<CXXRecordDecl>(D)) {
        Next = D;
        break;
      }
    }
    if (!Next)
      return nullptr;
    Found = dyn_cast<CXXRecordDecl>(Next);
    DC = dyn_cast<DeclContext>(Next);
  }
  return Found ? Found->getDefinition() : nullptr;
}

const TransactionApi *ApiCatalog::guardWithBase(const CXXRecordDecl *RD) const {
  if (!RD || !(RD = RD->getDefinition()))
    return nullptr;
  auto [It, New] = BaseOfGuard.try_emplace(RD, nullptr);
  if (!New)
    return It->second;
  for (const TransactionApi &A : Rules.Transactions) {
    if (A.Kind != ScopeKind::Raii || A.Savepoint)
      continue;
    for (const std::string &T : A.Types) {
      const CXXRecordDecl *G = lookupRecord(RD->getASTContext(), T);
      if (G && G != RD && G->isDerivedFrom(RD))
        return It->second = &A;
    }
  }
  return nullptr;
}

TxnOp ApiCatalog::freeFunctionOp(const FunctionDecl *F) const {
  if (!F || isa<CXXMethodDecl>(F))
    return {};
  for (const TransactionApi &A : Rules.Transactions) {
    if (A.Kind != ScopeKind::Explicit || !A.Types.empty())
      continue;
    if (functionMatches(F, A.Begin))
      return {TxnOpKind::Begin, &A};
    if (functionMatches(F, A.Commit))
      return {TxnOpKind::Commit, &A};
    if (functionMatches(F, A.Rollback))
      return {TxnOpKind::Rollback, &A};
    if (functionMatches(F, A.CommitAndBegin))
      return {TxnOpKind::CommitAndBegin, &A};
  }
  return {};
}

const TransactionApi *ApiCatalog::callbackApi(const FunctionDecl *F) const {
  if (!F)
    return nullptr;
  for (const TransactionApi &A : Rules.Transactions)
    if (A.Kind == ScopeKind::Callback && functionMatches(F, A.Functions))
      return &A;
  return nullptr;
}

const TransactionApi *ApiCatalog::sqlExecutor(const FunctionDecl *F) const {
  if (!F)
    return nullptr;
  for (const SqlApis &S : Sql)
    if (functionMatches(F, S.Entry->Functions))
      return S.Entry;
  return nullptr;
}

TxnOp ApiCatalog::sqlTextOp(const CallExpr *CE, const Expr **Session) const {
  const FunctionDecl *F = CE->getDirectCallee();
  if (!F || Sql.empty())
    return {};
  for (const SqlApis &S : Sql) {
    if (!functionMatches(F, S.Entry->Functions))
      continue;
    std::optional<std::string> Text =
        sqlLiteralOf(argumentAt(CE, S.Entry->SqlArg));
    if (!Text)
      return {};
    TxnOp Op;
    switch (classifySql(*Text)) {
    case SqlVerb::Begin:
      Op = {TxnOpKind::Begin, &S.Plain};
      break;
    case SqlVerb::Commit:
      Op = {TxnOpKind::Commit, &S.Plain};
      break;
    case SqlVerb::Rollback:
      Op = {TxnOpKind::Rollback, &S.Plain};
      break;
    case SqlVerb::Savepoint:
      Op = {TxnOpKind::Begin, &S.Savepoint};
      break;
    case SqlVerb::Release:
    case SqlVerb::Other:
    case SqlVerb::Read:
      return {};
    }
    if (Session) {
      // The named argument, or the object of a method when it is a
      // session (a QSqlQuery is not: its database is unknown here).
      const Expr *Obj = S.Entry->SessionArg >= 0
                            ? argumentAt(CE, S.Entry->SessionArg)
                            : receiverOf(CE);
      *Session = Obj && (S.Entry->SessionArg >= 0 ||
                         isSessionType(Obj->getType()))
                     ? Obj
                     : nullptr;
    }
    return Op;
  }
  return {};
}

bool ApiCatalog::isApiImplementation(const FunctionDecl *F) const {
  if (callbackApi(F) || sqlExecutor(F) ||
      freeFunctionOp(F).Kind != TxnOpKind::None)
    return true;
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  if (!M)
    return false;
  QualType Class(M->getParent()->getTypeForDecl(), 0);
  // A guard's constructors and destructor are its begin and its end.
  if ((isa<CXXConstructorDecl>(M) || isa<CXXDestructorDecl>(M)) &&
      raiiGuard(Class))
    return true;
  return memberOp(M, Class).Kind != TxnOpKind::None;
}

bool ApiCatalog::isSessionType(QualType T) const {
  const CXXRecordDecl *RD = underlyingRecord(T);
  if (!RD)
    return false;
  const Type *Key = RD->getTypeForDecl();
  auto It = Sessions.find(Key);
  if (It != Sessions.end())
    return It->second;
  bool Result = recordMatches(RD, SessionTypes);
  Sessions[Key] = Result;
  return Result;
}

std::string ApiCatalog::sessionClass(QualType T) const {
  const CXXRecordDecl *RD = underlyingRecord(T);
  return RD ? sessionClassOf(RD) : std::string();
}

std::string ApiCatalog::sessionClassOf(const CXXRecordDecl *RD) const {
  auto [It, New] = SessionClasses.try_emplace(RD);
  if (!New)
    return It->second;
  std::string Out;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    for (const CXXBaseSpecifier &B : Def->bases())
      if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
        if (Out = sessionClassOf(Base); !Out.empty())
          break;
  if (Out.empty() && isSessionType(QualType(RD->getTypeForDecl(), 0)))
    Out = qualifiedName(RD);
  SessionClasses[RD] = Out; // The map may have grown: It is stale.
  return Out;
}

bool ApiCatalog::isTransactionType(QualType T) const {
  const CXXRecordDecl *RD = underlyingRecord(T);
  return RD && raiiGuard(QualType(RD->getTypeForDecl(), 0));
}

bool ApiCatalog::isNoReturn(const FunctionDecl *F) const {
  if (!F)
    return false;
  if (F->isNoReturn())
    return true;
  for (const NoReturnRule &R : Rules.NoReturn)
    if (functionMatches(F, R.Names))
      return true;
  return false;
}

bool ApiCatalog::isNoReturnMacro(const Stmt *S,
                                 const SourceManager &SM) const {
  if (Rules.NoReturnMacros.empty())
    return false;
  for (SourceLocation L = S->getBeginLoc(); L.isMacroID();
       L = SM.getImmediateMacroCallerLoc(L)) {
    llvm::StringRef Name = Lexer::getImmediateMacroName(L, SM, LangOptions());
    for (const NoReturnMacroRule &R : Rules.NoReturnMacros)
      if (llvm::is_contained(R.Names, Name))
        return true;
  }
  return false;
}

bool ApiCatalog::readsOnly(const Stmt *Call) const {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    const CXXRecordDecl *RD = Obj ? underlyingRecord(Obj->getType()) : nullptr;
    if (M && RD && M->getIdentifier())
      for (const TransactionApi &A : Rules.Transactions)
        if (llvm::is_contained(A.ReadOnly, M->getName()) &&
            recordMatches(RD, A.Types))
          return true;
  }
  // SQL text that only reads: `query.exec("SELECT ...")`.
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    if (const TransactionApi *X = sqlExecutor(CE->getDirectCallee()))
      if (std::optional<std::string> Text =
              sqlLiteralOf(argumentAt(CE, X->SqlArg)))
        return classifySql(*Text) == SqlVerb::Read;
  return false;
}

bool ApiCatalog::touchesSession(const Stmt *Call) const {
  if (readsOnly(Call))
    return false;
  // The object or argument, or an object it is a member of (soci's
  // `sql.once << ...`).
  auto OfSession = [&](const Expr *E) {
    while (E) {
      if (isSessionType(E->getType()))
        return true;
      const auto *M = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
      E = M ? M->getBase() : nullptr;
    }
    return false;
  };
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    if (OfSession(MC->getImplicitObjectArgument()))
      return true;
  for (const Expr *Arg : callArguments(Call))
    if (OfSession(Arg))
      return true;
  const FunctionDecl *Callee = calledFunction(Call);
  return freeFunctionOp(Callee).Kind != TxnOpKind::None ||
         sqlExecutor(Callee);
}

const SideEffectRule *ApiCatalog::sideEffect(const FunctionDecl *F) const {
  if (!F)
    return nullptr;
  auto It = Effects.find(F);
  if (It != Effects.end())
    return It->second;
  const SideEffectRule *Found = nullptr;
  // A function named by an entry is more specific than every method of a
  // type (`Queue::enqueueOnCommit` over `Queue`); among equals, deferred wins.
  for (bool ByType : {false, true})
    for (bool WantDeferred : {true, false})
      for (const SideEffectRule &S : Rules.SideEffects)
        if (!Found && S.Deferred == WantDeferred && S.Over.empty() &&
            (ByType ? memberOfTypes(F, S.Types)
                    : functionMatches(F, S.Functions)))
          Found = &S;
  Effects[F] = Found;
  return Found;
}

/// A path into Qt's resource system (`:/schema.sql`, `qrc:/...`): data
/// compiled into the program, not a file.
static bool isResourcePath(const Expr *E) {
  std::optional<std::string> Text = sqlLiteralOf(E);
  return Text && (llvm::StringRef(*Text).starts_with(":/") ||
                  llvm::StringRef(*Text).starts_with("qrc:"));
}

/// The named variable \p E is, through `*` and `&` (`g_mailer`, `*reader`).
static const VarDecl *namedVariable(const Expr *E) {
  for (int Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf)) {
      E = U->getSubExpr();
      continue;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  }
  return nullptr;
}

/// The named variable a call is made on (`g_mailer.send(...)`).
static const VarDecl *namedReceiver(const Stmt *Call) {
  const Expr *Receiver = receiverOf(Call);
  const auto *Ref = Receiver ? dyn_cast<DeclRefExpr>(Receiver->IgnoreParenImpCasts())
                             : nullptr;
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// A local variable made from a Qt resource path (`QFile f(":/x.sql")`).
static bool madeFromResource(const VarDecl *V) {
  return V && V->hasLocalStorage() && V->getInit() &&
         isResourcePath(V->getInit());
}

/// File I/O on a bundled resource: a path argument that is one, or an
/// object made from one (`QFile f(":/select_tag.sql"); f.open(...)`).
static bool onBundledResource(const Stmt *Call) {
  for (const Expr *A : callArguments(Call))
    if (isResourcePath(A))
      return true;
  return madeFromResource(namedReceiver(Call));
}

const SideEffectRule *ApiCatalog::sideEffectOf(const Stmt *Call) const {
  auto [It, New] = CallEffects.try_emplace(Call);
  if (!New)
    return It->second;
  const SideEffectRule *R = sideEffectOfCall(Call);
  if (R && R->Category == SideEffectCategory::FileIo && onBundledResource(Call))
    R = nullptr;
  return CallEffects[Call] = R;
}

bool ApiCatalog::onObject(const Stmt *Call,
                          llvm::ArrayRef<std::string> Objects) const {
  if (Objects.empty())
    return false;
  const VarDecl *V = namedReceiver(Call);
  return V && llvm::any_of(Objects, [&](const std::string &P) {
           return nameMatches(nameOf(V), P);
         });
}

bool ApiCatalog::madeOver(const Stmt *Call,
                          llvm::ArrayRef<std::string> Devices) const {
  const VarDecl *V = namedReceiver(Call);
  if (V && !V->hasLocalStorage())
    V = nullptr;
  const auto *Made = V && V->getInit() ? dyn_cast<CXXConstructExpr>(
                                             V->getInit()->IgnoreImplicit())
                                       : nullptr;
  if (!Made)
    return false;
  for (const Expr *A : Made->arguments()) {
    // As written, not as converted to the parameter (`QIODevice *`).
    const Expr *D = A->IgnoreParenImpCasts();
    QualType T = D->getType().getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    if (!recordMatches(T->getAsCXXRecordDecl(), Devices))
      continue;
    // The device itself: a file on a bundled resource is no I/O.
    return !madeFromResource(namedVariable(D));
  }
  return false;
}

const SideEffectRule *ApiCatalog::sideEffectOfCall(const Stmt *Call) const {
  const FunctionDecl *Callee = calledFunction(Call);
  if (const SideEffectRule *R = sideEffect(Callee))
    return R;
  const Expr *Receiver = receiverOf(Call);
  for (const SideEffectRule &S : Rules.SideEffects)
    if (!S.Over.empty() && Callee && Receiver &&
        (functionMatches(Callee, S.Functions) ||
         recordMatches(underlyingRecord(Receiver->IgnoreParenImpCasts()->getType()),
                       S.Receivers)) &&
        madeOver(Call, S.Over))
      return &S;
  for (bool WantDeferred : {true, false})
    for (const SideEffectRule &S : Rules.SideEffects)
      if (S.Deferred == WantDeferred && onObject(Call, S.Objects))
        return &S;
  if (!Receiver)
    return nullptr;
  QualType T = Receiver->IgnoreParenImpCasts()->getType();
  const CXXRecordDecl *RD = underlyingRecord(T);
  for (bool WantDeferred : {true, false})
    for (const SideEffectRule &S : Rules.SideEffects)
      if (S.Deferred == WantDeferred && S.Over.empty() &&
          (aliasMatches(T, S.Receivers) || recordMatches(RD, S.Receivers)))
        return &S;
  return nullptr;
}

const SpawnerRule *ApiCatalog::spawnerOf(const Stmt *Call) const {
  const SpawnerRule *S = spawner(calledFunction(Call));
  if (!S)
    for (const SpawnerRule &R : Rules.Spawners)
      if (!S && onObject(Call, R.Objects))
        S = &R;
  if (!S || S->UnlessArgument.empty())
    return S;
  for (const Expr *A : callArguments(Call))
    if (const auto *DRE = dyn_cast<DeclRefExpr>(A->IgnoreParenImpCasts()))
      for (const std::string &P : S->UnlessArgument)
        if (nameMatches(nameOf(DRE->getDecl()), P))
          return nullptr;
  return S;
}

const SpawnerRule *ApiCatalog::spawnsTask(const Stmt *Call) const {
  const SpawnerRule *S = spawnerOf(Call);
  if (!S || S->TaskByName)
    return S;
  for (const Expr *A : callArguments(Call))
    if (const FunctionDecl *Task = callableFunction(A)) {
      const auto *M = dyn_cast<CXXMethodDecl>(Task);
      if ((M && M->getParent()->isLambda()) ||
          !Task->getASTContext().getSourceManager().isInSystemHeader(
              Task->getLocation()))
        return S;
    }
  return nullptr;
}

ApiCatalog::TaskThread ApiCatalog::taskThread(const Stmt *Call) const {
  const SpawnerRule *S = spawnerOf(Call);
  if (!S || S->ContextTypes.empty())
    return TaskThread::Other;
  for (const Expr *A : callArguments(Call)) {
    const Expr *E = A->IgnoreParenImpCasts();
    QualType T = E->getType();
    if (!T->isPointerType() ||
        !recordMatches(T->getPointeeType()->getAsCXXRecordDecl(),
                       S->ContextTypes))
      continue;
    return isa<CXXThisExpr>(E) ? TaskThread::OfThis : TaskThread::Other;
  }
  return TaskThread::Caller;
}

const SpawnerRule *ApiCatalog::spawner(const FunctionDecl *F) const {
  if (!F)
    return nullptr;
  auto It = Spawns.find(F);
  if (It != Spawns.end())
    return It->second;
  const SpawnerRule *Found = nullptr;
  // A `types:` entry spawns by construction with a callable (std::thread t(f)):
  // the type's other methods (join, detach) and its default constructor do not.
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(F);
  bool Constructs = Ctor && Ctor->getNumParams() > 0;
  for (const SpawnerRule &S : Rules.Spawners)
    if (!Found && (functionMatches(F, S.Functions) ||
                   (Constructs && memberOfTypes(F, S.Types))))
      Found = &S;
  Spawns[F] = Found;
  return Found;
}

} // namespace txnlint
