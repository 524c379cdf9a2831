//===--- TransactionStateTest.cpp - The dataflow, one CFG shape each ------===//
//
// Each test parses a function, runs the dataflow and reads the state before
// calls to `probe(N)`: how many transactions are open, and whether on every
// path (must) or only some.
//
//===----------------------------------------------------------------------===//

#include "RuleLoader.h"
#include "TransactionState.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace txnlint;

namespace {

const char *const Prelude = R"cpp(
namespace db {
struct Connection { void exec(const char *); };
struct Transaction {
  explicit Transaction(Connection &);
  Transaction(Transaction &&);
  ~Transaction();
  void commit();
  void rollback();
};
struct Savepoint {
  Savepoint(Connection &, const char *);
  ~Savepoint();
  void release();
};
struct Session { void begin(); void commit(); void rollback(); };
template <class F> void withTransaction(Connection &, F &&f) { f(); }
}
void probe(int);
void consume(db::Transaction);
)cpp";

const char *const Rules = R"yaml(
version: 1
transactions:
  - kind: raii
    types: ["::db::Transaction"]
    commit: [commit]
    rollback: [rollback]
  - kind: raii
    types: ["::db::Savepoint"]
    savepoint: true
    commit: [release]
  - kind: explicit
    types: ["::db::Session"]
    begin: [begin]
    commit: [commit]
    rollback: [rollback]
  - kind: callback
    functions: ["::db::withTransaction"]
sessions: ["::db::Connection"]
)yaml";

struct Probe {
  unsigned Open = 0;
  bool Must = false;      ///< Every open transaction is open on every path.
  bool Savepoint = false; ///< The innermost is a savepoint.
};

class TransactionStateTest : public ::testing::Test {
protected:
  /// Parses \p Code, analyses function `f` and returns the state at each
  /// `probe(N)`, indexed by N.
  std::map<int, Probe> probes(const std::string &Code) {
    AST = tooling::buildASTFromCodeWithArgs(std::string(Prelude) + Code,
                                            {"-std=c++17", "-fexceptions",
                                             "-fcxx-exceptions"});
    EXPECT_TRUE(AST);
    auto Loaded = loadRulesFromString(Rules, "unit-rules.yaml");
    EXPECT_TRUE(static_cast<bool>(Loaded)) << llvm::toString(Loaded.takeError());
    RuleSet = std::make_unique<txnlint::RuleSet>(std::move(*Loaded));
    Api = std::make_unique<ApiCatalog>(*RuleSet);

    struct Finder : RecursiveASTVisitor<Finder> {
      const FunctionDecl *F = nullptr;
      bool VisitFunctionDecl(FunctionDecl *D) {
        if (D->getName() == "f" && D->hasBody())
          F = D;
        return true;
      }
    } Find;
    Find.TraverseDecl(AST->getASTContext().getTranslationUnitDecl());
    EXPECT_NE(Find.F, nullptr);
    Flow = analyzeFlow(Find.F, *Api, TxnState());
    std::map<int, Probe> Out;
    for (const Stmt *S : Flow.Calls) {
      const TxnState &State = Flow.before(S);
      const auto *C = dyn_cast<CallExpr>(S);
      const FunctionDecl *Callee = C ? C->getDirectCallee() : nullptr;
      if (!Callee || !Callee->getIdentifier() || Callee->getName() != "probe")
        continue;
      const auto *Lit = dyn_cast<IntegerLiteral>(C->getArg(0)->IgnoreImpCasts());
      Probe P;
      P.Open = State.open().size();
      P.Must = llvm::all_of(State.open(), [](const OpenTxn &T) { return T.Must; });
      P.Savepoint = !State.empty() && State.open().back().isSavepoint();
      Out[static_cast<int>(Lit->getValue().getZExtValue())] = P;
    }
    return Out;
  }

  std::unique_ptr<ASTUnit> AST;
  std::unique_ptr<txnlint::RuleSet> RuleSet;
  std::unique_ptr<ApiCatalog> Api;
  FunctionFlow Flow;
};

TEST_F(TransactionStateTest, StraightLineCommit) {
  auto P = probes("void f(db::Connection &c) { probe(0); db::Transaction t(c);"
                  " probe(1); t.commit(); probe(2); }");
  EXPECT_EQ(P[0].Open, 0u);
  EXPECT_EQ(P[1].Open, 1u);
  EXPECT_TRUE(P[1].Must);
  EXPECT_EQ(P[2].Open, 0u);
}

TEST_F(TransactionStateTest, DestructorEndsTheScope) {
  auto P = probes("void f(db::Connection &c) { { db::Transaction t(c); "
                  "probe(1); } probe(2); }");
  EXPECT_EQ(P[1].Open, 1u);
  EXPECT_EQ(P[2].Open, 0u);
}

TEST_F(TransactionStateTest, EarlyReturnLeavesNothingOpenAfter) {
  auto P = probes("void f(db::Connection &c, bool b) { db::Transaction t(c); "
                  "if (b) { probe(1); return; } probe(2); t.commit(); "
                  "probe(3); }");
  EXPECT_EQ(P[1].Open, 1u);
  EXPECT_EQ(P[2].Open, 1u);
  EXPECT_EQ(P[3].Open, 0u);
}

TEST_F(TransactionStateTest, CommitOnOnePathIsMayOpen) {
  auto P = probes("void f(db::Connection &c, bool b) { db::Transaction t(c); "
                  "if (b) t.commit(); probe(1); }");
  EXPECT_EQ(P[1].Open, 1u);
  EXPECT_FALSE(P[1].Must);
}

TEST_F(TransactionStateTest, CommitOnEveryBranchClosesIt) {
  auto P = probes("void f(db::Connection &c, bool b) { db::Transaction t(c); "
                  "if (b) t.commit(); else t.rollback(); probe(1); }");
  EXPECT_EQ(P[1].Open, 0u);
}

TEST_F(TransactionStateTest, LoopBodyAndExit) {
  auto P = probes("void f(db::Connection &c, int n) { for (int i = 0; i < n; "
                  "++i) { db::Transaction t(c); probe(1); t.commit(); } "
                  "probe(2); }");
  EXPECT_EQ(P[1].Open, 1u);
  EXPECT_TRUE(P[1].Must);
  EXPECT_EQ(P[2].Open, 0u);
}

TEST_F(TransactionStateTest, BeginInLoopIsMayOpenAfterwards) {
  auto P = probes("void f(db::Session &s, int n) { for (int i = 0; i < n; "
                  "++i) s.begin(); probe(1); s.commit(); probe(2); }");
  EXPECT_EQ(P[1].Open, 1u);
  EXPECT_FALSE(P[1].Must);
  EXPECT_EQ(P[2].Open, 0u);
}

TEST_F(TransactionStateTest, MovedGuardKeepsTheTransaction) {
  auto P = probes("void f(db::Connection &c) { db::Transaction t(c); "
                  "db::Transaction u(static_cast<db::Transaction &&>(t)); "
                  "probe(1); u.commit(); probe(2); }");
  EXPECT_EQ(P[1].Open, 1u);
  EXPECT_EQ(P[2].Open, 0u);
}

TEST_F(TransactionStateTest, GuardMovedIntoACallLeaves) {
  auto P = probes("void f(db::Connection &c) { db::Transaction t(c); "
                  "consume(static_cast<db::Transaction &&>(t)); probe(1); }");
  EXPECT_EQ(P[1].Open, 0u);
}

TEST_F(TransactionStateTest, SavepointNestsAndEnds) {
  auto P = probes("void f(db::Connection &c) { db::Transaction t(c); "
                  "{ db::Savepoint s(c, \"x\"); probe(1); s.release(); "
                  "probe(2); } probe(3); t.commit(); }");
  EXPECT_EQ(P[1].Open, 2u);
  EXPECT_TRUE(P[1].Savepoint);
  EXPECT_EQ(P[2].Open, 1u);
  EXPECT_FALSE(P[2].Savepoint);
  EXPECT_EQ(P[3].Open, 1u);
}

TEST_F(TransactionStateTest, ExplicitBeginCommitRollback) {
  auto P = probes("void f(db::Session &s) { s.begin(); probe(1); s.rollback();"
                  " probe(2); s.begin(); s.commit(); probe(3); }");
  EXPECT_EQ(P[1].Open, 1u);
  EXPECT_EQ(P[2].Open, 0u);
  EXPECT_EQ(P[3].Open, 0u);
}

TEST_F(TransactionStateTest, HandlerSeesTheTryBodyState) {
  auto P = probes("void f(db::Connection &c) { db::Transaction t(c); try { "
                  "c.exec(\"x\"); } catch (...) { probe(1); } probe(2); "
                  "t.commit(); }");
  EXPECT_EQ(P[1].Open, 1u) << "the handler is reached with t open";
  EXPECT_EQ(P[2].Open, 1u);
  EXPECT_EQ(Flow.AtTry.size(), 1u);
}

TEST_F(TransactionStateTest, GuardDeclaredInTryIsUnwoundBeforeHandler) {
  auto P = probes("void f(db::Connection &c) { try { db::Transaction t(c); "
                  "c.exec(\"x\"); t.commit(); } catch (...) { probe(1); } }");
  EXPECT_EQ(P[1].Open, 0u);
}

TEST_F(TransactionStateTest, CallbackBeginsAndEndsAtTheCall) {
  auto P = probes("void f(db::Connection &c) { probe(0); "
                  "db::withTransaction(c, [&] { c.exec(\"x\"); }); probe(1); }");
  EXPECT_EQ(P[0].Open, 0u);
  EXPECT_EQ(P[1].Open, 0u);
  ASSERT_EQ(Flow.Begins.size(), 1u);
  EXPECT_EQ(Flow.Begins[0].Txn.Api->Kind, ScopeKind::Callback);
}

TEST_F(TransactionStateTest, BeginRecordsTheSession) {
  probes("void f(db::Connection &c) { db::Transaction t(c); t.commit(); }");
  ASSERT_EQ(Flow.Begins.size(), 1u);
  const SessionRef &S = Flow.Begins[0].Txn.Session;
  EXPECT_EQ(S.Kind, SessionRef::Var);
  EXPECT_EQ(S.ParamIndex, 0);
  ASSERT_EQ(Flow.Ends.size(), 1u);
  EXPECT_TRUE(Flow.Ends[0].Commit);
}

} // namespace
