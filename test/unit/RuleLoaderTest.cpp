//===--- RuleLoaderTest.cpp - rules.yaml loading --------------------------===//

#include "RuleLoader.h"
#include "gtest/gtest.h"

using namespace txnlint;

namespace {

TEST(RuleLoaderTest, DefaultRulesLoadWithEveryPreset) {
  auto R = loadRules(TXNLINT_DEFAULT_RULES_SOURCE);
  ASSERT_TRUE(static_cast<bool>(R)) << llvm::toString(R.takeError());
  for (const char *P : {"libpqxx", "sqlitecpp", "soci", "std"})
    EXPECT_NE(std::find(R->ActivePresets.begin(), R->ActivePresets.end(), P),
              R->ActivePresets.end())
        << P;
  EXPECT_FALSE(R->Transactions.empty());
}

TEST(RuleLoaderTest, PresetSelectionDropsTheOthers) {
  auto R = loadRulesFromString("version: 1\n"
                               "extends: " TXNLINT_DEFAULT_RULES_SOURCE "\n"
                               "presets: [sqlitecpp]\n",
                               "/tmp/project.yaml");
  ASSERT_TRUE(static_cast<bool>(R)) << llvm::toString(R.takeError());
  ASSERT_EQ(R->ActivePresets.size(), 1u);
  for (const TransactionApi &T : R->Transactions)
    EXPECT_EQ(T.Preset, "sqlitecpp");
  EXPECT_TRUE(R->Spawners.empty()) << "the std preset is off";
}

TEST(RuleLoaderTest, ProjectEntriesAddToTheBase) {
  auto R = loadRulesFromString(
      "version: 1\n"
      "extends: " TXNLINT_DEFAULT_RULES_SOURCE "\n"
      "side_effects:\n"
      "  - category: mail\n"
      "    functions: [\"::app::Mailer::send\"]\n"
      "roles:\n"
      "  - role: aware\n"
      "    paths: [\"*/services/*\"]\n",
      "/tmp/project.yaml");
  ASSERT_TRUE(static_cast<bool>(R)) << llvm::toString(R.takeError());
  ASSERT_EQ(R->Roles.size(), 1u);
  EXPECT_EQ(R->Roles[0].Role, RoleKind::Aware);
  EXPECT_EQ(R->Roles[0].Origin.Line, 7u);
  EXPECT_EQ(R->Roles[0].Origin.Column, 5u);
  bool Found = false;
  for (const SideEffectRule &S : R->SideEffects)
    Found |= S.Category == SideEffectCategory::Mail && S.Preset.empty();
  EXPECT_TRUE(Found);
}

TEST(RuleLoaderTest, UnknownKeySuggestsTheClosest) {
  auto R = loadRulesFromString("version: 1\ntransactions:\n"
                               "  - kind: raii\n    types: [\"::T\"]\n"
                               "    comit: [commit]\n",
                               "r.yaml");
  ASSERT_FALSE(static_cast<bool>(R));
  EXPECT_EQ(llvm::toString(R.takeError()),
            "r.yaml:5:5: error: unknown key 'comit' in a transaction entry; "
            "did you mean 'commit'");
}

TEST(RuleLoaderTest, SettingsOverride) {
  auto R = loadRulesFromString("version: 1\nsettings:\n"
                               "  infer_roles: false\n"
                               "  annotation_prefix: \"tx:\"\n",
                               "r.yaml");
  ASSERT_TRUE(static_cast<bool>(R)) << llvm::toString(R.takeError());
  EXPECT_FALSE(R->Settings.InferRoles);
  EXPECT_EQ(R->Settings.AnnotationPrefix, "tx:");
  EXPECT_TRUE(R->Settings.AwareMayOpenSavepoints);
}

TEST(RuleLoaderTest, PresetDefinitionsCarryEverySection) {
  auto R = loadRulesFromString("version: 1\n"
                               "preset_definitions:\n"
                               "  - name: harness\n"
                               "    sessions: [\"::h::Db\"]\n"
                               "    noreturn: [\"::h::fail\"]\n"
                               "presets: [harness]\n",
                               "r.yaml");
  ASSERT_TRUE(static_cast<bool>(R)) << llvm::toString(R.takeError());
  ASSERT_EQ(R->Sessions.size(), 1u);
  EXPECT_EQ(R->Sessions[0].Names, std::vector<std::string>{"::h::Db"});
  ASSERT_EQ(R->NoReturn.size(), 1u);
  EXPECT_EQ(R->NoReturn[0].Names, std::vector<std::string>{"::h::fail"});
  EXPECT_EQ(R->NoReturn[0].Preset, "harness");
}

} // namespace
