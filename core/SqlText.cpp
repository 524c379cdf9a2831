//===--- SqlText.cpp - Transactions written as SQL text -------------------===//

#include "SqlText.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace txnlint {

SqlVerb classifySql(llvm::StringRef Text) {
  llvm::SmallVector<std::string, 3> Words;
  while (Words.size() < 3) {
    Text = Text.ltrim(" \t\r\n;(");
    size_t End = Text.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");
    if (End == 0 || Text.empty())
      break;
    Words.push_back(Text.take_front(End).upper());
    Text = Text.drop_front(std::min(End, Text.size()));
  }
  auto At = [&](size_t I) -> llvm::StringRef {
    return I < Words.size() ? llvm::StringRef(Words[I]) : "";
  };
  llvm::StringRef First = At(0);
  if (First == "BEGIN" || (First == "START" && At(1) == "TRANSACTION"))
    return SqlVerb::Begin;
  if (First == "COMMIT" || First == "END")
    return SqlVerb::Commit;
  if (First == "ROLLBACK") {
    size_t To = (At(1) == "TRANSACTION" || At(1) == "WORK") ? 2 : 1;
    return At(To) == "TO" ? SqlVerb::Release : SqlVerb::Rollback;
  }
  if (First == "SAVEPOINT")
    return SqlVerb::Savepoint;
  if (First == "RELEASE")
    return SqlVerb::Release;
  if (First == "SELECT" || First == "SHOW" ||
      (First == "EXPLAIN" && At(1) != "ANALYZE" && At(1) != "ANALYSE"))
    return SqlVerb::Read;
  return SqlVerb::Other;
}

static std::string literalText(const StringLiteral *S) {
  std::string Out;
  for (unsigned I = 0, N = S->getLength(); I < N && I < 64; ++I) {
    uint32_t C = S->getCodeUnit(I);
    Out.push_back(C < 128 ? static_cast<char>(C) : ' ');
  }
  return Out;
}

/// The first string literal in \p S (QStringLiteral's static data).
static const StringLiteral *firstLiteral(const Stmt *S, int Depth) {
  if (!S || Depth > 12)
    return nullptr;
  if (const auto *L = dyn_cast<StringLiteral>(S))
    return L;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        if (const StringLiteral *L = firstLiteral(V->getInit(), Depth + 1))
          return L;
  for (const Stmt *C : S->children())
    if (const StringLiteral *L = firstLiteral(C, Depth + 1))
      return L;
  return nullptr;
}

std::optional<std::string> sqlLiteralOf(const Expr *E) {
  for (int Depth = 0; E && Depth < 12; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *S = dyn_cast<StringLiteral>(E))
      return literalText(S);
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = M->getSubExpr();
      continue;
    }
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E)) {
      E = B->getSubExpr();
      continue;
    }
    if (const auto *C = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = C->getSubExpr();
      continue;
    }
    if (const auto *W = dyn_cast<ExprWithCleanups>(E)) {
      E = W->getSubExpr();
      continue;
    }
    // QString("BEGIN"), std::string("BEGIN"), QLatin1String("BEGIN").
    if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
      if (C->getNumArgs() == 0)
        return std::nullopt;
      E = C->getArg(0);
      continue;
    }
    // `"BEGIN " + mode`: the text starts with the left operand.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() != OO_Call) {
      if (Op->getOperator() != OO_Plus || Op->getNumArgs() != 2)
        return std::nullopt;
      E = Op->getArg(0);
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      // QStringLiteral("BEGIN") calls a lambda whose static data holds the
      // literal.
      const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
      if (!M || !M->getParent()->isLambda() || !M->hasBody())
        return std::nullopt;
      if (const StringLiteral *S = firstLiteral(M->getBody(), 0))
        return literalText(S);
      return std::nullopt;
    }
    // A named constant: `static const char kBegin[] = "BEGIN";`.
    if (const auto *R = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(R->getDecl());
      if (!V || !V->getInit() ||
          !(V->getType().isConstQualified() || V->isConstexpr() ||
            V->getType()->isArrayType()))
        return std::nullopt;
      E = V->getInit();
      continue;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

} // namespace txnlint
