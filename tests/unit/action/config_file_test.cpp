// Checks the parsing of .github/autofix.yml: values, lists, nulls, and each error naming the line.
#include "action/config_file.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace autofix::action {
namespace {

const char* const k_label = ".github/autofix.yml";

TEST(ConfigFile, ReadsScalarsWithTheirLines) {
    const auto config =
        parse_config_file("# comment\nmodel: claude-x\nmax-attempts: 4\ndry-run: true\n", k_label);
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->entries.at("model").value, "claude-x");
    EXPECT_EQ(config->entries.at("model").line, 2);
    EXPECT_EQ(config->entries.at("max-attempts").value, "4");
    EXPECT_EQ(config->entries.at("dry-run").value, "true");
    EXPECT_EQ(config->entries.at("dry-run").line, 4);
    EXPECT_EQ(config->label, k_label);
}

TEST(ConfigFile, ListsJoinWithNewlinesAndNullIsEmpty) {
    const auto config =
        parse_config_file("protected-paths:\n  - .github/**\n  - deploy/**\nbase-branch:\n", k_label);
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->entries.at("protected-paths").value, ".github/**\ndeploy/**");
    EXPECT_EQ(config->entries.at("base-branch").value, "");
}

TEST(ConfigFile, EmptyOrCommentOnlyIsEmpty) {
    EXPECT_TRUE(parse_config_file("", k_label)->entries.empty());
    EXPECT_TRUE(parse_config_file("# nothing\n", k_label)->entries.empty());
}

TEST(ConfigFile, UnknownKeyNamesKeyAndLine) {
    const auto config = parse_config_file("model: x\n\nmodle: y\n", k_label);
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().kind, core::ErrorKind::config);
    EXPECT_EQ(config.error().message,
              ".github/autofix.yml:3:1: unknown key 'modle' (keys are the action's input names)");
}

TEST(ConfigFile, SecretsAreRefused) {
    for (const char* key : {"anthropic-api-key", "github-token"}) {
        const auto config = parse_config_file(std::string("model: x\n") + key + ": abc\n", k_label);
        ASSERT_FALSE(config) << key;
        EXPECT_EQ(config.error().message.rfind(
                      std::string(".github/autofix.yml:2:1: '") + key + "' is a secret", 0),
                  0u)
            << config.error().message;
    }
}

TEST(ConfigFile, MalformedYamlGivesLineAndColumn) {
    const auto config = parse_config_file("model: x\nmax-attempts: [1, 2\n", k_label);
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().kind, core::ErrorKind::config);
    EXPECT_EQ(config.error().message.rfind(".github/autofix.yml:", 0), 0u);
    EXPECT_NE(config.error().message.find("malformed YAML"), std::string::npos) << config.error().message;
}

TEST(ConfigFile, BadIndentationIsMalformed) {
    const auto config = parse_config_file("model: x\n  strong-model: y\n", k_label);
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().message.rfind(".github/autofix.yml:2:", 0), 0u) << config.error().message;
}

TEST(ConfigFile, NotAMappingIsRefused) {
    const auto config = parse_config_file("- model\n- x\n", k_label);
    ASSERT_FALSE(config);
    EXPECT_NE(config.error().message.find("expected a mapping"), std::string::npos);
}

TEST(ConfigFile, WrongShapesAreRefused) {
    const auto nested = parse_config_file("model:\n  name: x\n", k_label);
    ASSERT_FALSE(nested);
    EXPECT_EQ(nested.error().message.rfind(".github/autofix.yml:2:", 0), 0u) << nested.error().message;
    const auto list = parse_config_file("model: [a, b]\n", k_label);
    ASSERT_FALSE(list);
    EXPECT_NE(list.error().message.find("only protected-paths, allow-test-changes and redact take a list"),
              std::string::npos);
}

TEST(ConfigFile, DuplicateKeyIsRefused) {
    const auto config = parse_config_file("model: a\nmodel: b\n", k_label);
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().message, ".github/autofix.yml:2:1: duplicate key 'model'");
}

TEST(ConfigFile, MissingFileIsEmpty) {
    testing::TempDir dir;
    const auto config = read_config_file(dir.path() / ".github" / "autofix.yml", k_label);
    ASSERT_TRUE(config);
    EXPECT_TRUE(config->entries.empty());
}

TEST(ConfigFile, ReadsFromDisk) {
    testing::TempDir dir;
    testing::write_text(dir.path() / ".github" / "autofix.yml", "skill-file: docs/SKILL.md\n");
    const auto config = read_config_file(dir.path() / ".github" / "autofix.yml", k_label);
    ASSERT_TRUE(config);
    EXPECT_EQ(config->entries.at("skill-file").value, "docs/SKILL.md");
}

// Found by fuzzing (tests/fuzz/corpus/config_file/crash-d32e...): a key holding a carriage return or other
// control characters still gives a one-line message, with the characters escaped.
TEST(ConfigFile, ControlCharactersInKeysAreEscapedInMessages) {
    const auto config = parse_config_file("\"ba\\r\\n\\x01\": 1\n", k_label);
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().message,
              ".github/autofix.yml:1:1: unknown key 'ba\\r\\n\\x01' (keys are the action's input names)");
}

} // namespace
} // namespace autofix::action
