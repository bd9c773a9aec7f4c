// Checks that a scripted fix session repairs a bug in a temporary repository through the real Anthropic
// client, the Poco transport and a fake Messages API on 127.0.0.1: tool calls, refusals, a retried 529,
// and what the model was sent.
#include "adapters/anthropic_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "agent/fix_session.hpp"
#include "agent/pricing.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_model_server.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <sstream>

namespace autofix {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::FakeModelServer;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

// Returns the tool_result blocks of the last message of a request body.
json last_results(const json& body) {
    return body["messages"].back()["content"];
}

struct FixSessionOverHttp : ::testing::Test {
    fs::path repo =
        fs::temp_directory_path() / ("autofix-fix-session-" + std::to_string(std::random_device{}()));
    FakeModelServer server;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    agent::PromptSet prompts =
        *agent::PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");

    void SetUp() override {
        write_file(
            repo / "test-project/calculator.py",
            "def add(a, b):\n    return a + b\n\n\ndef dump(values):\n    return json.dumps(values)\n");
        write_file(repo / "test-project/test_main.py",
                   "from calculator import add, dump\n\nassert add(1, 2) == 3\nassert dump([1]) == '[1]'\n");
        write_file(repo / ".github/workflows/ci.yml", "on: push\n");
        write_file(repo / ".git/config", "[core]\n");
    }
    void TearDown() override { fs::remove_all(repo); }

    adapters::AnthropicClient client() {
        adapters::AnthropicSettings settings;
        settings.base_url = server.url();
        settings.api_key = "sk-ant-test-key";
        return adapters::AnthropicClient(settings, transport, clock, [] { return 0.0; });
    }

    agent::FixContext context() const {
        agent::FixContext fix;
        fix.failure_excerpt =
            "Traceback (most recent call last):\n  File \"test-project/calculator.py\", line 6, in dump\n"
            "    return json.dumps(values)\nNameError: name 'json' is not defined";
        fix.referenced_files = {{"test-project/calculator.py", 6}};
        fix.skill_text = "- Python: check imports first.";
        return fix;
    }
};

TEST_F(FixSessionOverHttp, ScriptedModelFixesMissingImport) {
    server.push(
        testing::tool_use_reply({{"toolu_01", "search_files", {{"pattern", "json\\."}, {"glob", "*.py"}}}},
                                "Let me find where json is used."));
    server.push(testing::error_reply(529, "overloaded_error", "Overloaded"));
    server.push(testing::tool_use_reply({{"toolu_02",
                                          "str_replace_based_edit_tool",
                                          {{"command", "view"}, {"path", "test-project/calculator.py"}}},
                                         {"toolu_03",
                                          "str_replace_based_edit_tool",
                                          {{"command", "str_replace"},
                                           {"path", ".github/workflows/ci.yml"},
                                           {"old_str", "push"},
                                           {"new_str", "[]"}}}}));
    server.push(testing::tool_use_reply({{"toolu_04",
                                          "str_replace_based_edit_tool",
                                          {{"command", "insert"},
                                           {"path", "test-project/calculator.py"},
                                           {"insert_line", 0},
                                           {"insert_text", "import json\n\n"}}}}));
    server.push(testing::tool_use_reply({{"toolu_05",
                                          "submit_fix",
                                          {{"description", "Import json in calculator"},
                                           {"explanation", "dump() used json without importing it."}}}}));

    auto anthropic = client();
    auto workspace = agent::Workspace::open(repo);
    ASSERT_TRUE(workspace.has_value());
    agent::FixSessionConfig config;
    config.model = "claude-sonnet-4-5";
    const auto outcome = agent::run_fix_session(anthropic, *workspace, prompts, context(), config);

    ASSERT_TRUE(outcome.succeeded()) << outcome.failure_reason;
    EXPECT_EQ(outcome.description, "Import json in calculator");
    EXPECT_EQ(outcome.files_changed, std::vector<std::string>{"test-project/calculator.py"});
    EXPECT_EQ(outcome.turns, 4); // the 529 was retried inside the client
    EXPECT_EQ(outcome.usage.input_tokens, 400);
    EXPECT_EQ(outcome.usage.output_tokens, 200);
    EXPECT_GT(agent::PriceTable::defaults().estimate_cost(config.model, outcome.usage), 0.0);
    EXPECT_EQ(read_file(repo / "test-project/calculator.py"),
              "import json\n\ndef add(a, b):\n    return a + b\n\n\ndef dump(values):\n    return "
              "json.dumps(values)\n");
    EXPECT_EQ(read_file(repo / ".github/workflows/ci.yml"), "on: push\n");
    EXPECT_EQ(clock.sleeps().size(), 1U);
    EXPECT_EQ(server.remaining(), 0U);

    const auto bodies = server.bodies();
    ASSERT_EQ(bodies.size(), 5U);
    const json& first = bodies[0];
    EXPECT_EQ(first["model"], "claude-sonnet-4-5");
    EXPECT_EQ(first["tools"][0]["type"], "text_editor_20250728");
    const std::string opening = first["messages"][0]["content"][0]["text"];
    EXPECT_NE(opening.find("NameError: name 'json' is not defined"), std::string::npos);
    EXPECT_NE(opening.find(">6\t    return json.dumps(values)"), std::string::npos);
    EXPECT_NE(opening.find("test-project/test_main.py"), std::string::npos);
    EXPECT_NE(opening.find("check imports first"), std::string::npos);

    const json search = last_results(bodies[2])[0];
    EXPECT_EQ(search["tool_use_id"], "toolu_01");
    EXPECT_EQ(search["content"], "test-project/calculator.py:6:     return json.dumps(values)\n");
    const json view_and_refusal = last_results(bodies[3]);
    ASSERT_EQ(view_and_refusal.size(), 2U);
    EXPECT_FALSE(view_and_refusal[0].contains("is_error"));
    EXPECT_NE(view_and_refusal[0]["content"].get<std::string>().find("     6\t    return json.dumps(values)"),
              std::string::npos);
    EXPECT_EQ(view_and_refusal[1]["tool_use_id"], "toolu_03");
    EXPECT_EQ(view_and_refusal[1]["is_error"], true);
    EXPECT_NE(view_and_refusal[1]["content"].get<std::string>().find("protected"), std::string::npos);
}

TEST_F(FixSessionOverHttp, SessionWithoutSubmitIsFailedAttempt) {
    server.push(testing::tool_use_reply({{"toolu_01",
                                          "str_replace_based_edit_tool",
                                          {{"command", "str_replace"},
                                           {"path", "test-project/calculator.py"},
                                           {"old_str", "def dump"},
                                           {"new_str", "import json\n\n\ndef dump"}}}}));
    server.push(testing::text_reply("I added the import."));
    server.push(testing::text_reply("All done."));
    auto anthropic = client();
    auto workspace = agent::Workspace::open(repo);
    agent::FixSessionConfig config;
    config.model = "claude-sonnet-4-5";
    const auto outcome = agent::run_fix_session(anthropic, *workspace, prompts, context(), config);
    EXPECT_FALSE(outcome.succeeded());
    EXPECT_FALSE(outcome.submitted);
    EXPECT_EQ(outcome.failure_reason, "the model ended the session without calling submit_fix");
    EXPECT_EQ(outcome.files_changed, std::vector<std::string>{"test-project/calculator.py"});
    const auto bodies = server.bodies();
    ASSERT_EQ(bodies.size(), 3U);
    EXPECT_EQ(bodies[2]["messages"].back()["content"][0]["text"], prompts.text("submit_nudge"));
}

TEST_F(FixSessionOverHttp, SpendLimitEndsSessionWithError) {
    server.push(testing::spend_limit_reply());
    auto anthropic = client();
    auto workspace = agent::Workspace::open(repo);
    agent::FixSessionConfig config;
    config.model = "claude-opus-4-5";
    const auto outcome = agent::run_fix_session(anthropic, *workspace, prompts, context(), config);
    EXPECT_FALSE(outcome.succeeded());
    ASSERT_TRUE(outcome.error.has_value());
    EXPECT_EQ(outcome.error->kind, core::ErrorKind::rate_limited);
    EXPECT_EQ(server.requests().size(), 1U);
    EXPECT_TRUE(clock.sleeps().empty());
}

} // namespace
} // namespace autofix
