//===--- MergeTest.cpp - Facts, summaries across units, the merge ---------===//
//
// The facts of a translation unit survive a trip through JSON unchanged;
// summaries over facts reach a fixpoint through recursion with finite
// chains, follow virtual calls to overrides and "never returns" through
// calls; the merge finds what crosses units and does not depend on the
// order the units come in.
//
//===----------------------------------------------------------------------===//

#include "Analyzer.h"
#include "Merge.h"
#include "RuleLoader.h"
#include "Summaries.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"

using namespace txnlint;
namespace json = llvm::json;

namespace {

const char *Header = R"cpp(
namespace db {
struct Connection { void exec(const char *); };
struct Transaction { explicit Transaction(Connection &); ~Transaction(); void commit(); };
}
namespace net { struct Http { void post(const char *); }; }
namespace services { void notify(db::Connection &c, net::Http &h); }
)cpp";

const char *Rules = R"yaml(
version: 1
transactions:
  - kind: raii
    types: ["::db::Transaction"]
    commit: [commit]
sessions: ["::db::Connection"]
side_effects:
  - category: network
    types: ["::net::Http"]
)yaml";

TuFacts mapCode(const std::string &Code, const std::string &Name,
                const RuleSet &R) {
  auto AST = clang::tooling::buildASTFromCodeWithArgs(Header + Code,
                                                      {"-std=c++17"}, Name);
  EXPECT_TRUE(AST);
  return mapTranslationUnit(AST->getASTContext(), R);
}

const std::string Router = R"cpp(
void order(db::Connection &c, net::Http &h) {
  db::Transaction t(c);
  services::notify(c, h);
  t.commit();
}
)cpp";
const std::string Service = R"cpp(
void services::notify(db::Connection &c, net::Http &h) {
  c.exec("insert");
  h.post("/x");
}
)cpp";

FunctionFacts fn(std::string Usr) {
  FunctionFacts F;
  F.Usr = F.Name = std::move(Usr);
  return F;
}
SummaryStep call(std::string Usr, bool Virtual = false) {
  SummaryStep S;
  S.Kind = SummaryStep::Call;
  S.CalleeUsr = std::move(Usr);
  S.Virtual = Virtual;
  S.Note.Message = "calls " + S.CalleeUsr;
  return S;
}
SummaryStep effect() {
  SummaryStep S;
  S.Kind = SummaryStep::Effect;
  S.Api = "net::post";
  S.Note.Message = "posts";
  return S;
}

} // namespace

TEST(MergeTest, FactsSurviveJson) {
  auto R = loadRulesFromString(Rules, "unit-rules.yaml");
  ASSERT_TRUE(static_cast<bool>(R)) << llvm::toString(R.takeError());
  for (const std::string &Code : {Router, Service}) {
    TuFacts T = mapCode(Code, "input.cpp", *R);
    ASSERT_FALSE(T.Functions.empty());
    json::Value Written = toJson(T);
    std::string Text = llvm::formatv("{0}", Written);
    auto Parsed = json::parse(Text);
    ASSERT_TRUE(static_cast<bool>(Parsed));
    auto Read = tuFactsFromJson(*Parsed);
    ASSERT_TRUE(static_cast<bool>(Read)) << llvm::toString(Read.takeError());
    EXPECT_EQ(toJson(*Read), Written);
  }
}

TEST(MergeTest, CallsCrossUnitsInAnyOrder) {
  auto R = loadRulesFromString(Rules, "unit-rules.yaml");
  ASSERT_TRUE(static_cast<bool>(R)) << llvm::toString(R.takeError());
  TuFacts A = mapCode(Router, "router.cpp", *R);
  TuFacts B = mapCode(Service, "service.cpp", *R);
  // Alone, the router's call is not followed.
  EXPECT_TRUE(mergeFacts({A}, nullptr).Findings.empty());
  MergeResult AB = mergeFacts({A, B}, nullptr);
  MergeResult BA = mergeFacts({B, A}, nullptr);
  ASSERT_EQ(AB.Findings.size(), 1u);
  const Finding &F = AB.Findings[0].F;
  EXPECT_EQ(F.Check, "txn-side-effect-in-transaction");
  EXPECT_EQ(llvm::sys::path::filename(F.Where.File), "router.cpp");
  ASSERT_EQ(F.Notes.size(), 2u); // The begin, then the service's post.
  EXPECT_EQ(llvm::sys::path::filename(F.Notes[1].Where.File), "service.cpp");
  EXPECT_TRUE(F.Notes[1].InChain);
  ASSERT_EQ(BA.Findings.size(), 1u);
  EXPECT_EQ(BA.Findings[0].F, F);
  EXPECT_EQ(AB.TranslationUnits, 2u);
}

TEST(MergeTest, RecursionConvergesWithFiniteChains) {
  // f calls g, then posts; g calls f. Each reaches the post; the chains
  // do not grow around the cycle.
  FunctionFacts F = fn("f"), G = fn("g");
  F.Steps = {call("g"), effect()};
  G.Steps = {call("f")};
  F.Callees = {"g"};
  G.Callees = {"f"};
  SummaryIndex Index({&F, &G});
  ASSERT_TRUE(Index.get("f") && Index.get("g"));
  ASSERT_EQ(Index.get("f")->Effects.size(), 1u);
  ASSERT_EQ(Index.get("g")->Effects.size(), 1u);
  EXPECT_LE(Index.get("f")->Effects[0].Chain.size(), 3u);
  EXPECT_LE(Index.get("g")->Effects[0].Chain.size(), 3u);
  EXPECT_TRUE(Index.hasCaller("f"));
  EXPECT_FALSE(Index.hasCaller("h"));
}

TEST(MergeTest, VirtualCallsReachOverrides) {
  FunctionFacts D = fn("Derived::run"), Caller = fn("caller");
  D.Overrides = {"Base::run"};
  D.Steps = {effect()};
  Caller.Steps = {call("Base::run", /*Virtual=*/true)};
  SummaryIndex Index({&D, &Caller});
  EXPECT_FALSE(Index.ofCall("Base::run", /*Virtual=*/false));
  ASSERT_TRUE(Index.ofCall("Base::run", /*Virtual=*/true));
  EXPECT_EQ(Index.ofCall("Base::run", true)->Effects.size(), 1u);
  EXPECT_EQ(Index.get("caller")->Effects.size(), 1u);
  EXPECT_TRUE(Index.resolves("Base::run", true));
  EXPECT_FALSE(Index.resolves("Base::run", false));
}

TEST(MergeTest, NeverReturnsThroughCalls) {
  FunctionFacts Fail = fn("fail"), Wrap = fn("wrap"), Maybe = fn("maybe");
  Fail.Exits = {"!"};       // Ends in a [[noreturn]] call.
  Wrap.Exits = {"fail"};    // Ends in fail() on every path.
  Maybe.Exits = {"fail", ""}; // One path returns.
  SummaryIndex Index({&Fail, &Wrap, &Maybe});
  EXPECT_TRUE(Index.get("fail")->NoReturn);
  EXPECT_TRUE(Index.get("wrap")->NoReturn);
  EXPECT_FALSE(Index.get("maybe")->NoReturn);
}

TEST(MergeTest, SameNameInTwoProgramsResolvesToTheNearest) {
  // Two test programs in one database each define `helper` (one USR): a
  // call resolves to the definition beside the caller.
  FunctionFacts Posting = fn("helper"), Quiet = fn("helper");
  Posting.File = "/src/http/helper.cpp";
  Posting.Steps = {effect()};
  Quiet.File = "/src/sqlite/helper.cpp";
  FunctionFacts HttpMain = fn("main-http"), SqliteMain = fn("main-sqlite");
  HttpMain.File = "/src/http/main.cpp";
  HttpMain.Steps = {call("helper")};
  SqliteMain.File = "/src/sqlite/main.cpp";
  SqliteMain.Steps = {call("helper")};
  SummaryIndex Index({&Posting, &Quiet, &HttpMain, &SqliteMain});
  EXPECT_EQ(Index.get("main-http")->Effects.size(), 1u);
  EXPECT_TRUE(Index.get("main-sqlite")->Effects.empty());
  EXPECT_EQ(Index.ofCall("helper", false, "/src/http/x.cpp")->Effects.size(), 1u);
  EXPECT_TRUE(Index.ofCall("helper", false, "/src/sqlite/x.cpp")->Effects.empty());
}
