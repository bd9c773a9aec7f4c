// Checks the commit gate inside the fix session: a submit_fix whose change adds a skip marker is answered
// with the reasons as an error and the session goes on, so the model can undo it and submit a real fix; a
// session that ends with the change still refused fails and says why; the workspace reports each edit with
// its text before and after.
#include "agent/change_review.hpp"
#include "agent/fix_session.hpp"
#include "unit/agent/scripted_model.hpp"
#include "unit/agent/temp_tree.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

using ports::BlockType;

const std::string test_file = "import unittest\n\n"
                              "class CalcTest(unittest.TestCase):\n"
                              "    def test_add(self):\n"
                              "        self.assertEqual(add(1, 2), 3)\n";

nlohmann::json edit(const std::string& path, const std::string& old_text, const std::string& new_text) {
    return {{"command", "str_replace"}, {"path", path}, {"old_str", old_text}, {"new_str", new_text}};
}

const nlohmann::json skip_edit =
    edit("tests/test_calc.py", "    def test_add", "    @unittest.skip('flaky')\n    def test_add");
const nlohmann::json submission = {{"description", "Fix add"}, {"explanation", "It subtracted."}};
constexpr const char* editor = "str_replace_based_edit_tool";

struct CommitGateSession : ::testing::Test {
    testing::TempTree tree;
    testing::ScriptedModel model;
    std::optional<Workspace> workspace;
    PromptSet prompts = *PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");
    FixSessionConfig config;
    FixContext context;

    void SetUp() override {
        tree.write("calc.py", "def add(a, b):\n    return a - b\n");
        tree.write("tests/test_calc.py", test_file);
        workspace.emplace(std::move(*Workspace::open(tree.root())));
        config.model = "claude-sonnet-4-5";
        config.commit_gate = core::GatePolicy{};
        context.failure_excerpt = "AssertionError: -1 != 3";
    }

    FixOutcome run() { return run_fix_session(model, *workspace, prompts, context, config); }

    // The tool_result answering call `id`, from the request that followed it.
    const ports::ContentBlock* result_of(const std::string& id) const {
        for (const auto& request : model.requests()) {
            for (const auto& message : request.messages) {
                for (const auto& block : message.content) {
                    if (block.type == BlockType::tool_result && block.tool_use_id == id) {
                        return &block;
                    }
                }
            }
        }
        return nullptr;
    }
};

TEST_F(CommitGateSession, RefusedSubmitIsAnsweredAndARealFixFollows) {
    model.push_tool("t1", editor, skip_edit);
    model.push_tool("t2", "submit_fix", submission);
    model.push_tool("t3", editor, edit("tests/test_calc.py", "    @unittest.skip('flaky')\n", ""));
    model.push_tool("t4", editor, edit("calc.py", "a - b", "a + b"));
    model.push_tool("t5", "submit_fix", submission);
    const FixOutcome outcome = run();
    ASSERT_TRUE(outcome.succeeded()) << outcome.failure_reason;
    EXPECT_EQ(outcome.files_changed, std::vector<std::string>{"calc.py"});
    EXPECT_EQ(tree.read("tests/test_calc.py"), test_file);
    ASSERT_EQ(outcome.refused.size(), 1U);
    EXPECT_EQ(outcome.refused[0].rule, core::GateRule::adds_skip_marker);
    EXPECT_EQ(outcome.refused[0].path, "tests/test_calc.py");
    const ports::ContentBlock* refused = result_of("t2");
    ASSERT_NE(refused, nullptr);
    EXPECT_TRUE(refused->is_error);
    EXPECT_NE(refused->text.find("submit_fix refused"), std::string::npos) << refused->text;
    EXPECT_NE(refused->text.find("@unittest.skip('flaky')"), std::string::npos) << refused->text;
    EXPECT_EQ(outcome.turns, 5);
}

TEST_F(CommitGateSession, ASessionThatEndsRefusedFailsAndSaysWhy) {
    config.limits.max_turns = 3;
    model.push_tool("t1", editor, skip_edit);
    model.push_tool("t2", "submit_fix", submission);
    model.push_tool("t3", "submit_fix", submission);
    const FixOutcome outcome = run();
    EXPECT_FALSE(outcome.succeeded());
    EXPECT_FALSE(outcome.submitted);
    EXPECT_EQ(
        outcome.failure_reason.find("the commit gate refused its change (tests/test_calc.py: adds a marker"),
        0U)
        << outcome.failure_reason;
    EXPECT_NE(outcome.failure_reason.find("), then turn limit reached"), std::string::npos)
        << outcome.failure_reason;
    ASSERT_EQ(outcome.refused.size(), 1U); // the same refusal twice is listed once
    ASSERT_EQ(outcome.tried.size(), 3U);
    EXPECT_NE(outcome.tried[2].find("(refused: Error: submit_fix refused"), std::string::npos)
        << outcome.tried[2];
}

TEST_F(CommitGateSession, AllowedGlobsLetTheChangeThrough) {
    config.commit_gate->allowed_globs = {"tests/**"};
    model.push_tool("t1", editor, skip_edit);
    model.push_tool("t2", "submit_fix", submission);
    const FixOutcome outcome = run();
    EXPECT_TRUE(outcome.succeeded()) << outcome.failure_reason;
    EXPECT_TRUE(outcome.refused.empty());
}

TEST_F(CommitGateSession, WithoutAGateTheSessionDoesNotReview) {
    config.commit_gate.reset();
    model.push_tool("t1", editor, skip_edit);
    model.push_tool("t2", "submit_fix", submission);
    EXPECT_TRUE(run().succeeded());
}

TEST_F(CommitGateSession, WorkspaceEditsHaveTheirTextBeforeAndAfter) {
    ASSERT_TRUE(workspace->write_text("calc.py", "def add(a, b):\n    return a + b\n"));
    ASSERT_TRUE(workspace->write_text("new.py", "x = 1\n"));
    ASSERT_TRUE(workspace->write_text("tests/test_calc.py", test_file)); // written back unchanged
    const auto edits = workspace->edits();
    ASSERT_EQ(edits.size(), 2U);
    EXPECT_EQ(edits[0].path, "calc.py");
    EXPECT_EQ(edits[0].before, "def add(a, b):\n    return a - b\n");
    EXPECT_EQ(edits[0].after, "def add(a, b):\n    return a + b\n");
    EXPECT_EQ(edits[1].path, "new.py");
    EXPECT_EQ(edits[1].before, std::nullopt);
    ASSERT_TRUE(workspace->write_text("tests/test_calc.py", ""));
    const auto refusals = review_workspace(*workspace, core::GatePolicy{});
    ASSERT_EQ(refusals.size(), 1U);
    EXPECT_EQ(refusals[0].rule, core::GateRule::deletes_test_file);
    EXPECT_EQ(refusals_line(refusals), "tests/test_calc.py: deletes (or empties) the test file");
}

} // namespace
} // namespace autofix::agent
