// Runs the binary with the scripted model against the commit gate: an attempt that only adds
// `@pytest.mark.skip` to the failing test is refused, never committed with it nor pushed, and the run says so
// (step summary, result JSON, escalation); a model told of the refusal undoes it and makes the real fix
// within its turns, which is committed and pushed; with allow-test-changes covering the test folder, the same
// skip goes through; work stopped at the cost cap (committed without submit_fix) is gated too.
#include "support/hardening.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <gtest/gtest.h>
#include <memory>
#include <mutex>

namespace autofix {
namespace {

using nlohmann::json;
using testing::ScriptedToolCall;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

const std::string failing_test = "    def test_report_json_is_sorted_json(self):\n";
const std::string docstring = "\"\"\"Stock reports as JSON.\"\"\"\n";

ScriptedToolCall edit(const std::string& path, const std::string& old_text, const std::string& new_text) {
    return {"",
            "str_replace_based_edit_tool",
            {{"command", "str_replace"}, {"path", path}, {"old_str", old_text}, {"new_str", new_text}}};
}

// Skips the failing test instead of fixing the code, and its undoing.
ScriptedToolCall add_skip(const std::string& marker = "@pytest.mark.skip(reason=\"flaky\")") {
    return edit("tests/test_report.py", failing_test, "    " + marker + "\n" + failing_test);
}
ScriptedToolCall remove_skip() {
    return edit("tests/test_report.py", "    @pytest.mark.skip(reason=\"flaky\")\n" + failing_test,
                failing_test);
}
ScriptedToolCall real_fix() {
    return edit("inventory/report.py", docstring, docstring + "import json\n");
}
ScriptedToolCall submit(const std::string& description) {
    return testing::scripted_submit(description);
}

testing::FakeModelServer::Handler sessions(std::vector<std::vector<ScriptedToolCall>> script) {
    return testing::scripted_sessions(std::move(script), "g");
}

// The tool_result texts of the last fix-session request that contain `marker`.
std::vector<std::string> tool_results(WorkflowSandbox& sandbox, const std::string& marker) {
    std::vector<std::string> texts;
    const auto bodies = sandbox.model().bodies();
    for (auto body = bodies.rbegin(); body != bodies.rend(); ++body) {
        if (!body->contains("tools")) {
            continue;
        }
        for (const auto& message : (*body)["messages"]) {
            if (!message["content"].is_array()) {
                continue;
            }
            for (const auto& block : message["content"]) {
                const std::string text =
                    block.value("type", "") == "tool_result" ? block["content"].dump() : "";
                if (text.find(marker) != std::string::npos) {
                    texts.push_back(text);
                }
            }
        }
        break;
    }
    return texts;
}

std::string origin_file(WorkflowSandbox& sandbox, const std::string& ref, const std::string& path) {
    return testing::git_in(sandbox.origin_path(), {"show", ref + ":" + path});
}

TEST(CommitGate, ASkipMarkerIsRefusedAndNeverPushed) {
    WorkflowSandbox sandbox(
        sessions({{add_skip(), submit("Skip the flaky test"), submit("Skip it anyway")}}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const std::string test_file = origin_file(sandbox, "main", "tests/test_report.py");
    testing::RunOptions options;
    options.env["INPUT_MAX-TURNS"] = "3";
    options.env["INPUT_MAX-ATTEMPTS"] = "1";
    const std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    // The only attempt ran out of turns with its change refused: recorded without a change, then escalated.
    EXPECT_EQ(run.output("action-taken"), "escalated") << testing::describe_runs(runs);
    EXPECT_NE(run.step_summary.find("attempt 1 was refused by the commit gate"), std::string::npos)
        << run.step_summary;
    EXPECT_EQ(sandbox.github().issues().size(), 1U);
    const std::string fix_branch = run.output("fix-branch");
    ASSERT_FALSE(fix_branch.empty());
    // Nothing refused reached the origin: the test file is main's, no pushed commit carries the marker.
    EXPECT_EQ(origin_file(sandbox, fix_branch, "tests/test_report.py"), test_file);
    const std::string pushed = testing::git_in(sandbox.origin_path(), {"log", "-p", "main.." + fix_branch});
    EXPECT_EQ(pushed.find("+    @pytest.mark.skip"), std::string::npos) << pushed;
    const std::string body = sandbox.origin_log(fix_branch, "%B");
    EXPECT_NE(body.find("No change: the commit gate refused its change"), std::string::npos) << body;
    // The model was told why, twice.
    const auto answers = tool_results(sandbox, "submit_fix refused");
    ASSERT_EQ(answers.size(), 1U); // the second refusal ended the session at the turn limit, unsent
    EXPECT_NE(answers[0].find("tests/test_report.py: adds a marker that skips or deselects tests"),
              std::string::npos)
        << answers[0];
    // The run reports it: the step summary's table and the result JSON.
    EXPECT_NE(run.step_summary.find("Refused by the commit gate"), std::string::npos) << run.step_summary;
    EXPECT_NE(run.step_summary.find("adds_skip_marker"), std::string::npos) << run.step_summary;
    EXPECT_NE(run.step_summary.find("refused: weakens the tests"), std::string::npos) << run.step_summary;
    ASSERT_TRUE(run.result.contains("refused_changes")) << run.result.dump(2);
    ASSERT_EQ(run.result["refused_changes"].size(), 1U) << run.result.dump(2);
    EXPECT_EQ(run.result["refused_changes"][0]["attempt"], 1);
    EXPECT_EQ(run.result["refused_changes"][0]["path"], "tests/test_report.py");
    EXPECT_EQ(run.result["refused_changes"][0]["rule"], "adds_skip_marker");
    EXPECT_NE(run.stdout_text.find("::warning::Attempt 1: the commit gate refused tests/test_report.py"),
              std::string::npos)
        << run.stdout_text;
}

TEST(CommitGate, AfterARefusalTheModelMakesTheRealFixWithinItsTurns) {
    WorkflowSandbox sandbox(sessions(
        {{add_skip(), submit("Skip the flaky test"), remove_skip(), real_fix(), submit("Import json")}}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const std::string test_file = origin_file(sandbox, "main", "tests/test_report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    EXPECT_EQ(run.output("attempt"), "1");
    const std::string fix_branch = run.output("fix-branch");
    EXPECT_EQ(run.output("commit-sha"), sandbox.origin_log(fix_branch, "%H").substr(0, 40));
    const auto subjects = testing::text_lines(sandbox.origin_log("main.." + fix_branch));
    ASSERT_EQ(subjects.size(), 1U);
    EXPECT_NE(subjects[0].find("Attempt 1: Import json"), std::string::npos) << subjects[0];
    EXPECT_EQ(origin_file(sandbox, fix_branch, "tests/test_report.py"), test_file);
    EXPECT_NE(origin_file(sandbox, fix_branch, "inventory/report.py").find("import json\n"),
              std::string::npos);
    EXPECT_EQ(tool_results(sandbox, "submit_fix refused").size(), 1U);
    EXPECT_NE(run.step_summary.find("Refused by the commit gate"), std::string::npos) << run.step_summary;
    ASSERT_EQ(run.result["refused_changes"].size(), 1U) << run.result.dump(2);
    EXPECT_EQ(run.result["files_changed"], json::array({"inventory/report.py"}));
    EXPECT_TRUE(sandbox.tests_pass_on(fix_branch));
    runs.push_back(sandbox.run_workflow(fix_branch));
    EXPECT_EQ(runs.back().output("action-taken"), "pr_created") << testing::describe_runs(runs);
}

TEST(CommitGate, AllowTestChangesLetsTheListedPathsThrough) {
    WorkflowSandbox sandbox(
        sessions({{add_skip("@unittest.skip(\"flaky\")"), submit("Skip the flaky test")}}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options;
    options.env["INPUT_ALLOW-TEST-CHANGES"] = "docs/**\ntests/**";
    const std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    const std::string fix_branch = run.output("fix-branch");
    EXPECT_NE(origin_file(sandbox, fix_branch, "tests/test_report.py").find("@unittest.skip(\"flaky\")"),
              std::string::npos);
    EXPECT_TRUE(run.result["refused_changes"].empty()) << run.result.dump(2);
    EXPECT_EQ(run.step_summary.find("Refused by the commit gate"), std::string::npos) << run.step_summary;
    EXPECT_TRUE(tool_results(sandbox, "submit_fix refused").empty());
}

// A model whose fix session adds the skip marker, then keeps viewing files; every reply bills 100,000 input
// tokens ($0.30 at Sonnet 4.5's price), so max-cost-usd stops the session with the skip in the workspace.
testing::FakeModelServer::Handler costly_skipper() {
    auto calls = std::make_shared<int>(0);
    auto mutex = std::make_shared<std::mutex>();
    return [calls, mutex](const json& body) {
        std::lock_guard lock(*mutex);
        if (!body.contains("tools")) {
            return testing::text_reply(R"({"title": "Summary", "body": "Summary body."})");
        }
        const ScriptedToolCall call =
            body["messages"].size() == 1
                ? add_skip()
                : ScriptedToolCall{"", "str_replace_based_edit_tool",
                                   json{{"command", "view"}, {"path", "inventory/report.py"}}};
        const json block = {{"type", "tool_use"},
                            {"id", "toolu_c" + std::to_string(++*calls)},
                            {"name", call.name},
                            {"input", call.input}};
        return testing::message_reply(json::array({block}), "tool_use", 100000, 50);
    };
}

TEST(CommitGate, WorkStoppedAtTheCostCapIsGatedBeforeItIsCommitted) {
    WorkflowSandbox sandbox(costly_skipper());
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const std::string test_file = origin_file(sandbox, "main", "tests/test_report.py");
    testing::RunOptions options;
    options.env["INPUT_MAX-COST-USD"] = "1";
    const std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "escalated") << testing::describe_runs(runs);
    const std::string fix_branch = run.output("fix-branch");
    ASSERT_FALSE(fix_branch.empty());
    // The unsubmitted skip was put back: the attempt is recorded without a change, the test file is main's.
    EXPECT_EQ(origin_file(sandbox, fix_branch, "tests/test_report.py"), test_file);
    const std::string pushed = testing::git_in(sandbox.origin_path(), {"log", "-p", "main.." + fix_branch});
    EXPECT_EQ(pushed.find("+    @pytest.mark.skip"), std::string::npos) << pushed;
    EXPECT_NE(pushed.find("its unsubmitted change was refused by the commit gate"), std::string::npos)
        << pushed;
    ASSERT_EQ(run.result["refused_changes"].size(), 1U) << run.result.dump(2);
    EXPECT_EQ(run.result["refused_changes"][0]["rule"], "adds_skip_marker");
    EXPECT_NE(run.step_summary.find("Refused by the commit gate"), std::string::npos) << run.step_summary;
}

} // namespace
} // namespace autofix
