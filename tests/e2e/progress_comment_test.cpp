// Runs the binary on a pull request whose build fails and follows the fix chain through its runs: one
// progress comment on the pull request, created by attempt 1 and edited in place by every later run (never a
// second comment, never a human's copy of it), ending with the fix PR; and a token that may not comment,
// where the fix goes on and the run says the comment was not updated.
#include "support/event_runs.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace autofix {
namespace {

using nlohmann::json;
using testing::describe;
using testing::pull_request_run;
using testing::RunOptions;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

const std::string k_repository = "octo/inventory";

std::string origin_rev(WorkflowSandbox& sandbox, const std::string& ref) {
    std::string sha = testing::git_in(sandbox.origin_path(), {"rev-parse", ref});
    return sha.substr(0, 40);
}

// A run of CI on the fix branch, started by the action's workflow_dispatch.
RunOptions dispatched() {
    RunOptions options;
    options.env["GITHUB_EVENT_NAME"] = "workflow_dispatch";
    return options;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

int count_requests(WorkflowSandbox& sandbox, const std::string& method, const std::string& path_prefix) {
    const auto requests = sandbox.github().requests();
    return static_cast<int>(std::count_if(requests.begin(), requests.end(), [&](const auto& request) {
        return request.method == method && request.path.starts_with(path_prefix);
    }));
}

TEST(ProgressComment, ThreeAttemptsOnAPullRequestEditOneCommentThatEndsWithTheFixPr) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2),
                                                     testing::harmless_edit(3), testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    const std::uint64_t pr = sandbox.github().add_pull_request("Stock reports", "feature", "main");
    sandbox.make_pull_request_refs(static_cast<int>(pr), "feature", "main");
    // A human's comment that opens with the marker the chain will use (its fix id is the run's id): GitHub
    // would let the token edit it, but it is not the action's.
    const std::string forged = "<!-- autofix:progress fix-id=424242 -->\nCI is red on this one.";
    sandbox.github().add_comment(pr, "octocat", forged);

    RunOptions first_run = pull_request_run(sandbox, pr, "feature");
    first_run.run_id = 424242;
    const WorkflowRun first = sandbox.run_workflow("feature", first_run);
    ASSERT_EQ(first.exit_code, 0) << describe({first});
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << describe({first});
    const std::string fix_branch = first.output("fix-branch");
    const std::string fix_id = first.result["fix_id"].get<std::string>();
    ASSERT_EQ(fix_id, "424242");
    ASSERT_EQ(sandbox.github().item(pr)->comments.size(), 2U);
    const std::string created = sandbox.github().item(pr)->comments[1];
    EXPECT_TRUE(contains(created, "<!-- autofix:progress fix-id=" + fix_id + " -->\n")) << created;
    EXPECT_TRUE(contains(created, "attempt 1 pushed, waiting for CI")) << created;
    EXPECT_EQ(first.result["progress_comment"]["status"], "created") << first.result.dump(2);
    // The chain remembers its pull request for the runs on the fix branch, whose events name none.
    const std::string trailer =
        sandbox.origin_log(fix_branch, "%(trailers:key=Autofix-Pull-Request,valueonly)");
    EXPECT_EQ(trailer.substr(0, trailer.find('\n')), std::to_string(pr)) << trailer;

    // A human pastes the whole comment, marker included: the token could edit it, but it is not the action's.
    const std::uint64_t copy = sandbox.github().add_comment(pr, "octocat", created);

    const WorkflowRun second = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(second.output("action-taken"), "retry_attempted") << describe({second});
    const WorkflowRun third = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(third.exit_code, 0) << describe({third});
    ASSERT_EQ(third.output("action-taken"), "retry_attempted") << describe({third});
    ASSERT_EQ(third.output("attempt"), "3");

    const auto comments = sandbox.github().item(pr)->comments;
    ASSERT_EQ(comments.size(), 3U); // the human's, the action's one, the human's copy
    EXPECT_EQ(comments[0], forged) << "the human's comment with the marker was edited";
    EXPECT_EQ(comments[2], created) << "the human's copy was edited";
    const std::string progress = comments[1];
    EXPECT_TRUE(contains(progress, "**Status:** attempt 3 pushed, waiting for CI")) << progress;
    EXPECT_TRUE(contains(progress, "| Attempt | 3 of 6 |")) << progress;
    EXPECT_TRUE(contains(progress, "| Model | `" + third.output("model") + "` |")) << progress;
    EXPECT_TRUE(contains(progress, "[" + fix_branch + "](")) << progress;
    EXPECT_TRUE(contains(progress, "/actions/runs/" + std::to_string(third.run_id) + ")")) << progress;
    // One POST (attempt 1), then PATCHes of that comment: not a comment per attempt.
    const std::string comments_path =
        "/repos/" + k_repository + "/issues/" + std::to_string(pr) + "/comments";
    EXPECT_EQ(count_requests(sandbox, "POST", comments_path), 1);
    const std::string own_id = second.result["progress_comment"]["url"].get<std::string>().substr(
        second.result["progress_comment"]["url"].get<std::string>().rfind('-') + 1);
    EXPECT_NE(own_id, std::to_string(copy));
    EXPECT_EQ(count_requests(sandbox, "PATCH", "/repos/" + k_repository + "/issues/comments/"), 2);
    EXPECT_EQ(count_requests(sandbox, "PATCH", "/repos/" + k_repository + "/issues/comments/" + own_id), 2);
    EXPECT_EQ(third.result["progress_comment"]["status"], "updated") << third.result.dump(2);
    EXPECT_TRUE(contains(third.step_summary, "Progress comment")) << third.step_summary;

    // Attempt 4 fixes it; CI passes on the fix branch and the fix PR is opened: the comment says so.
    const WorkflowRun fourth = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(fourth.output("action-taken"), "retry_attempted") << describe({fourth});
    const WorkflowRun passed = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(passed.output("action-taken"), "pr_created") << describe({passed});
    const std::string pr_url = passed.output("pr-url");
    const std::string fixed = sandbox.github().item(pr)->comments[1];
    EXPECT_TRUE(contains(fixed, "**Status:** fixed: PR #" + pr_url.substr(pr_url.rfind('/') + 1))) << fixed;
    EXPECT_TRUE(contains(fixed, "(" + pr_url + ")")) << fixed;
    EXPECT_TRUE(contains(fixed, "| Attempt | 4 of 6 |")) << fixed;
    EXPECT_EQ(sandbox.github().item(pr)->comments.size(), 3U);
    EXPECT_EQ(count_requests(sandbox, "POST", comments_path), 1);
}

TEST(ProgressComment, ATokenThatMayNotCommentWarnsOnceAndTheFixGoesOn) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    const std::uint64_t pr = sandbox.github().add_pull_request("Stock reports", "feature", "main");
    sandbox.make_pull_request_refs(static_cast<int>(pr), "feature", "main");
    sandbox.github().refuse_comment_writes(); // 403 as to a GITHUB_TOKEN without pull-requests: write

    const WorkflowRun run = sandbox.run_workflow("feature", pull_request_run(sandbox, pr, "feature"));
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << describe({run});
    EXPECT_FALSE(run.output("commit-sha").empty());
    EXPECT_EQ(origin_rev(sandbox, run.output("fix-branch")), run.output("commit-sha")); // pushed
    EXPECT_EQ(sandbox.github().dispatches().size(), 1U);                                // CI started

    EXPECT_TRUE(sandbox.github().item(pr)->comments.empty());
    std::size_t warnings = 0;
    for (std::size_t at = run.stdout_text.find("::warning::the progress comment"); at != std::string::npos;
         at = run.stdout_text.find("::warning::the progress comment", at + 1)) {
        ++warnings;
    }
    EXPECT_EQ(warnings, 1U) << run.stdout_text;
    EXPECT_TRUE(contains(run.stdout_text, "pull-requests: write")) << run.stdout_text;
    EXPECT_EQ(run.result["status"], "ok");
    EXPECT_EQ(run.result["progress_comment"]["status"], "not_updated") << run.result.dump(2);
    EXPECT_TRUE(contains(run.result["progress_comment"]["error"].get<std::string>(), "403"))
        << run.result.dump(2);
    EXPECT_TRUE(contains(run.step_summary, "| Progress comment | not updated: ")) << run.step_summary;
}

TEST(ProgressComment, ARunWhoseBuildBelongsToNoPullRequestWritesNoComment) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    const std::uint64_t pr = sandbox.github().add_pull_request("Stock reports", "feature", "main");

    const WorkflowRun run = sandbox.run_workflow("feature"); // a push run of the same branch
    ASSERT_EQ(run.output("action-taken"), "fix_attempted") << describe({run});
    EXPECT_TRUE(sandbox.github().item(pr)->comments.empty());
    EXPECT_TRUE(run.result["progress_comment"].is_null()) << run.result.dump(2);
    EXPECT_EQ(count_requests(sandbox, "GET", "/repos/" + k_repository + "/issues/" + std::to_string(pr)), 0);
}

} // namespace
} // namespace autofix
