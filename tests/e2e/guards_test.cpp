// Runs every runaway guard through the binary in the workflow sandbox (real git origin, fake GitHub,
// scripted model) and checks that it stops the run before any model call, with exit 0, the guard's name as
// `action-taken` in the outputs and the result JSON, and its reason in the step summary: `enabled: false` in
// .github/autofix.yml, an open issue labelled autofix-pause, the action's own commit landed on main (by a
// fast-forward, or a merge commit read in a shallow checkout), a fix branch deleted or whose pull request was
// closed or merged, and a re-run whose attempt already had its CI run (no second dispatch, also when the
// first dispatch's answer was lost).
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::WorkflowRun;
using testing::WorkflowSandbox;

const testing::GitPerson maintainer{"Max Maintainer", "max@example.com"};

std::string head_of(WorkflowSandbox& sandbox, const std::string& ref) {
    return sandbox.origin_log(ref, "%H").substr(0, 40);
}

std::size_t model_calls(WorkflowSandbox& sandbox) {
    return sandbox.model().bodies().size();
}

// The run stopped cleanly at `guard`, whose reason holds `says`, everywhere a user looks.
void expect_guard(const WorkflowRun& run, const std::string& guard, const std::string& says,
                  const std::vector<WorkflowRun>& runs) {
    const std::string context = testing::describe(runs);
    EXPECT_EQ(run.exit_code, 0) << context;
    EXPECT_EQ(run.output("action-taken"), guard) << context;
    EXPECT_EQ(run.output("commit-sha"), "") << context;
    ASSERT_TRUE(run.result.is_object()) << context;
    EXPECT_EQ(run.result.value("status", ""), "ok");
    EXPECT_EQ(run.result.value("action_taken", ""), guard);
    EXPECT_NE(run.step_summary.find(guard), std::string::npos) << run.step_summary;
    EXPECT_NE(run.step_summary.find("runaway guard"), std::string::npos) << run.step_summary;
    EXPECT_NE(run.step_summary.find(says), std::string::npos) << run.step_summary;
    EXPECT_NE(run.stdout_text.find("::notice::autofix stopped (" + guard + ")"), std::string::npos)
        << run.stdout_text;
}

// Pushes to main on the origin what `change` does in a fresh clone of it, as the maintainer.
template <typename Change>
void change_main(WorkflowSandbox& sandbox, const std::string& name, Change change) {
    const std::string work = sandbox.origin_path() + "-" + name;
    testing::git_in(".", {"clone", "-q", sandbox.origin_path(), work});
    change(work);
    testing::git_in(work, {"push", "-q", "origin", "HEAD:refs/heads/main"});
}

TEST(Guards, EnabledFalseInTheConfigFileStopsBeforeAnyGitOrNetwork) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.commit_as_human("main", ".github/autofix.yml",
                            "# autofix is off for the release freeze\nenabled: false\n");
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const std::size_t git_requests = sandbox.git_server().server().requests().size();
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    expect_guard(runs.back(), "disabled", ".github/autofix.yml:2", runs);
    EXPECT_EQ(runs.back().output("case"), "1");
    EXPECT_EQ(runs.back().output("fix-branch"), "");
    EXPECT_EQ(sandbox.origin_branches(), std::vector<std::string>{"main"});
    EXPECT_TRUE(sandbox.github().requests().empty()); // not even the pause check
    EXPECT_EQ(sandbox.git_server().server().requests().size(), git_requests);
    EXPECT_EQ(runs.back().stdout_text.find("artifact"), std::string::npos); // no upload attempted either
    EXPECT_EQ(model_calls(sandbox), 0U);
}

TEST(Guards, OpenPauseIssueStopsEveryCaseButAClosedOneDoesNot) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.github().add_issue("Pause autofix (resolved)", "", {"autofix-pause"}, "closed");
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    const std::size_t calls = model_calls(sandbox);

    // Paused: the green fix branch gets no PR (its summary would ask the model), main no second fix.
    const auto pause = sandbox.github().add_issue("Hold autofix during the migration", "", {"autofix-pause"});
    runs.push_back(sandbox.run_workflow(fix_branch));
    expect_guard(runs.back(), "paused", "#" + std::to_string(pause), runs);
    EXPECT_EQ(runs.back().output("case"), "3");
    EXPECT_TRUE(sandbox.github().pull_requests().empty());
    runs.push_back(sandbox.run_workflow("main")); // main fails again (another run): no second fix branch
    expect_guard(runs.back(), "paused", "Hold autofix during the migration", runs);
    EXPECT_EQ(runs.back().output("case"), "1");
    EXPECT_EQ(sandbox.origin_branches().size(), 2U);
    EXPECT_EQ(model_calls(sandbox), calls);
}

TEST(Guards, OwnAttemptFastForwardedOntoMainIsNotFixedAgain) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    // Someone merges the (still failing) fix by fast-forward: main's head is the agent's attempt commit.
    testing::git_in(sandbox.origin_path(), {"update-ref", "refs/heads/main", "refs/heads/" + fix_branch});
    const std::size_t calls = model_calls(sandbox);
    runs.push_back(sandbox.run_workflow("main"));
    expect_guard(runs.back(), "own_commit_skipped", head_of(sandbox, "main").substr(0, 12), runs);
    EXPECT_EQ(runs.back().output("fix-branch"), "");
    EXPECT_EQ(sandbox.origin_branches().size(), 2U);
    EXPECT_EQ(model_calls(sandbox), calls);
}

TEST(Guards, MergeCommitOfTheFixIsRecognisedInAShallowCheckout) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    const std::string attempt = head_of(sandbox, fix_branch);
    // A merge commit whose subject does not name the branch: only its merged parent says whose work it is.
    change_main(sandbox, "merge", [&](const std::string& work) {
        testing::git_in(work, {"fetch", "-q", "origin", fix_branch});
        testing::git_in(work, {"merge", "-q", "--no-ff", "-m", "Land the report fix", "FETCH_HEAD"},
                        maintainer);
    });
    const std::size_t calls = model_calls(sandbox);
    testing::RunOptions shallow;
    shallow.fetch_depth = 1; // the merged parent is not in the checkout: the guard fetches it
    runs.push_back(sandbox.run_workflow("main", shallow));
    expect_guard(runs.back(), "own_commit_skipped", "merges " + attempt.substr(0, 12), runs);
    EXPECT_EQ(model_calls(sandbox), calls);

    // A human's commit on top is theirs: the fix starts as usual.
    sandbox.commit_as_human("main", "NOTES.md", "The report still fails; looking into it.\n");
    runs.push_back(sandbox.run_workflow("main", shallow));
    EXPECT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe(runs);
}

TEST(Guards, ClosedUnmergedPullRequestEndsTheFix) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    const std::string before = head_of(sandbox, fix_branch);
    const auto pull = sandbox.github().add_pull_request("Fix the report", fix_branch, "main");
    sandbox.github().close_pull_request(pull);
    const std::size_t calls = model_calls(sandbox);
    runs.push_back(sandbox.run_workflow(fix_branch)); // CI still fails on the fix branch: case 2
    expect_guard(runs.back(), "pr_closed", "#" + std::to_string(pull), runs);
    EXPECT_EQ(runs.back().output("case"), "2");
    EXPECT_EQ(runs.back().output("fix-branch"), fix_branch);
    EXPECT_EQ(head_of(sandbox, fix_branch), before);
    EXPECT_EQ(sandbox.github().dispatches().size(), 1U); // the first attempt's only
    EXPECT_TRUE(sandbox.github().issues().empty());
    EXPECT_EQ(model_calls(sandbox), calls);
}

TEST(Guards, MergedPullRequestGetsNoSecondOne) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    const std::string fix_branch = runs.back().output("fix-branch");
    runs.push_back(sandbox.run_workflow(fix_branch));
    ASSERT_EQ(runs.back().output("action-taken"), "pr_created") << testing::describe(runs);
    ASSERT_EQ(sandbox.github().pull_requests().size(), 1U);
    sandbox.github().close_pull_request(sandbox.github().pull_requests()[0].number, testing::CloseAs::merged);
    const std::size_t calls = model_calls(sandbox);
    runs.push_back(sandbox.run_workflow(fix_branch)); // the branch's CI runs again after the merge
    expect_guard(runs.back(), "pr_merged", "was merged", runs);
    EXPECT_EQ(sandbox.github().pull_requests().size(), 1U);
    EXPECT_EQ(model_calls(sandbox), calls);
}

TEST(Guards, DeletedFixBranchIsNotRevived) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    // The branch's CI run was queued, then someone deleted the branch: the run checks out its commit.
    testing::git_in(sandbox.origin_path(), {"update-ref", "refs/keep/attempt", "refs/heads/" + fix_branch});
    testing::git_in(sandbox.origin_path(), {"update-ref", "-d", "refs/heads/" + fix_branch});
    const std::size_t calls = model_calls(sandbox);
    testing::RunOptions orphan;
    orphan.checkout_ref = "refs/keep/attempt";
    runs.push_back(sandbox.run_workflow(fix_branch, orphan));
    expect_guard(runs.back(), "fix_branch_deleted", fix_branch + " no longer exists", runs);
    EXPECT_EQ(sandbox.origin_branches(), std::vector<std::string>{"main"});
    EXPECT_EQ(model_calls(sandbox), calls);
}

TEST(Guards, ReRunOfADispatchedAttemptStartsNoSecondCiRun) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    const std::string built = sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    ASSERT_EQ(sandbox.github().dispatches().size(), 1U);
    ASSERT_EQ(sandbox.github().workflow_runs().size(), 1U);
    EXPECT_EQ(sandbox.github().workflow_runs()[0].head_sha, head_of(sandbox, fix_branch));

    testing::RunOptions rerun;
    rerun.run_id = runs.back().run_id;
    rerun.run_attempt = 2;
    rerun.sha = built;
    runs.push_back(sandbox.run_workflow("main", rerun));
    EXPECT_EQ(runs.back().exit_code, 0) << testing::describe(runs);
    EXPECT_EQ(runs.back().output("action-taken"), "already_dispatched") << testing::describe(runs);
    EXPECT_EQ(runs.back().result.value("action_taken", ""), "already_dispatched");
    EXPECT_NE(runs.back().step_summary.find("CI already ran for attempt"), std::string::npos)
        << runs.back().step_summary;
    EXPECT_EQ(sandbox.github().dispatches().size(), 1U) << testing::describe(runs);
    EXPECT_EQ(testing::fix_session_models(sandbox.model().bodies()).size(), 1U);
}

TEST(Guards, ReRunAfterADispatchWhoseAnswerWasLostStartsNoSecondCiRun) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    const std::string built = sandbox.break_project("bug-simple.py", "inventory/report.py");
    // The dispatch takes effect, then the connection drops: the run cannot know and fails.
    sandbox.github().fail_next("POST /repos/octo/inventory/actions/workflows/*/dispatches", 1,
                               testing::GitHubFault::drop_after_processing);
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "dispatch_failed") << testing::describe(runs);
    ASSERT_EQ(sandbox.github().dispatches().size(), 1U);
    testing::RunOptions rerun;
    rerun.run_id = runs.back().run_id;
    rerun.run_attempt = 2;
    rerun.sha = built;
    runs.push_back(sandbox.run_workflow("main", rerun));
    EXPECT_EQ(runs.back().exit_code, 0) << testing::describe(runs);
    EXPECT_EQ(runs.back().output("action-taken"), "already_dispatched") << testing::describe(runs);
    EXPECT_EQ(sandbox.github().dispatches().size(), 1U) << testing::describe(runs);
}

} // namespace
} // namespace autofix
