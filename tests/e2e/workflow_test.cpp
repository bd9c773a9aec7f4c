// Runs the remaining seed scenarios through the real binary with a scripted model: the strong model at
// attempt 5, escalation after six failed attempts, a human taking over, a feature branch, a re-run and a dry
// run.
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace autofix {
namespace {

using testing::describe;
using testing::fix_session_models;
using testing::ScriptedEdit;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

std::vector<ScriptedEdit> harmless_then(int harmless, std::optional<ScriptedEdit> fix) {
    std::vector<ScriptedEdit> edits;
    for (int attempt = 1; attempt <= harmless; ++attempt) {
        edits.push_back(testing::harmless_edit(attempt));
    }
    if (fix) {
        edits.push_back(*fix);
    }
    return edits;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            result.push_back(line);
        }
    }
    return result;
}

TEST(Workflow, StrongModelTakesOverAtAttemptFive) {
    WorkflowSandbox sandbox(testing::scripted_fixer(harmless_then(4, testing::import_json_fix())));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const auto runs = sandbox.run_until_settled("main");
    ASSERT_EQ(runs.size(), 6U) << describe(runs);
    EXPECT_EQ(runs[4].output("attempt"), "5");
    EXPECT_EQ(runs[4].output("model"), "claude-opus-4-5");
    EXPECT_EQ(runs[5].output("action-taken"), "pr_created") << describe(runs);
    EXPECT_EQ(fix_session_models(sandbox.model().bodies()),
              (std::vector<std::string>{"claude-sonnet-4-5", "claude-sonnet-4-5", "claude-sonnet-4-5",
                                        "claude-sonnet-4-5", "claude-opus-4-5"}));
    const std::string fix_branch = runs[0].output("fix-branch");
    const auto models = lines(sandbox.origin_log(fix_branch, "%(trailers:key=Autofix-Model,valueonly)"));
    EXPECT_EQ(models, (std::vector<std::string>{"claude-opus-4-5", "claude-sonnet-4-5", "claude-sonnet-4-5",
                                                "claude-sonnet-4-5", "claude-sonnet-4-5"}));
    ASSERT_EQ(sandbox.github().pull_requests().size(), 1U);
    const std::vector<std::string> labels = sandbox.github().pull_requests()[0].labels;
    EXPECT_NE(std::find(labels.begin(), labels.end(), "attempt-count-5"), labels.end());
}

TEST(Workflow, SixFailedAttemptsEscalateOnceWithoutASeventhCommit) {
    WorkflowSandbox sandbox(testing::scripted_fixer(harmless_then(6, std::nullopt)));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const auto runs = sandbox.run_until_settled("main");
    ASSERT_EQ(runs.size(), 7U) << describe(runs);
    const WorkflowRun& escalation = runs[6];
    EXPECT_EQ(escalation.exit_code, 0) << describe(runs);
    EXPECT_EQ(escalation.output("case"), "5");
    EXPECT_EQ(escalation.output("action-taken"), "escalated");
    const std::string fix_branch = runs[0].output("fix-branch");
    const std::string id = runs[0].output("fix-branch").substr(std::string("autonomous-fix-").size());

    const auto issues = sandbox.github().issues();
    ASSERT_EQ(issues.size(), 1U);
    const auto& labels = issues[0].labels;
    for (const std::string& label : {"autonomous-fix-" + id + "-escalation", std::string("needs-human"),
                                     std::string("autonomous-agent")}) {
        EXPECT_NE(std::find(labels.begin(), labels.end(), label), labels.end()) << label;
    }
    for (int attempt = 1; attempt <= 6; ++attempt) {
        EXPECT_NE(issues[0].body.find("Note attempt " + std::to_string(attempt)), std::string::npos)
            << issues[0].body;
    }
    EXPECT_EQ(escalation.output("issue-url"),
              "https://github.com/octo/inventory/issues/" + std::to_string(issues[0].number));
    const auto attempts = lines(sandbox.origin_log(fix_branch, "%(trailers:key=Autofix-Attempt,valueonly)"));
    EXPECT_EQ(attempts.size(), 6U);

    // Another failing run on the branch finds the issue and opens no second one.
    const WorkflowRun again = sandbox.run_workflow(fix_branch);
    EXPECT_EQ(again.exit_code, 0) << again.stdout_text << again.stderr_text;
    EXPECT_EQ(again.output("action-taken"), "already_escalated");
    EXPECT_EQ(sandbox.github().issues().size(), 1U);
    EXPECT_EQ(lines(sandbox.origin_log(fix_branch, "%(trailers:key=Autofix-Attempt,valueonly)")).size(), 6U);
}

TEST(Workflow, HumanCommitStopsTheAgent) {
    WorkflowSandbox sandbox(testing::scripted_fixer(harmless_then(3, std::nullopt)));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << first.stdout_text << first.stderr_text;
    const std::string fix_branch = first.output("fix-branch");
    sandbox.commit_as_human(fix_branch, "NOTES.md", "I am looking into this myself.\n");
    const std::string before = sandbox.origin_log(fix_branch, "%H");

    const WorkflowRun next = sandbox.run_workflow(fix_branch);
    EXPECT_EQ(next.exit_code, 0) << next.stdout_text << next.stderr_text;
    EXPECT_EQ(next.output("action-taken"), "human_took_over");
    EXPECT_NE(next.stdout_text.find("Ada Lovelace <ada@example.com>"), std::string::npos) << next.stdout_text;
    EXPECT_EQ(sandbox.origin_log(fix_branch, "%H"), before);
    EXPECT_EQ(fix_session_models(sandbox.model().bodies()).size(), 1U);
}

TEST(Workflow, FailureOnFeatureBranchTargetsItsPullRequestThere) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature/login");
    const auto runs = sandbox.run_until_settled("feature/login");
    ASSERT_EQ(runs.size(), 2U) << describe(runs);
    ASSERT_EQ(sandbox.github().pull_requests().size(), 1U);
    EXPECT_EQ(sandbox.github().pull_requests()[0].base, "feature/login");
    EXPECT_TRUE(sandbox.tests_pass_on("main")); // the break was on the feature branch only
}

TEST(Workflow, RerunOfTheSameRunMakesNoSecondBranchOrCommit) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    ASSERT_EQ(first.output("action-taken"), "fix_attempted");
    const std::string fix_branch = first.output("fix-branch");
    const std::string before = sandbox.origin_log(fix_branch, "%H");

    testing::RunOptions rerun;
    rerun.run_id = first.run_id;
    rerun.run_attempt = 2;
    const WorkflowRun second = sandbox.run_workflow("main", rerun);
    EXPECT_EQ(second.exit_code, 0) << second.stdout_text << second.stderr_text;
    // The first run's dispatch started CI on its attempt: the re-run starts no second CI run.
    EXPECT_EQ(second.output("action-taken"), "already_dispatched");
    EXPECT_EQ(sandbox.github().dispatches().size(), 1U);
    EXPECT_EQ(sandbox.origin_log(fix_branch, "%H"), before);
    EXPECT_EQ(sandbox.origin_branches().size(), 2U);
    EXPECT_EQ(fix_session_models(sandbox.model().bodies()).size(), 1U);
}

TEST(Workflow, FailedRunLeavesNoBlockForItsRerunInTheSameCheckout) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions unreachable;
    unreachable.env["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:1"; // nothing listens: the model is unreachable
    const WorkflowRun first = sandbox.run_workflow("main", unreachable);
    ASSERT_NE(first.exit_code, 0) << first.stdout_text << first.stderr_text;
    const std::string fix_branch = "autonomous-fix-" + std::to_string(first.run_id);
    ASSERT_EQ(testing::git_in(first.workspace, {"branch", "--list", fix_branch}).empty(), false)
        << "the failed run left no local branch, so this test checks nothing";
    EXPECT_EQ(sandbox.origin_branches(), (std::vector<std::string>{"main"}));

    testing::RunOptions rerun;
    rerun.run_id = first.run_id;
    rerun.run_attempt = 2;
    rerun.workspace = first.workspace;
    const WorkflowRun second = sandbox.run_workflow("main", rerun);
    EXPECT_EQ(second.exit_code, 0) << second.stdout_text << second.stderr_text;
    EXPECT_EQ(second.output("action-taken"), "fix_attempted") << second.stdout_text << second.stderr_text;
    ASSERT_EQ(sandbox.origin_branches().size(), 2U);
    // One attempt commit, straight on top of the failing commit of main.
    EXPECT_EQ(lines(sandbox.origin_log("main.." + fix_branch)).size(), 1U);
    EXPECT_EQ(testing::git_in(sandbox.origin_path(), {"rev-parse", fix_branch + "~1"}),
              testing::git_in(sandbox.origin_path(), {"rev-parse", "main"}));
    EXPECT_TRUE(sandbox.tests_pass_on(fix_branch));
}

TEST(Workflow, RerunAfterARefusedPushStartsAgainFromTheFailingCommit) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const std::filesystem::path hook = std::filesystem::path(sandbox.origin_path()) / "hooks" / "pre-receive";
    std::ofstream(hook) << "#!/bin/sh\necho 'pushes are frozen' >&2\nexit 1\n";
    std::filesystem::permissions(hook, std::filesystem::perms::owner_all);
    const WorkflowRun first = sandbox.run_workflow("main");
    ASSERT_NE(first.exit_code, 0) << first.stdout_text << first.stderr_text;
    const std::string fix_branch = "autonomous-fix-" + std::to_string(first.run_id);
    ASSERT_EQ(lines(testing::git_in(first.workspace, {"log", "--format=%s", "main.." + fix_branch})).size(),
              1U)
        << "the refused run left no local commit, so this test checks nothing";
    std::filesystem::remove(hook);

    testing::RunOptions rerun;
    rerun.run_id = first.run_id;
    rerun.run_attempt = 2;
    rerun.workspace = first.workspace;
    const WorkflowRun second = sandbox.run_workflow("main", rerun);
    EXPECT_EQ(second.exit_code, 0) << second.stdout_text << second.stderr_text;
    EXPECT_EQ(second.output("action-taken"), "fix_attempted");
    // The unpushed attempt of the first run is gone: one attempt commit on top of main, the real fix.
    EXPECT_EQ(lines(sandbox.origin_log("main.." + fix_branch)).size(), 1U);
    EXPECT_EQ(testing::git_in(sandbox.origin_path(), {"rev-parse", fix_branch + "~1"}),
              testing::git_in(sandbox.origin_path(), {"rev-parse", "main"}));
    EXPECT_TRUE(sandbox.tests_pass_on(fix_branch));
}

TEST(Workflow, DryRunPushesOpensAndDispatchesNothing) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options;
    options.env["INPUT_DRY-RUN"] = "true";
    const WorkflowRun run = sandbox.run_workflow("main", options);
    EXPECT_EQ(run.exit_code, 0) << run.stdout_text << run.stderr_text;
    EXPECT_EQ(run.output("action-taken"), "dry_run");
    EXPECT_EQ(run.output("commit-sha"), ""); // the local commit never reached the remote
    EXPECT_NE(run.stdout_text.find("+import json"), std::string::npos) << run.stdout_text;
    EXPECT_EQ(sandbox.origin_branches(), (std::vector<std::string>{"main"}));
    EXPECT_TRUE(sandbox.github().dispatches().empty());
    EXPECT_TRUE(sandbox.github().pull_requests().empty());
}

} // namespace
} // namespace autofix
