// Checks the fix session's tool loop with a scripted model on a temporary repository: success at submit_fix,
// the nudge after end_turn, refusal, pause_turn, max_tokens, turn and token caps, API errors, refusals
// answered as error tool_results, and that every text sent passes through the redaction function.
#include "agent/fix_session.hpp"
#include "unit/agent/scripted_model.hpp"
#include "unit/agent/temp_tree.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

using nlohmann::json;
using ports::BlockType;
using ports::Role;
using ports::StopReason;

struct FixSessionTest : ::testing::Test {
    testing::TempTree tree;
    testing::ScriptedModel model;
    std::optional<Workspace> workspace;
    PromptSet prompts = *PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");
    FixSessionConfig config;
    FixContext context;

    void SetUp() override {
        tree.write("calc.py", "def add(a, b):\n    return a - b\n");
        workspace.emplace(std::move(*Workspace::open(tree.root())));
        config.model = "claude-sonnet-4-5";
        context.failure_excerpt = "AssertionError: add(1, 2) == -1";
        context.referenced_files = {{"calc.py", 2}};
    }

    FixOutcome run() { return run_fix_session(model, *workspace, prompts, context, config); }

    void script_fix() {
        model.push_tool("t1", "str_replace_based_edit_tool", {{"command", "view"}, {"path", "calc.py"}});
        model.push_tool(
            "t2", "str_replace_based_edit_tool",
            {{"command", "str_replace"}, {"path", "calc.py"}, {"old_str", "a - b"}, {"new_str", "a + b"}});
        model.push_tool("t3", "submit_fix",
                        {{"description", "Fix add to sum its operands"}, {"explanation", "It subtracted."}});
    }

    static const ports::ContentBlock& last_block(const ports::MessageRequest& request) {
        return request.messages.back().content.back();
    }
};

TEST_F(FixSessionTest, FixesAndSubmits) {
    script_fix();
    const auto outcome = run();
    EXPECT_TRUE(outcome.succeeded()) << outcome.failure_reason;
    EXPECT_EQ(outcome.description, "Fix add to sum its operands");
    EXPECT_EQ(outcome.explanation, "It subtracted.");
    EXPECT_EQ(outcome.files_changed, std::vector<std::string>{"calc.py"});
    EXPECT_EQ(outcome.turns, 3);
    EXPECT_EQ(outcome.usage.input_tokens, 30);
    EXPECT_EQ(outcome.usage.output_tokens, 15);
    EXPECT_EQ(tree.read("calc.py"), "def add(a, b):\n    return a + b\n");

    const auto& requests = model.requests();
    ASSERT_EQ(requests.size(), 3U);
    EXPECT_EQ(requests[0].model, "claude-sonnet-4-5");
    EXPECT_EQ(requests[0].tools.size(), 4U);
    EXPECT_NE(requests[0].system.find("submit_fix"), std::string::npos);
    const auto& view_result = last_block(requests[1]);
    EXPECT_EQ(view_result.type, BlockType::tool_result);
    EXPECT_EQ(view_result.tool_use_id, "t1");
    EXPECT_FALSE(view_result.is_error);
    EXPECT_NE(view_result.text.find("     2\t    return a - b"), std::string::npos);
    EXPECT_EQ(requests[2].messages.size(), 5U);
}

TEST_F(FixSessionTest, RefusedToolCallIsAnsweredAsError) {
    model.push_tool("t1", "str_replace_based_edit_tool", {{"command", "view"}, {"path", "../../etc/passwd"}});
    model.push_tool(
        "t2", "str_replace_based_edit_tool",
        {{"command", "str_replace"}, {"path", "calc.py"}, {"old_str", "a - b"}, {"new_str", "a + b"}});
    model.push_tool("t3", "submit_fix", {{"description", "Fix add"}, {"explanation", "It subtracted."}});
    const auto outcome = run();
    EXPECT_TRUE(outcome.succeeded());
    const auto& refused = last_block(model.requests()[1]);
    EXPECT_TRUE(refused.is_error);
    EXPECT_NE(refused.text.find("escapes the repository"), std::string::npos);
}

TEST_F(FixSessionTest, EndTurnIsNudgedOnceThenFails) {
    model.push_text("I think the bug is in calc.py.");
    model.push_text("Done.");
    const auto outcome = run();
    EXPECT_FALSE(outcome.succeeded());
    EXPECT_FALSE(outcome.submitted);
    EXPECT_EQ(outcome.failure_reason, "the model ended the session without calling submit_fix");
    ASSERT_EQ(model.requests().size(), 2U);
    EXPECT_EQ(last_block(model.requests()[1]).text, prompts.text("submit_nudge"));
}

TEST_F(FixSessionTest, NudgedSessionCanStillSubmit) {
    model.push_text("Let me think.");
    script_fix();
    const auto outcome = run();
    EXPECT_TRUE(outcome.succeeded()) << outcome.failure_reason;
    EXPECT_EQ(outcome.turns, 4);
}

TEST_F(FixSessionTest, SubmitWithoutChangeIsRefusedThenFails) {
    model.push_tool("t1", "submit_fix", {{"description", "Nothing to do"}, {"explanation", "Flaky."}});
    model.push_tool("t2", "submit_fix", {{"description", "Nothing to do"}, {"explanation", "Flaky."}});
    const auto outcome = run();
    EXPECT_FALSE(outcome.succeeded());
    EXPECT_FALSE(outcome.submitted);
    EXPECT_EQ(outcome.failure_reason, "the model submitted a fix without changing any file");
    const auto& refused = last_block(model.requests()[1]);
    EXPECT_TRUE(refused.is_error);
    EXPECT_NE(refused.text.find("no file has been changed"), std::string::npos);
}

TEST_F(FixSessionTest, RefusalFailsWithReason) {
    model.push_text("I can't help with that.", StopReason::refusal);
    const auto outcome = run();
    EXPECT_FALSE(outcome.succeeded());
    EXPECT_EQ(outcome.failure_reason, "the model refused to continue: I can't help with that.");
}

TEST_F(FixSessionTest, PauseTurnIsResentToContinue) {
    model.push_text("Working...", StopReason::pause_turn);
    script_fix();
    const auto outcome = run();
    EXPECT_TRUE(outcome.succeeded());
    const auto& second = model.requests()[1];
    ASSERT_EQ(second.messages.size(), 2U);
    EXPECT_EQ(second.messages[1].role, Role::assistant);
    EXPECT_EQ(second.messages[1].content[0].text, "Working...");
}

TEST_F(FixSessionTest, MaxTokensAsksAgainWithMoreRoomThenFails) {
    config.limits.max_tokens = 1000;
    config.limits.max_tokens_ceiling = 3000;
    model.push_text("cut", StopReason::max_tokens);
    model.push_text("cut", StopReason::max_tokens);
    model.push_text("cut", StopReason::max_tokens);
    const auto outcome = run();
    EXPECT_FALSE(outcome.succeeded());
    EXPECT_NE(outcome.failure_reason.find("max_tokens ceiling of 3000"), std::string::npos);
    ASSERT_EQ(model.requests().size(), 3U);
    EXPECT_EQ(model.requests()[0].max_tokens, 1000);
    EXPECT_EQ(model.requests()[1].max_tokens, 2000);
    EXPECT_EQ(model.requests()[2].max_tokens, 3000);
    EXPECT_EQ(model.requests()[2].messages.size(), 1U); // the cut reply is not kept
}

TEST_F(FixSessionTest, TurnCapEndsSession) {
    config.limits.max_turns = 2;
    for (int i = 0; i < 3; ++i) {
        model.push_tool("t" + std::to_string(i), "list_files", {{"pattern", "*"}});
    }
    const auto outcome = run();
    EXPECT_FALSE(outcome.succeeded());
    EXPECT_NE(outcome.failure_reason.find("turn limit reached (2 requests)"), std::string::npos);
    EXPECT_EQ(model.requests().size(), 2U);
}

TEST_F(FixSessionTest, TokenCapEndsSession) {
    config.limits.max_total_tokens = 20;
    for (int i = 0; i < 3; ++i) {
        model.push_tool("t" + std::to_string(i), "list_files", {{"pattern", "*"}});
    }
    const auto outcome = run();
    EXPECT_FALSE(outcome.succeeded());
    EXPECT_NE(outcome.failure_reason.find("token budget exhausted (30 of 20 tokens)"), std::string::npos);
    EXPECT_EQ(model.requests().size(), 2U);
}

TEST_F(FixSessionTest, ApiErrorIsRecorded) {
    model.push(core::make_error(core::ErrorKind::auth, "Messages API answered 401 authentication_error"));
    const auto outcome = run();
    EXPECT_FALSE(outcome.succeeded());
    ASSERT_TRUE(outcome.error.has_value());
    EXPECT_EQ(outcome.error->kind, core::ErrorKind::auth);
}

TEST_F(FixSessionTest, EveryTextSentIsRedacted) {
    tree.write("config.py", "TOKEN = 'ghp_SECRET123'\n");
    context.failure_excerpt = "env GITHUB_TOKEN=ghp_SECRET123 failed";
    context.referenced_files.push_back({"config.py", 1});
    context.skill_text = "never print ghp_SECRET123";
    model.push_tool("t1", "str_replace_based_edit_tool", {{"command", "view"}, {"path", "config.py"}});
    model.push_tool("t2", "search_files", {{"pattern", "SECRET"}});
    model.push_text("Hmm.");
    model.push_text("Hmm.");
    config.redact = [](std::string_view text) {
        std::string out(text);
        for (auto at = out.find("ghp_SECRET123"); at != std::string::npos; at = out.find("ghp_SECRET123")) {
            out.replace(at, 13, "***");
        }
        return out;
    };
    run();
    ASSERT_EQ(model.requests().size(), 4U);
    for (const auto& request : model.requests()) {
        EXPECT_EQ(request.system.find("SECRET123"), std::string::npos);
        for (const auto& message : request.messages) {
            if (message.role == Role::assistant) {
                continue;
            }
            for (const auto& block : message.content) {
                EXPECT_EQ(block.text.find("SECRET123"), std::string::npos) << block.text;
            }
        }
    }
    EXPECT_NE(model.requests()[0].messages[0].content[0].text.find("GITHUB_TOKEN=***"), std::string::npos);
}

} // namespace
} // namespace autofix::agent
