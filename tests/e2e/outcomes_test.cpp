// Runs the binary against real-shaped failures and checks that outputs, the result JSON and the step summary
// say what really happened: a push refused by the server (a GH013-style pre-receive hook) in cases 1 and 2 is
// an error with the server's words and advice, only a real race is `superseded`; a failed PR creation and a
// failed dispatch have their own action-taken; the Messages API down in case 3 still opens the PR; a fix
// session that changes nothing is an attempt recorded on the branch, followed by the next one in the same run
// and by the escalation at max-attempts.
#include "support/hardening.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <mutex>

namespace autofix {
namespace {

namespace fs = std::filesystem;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

const std::string gh013 = "error: GH013: Repository rule violations found for refs/heads/autonomous-fix.\n"
                          "- Cannot create ref due to creations being restricted.";

// A pre-receive hook on the origin that refuses every push with GitHub's ruleset message.
void refuse_like_a_ruleset(WorkflowSandbox& sandbox) {
    const fs::path hook = fs::path(sandbox.origin_path()) / "hooks" / "pre-receive";
    std::ofstream(hook) << "#!/bin/sh\ncat >/dev/null\nprintf '%s\\n' '" << gh013.substr(0, gh013.find('\n'))
                        << "' '" << gh013.substr(gh013.find('\n') + 1) << "' >&2\nexit 1\n";
    fs::permissions(hook, fs::perms::owner_all);
}

std::string head_of(WorkflowSandbox& sandbox, const std::string& ref) {
    return sandbox.origin_log(ref, "%H").substr(0, 40);
}

// A refused push: non-zero exit, push_refused everywhere, the server's words and advice, no commit-sha.
void expect_refused(const WorkflowRun& run, const std::vector<WorkflowRun>& runs) {
    EXPECT_NE(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "push_refused") << testing::describe_runs(runs);
    EXPECT_EQ(run.output("commit-sha"), "");
    ASSERT_TRUE(run.result.is_object());
    EXPECT_EQ(run.result.value("status", ""), "error");
    EXPECT_EQ(run.result.value("action_taken", ""), "push_refused");
    EXPECT_TRUE(run.result["commit_sha"].is_null()) << run.result.dump(2);
    const std::string message = run.result["error"].value("message", "");
    EXPECT_EQ(run.result["error"].value("kind", ""), "push_refused") << message;
    EXPECT_NE(message.find("GH013: Repository rule violations"), std::string::npos) << message;
    EXPECT_NE(message.find("What you can do"), std::string::npos) << message;
    EXPECT_NE(message.find("ruleset"), std::string::npos) << message;
    EXPECT_EQ(message.find("has no branch"), std::string::npos) << message;
    EXPECT_NE(run.stdout_text.find("::error::"), std::string::npos);
    EXPECT_NE(run.step_summary.find("push_refused"), std::string::npos) << run.step_summary;
    EXPECT_NE(run.step_summary.find("GH013"), std::string::npos) << run.step_summary;
}

TEST(RefusedPush, Case1KeepsTheServersMessageAndFails) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    refuse_like_a_ruleset(sandbox);
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    expect_refused(runs.back(), runs);
    EXPECT_EQ(sandbox.origin_branches(), std::vector<std::string>{"main"});
    EXPECT_TRUE(sandbox.github().dispatches().empty());
}

TEST(RefusedPush, Case2IsNotSupersededButAnError) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    const std::string before = head_of(sandbox, fix_branch);
    refuse_like_a_ruleset(sandbox);
    runs.push_back(sandbox.run_workflow(fix_branch));
    expect_refused(runs.back(), runs);
    EXPECT_EQ(runs.back().output("case"), "2");
    EXPECT_EQ(head_of(sandbox, fix_branch), before);
}

TEST(RefusedPush, Case3LessonPushRefusedOpensNoPullRequest) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    const std::string fix_branch = runs.back().output("fix-branch");
    refuse_like_a_ruleset(sandbox);
    runs.push_back(sandbox.run_workflow(fix_branch));
    expect_refused(runs.back(), runs);
    EXPECT_EQ(runs.back().output("case"), "3");
    EXPECT_TRUE(sandbox.github().pull_requests().empty());
}

TEST(RefusedPush, OnlyARealRaceWithAgentCommitsIsSuperseded) {
    WorkflowSandbox sandbox(testing::scripted_fixer(
        {testing::harmless_edit(1), testing::harmless_edit(2), testing::harmless_edit(3)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    const std::string fix_branch = runs.back().output("fix-branch");
    const std::string first = head_of(sandbox, fix_branch);
    runs.push_back(sandbox.run_workflow(fix_branch));
    ASSERT_EQ(runs.back().output("action-taken"), "retry_attempted") << testing::describe_runs(runs);
    // A second run that built the same commit as the one before it: its push races and loses.
    testing::RunOptions late;
    late.sha = first;
    runs.push_back(sandbox.run_workflow(fix_branch, late));
    EXPECT_EQ(runs.back().exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(runs.back().output("action-taken"), "superseded") << testing::describe_runs(runs);
    EXPECT_EQ(runs.back().output("commit-sha"), "");
}

TEST(FailedSteps, PullRequestRefusedHasItsOwnActionTaken) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    const std::string fix_branch = runs.back().output("fix-branch");
    sandbox.github().fail_next("POST /repos/octo/inventory/pulls", 1, testing::GitHubFault::forbidden_403);
    runs.push_back(sandbox.run_workflow(fix_branch));
    const WorkflowRun& run = runs.back();
    EXPECT_NE(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "pr_failed") << testing::describe_runs(runs);
    EXPECT_EQ(run.output("pr-url"), "");
    EXPECT_EQ(run.result.value("action_taken", ""), "pr_failed");
    EXPECT_EQ(run.result["error"].value("kind", ""), "auth") << run.result.dump(2);
    EXPECT_NE(run.result["error"].value("message", "").find("not permitted to create"), std::string::npos);
    EXPECT_NE(run.step_summary.find("pr_failed"), std::string::npos) << run.step_summary;
    // The lesson commit was pushed: commit-sha names it, and it is the branch's head on the origin.
    EXPECT_EQ(run.output("commit-sha"), head_of(sandbox, fix_branch));
    EXPECT_TRUE(sandbox.github().pull_requests().empty());
}

TEST(FailedSteps, DispatchRefusedHasItsOwnActionTakenAndNamesThePushedCommit) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    sandbox.github().fail_next("POST /repos/octo/inventory/actions/workflows/*/dispatches", 1,
                               testing::GitHubFault::forbidden_403);
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    const WorkflowRun& run = runs.back();
    EXPECT_NE(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "dispatch_failed") << testing::describe_runs(runs);
    const std::string fix_branch = run.output("fix-branch");
    ASSERT_FALSE(fix_branch.empty());
    EXPECT_EQ(run.output("commit-sha"), head_of(sandbox, fix_branch));
    EXPECT_NE(run.step_summary.find("dispatch_failed"), std::string::npos) << run.step_summary;
}

TEST(ModelDown, Case3OpensThePullRequestFromTheCommits) {
    // Requests 1 and 2 are the fix session; every later one (the summary and its retries) gets 529.
    const auto overloaded =
        testing::error_reply(529, "overloaded_error", "Overloaded", {{"retry-after-ms", "20"}});
    WorkflowSandbox sandbox(
        testing::faulty_model(testing::scripted_fixer({testing::import_json_fix()}), {3, 1000, overloaded}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    const std::string fix_branch = runs.back().output("fix-branch");
    runs.push_back(sandbox.run_workflow(fix_branch));
    const WorkflowRun& run = runs.back();
    EXPECT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "pr_created") << testing::describe_runs(runs);
    EXPECT_GT(sandbox.model().bodies().size(), 3U); // the summary was retried before giving up
    EXPECT_NE(run.stdout_text.find("::warning::the model could not write the PR summary"), std::string::npos)
        << run.stdout_text;
    const auto pulls = sandbox.github().pull_requests();
    ASSERT_EQ(pulls.size(), 1U);
    EXPECT_NE(pulls[0].title.find("Import json in inventory/report.py"), std::string::npos) << pulls[0].title;
    EXPECT_NE(pulls[0].body.find("Attempt 1: Import json in inventory/report.py"), std::string::npos);
    EXPECT_FALSE(pulls[0].labels.empty());
    // The lesson, built from the commits too, is on the branch.
    EXPECT_NE(sandbox.origin_log(fix_branch, "%s").find("record the lesson in SKILL.md"), std::string::npos);
    EXPECT_NE(testing::run_command({"git", "show", fix_branch + ":SKILL.md"}, sandbox.origin_path())
                  .out.find("Import json in inventory/report.py"),
              std::string::npos);
}

// A model whose first fix session looks at a file and gives up, and whose later sessions make `edit` (none
// when `edit` is empty); summaries get a JSON object.
testing::FakeModelServer::Handler gives_up_first(std::optional<testing::ScriptedEdit> edit) {
    struct State {
        std::mutex mutex;
        int sessions = 0;
    };
    auto state = std::make_shared<State>();
    auto later = edit ? testing::scripted_fixer({*edit}) : testing::scripted_fixer({});
    return [state, later](const nlohmann::json& body) {
        std::lock_guard lock(state->mutex);
        if (!body.contains("tools")) {
            return later(body);
        }
        if (body["messages"].size() == 1) {
            ++state->sessions;
        }
        if (state->sessions > 1) {
            return later(body);
        }
        if (body["messages"].size() == 1) {
            return testing::tool_use_reply({{"toolu_look",
                                             "str_replace_based_edit_tool",
                                             {{"command", "view"}, {"path", "inventory/report.py"}}}});
        }
        return testing::text_reply("I looked at inventory/report.py and found nothing to change.");
    };
}

TEST(EmptySession, CountsAsAnAttemptAndTheNextFollowsInTheSameRun) {
    WorkflowSandbox sandbox(gives_up_first(testing::import_json_fix()));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    const WorkflowRun& run = runs.back();
    EXPECT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    EXPECT_EQ(run.output("attempt"), "2");
    const std::string fix_branch = run.output("fix-branch");
    EXPECT_EQ(run.output("commit-sha"), head_of(sandbox, fix_branch));
    // Attempt 1 is on the branch as a commit without changes, marked as such; attempt 2 is the fix.
    const auto subjects = testing::text_lines(sandbox.origin_log("main.." + fix_branch, "%s"));
    ASSERT_EQ(subjects.size(), 2U) << sandbox.origin_log("main.." + fix_branch);
    EXPECT_NE(subjects[1].find("Attempt 1: No change"), std::string::npos) << subjects[1];
    EXPECT_NE(subjects[0].find("Attempt 2: Import json"), std::string::npos) << subjects[0];
    EXPECT_NE(sandbox.origin_log(fix_branch + "~1", "%B").find("Autofix-Result: no-change"),
              std::string::npos);
    EXPECT_EQ(testing::run_command({"git", "diff", "--stat", fix_branch + "~2", fix_branch + "~1"},
                                   sandbox.origin_path())
                  .out,
              "");
    // Attempt 2's prompt says what attempt 1 tried.
    std::vector<std::string> firsts;
    for (const auto& body : sandbox.model().bodies()) {
        if (body.contains("tools") && body["messages"].size() == 1) {
            firsts.push_back(body["messages"][0].dump());
        }
    }
    ASSERT_EQ(firsts.size(), 2U);
    EXPECT_NE(firsts[1].find("changed nothing"), std::string::npos) << firsts[1];
    EXPECT_NE(firsts[1].find("view inventory/report.py"), std::string::npos) << firsts[1];
    EXPECT_NE(firsts[1].find("found nothing to change"), std::string::npos) << firsts[1];
    EXPECT_NE(run.step_summary.find("no change"), std::string::npos) << run.step_summary;
    // The next run (CI green) counts both attempts.
    runs.push_back(sandbox.run_workflow(fix_branch));
    EXPECT_EQ(runs.back().output("action-taken"), "pr_created") << testing::describe_runs(runs);
    const auto pulls = sandbox.github().pull_requests();
    ASSERT_EQ(pulls.size(), 1U);
    EXPECT_NE(std::find(pulls[0].labels.begin(), pulls[0].labels.end(), "attempt-count-2"),
              pulls[0].labels.end());
}

TEST(EmptySession, ReRunAfterAFailedDispatchStartsCiOnTheRunsCommits) {
    WorkflowSandbox sandbox(gives_up_first(testing::import_json_fix()));
    const std::string built = sandbox.break_project("bug-simple.py", "inventory/report.py");
    sandbox.github().fail_next("POST /repos/octo/inventory/actions/workflows/*/dispatches", 1,
                               testing::GitHubFault::forbidden_403);
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "dispatch_failed") << testing::describe_runs(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    const std::string pushed = head_of(sandbox, fix_branch);
    // The re-run finds its attempts (one without changes, then the fix) and starts CI on them.
    testing::RunOptions rerun;
    rerun.run_id = runs.back().run_id;
    rerun.run_attempt = 2;
    rerun.sha = built;
    runs.push_back(sandbox.run_workflow("main", rerun));
    EXPECT_EQ(runs.back().exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(runs.back().output("action-taken"), "rerun_skipped") << testing::describe_runs(runs);
    EXPECT_EQ(head_of(sandbox, fix_branch), pushed);
    ASSERT_EQ(sandbox.github().dispatches().size(), 1U) << testing::describe_runs(runs);
    EXPECT_EQ(sandbox.github().dispatches()[0].ref, fix_branch);
}

TEST(EmptySession, EveryAttemptEmptyEscalatesAtMaxAttempts) {
    WorkflowSandbox sandbox(gives_up_first(std::nullopt));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options;
    options.env["INPUT_MAX-ATTEMPTS"] = "3";
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    const WorkflowRun& run = runs.back();
    EXPECT_EQ(run.exit_code, 0) << testing::describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "escalated") << testing::describe_runs(runs);
    EXPECT_EQ(run.output("case"), "5");
    EXPECT_EQ(run.output("commit-sha"), "");
    const std::string fix_branch = run.output("fix-branch");
    const auto subjects = testing::text_lines(sandbox.origin_log("main.." + fix_branch, "%s"));
    ASSERT_EQ(subjects.size(), 3U) << sandbox.origin_log("main.." + fix_branch);
    for (const std::string& subject : subjects) {
        EXPECT_NE(subject.find(": No change"), std::string::npos) << subject;
    }
    ASSERT_EQ(sandbox.github().issues().size(), 1U);
    EXPECT_FALSE(run.output("issue-url").empty());
    EXPECT_TRUE(sandbox.github().dispatches().empty()); // nothing changed: no CI run is needed
    // A later failing run finds the issue and makes no fourth attempt.
    runs.push_back(sandbox.run_workflow(fix_branch, options));
    EXPECT_EQ(runs.back().output("action-taken"), "already_escalated") << testing::describe_runs(runs);
}

} // namespace
} // namespace autofix
