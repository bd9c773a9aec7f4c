// Runs the binary through command flows and checks that the progress comment on the pull request whose
// build failed, and the `/autofix explain` reply, say the chain's real state: a retry past an escalation
// whose CI fails again, a retry on an open fix PR whose CI passes again, a stop and the run after it, and a
// progress comment a human deleted.
#include "adapters/poco_http_transport.hpp"
#include "support/event_runs.hpp"
#include "support/readme_workflow.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <cctype>
#include <gtest/gtest.h>

namespace autofix {
namespace {

using nlohmann::json;
using testing::describe;
using testing::pull_request_run;
using testing::RunOptions;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

constexpr std::uint64_t k_comment_run_id = 8123456789; // the comment workflow's own run

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

RunOptions dispatched() {
    RunOptions options;
    options.env["GITHUB_EVENT_NAME"] = "workflow_dispatch";
    return options;
}

// An `issue_comment` payload: `login` comments `body` on issue or pull request `number`.
json comment_payload(std::uint64_t number, bool on_pull_request, const std::vector<std::string>& labels,
                     const std::string& login, const std::string& body) {
    json issue = {{"number", number},
                  {"title", "An issue"},
                  {"state", "open"},
                  {"labels", json::array()},
                  {"user", {{"login", "github-actions[bot]"}, {"type", "Bot"}}}};
    for (const std::string& label : labels) {
        issue["labels"].push_back({{"name", label}, {"color", "ededed"}});
    }
    if (on_pull_request) {
        issue["pull_request"] = {
            {"url", "https://api.github.com/repos/octo/inventory/pulls/" + std::to_string(number)},
            {"html_url", "https://github.com/octo/inventory/pull/" + std::to_string(number)},
            {"merged_at", nullptr}};
    }
    return json{{"action", "created"},
                {"issue", issue},
                {"comment",
                 {{"id", 2000000000 + number},
                  {"body", body},
                  {"html_url",
                   "https://github.com/octo/inventory/issues/" + std::to_string(number) + "#issuecomment-1"},
                  {"user", {{"login", login}, {"type", "User"}}},
                  {"author_association", "OWNER"}}},
                {"repository", {{"full_name", "octo/inventory"}}},
                {"sender", {{"login", login}, {"type", "User"}}}};
}

// The README's comment job run on `payload`, as the comment workflow's run k_comment_run_id.
WorkflowRun run_comment(WorkflowSandbox& sandbox, json payload) {
    RunOptions options;
    options.run_id = k_comment_run_id;
    options.env["GITHUB_EVENT_NAME"] = "issue_comment";
    options.payload = std::move(payload);
    options.env["INPUT_BUILD-STATUS"] = "";
    options.env["INPUT_FAILURE-LOG"] = "";
    options.env["GITHUB_WORKFLOW_REF"] =
        "octo/inventory/.github/workflows/autofix-commands.yml@refs/heads/main";
    for (const auto& [name, value] :
         testing::readme_job(testing::readme_workflow("## Talking to it"), "command").inputs) {
        if (value.find("${{") == std::string::npos) {
            std::string upper = name;
            std::transform(upper.begin(), upper.end(), upper.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            options.env["INPUT_" + upper] = value;
        }
    }
    return sandbox.run_workflow("main", options);
}

// The action's progress comment on `pr` (the only comment of the token's there that carries the marker).
std::string progress_of(WorkflowSandbox& sandbox, std::uint64_t pr) {
    const auto item = sandbox.github().item(pr);
    std::string found;
    for (std::size_t index = 0; index < item->comments.size(); ++index) {
        const bool own = index >= item->comment_authors.size() || item->comment_authors[index].empty();
        if (own && item->comments[index].starts_with("<!-- autofix:progress")) {
            EXPECT_TRUE(found.empty()) << "a second progress comment: " << item->comments[index];
            found = item->comments[index];
        }
    }
    return found;
}

std::uint64_t number_of(const std::string& url) {
    return std::stoull(url.substr(url.rfind('/') + 1));
}

// Ends the newest unfinished CI run the action started on `branch` as GitHub would: completed with
// `conclusion`, one job whose log says so (the sandbox runs CI without telling the fake's runs list).
void ci_completed(WorkflowSandbox& sandbox, const std::string& branch, const std::string& conclusion) {
    const auto runs = sandbox.github().workflow_runs();
    for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
        if (run->head_branch == branch && run->status != "completed") {
            sandbox.github().finish_workflow_run(run->id, conclusion);
            sandbox.github().add_run(
                run->id, {{"build-test", conclusion,
                           conclusion == "success" ? "Ran 6 tests\nOK\n"
                                                   : "ERROR: test_report_json_is_sorted_json\nNameError: "
                                                     "name 'json' is not defined\nFAILED (errors=1)\n"}});
            return;
        }
    }
    FAIL() << "no unfinished CI run on " << branch;
}

std::string last_reply(WorkflowSandbox& sandbox, std::uint64_t number) {
    const auto item = sandbox.github().item(number);
    return item->comments.empty() ? "" : item->comments.back();
}

TEST(ProgressTruth, ARetryPastTheEscalationWhoseCiFailsSaysSoInTheCommentAndOnTheIssue) {
    testing::SandboxOptions options;
    options.env["INPUT_MAX-ATTEMPTS"] = "2";
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2),
                                                     testing::harmless_edit(3)}),
                            options);
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    const std::uint64_t pr = sandbox.github().add_pull_request("Stock reports", "feature", "main");
    sandbox.make_pull_request_refs(static_cast<int>(pr), "feature", "main");
    const WorkflowRun first = sandbox.run_workflow("feature", pull_request_run(sandbox, pr, "feature"));
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << describe({first});
    const std::string fix_branch = first.output("fix-branch");
    ASSERT_EQ(sandbox.run_workflow(fix_branch, dispatched()).output("action-taken"), "retry_attempted");
    const WorkflowRun escalated = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(escalated.output("action-taken"), "escalated") << describe({escalated});
    const std::uint64_t issue = number_of(escalated.output("issue-url"));
    EXPECT_TRUE(contains(progress_of(sandbox, pr), "`/autofix retry <guidance>`"))
        << progress_of(sandbox, pr);

    sandbox.github().set_collaborator("ada", "admin");
    ci_completed(sandbox, fix_branch, "failure"); // attempt 2's CI, which the retry answers
    const WorkflowRun retried =
        run_comment(sandbox, comment_payload(pr, true, {}, "ada", "/autofix retry pin it"));
    ASSERT_EQ(retried.exit_code, 0) << describe({retried});
    ASSERT_FALSE(retried.output("commit-sha").empty()) << describe({retried});
    const std::string pushed = progress_of(sandbox, pr);
    EXPECT_TRUE(contains(pushed, "**Status:** attempt 3 pushed, waiting for CI")) << pushed;
    EXPECT_TRUE(contains(pushed, "| Attempt | 3 of 2 + 1 retry |")) << pushed;
    EXPECT_TRUE(contains(pushed, "| Issue | [#" + std::to_string(issue) + "](")) << pushed;
    EXPECT_FALSE(contains(pushed, "/actions/runs/" + std::to_string(k_comment_run_id))) << pushed;
    // The CI run the retry started on the fix branch is linked instead.
    EXPECT_TRUE(
        contains(pushed, "/actions/runs/" + std::to_string(sandbox.github().workflow_runs().back().id) + ")"))
        << pushed;

    const WorkflowRun failed_again = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(failed_again.output("action-taken"), "already_escalated") << describe({failed_again});
    const std::string after = progress_of(sandbox, pr);
    EXPECT_TRUE(contains(after, "**Status:** attempt 3 failed; escalated: issue #" + std::to_string(issue)))
        << after;
    EXPECT_TRUE(contains(after, "| Attempt | 3 of 2 + 1 retry |")) << after;
    EXPECT_TRUE(contains(after, "| Issue | [#" + std::to_string(issue) + "](")) << after;
    EXPECT_TRUE(contains(after, "/actions/runs/" + std::to_string(failed_again.run_id) + ")")) << after;
    // The human who asked is answered on the escalation issue, once (a re-run of that CI run adds nothing).
    const std::string told = last_reply(sandbox, issue);
    EXPECT_TRUE(contains(told, "Attempt 3, asked for by @ada with `/autofix retry`, did not fix the build"))
        << told;
    const std::size_t issue_comments = sandbox.github().item(issue)->comments.size();
    RunOptions rerun = dispatched();
    rerun.run_id = failed_again.run_id;
    rerun.run_attempt = 2;
    EXPECT_EQ(sandbox.run_workflow(fix_branch, rerun).output("action-taken"), "already_escalated");
    EXPECT_EQ(sandbox.github().item(issue)->comments.size(), issue_comments);

    ci_completed(sandbox, fix_branch, "failure");
    const WorkflowRun explained =
        run_comment(sandbox, comment_payload(issue, false, sandbox.github().item(issue)->labels, "ada",
                                             "/autofix explain"));
    ASSERT_EQ(explained.output("action-taken"), "command_explained") << describe({explained});
    const std::string reply = last_reply(sandbox, issue);
    EXPECT_TRUE(contains(reply, "escalated in issue [#" + std::to_string(issue) + "]")) << reply;
    EXPECT_TRUE(contains(reply, "CI failed on its commit")) << reply;
    EXPECT_FALSE(contains(reply, "no pull request was opened")) << reply;
}

TEST(ProgressTruth, ARetryOnAnOpenFixPrKeepsItsLinkAndSaysFixedWhenCiPassesAgain) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix(), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    const std::uint64_t pr = sandbox.github().add_pull_request("Stock reports", "feature", "main");
    sandbox.make_pull_request_refs(static_cast<int>(pr), "feature", "main");
    const WorkflowRun first = sandbox.run_workflow("feature", pull_request_run(sandbox, pr, "feature"));
    const std::string fix_branch = first.output("fix-branch");
    const WorkflowRun passed = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(passed.output("action-taken"), "pr_created") << describe({passed});
    ci_completed(sandbox, fix_branch, "success");
    const std::uint64_t fix_pr = number_of(passed.output("pr-url"));
    sandbox.github().set_collaborator("ada", "write");

    const WorkflowRun explained =
        run_comment(sandbox, comment_payload(fix_pr, true, {fix_branch}, "ada", "/autofix explain"));
    ASSERT_EQ(explained.output("action-taken"), "command_explained") << describe({explained});
    const std::string reply = last_reply(sandbox, fix_pr);
    EXPECT_TRUE(contains(reply, "CI passed and fix PR [#" + std::to_string(fix_pr) + "](")) << reply;
    EXPECT_FALSE(contains(reply, "no pull request was opened")) << reply;

    const WorkflowRun retried =
        run_comment(sandbox, comment_payload(fix_pr, true, {fix_branch}, "ada", "/autofix retry rename it"));
    ASSERT_FALSE(retried.output("commit-sha").empty()) << describe({retried});
    const std::string pushed = progress_of(sandbox, pr);
    EXPECT_TRUE(contains(pushed, "**Status:** attempt 2 pushed, waiting for CI")) << pushed;
    EXPECT_TRUE(contains(pushed, "| Pull request | [#" + std::to_string(fix_pr) + "](")) << pushed;
    EXPECT_TRUE(contains(pushed, "| Attempt | 2 of 6 + 1 retry |")) << pushed;
    EXPECT_FALSE(contains(pushed, "/actions/runs/" + std::to_string(k_comment_run_id))) << pushed;

    // Explain while CI runs on the retry's commit: it says so, not that the build failed.
    run_comment(sandbox, comment_payload(fix_pr, true, {fix_branch}, "ada", "/autofix explain"));
    const std::string pending = last_reply(sandbox, fix_pr);
    EXPECT_TRUE(contains(pending, "CI is still running on its commit")) << pending;
    EXPECT_TRUE(contains(pending, "fix PR [#" + std::to_string(fix_pr) + "](")) << pending;
    EXPECT_FALSE(contains(pending, "CI passed")) << pending;

    const WorkflowRun again = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(again.output("action-taken"), "pr_exists") << describe({again});
    const std::string fixed = progress_of(sandbox, pr);
    EXPECT_TRUE(contains(fixed, "**Status:** fixed: PR #" + std::to_string(fix_pr))) << fixed;
    EXPECT_TRUE(contains(fixed, "| Pull request | [#" + std::to_string(fix_pr) + "](")) << fixed;
}

TEST(ProgressTruth, AStopSaysWhoStoppedItAtTheStopAndAtTheNextFailingRun) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    const std::uint64_t pr = sandbox.github().add_pull_request("Stock reports", "feature", "main");
    sandbox.make_pull_request_refs(static_cast<int>(pr), "feature", "main");
    const WorkflowRun first = sandbox.run_workflow("feature", pull_request_run(sandbox, pr, "feature"));
    const std::string fix_branch = first.output("fix-branch");
    sandbox.github().set_collaborator("ada", "write");

    const WorkflowRun stopped = run_comment(sandbox, comment_payload(pr, true, {}, "ada", "/autofix stop"));
    ASSERT_EQ(stopped.output("action-taken"), "command_stopped") << describe({stopped});
    const std::string at_stop = progress_of(sandbox, pr);
    EXPECT_TRUE(contains(at_stop, "**Status:** stopped by @ada (/autofix stop)")) << at_stop;
    EXPECT_FALSE(contains(at_stop, "/actions/runs/" + std::to_string(k_comment_run_id))) << at_stop;

    const WorkflowRun next = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(next.output("action-taken"), "stopped_by_command") << describe({next});
    const std::string after = progress_of(sandbox, pr);
    EXPECT_TRUE(contains(after, "**Status:** stopped by @ada (/autofix stop)")) << after;
    EXPECT_FALSE(contains(after, "waiting for CI")) << after;

    const WorkflowRun explained =
        run_comment(sandbox, comment_payload(pr, true, {}, "ada", "/autofix explain"));
    EXPECT_TRUE(contains(last_reply(sandbox, pr), "Stopped by @ada with `/autofix stop`"))
        << describe({explained});
}

TEST(ProgressTruth, ADeletedProgressCommentIsMadeAgainOnceByTheNextRun) {
    WorkflowSandbox sandbox(testing::scripted_fixer(
        {testing::harmless_edit(1), testing::harmless_edit(2), testing::harmless_edit(3)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    const std::uint64_t pr = sandbox.github().add_pull_request("Stock reports", "feature", "main");
    sandbox.make_pull_request_refs(static_cast<int>(pr), "feature", "main");
    const WorkflowRun first = sandbox.run_workflow("feature", pull_request_run(sandbox, pr, "feature"));
    const std::string fix_branch = first.output("fix-branch");
    ASSERT_EQ(sandbox.github().item(pr)->comments.size(), 1U);

    // A human deletes it through the API (DELETE answers 204, as GitHub does).
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    ports::HttpRequest request;
    request.method = "DELETE";
    request.url = sandbox.github().api_url() + "/repos/octo/inventory/issues/comments/" +
                  std::to_string(1000 * pr); // the fake numbers comments <item>*1000 + index
    request.headers.emplace_back("Authorization", "Bearer " + sandbox.options().github_token);
    const auto deleted = transport.send(request);
    ASSERT_TRUE(deleted) << deleted.error().message;
    EXPECT_EQ(deleted->status, 204);
    EXPECT_TRUE(deleted->body.empty());
    ASSERT_TRUE(sandbox.github().item(pr)->comments.empty());

    const WorkflowRun second = sandbox.run_workflow(fix_branch, dispatched());
    ASSERT_EQ(second.output("action-taken"), "retry_attempted") << describe({second});
    EXPECT_EQ(second.result["progress_comment"]["status"], "created") << second.result.dump(2);
    ASSERT_EQ(sandbox.github().item(pr)->comments.size(), 1U);
    EXPECT_TRUE(contains(progress_of(sandbox, pr), "attempt 2 pushed, waiting for CI"));
    const WorkflowRun third = sandbox.run_workflow(fix_branch, dispatched());
    EXPECT_EQ(third.result["progress_comment"]["status"], "updated") << third.result.dump(2);
    EXPECT_EQ(sandbox.github().item(pr)->comments.size(), 1U);
    EXPECT_TRUE(contains(progress_of(sandbox, pr), "attempt 3 pushed, waiting for CI"));
}

} // namespace
} // namespace autofix
