// Runs the binary with a test-command (test-project's real unittest suite) and the scripted model: the
// session runs the tests and corrects itself before one push; a fix that fails the action's own test run is
// committed and the next attempt follows in the same run (one push, one dispatch); when every attempt fails,
// the branch is pushed once and the escalation issue opened in that run; a hanging command is killed at
// test-timeout; a command that prints its environment sees no secret; a command that cannot start is bad
// input before any model call; and the three-bug scenario needs one CI run on the fix branch instead of
// three.
#include "support/hardening.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <mutex>
#include <sstream>
#include <unistd.h>

namespace autofix {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ScriptedToolCall;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

const std::string unittest_command = "python3 -m unittest discover";
const std::string docstring = "\"\"\"Stock reports as JSON.\"\"\"\n";

// An edit of inventory/report.py replacing `old_text` with `new_text`.
ScriptedToolCall edit(const std::string& old_text, const std::string& new_text) {
    return {"",
            "str_replace_based_edit_tool",
            {{"command", "str_replace"},
             {"path", "inventory/report.py"},
             {"old_str", old_text},
             {"new_str", new_text}}};
}

// The wrong fix (a module that does not exist) and the right one on top of it.
ScriptedToolCall wrong_import() {
    return edit(docstring, docstring + "import simplejson as json\n");
}
ScriptedToolCall right_import() {
    return edit("import simplejson as json\n", "import json\n");
}
ScriptedToolCall run_tests() {
    return {"", "run_tests", json::object()};
}
ScriptedToolCall submit(const std::string& description) {
    return testing::scripted_submit(description);
}

testing::FakeModelServer::Handler sessions(std::vector<std::vector<ScriptedToolCall>> script) {
    return testing::scripted_sessions(std::move(script), "v");
}

std::size_t pushes(WorkflowSandbox& sandbox) {
    std::size_t count = 0;
    for (const auto& request : sandbox.git_server().server().requests()) {
        if (request.method == "POST" && request.path.ends_with("/git-receive-pack")) {
            ++count;
        }
    }
    return count;
}

// The tool_result texts the model received, in order.
std::vector<std::string> tool_results(WorkflowSandbox& sandbox, const std::string& marker) {
    std::vector<std::string> texts;
    const auto bodies = sandbox.model().bodies();
    if (bodies.empty()) {
        return texts;
    }
    for (const auto& message : bodies.back()["messages"]) {
        if (message["content"].is_array()) {
            for (const auto& block : message["content"]) {
                const std::string text =
                    block.value("type", "") == "tool_result" ? block["content"].dump() : "";
                if (text.find(marker) != std::string::npos) {
                    texts.push_back(text);
                }
            }
        }
    }
    return texts;
}

testing::RunOptions with_tests(const std::string& command = unittest_command) {
    testing::RunOptions options;
    options.env["INPUT_TEST-COMMAND"] = command;
    return options;
}

TEST(Verification, TheSessionRunsTheTestsAndCorrectsItselfBeforeOnePush) {
    WorkflowSandbox sandbox(
        sessions({{wrong_import(), run_tests(), right_import(), run_tests(), submit("Import json")}}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", with_tests())};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    EXPECT_EQ(run.output("attempt"), "1");
    const std::string fix_branch = run.output("fix-branch");
    // The model saw the tests fail on its first edit, then pass.
    const auto answers = tool_results(sandbox, "test-command");
    ASSERT_EQ(answers.size(), 2U);
    EXPECT_NE(answers[0].find("test-command failed: exit status 1"), std::string::npos) << answers[0];
    EXPECT_NE(answers[0].find("simplejson"), std::string::npos) << answers[0];
    EXPECT_NE(answers[1].find("test-command passed: exit status 0"), std::string::npos) << answers[1];
    const auto tools = sandbox.model().bodies().front()["tools"].dump();
    EXPECT_NE(tools.find("run_tests"), std::string::npos);
    // One commit, verified, one push, one dispatch; CI then agrees and the PR follows.
    EXPECT_EQ(testing::text_lines(sandbox.origin_log("main.." + fix_branch)).size(), 1U);
    EXPECT_NE(sandbox.origin_log(fix_branch, "%B").find("Verification: test-command passed"),
              std::string::npos);
    EXPECT_EQ(pushes(sandbox), 1U);
    ASSERT_EQ(sandbox.github().dispatches().size(), 1U);
    EXPECT_TRUE(sandbox.tests_pass_on(fix_branch));
    runs.push_back(sandbox.run_workflow(fix_branch, with_tests()));
    EXPECT_EQ(runs.back().output("action-taken"), "pr_created") << testing::describe_runs(runs);
    EXPECT_EQ(sandbox.github().pull_requests().size(), 1U);
    EXPECT_EQ(sandbox.github().dispatches().size(), 1U);
}

TEST(Verification, AFixThatFailsTheTestsIsCommittedAndTheNextAttemptFollowsInTheSameRun) {
    WorkflowSandbox sandbox(sessions(
        {{wrong_import(), submit("Import simplejson as json")}, {right_import(), submit("Import json")}}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options = with_tests();
    options.env["INPUT_STRONG-MODEL-FROM-ATTEMPT"] = "2";
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    EXPECT_EQ(run.output("attempt"), "2");
    const std::string fix_branch = run.output("fix-branch");
    EXPECT_EQ(run.output("commit-sha"), sandbox.origin_log(fix_branch, "%H").substr(0, 40));
    const auto subjects = testing::text_lines(sandbox.origin_log("main.." + fix_branch));
    ASSERT_EQ(subjects.size(), 2U);
    EXPECT_NE(subjects[1].find("Attempt 1: Import simplejson as json"), std::string::npos) << subjects[1];
    EXPECT_NE(subjects[0].find("Attempt 2: Import json"), std::string::npos) << subjects[0];
    const std::string first = sandbox.origin_log(fix_branch + "~1", "%B");
    EXPECT_NE(first.find("Autofix-Result: failed-verification"), std::string::npos) << first;
    EXPECT_NE(first.find("Autofix-Attempt: 1"), std::string::npos) << first;
    const std::string second =
        testing::git_in(sandbox.origin_path(), {"log", "-1", "--format=%B", fix_branch});
    EXPECT_NE(second.find("Failure after attempt 1:"), std::string::npos) << second;
    EXPECT_NE(second.find("simplejson"), std::string::npos) << second;
    EXPECT_EQ(second.find("Autofix-Result"), std::string::npos) << second;
    // Attempt 2 was told about attempt 1 and the test output, with the strong model.
    std::vector<std::string> firsts;
    for (const auto& body : sandbox.model().bodies()) {
        if (body.contains("tools") && body["messages"].size() == 1) {
            firsts.push_back(body["messages"][0].dump());
        }
    }
    ASSERT_EQ(firsts.size(), 2U);
    EXPECT_NE(firsts[1].find("Import simplejson as json"), std::string::npos) << firsts[1];
    EXPECT_NE(firsts[1].find("test-command failed"), std::string::npos) << firsts[1];
    EXPECT_EQ(testing::fix_session_models(sandbox.model().bodies()),
              (std::vector<std::string>{"claude-sonnet-4-5", "claude-opus-4-5"}));
    EXPECT_EQ(pushes(sandbox), 1U);
    ASSERT_EQ(sandbox.github().dispatches().size(), 1U);
    EXPECT_NE(run.step_summary.find("failed verification"), std::string::npos) << run.step_summary;
    runs.push_back(sandbox.run_workflow(fix_branch, with_tests()));
    EXPECT_EQ(runs.back().output("action-taken"), "pr_created") << testing::describe_runs(runs);
    const auto pulls = sandbox.github().pull_requests();
    ASSERT_EQ(pulls.size(), 1U);
    EXPECT_NE(std::find(pulls[0].labels.begin(), pulls[0].labels.end(), "attempt-count-2"),
              pulls[0].labels.end());
}

TEST(Verification, EveryAttemptFailingPushesTheBranchOnceAndEscalatesInTheSameRun) {
    std::vector<std::vector<ScriptedToolCall>> script;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const auto note = testing::harmless_edit(attempt);
        script.push_back({{"",
                           "str_replace_based_edit_tool",
                           {{"command", "str_replace"},
                            {"path", note.path},
                            {"old_str", note.old_str},
                            {"new_str", note.new_str}}},
                          submit(note.description)});
    }
    WorkflowSandbox sandbox(sessions(script));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options = with_tests();
    options.env["INPUT_MAX-ATTEMPTS"] = "3";
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "escalated") << testing::describe_runs(runs);
    EXPECT_EQ(run.output("case"), "5");
    EXPECT_FALSE(run.output("issue-url").empty());
    const std::string fix_branch = run.output("fix-branch");
    const auto subjects = testing::text_lines(sandbox.origin_log("main.." + fix_branch));
    ASSERT_EQ(subjects.size(), 3U) << sandbox.origin_log("main.." + fix_branch);
    for (int back = 0; back < 3; ++back) {
        EXPECT_NE(sandbox.origin_log(fix_branch + "~" + std::to_string(back), "%B")
                      .find("Autofix-Result: failed-verification"),
                  std::string::npos);
    }
    EXPECT_EQ(pushes(sandbox), 1U);
    EXPECT_TRUE(sandbox.github().dispatches().empty()); // no CI run per attempt
    ASSERT_EQ(sandbox.github().issues().size(), 1U);
    EXPECT_NE(run.step_summary.find("failed verification"), std::string::npos) << run.step_summary;
    // A later failing run finds the issue and makes no fourth attempt.
    runs.push_back(sandbox.run_workflow(fix_branch, options));
    EXPECT_EQ(runs.back().output("action-taken"), "already_escalated") << testing::describe_runs(runs);
}

TEST(Verification, AHangingCommandIsKilledAtTheLimitAndReportedAsATimeout) {
    WorkflowSandbox sandbox(sessions({{wrong_import(), right_import(), submit("Import json")}}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const fs::path pid_file =
        fs::temp_directory_path() / ("autofix-hang-" + std::to_string(::getpid()) + ".pid");
    testing::RunOptions options =
        with_tests("sleep 600 & echo $! > " + pid_file.string() + "; echo hanging; sleep 600");
    options.env["INPUT_TEST-TIMEOUT"] = "2s";
    options.env["INPUT_MAX-ATTEMPTS"] = "1";
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "escalated") << testing::describe_runs(runs);
    const std::string fix_branch = run.output("fix-branch");
    const std::string commit = sandbox.origin_log(fix_branch, "%B");
    EXPECT_NE(commit.find("timed out after 2 s (test-timeout): its process group was killed"),
              std::string::npos)
        << commit;
    EXPECT_NE(commit.find("Autofix-Result: failed-verification"), std::string::npos) << commit;
    EXPECT_NE(run.stdout_text.find("hanging"), std::string::npos);
    std::ifstream pid_in(pid_file);
    int child = 0;
    pid_in >> child;
    ASSERT_GT(child, 0);
    std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
    std::string line;
    std::getline(stat, line);
    const bool running = !line.empty() && line[line.rfind(") ") + 2] != 'Z';
    EXPECT_FALSE(running) << "the command's background child survived the limit: " << line;
    fs::remove(pid_file);
    EXPECT_TRUE(sandbox.github().dispatches().empty());
}

TEST(Verification, ACommandThatPrintsTheEnvironmentSeesNoSecret) {
    WorkflowSandbox sandbox(sessions({{run_tests(), wrong_import(), right_import(), submit("Import json")}}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const fs::path dump = fs::temp_directory_path() / ("autofix-env-" + std::to_string(::getpid()) + ".txt");
    testing::RunOptions options = with_tests("env | tee -a " + dump.string() + "; " + unittest_command);
    const std::string oidc = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.oidcRequestToken";
    const std::string runtime = "eyJhbGciOiJSUzI1NiJ9.actionsRuntimeToken";
    const std::string extra = "deploy-password-that-only-redact-knows";
    options.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = oidc;
    options.env["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://pipelines.actions.example/oidc?audience=x";
    options.env["ACTIONS_RUNTIME_TOKEN"] = runtime;
    options.env["INPUT_REDACT"] = extra;
    options.env["DEPLOY_PASSWORD"] = extra;
    options.env["GITHUB_TOKEN"] = sandbox.options().github_token;
    options.env["PROJECT_SETTING"] = "visible-to-tests";
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    std::ifstream in(dump);
    std::stringstream printed;
    printed << in.rdbuf();
    fs::remove(dump);
    // The command ran (twice: run_tests and the verification) with the project's variables and none of the
    // secrets.
    EXPECT_NE(printed.str().find("PROJECT_SETTING=visible-to-tests"), std::string::npos) << printed.str();
    EXPECT_NE(printed.str().find("PYTHONDONTWRITEBYTECODE=1"), std::string::npos);
    std::string everything = printed.str() + testing::without_mask_lines(run.stdout_text) + run.stderr_text +
                             run.step_summary + run.result.dump() +
                             sandbox.origin_log(run.output("fix-branch"), "%B");
    for (const auto& body : sandbox.model().bodies()) {
        everything += body.dump();
    }
    for (const std::string& secret :
         {sandbox.options().github_token, sandbox.options().api_key, oidc, runtime, extra}) {
        const auto at = everything.find(secret);
        EXPECT_EQ(at, std::string::npos)
            << secret
            << " in: " << everything.substr(at == std::string::npos ? 0 : (at > 300 ? at - 300 : 0), 400);
    }
    for (const char* name :
         {"ACTIONS_ID_TOKEN_REQUEST_", "ACTIONS_RUNTIME_TOKEN", "INPUT_", "GITHUB_TOKEN="}) {
        EXPECT_EQ(printed.str().find(name), std::string::npos) << name;
    }
    EXPECT_NE(tool_results(sandbox, "PROJECT_SETTING").size(),
              0U); // the model saw the output, secrets excluded
}

TEST(Verification, ACommandThatIsNotFoundIsBadInputBeforeAnyModelCall) {
    WorkflowSandbox sandbox(sessions({{right_import(), submit("Import json")}}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", with_tests("no-such-test-runner --all"))};
    const WorkflowRun& run = runs.back();
    EXPECT_EQ(run.exit_code, 2) << testing::describe_runs(runs);
    ASSERT_TRUE(run.result.is_object());
    EXPECT_EQ(run.result["error"].value("kind", ""), "invalid_input");
    const std::string message = run.result["error"].value("message", "");
    EXPECT_NE(message.find("test-command 'no-such-test-runner --all' cannot start"), std::string::npos)
        << message;
    EXPECT_NE(message.find("not found in PATH"), std::string::npos) << message;
    EXPECT_TRUE(sandbox.model().bodies().empty());
    EXPECT_EQ(sandbox.origin_branches().size(), 1U);
    EXPECT_EQ(pushes(sandbox), 0U);
}

std::string recording(const std::string& name) {
    return std::string(AUTOFIX_SOURCE_DIR) + "/tests/e2e/recordings/" + name;
}

TEST(Verification, ThreeBugsNeedOneCiRunOnTheFixBranchInsteadOfThree) {
    WorkflowSandbox sandbox(testing::replay(testing::load_recorded_replies(recording("bug-complex.json"))));
    sandbox.break_project("bug-complex.py", "inventory/pricing.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", with_tests())};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    EXPECT_EQ(runs.back().output("attempt"), "3");
    const std::string fix_branch = runs.back().output("fix-branch");
    runs.push_back(sandbox.run_workflow(fix_branch, with_tests()));
    EXPECT_EQ(runs.back().output("action-taken"), "pr_created") << testing::describe_runs(runs);
    EXPECT_EQ(runs.size(), 2U); // without test-command: four runs, three of them on the fix branch
    EXPECT_EQ(sandbox.github().dispatches().size(), 1U);
    EXPECT_EQ(pushes(sandbox), 2U); // the three attempts at once, then the lesson of case 3
}

} // namespace
} // namespace autofix
