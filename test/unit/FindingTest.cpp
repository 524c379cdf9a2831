//===--- FindingTest.cpp - Findings are data: written, read back unchanged -===//
//
// A finding leaves its translation unit: every field survives a trip
// through a file on disk, both for a finding built by hand with every note
// kind and for the findings the analysis produces from real code (which
// carry call chains, roles and USRs). Malformed input is an error naming
// the field.
//
//===----------------------------------------------------------------------===//

#include "Analyzer.h"
#include "Finding.h"
#include "RuleLoader.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"

using namespace txnlint;
namespace json = llvm::json;

namespace {

/// Writes \p Findings to a temporary file as JSON and reads them back.
std::vector<Finding> roundTrip(const std::vector<Finding> &Findings) {
  json::Array A;
  for (const Finding &F : Findings)
    A.push_back(toJson(F));
  llvm::SmallString<128> Path;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("findings", "json", Path));
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    EXPECT_FALSE(EC);
    OS << llvm::formatv("{0:2}", json::Value(std::move(A)));
  }
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  llvm::sys::fs::remove(Path);
  EXPECT_TRUE(static_cast<bool>(Buf));
  auto Doc = json::parse((*Buf)->getBuffer());
  EXPECT_TRUE(static_cast<bool>(Doc)) << llvm::toString(Doc.takeError());
  std::vector<Finding> Out;
  for (const json::Value &V : *Doc->getAsArray()) {
    auto F = findingFromJson(V);
    EXPECT_TRUE(static_cast<bool>(F)) << llvm::toString(F.takeError());
    Out.push_back(std::move(*F));
  }
  return Out;
}

TEST(FindingTest, EveryFieldAndNoteKindSurvivesAFile) {
  Finding F;
  F.Check = "txn-side-effect-in-transaction";
  F.Level = Severity::Warning;
  F.Where = {"/src/a b/ü.cpp", 12, 7, "\tmailer.send(\"x\\n\"); // €"};
  F.Message = "call to 'app::notify' performs a side effect (mail: 'send')";
  F.Function = "app::routers::(anonymous namespace)::create";
  F.FunctionUsr = "c:@N@app@N@routers@aN@F@create#&$@N@db@S@Connection#";
  F.Subject = "mail";
  const NoteKind Kinds[] = {
      NoteKind::TransactionBegins, NoteKind::OuterTransactionBegins,
      NoteKind::CallStep,          NoteKind::RoleSource,
      NoteKind::Capture,           NoteKind::TransactionEnds,
      NoteKind::Suppression};
  unsigned Line = 1;
  for (NoteKind K : Kinds)
    F.Notes.push_back({K, {"/src/b.h", Line++, 3, "  x();"},
                       noteKindName(K).str(), K == NoteKind::CallStep});
  Finding Error = F;
  Error.Level = Severity::Error;
  Error.Notes.clear();
  Error.Subject.clear();

  std::vector<Finding> Back = roundTrip({F, Error});
  ASSERT_EQ(Back.size(), 2u);
  EXPECT_EQ(Back[0], F);
  EXPECT_EQ(Back[1], Error);
  EXPECT_TRUE(Back[0].hasChain());
  EXPECT_FALSE(Back[1].hasChain());
}

TEST(FindingTest, FindingsOfARealAnalysisSurviveAFile) {
  const char *Code = R"cpp(
namespace db {
struct Connection { void exec(const char *); };
struct Transaction { explicit Transaction(Connection &); ~Transaction(); void commit(); };
}
namespace net { struct Http { int post(const char *); }; }
namespace services {
void notify(net::Http &h) { h.post("/hook"); }
void begins(db::Connection &c) { db::Transaction t(c); t.commit(); }
}
namespace routers {
void handle(db::Connection &c, net::Http &h) {
  db::Transaction t(c);
  services::notify(h);
  services::begins(c);
  t.commit();
}
}
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
roles:
  - role: aware
    namespaces: ["services"]
)yaml";
  auto AST = clang::tooling::buildASTFromCodeWithArgs(Code, {"-std=c++17"},
                                                      "input.cpp");
  ASSERT_TRUE(AST);
  auto Loaded = loadRulesFromString(Rules, "unit-rules.yaml");
  ASSERT_TRUE(static_cast<bool>(Loaded)) << llvm::toString(Loaded.takeError());
  TuAnalysis A(AST->getASTContext(), *Loaded);
  // side effect through a call, nested begin through a call, service begin.
  ASSERT_EQ(A.findings().size(), 3u);
  bool SawChain = false;
  for (const Finding &F : A.findings()) {
    EXPECT_FALSE(F.FunctionUsr.empty()) << F.Message;
    // Made absolute against the working directory, as every place is.
    EXPECT_EQ(llvm::sys::path::filename(F.Where.File), "input.cpp");
    SawChain |= F.hasChain();
  }
  EXPECT_TRUE(SawChain);
  EXPECT_EQ(roundTrip(A.findings()), A.findings());
}

TEST(FindingTest, ChecksCanBeLeftOut) {
  const char *Code = R"cpp(
namespace db {
struct Connection {};
struct Transaction { explicit Transaction(Connection &); ~Transaction(); };
}
void f(db::Connection &c) { db::Transaction a(c); db::Transaction b(c); }
)cpp";
  auto AST = clang::tooling::buildASTFromCodeWithArgs(Code, {"-std=c++17"});
  ASSERT_TRUE(AST);
  auto Loaded = loadRulesFromString(
      "version: 1\ntransactions:\n  - kind: raii\n    types: "
      "[\"::db::Transaction\"]\nsessions: [\"::db::Connection\"]\n",
      "unit-rules.yaml");
  ASSERT_TRUE(static_cast<bool>(Loaded)) << llvm::toString(Loaded.takeError());
  TuAnalysis All(AST->getASTContext(), *Loaded);
  ASSERT_EQ(All.findings().size(), 1u);
  EXPECT_EQ(All.findings()[0].Check, "txn-nested-begin");
  TuAnalysis None(AST->getASTContext(), *Loaded, [](llvm::StringRef Check) {
    return Check != "txn-nested-begin";
  });
  EXPECT_TRUE(None.findings().empty());
}

TEST(FindingTest, MalformedInputNamesTheField) {
  auto Error = [](llvm::StringRef Text) {
    auto V = json::parse(Text);
    EXPECT_TRUE(static_cast<bool>(V));
    auto F = findingFromJson(*V);
    EXPECT_FALSE(static_cast<bool>(F));
    return F ? std::string() : llvm::toString(F.takeError());
  };
  Finding F;
  F.Check = "txn-nested-begin";
  F.Where = {"a.cpp", 1, 1, ""};
  F.Notes.push_back({NoteKind::CallStep, {"a.cpp", 2, 1, ""}, "x", true});
  std::string Good;
  llvm::raw_string_ostream(Good) << json::Value(toJson(F));

  EXPECT_EQ(Error("[]"), "finding: expected an object");
  EXPECT_EQ(Error(llvm::StringRef(Good).str().replace(
                Good.find("\"severity\":\"error\""), 18, "\"severity\":\"fatal\"")),
            "finding.severity: unknown severity 'fatal'");
  EXPECT_EQ(Error(llvm::StringRef(Good).str().replace(
                Good.find("\"line\":1"), 8, "\"line\":-1")),
            "finding.place.line: expected a non-negative integer");
  EXPECT_EQ(Error(llvm::StringRef(Good).str().replace(
                Good.find("\"call-step\""), 11, "\"call-stop\"")),
            "finding.notes[0].kind: unknown note kind 'call-stop'");
  EXPECT_EQ(Error(llvm::StringRef(Good).str().replace(
                Good.find("\"in_chain\":true"), 15, "\"in_chain\":1")),
            "finding.notes[0].in_chain: expected a boolean");
}

} // namespace
