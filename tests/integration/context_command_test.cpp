// Checks `autofix context` through the built binary: run in a fixture repository with no key and a model URL
// that nothing listens on, it prints one JSON object naming the failing file, the human form by default, and
// exits 2 with one line on stderr for a missing log.
#include "support/repo_builder.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>

namespace autofix {
namespace {

using testing::run_command;

const std::string source_dir = AUTOFIX_SOURCE_DIR;
const std::string gcc_log = source_dir + "/tests/fixtures/logs/gcc.log";
const std::string gcc_repo = source_dir + "/tests/fixtures/repos/gcc";
const testing::CommandEnv offline{{"ANTHROPIC_API_KEY", ""},
                                  {"INPUT_ANTHROPIC-API-KEY", ""},
                                  {"ANTHROPIC_BASE_URL", "http://127.0.0.1:9"},
                                  {"GITHUB_WORKSPACE", "/nonexistent"}};

TEST(ContextBinary, JsonFromTheRepositoryInTheCurrentDirectory) {
    const auto result =
        run_command({AUTOFIX_BINARY, "context", "--log", gcc_log, "--json"}, gcc_repo, "", offline);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(result.err.empty()) << result.err;
    const auto object = nlohmann::json::parse(result.out);
    ASSERT_FALSE(object["files"].empty());
    EXPECT_EQ(object["files"][0]["path"], "src/eval.cpp");
    EXPECT_EQ(object["files"][0]["line"], 42);
    EXPECT_EQ(object["budget"], 8000);
    EXPECT_GT(object["request_tokens"].get<int>(), object["excerpt_tokens"].get<int>());
}

TEST(ContextBinary, HumanOutputAndErrors) {
    const auto human =
        run_command({AUTOFIX_BINARY, "context", "--log", gcc_log, "--repo", gcc_repo, "--budget", "2000"}, "",
                    "", offline);
    ASSERT_EQ(human.exit_code, 0) << human.err;
    EXPECT_NE(human.out.find("1. src/eval.cpp:42"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("against the budget of 2,000 tokens"), std::string::npos) << human.out;

    const auto missing =
        run_command({AUTOFIX_BINARY, "context", "--log", "/nonexistent/build.log"}, gcc_repo, "", offline);
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_TRUE(missing.out.empty()) << missing.out;
    EXPECT_EQ(missing.err, "autofix context: --log '/nonexistent/build.log' does not exist\n");

    const auto unknown =
        run_command({AUTOFIX_BINARY, "context", "--log", gcc_log, "--model", "x"}, gcc_repo, "", offline);
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("unknown flag '--model'"), std::string::npos) << unknown.err;
}

} // namespace
} // namespace autofix
