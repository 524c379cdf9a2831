//===--- CheckRegistryTest.cpp - Every check is complete ------------------===//
//
// docs/contributing.md's recipe, enforced: each registry row has a unique
// txn- name, a summary, a severity policy, a remedy for any finding, a docs
// page that exists and a lit test named after it.
//
//===----------------------------------------------------------------------===//

#include "Finding.h"
#include "checks/Check.h"
#include "checks/CheckRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"
#include <set>

using namespace txnlint;

namespace {

TEST(CheckRegistryTest, EveryRowIsComplete) {
  std::set<std::string> Names;
  ASSERT_FALSE(checkRegistry().empty());
  for (const CheckInfo &C : checkRegistry()) {
    SCOPED_TRACE(C.Name.str());
    EXPECT_TRUE(C.Name.starts_with("txn-"));
    EXPECT_TRUE(Names.insert(C.Name.str()).second) << "duplicate name";
    EXPECT_FALSE(C.Summary.empty());
    EXPECT_FALSE(C.SeverityPolicy.empty());
    ASSERT_FALSE(C.Remedies.empty());
    EXPECT_TRUE(C.Remedies.back().Subjects.empty())
        << "the last remedy must apply to any finding";
    ASSERT_NE(C.Create, nullptr);
    EXPECT_NE(C.Create(), nullptr);
    std::string Stem = C.Name.drop_front(4).str();
    EXPECT_EQ(C.DocsPage, "checks/" + Stem + ".rst");
    EXPECT_TRUE(llvm::sys::fs::exists(std::string(TXNLINT_SOURCE_DIR) +
                                      "/docs/" + C.DocsPage.str()));
    EXPECT_TRUE(llvm::sys::fs::exists(std::string(TXNLINT_SOURCE_DIR) +
                                      "/test/checkers/" + Stem + ".cpp"));
    EXPECT_EQ(findCheck(C.Name), &C);
  }
  EXPECT_EQ(findCheck("txn-no-such-check"), nullptr);
  EXPECT_EQ(checkIndex("txn-no-such-check"), -1);
}

TEST(CheckRegistryTest, RemediesFollowTheSubject) {
  const CheckInfo *C = findCheck("txn-side-effect-in-transaction");
  ASSERT_NE(C, nullptr);
  Finding Mail, Enqueue, Spawn;
  Mail.Subject = "mail";
  Enqueue.Subject = "enqueue";
  Spawn.Subject = "spawn";
  EXPECT_EQ(&C->remedyFor(Enqueue), &C->remedyFor(Spawn));
  EXPECT_NE(&C->remedyFor(Mail), &C->remedyFor(Enqueue));
  EXPECT_TRUE(C->remedyFor(Enqueue).Change.contains("enqueue"));
}

TEST(CheckRegistryTest, GlobListsSelectChecks) {
  EXPECT_TRUE(checkListMatches("txn-*", "txn-nested-begin"));
  EXPECT_FALSE(checkListMatches("txn-*,-txn-nested-begin", "txn-nested-begin"));
  EXPECT_TRUE(checkListMatches("-*,txn-nested-*", "txn-nested-begin"));
  EXPECT_FALSE(checkListMatches("", "txn-nested-begin"));
}

} // namespace
