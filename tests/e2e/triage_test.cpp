// Runs the binary against the sandbox to check the triage before a fix: an infrastructure or flaky failure
// on its first try runs the failed CI once more (re-runs the failed jobs of a finished run, or dispatches
// the workflow again when the action is a job of the failing run) and makes no branch; the second try (run
// attempt 2, or an earlier failed run of the same commit) goes on to fix; a configuration failure stops with
// a notice and an issue; a commit its branch has moved on from is left alone; a second job of the same run
// makes no second fix.
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <memory>

namespace autofix {
namespace {

using nlohmann::json;
using testing::describe;
using testing::FakeWorkflowRun;
using testing::RunOptions;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

const std::string k_repository = "octo/inventory";

std::string fixture(const std::string& name) {
    return std::string(AUTOFIX_SOURCE_DIR) + "/tests/fixtures/triage/" + name;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

std::string origin_rev(WorkflowSandbox& sandbox, const std::string& ref) {
    return trimmed(testing::git_in(sandbox.origin_path(), {"rev-parse", ref}));
}

bool has_fix_branch(WorkflowSandbox& sandbox) {
    const auto branches = sandbox.origin_branches();
    return std::any_of(branches.begin(), branches.end(),
                       [](const std::string& name) { return name.rfind("autonomous-fix-", 0) == 0; });
}

json workflow_run_payload(std::uint64_t run_id, int attempt, const std::string& branch,
                          const std::string& sha) {
    return json{
        {"action", "completed"},
        {"workflow_run",
         {{"id", run_id},
          {"name", "CI"},
          {"path", ".github/workflows/ci.yml"},
          {"head_branch", branch},
          {"head_sha", sha},
          {"event", "push"},
          {"status", "completed"},
          {"conclusion", "failure"},
          {"run_attempt", attempt},
          {"head_repository", {{"full_name", k_repository}}},
          {"repository", {{"full_name", k_repository}}}}},
        {"workflow", {{"name", "CI"}, {"path", ".github/workflows/ci.yml"}}},
        {"repository", {{"full_name", k_repository}}},
    };
}

// The autofix workflow of a workflow_run setup, on the default branch, for attempt `attempt` of `ci_run`.
RunOptions after_ci(std::uint64_t ci_run, int attempt, const std::string& branch, const std::string& sha) {
    RunOptions options;
    options.payload = workflow_run_payload(ci_run, attempt, branch, sha);
    options.env["GITHUB_EVENT_NAME"] = "workflow_run";
    options.env["GITHUB_WORKFLOW_REF"] = k_repository + "/.github/workflows/autofix.yml@refs/heads/main";
    options.env["INPUT_BUILD-STATUS"] = "";
    options.env["INPUT_FAILURE-LOG"] = "";
    return options;
}

// A finished run of `workflow` on main at `sha`, as the runs list shows it.
FakeWorkflowRun finished_run(std::uint64_t id, const std::string& workflow, const std::string& sha,
                             const std::string& conclusion) {
    return {id, workflow, "push", "main", sha, "completed", conclusion};
}

TEST(Triage, AnInfrastructureFailureOfAFinishedRunReRunsItsFailedJobsOnceAndMakesNoBranch) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    const std::string head = sandbox.break_project("bug-simple.py", "inventory/report.py");
    const std::uint64_t ci_run = 8200000001;
    testing::FakeJob test{
        "build-test", "failure",
        "NameError: name 'json' is not defined\n"
        "##[error]The hosted runner: GitHub Actions 7 lost communication with the server.\n"};
    sandbox.github().add_run(ci_run, {test});
    sandbox.github().add_workflow_run(finished_run(ci_run, "ci.yml", head, "failure"));

    const WorkflowRun first = sandbox.run_workflow("main", after_ci(ci_run, 1, "main", head));
    ASSERT_EQ(first.exit_code, 0) << describe({first});
    EXPECT_EQ(first.output("action-taken"), "ci_rerun") << describe({first});
    EXPECT_EQ(first.output("failure-class"), "infrastructure");
    EXPECT_EQ(first.output("fix-branch"), "");
    EXPECT_EQ(sandbox.github().reruns(), std::vector<std::uint64_t>{ci_run});
    EXPECT_TRUE(sandbox.github().dispatches().empty());
    EXPECT_FALSE(has_fix_branch(sandbox));
    EXPECT_TRUE(sandbox.model().bodies().empty()) << "no model call for an infrastructure failure";
    EXPECT_EQ(first.result["failure_class"], "infrastructure") << first.result.dump(2);
    EXPECT_EQ(first.result["triage"]["decision"], "rerun_failed_jobs");
    EXPECT_NE(first.result["triage"]["evidence"].get<std::string>().find("lost communication"),
              std::string::npos);
    EXPECT_NE(first.step_summary.find("| Decision | rerun_failed_jobs |"), std::string::npos)
        << first.step_summary;
    EXPECT_NE(first.step_summary.find("runner lost communication"), std::string::npos) << first.step_summary;

    // The re-run failed the same way: its workflow_run says run_attempt 2, so the failure is fixed as code.
    const WorkflowRun second = sandbox.run_workflow("main", after_ci(ci_run, 2, "main", head));
    ASSERT_EQ(second.exit_code, 0) << describe({second});
    EXPECT_EQ(second.output("action-taken"), "fix_attempted") << describe({second});
    EXPECT_EQ(second.output("failure-class"), "infrastructure");
    EXPECT_EQ(second.result["triage"]["decision"], "fix");
    EXPECT_EQ(origin_rev(sandbox, second.output("fix-branch") + "~1"), head);
    EXPECT_EQ(sandbox.github().reruns().size(), 1u) << "the failed jobs are re-run once only";
}

TEST(Triage, AFlakyFailureOfItsOwnRunDispatchesTheWorkflowAgainAndTheSecondRunFixes) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    const std::string head = sandbox.break_project("bug-simple.py", "inventory/report.py");
    const std::string workflow = "test-and-autofix.yml";
    sandbox.github().add_workflow_run(finished_run(6900000001, workflow, head, "success")); // it passed once
    sandbox.github().add_workflow_run(finished_run(6900000002, workflow, head, "cancelled")); // never a try

    const WorkflowRun first = sandbox.run_workflow("main");
    ASSERT_EQ(first.exit_code, 0) << describe({first});
    EXPECT_EQ(first.output("action-taken"), "ci_rerun") << describe({first});
    EXPECT_EQ(first.output("failure-class"), "flaky");
    EXPECT_EQ(first.result["triage"]["decision"], "dispatch_workflow");
    const auto dispatches = sandbox.github().dispatches();
    ASSERT_EQ(dispatches.size(), 1u);
    EXPECT_EQ(dispatches[0].workflow, "test-and-autofix.yml");
    EXPECT_EQ(dispatches[0].ref, "main"); // the same branch: its commit is built again
    EXPECT_TRUE(sandbox.github().reruns().empty()) << "a run in progress cannot re-run its failed jobs";
    EXPECT_FALSE(has_fix_branch(sandbox));
    EXPECT_TRUE(sandbox.model().bodies().empty());

    // The dispatched run builds the same commit and fails again; the runs of that commit show the first.
    sandbox.github().add_workflow_run(finished_run(first.run_id, workflow, head, "failure"));
    const WorkflowRun second = sandbox.run_workflow("main");
    ASSERT_EQ(second.exit_code, 0) << describe({second});
    EXPECT_EQ(second.output("action-taken"), "fix_attempted") << describe({second});
    EXPECT_EQ(second.output("failure-class"), "flaky");
    EXPECT_NE(second.result["triage"]["reason"].get<std::string>().find("failed twice"), std::string::npos)
        << second.result.dump(2);
    EXPECT_EQ(sandbox.github().dispatches().size(), 2u); // the second: CI on the fix branch
    EXPECT_EQ(sandbox.github().dispatches()[1].ref, second.output("fix-branch"));
    bool filtered = false;
    for (const auto& request : sandbox.github().requests()) {
        filtered = filtered || request.query.find("head_sha=" + head) != std::string::npos;
    }
    EXPECT_TRUE(filtered) << "the second try is recognised from the runs of the commit";
}

// The scripted fixer, with the triage question answered `answer` (counted in `asked`).
testing::FakeModelServer::Handler triage_answering(const std::string& answer, std::shared_ptr<int> asked) {
    auto fixer = testing::scripted_fixer({testing::import_json_fix()});
    return [fixer, answer, asked](const json& body) {
        if (!body.contains("tools") &&
            body.value("system", "").find("You sort failed CI builds") != std::string::npos) {
            ++*asked;
            return testing::text_reply(json{{"class", answer}, {"reason", "scripted: " + answer}}.dump());
        }
        return fixer(body);
    };
}

TEST(Triage, AFailureTheSignaturesLeaveOpenIsDecidedByOneSummaryModelCall) {
    auto asked = std::make_shared<int>(0);
    WorkflowSandbox sandbox(triage_answering("infrastructure", asked));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    RunOptions options;
    options.env["INPUT_FAILURE-LOG"] =
        fixture("code-pip-retry-recovered.log"); // a pip retry beside a failed test
    options.env["INPUT_SUMMARY-MODEL"] = "claude-haiku-4-5";
    const WorkflowRun run = sandbox.run_workflow("main", options);
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(*asked, 1);
    EXPECT_EQ(sandbox.model().bodies().size(), 1u);
    EXPECT_EQ(sandbox.model().bodies()[0]["model"], "claude-haiku-4-5");
    EXPECT_EQ(run.output("action-taken"), "ci_rerun") << describe({run});
    EXPECT_EQ(run.output("failure-class"), "infrastructure");
    EXPECT_NE(run.result["triage"]["reason"].get<std::string>().find("decided by claude-haiku-4-5"),
              std::string::npos)
        << run.result.dump(2);
    EXPECT_NE(run.output("input-tokens"), "0");
    EXPECT_FALSE(has_fix_branch(sandbox));

    auto asked_code = std::make_shared<int>(0);
    WorkflowSandbox other(triage_answering("code", asked_code));
    other.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun fixed = other.run_workflow("main", options);
    EXPECT_EQ(*asked_code, 1);
    EXPECT_EQ(fixed.output("action-taken"), "fix_attempted") << describe({fixed});
    EXPECT_EQ(fixed.output("failure-class"), "code");
}

TEST(Triage, ACodeFailureIsFixedAtOnce) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun run = sandbox.run_workflow("main");
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << describe({run});
    EXPECT_EQ(run.output("failure-class"), "code");
    EXPECT_EQ(run.result["triage"]["decision"], "fix");
    for (const auto& body : sandbox.model().bodies()) {
        EXPECT_TRUE(body.contains("tools")) << "no triage question when no signature is ambiguous";
    }
}

TEST(Triage, OffFixesAnInfrastructureFailureAsBefore) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    RunOptions options;
    options.env["INPUT_FAILURE-LOG"] = fixture("infrastructure-npm-etimedout.log");
    options.env["INPUT_TRIAGE"] = "off";
    const WorkflowRun run = sandbox.run_workflow("main", options);
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << describe({run});
    EXPECT_EQ(run.output("failure-class"), "");
    EXPECT_TRUE(run.result["triage"].is_null());
    EXPECT_TRUE(sandbox.github().dispatches().size() == 1u && sandbox.github().dispatches()[0].ref != "main");
}

TEST(Triage, AConfigurationFailureStopsWithANoticeAndAnIssue) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    RunOptions options;
    options.build_status = "failure";
    options.env["INPUT_FAILURE-LOG"] = fixture("configuration-input-not-supplied.log");
    options.env["INPUT_CONFIGURATION-ISSUE"] = "true";
    const WorkflowRun run = sandbox.run_workflow("main", options);
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(run.output("action-taken"), "configuration_failure") << describe({run});
    EXPECT_EQ(run.output("failure-class"), "configuration");
    EXPECT_NE(run.stdout_text.find("::notice::"), std::string::npos) << run.stdout_text;
    EXPECT_NE(run.stdout_text.find("set the secret"), std::string::npos) << run.stdout_text;
    EXPECT_FALSE(has_fix_branch(sandbox));
    EXPECT_TRUE(sandbox.model().bodies().empty());
    const auto issues = sandbox.github().issues();
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_NE(std::find(issues[0].labels.begin(), issues[0].labels.end(), "autofix-configuration"),
              issues[0].labels.end());
    EXPECT_NE(issues[0].body.find("Input required and not supplied: token"), std::string::npos)
        << issues[0].body;
    EXPECT_EQ(run.output("issue-url"), sandbox.github().options().web_url + "/" + k_repository + "/issues/" +
                                           std::to_string(issues[0].number));

    // Without the input: the notice alone.
    options.env.erase("INPUT_CONFIGURATION-ISSUE");
    const WorkflowRun again = sandbox.run_workflow("main", options);
    EXPECT_EQ(again.output("action-taken"), "configuration_failure") << describe({again});
    EXPECT_EQ(sandbox.github().issues().size(), 1u);
}

TEST(Triage, ACommitItsBranchMovedOnFromIsLeftAlone) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    const std::string broken = sandbox.break_project("bug-simple.py", "inventory/report.py");
    const std::string newer = sandbox.commit_as_human("main", "NOTES.md", "pushed while CI ran\n");
    RunOptions options;
    options.sha = broken; // the run of the older commit
    const WorkflowRun run = sandbox.run_workflow("main", options);
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(run.output("action-taken"), "stale_commit") << describe({run});
    EXPECT_NE(run.stdout_text.find("main has moved on from the failing commit " + broken.substr(0, 12) +
                                   " to " + newer.substr(0, 12)),
              std::string::npos)
        << run.stdout_text;
    EXPECT_FALSE(has_fix_branch(sandbox));
    EXPECT_TRUE(sandbox.model().bodies().empty());
    EXPECT_TRUE(sandbox.github().dispatches().empty());
}

TEST(Triage, AnotherJobOfTheSameRunMakesNoSecondFix) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix(), testing::harmless_edit(2)}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << describe({first});
    const std::string fix_branch = first.output("fix-branch");
    EXPECT_EQ(trimmed(testing::git_in(
                          sandbox.origin_path(),
                          {"log", "-1", "--format=%(trailers:key=Autofix-Failure,valueonly)", fix_branch}))
                  .size(),
              12u); // the failure's signature
    const std::size_t model_calls = sandbox.model().bodies().size();

    RunOptions matrix_job; // another job of the same run (a matrix build), failing the same way
    matrix_job.run_id = first.run_id;
    const WorkflowRun second = sandbox.run_workflow("main", matrix_job);
    ASSERT_EQ(second.exit_code, 0) << describe({second});
    EXPECT_EQ(second.output("action-taken"), "duplicate_fix") << describe({second});
    EXPECT_NE(second.result.value("action_taken", ""), "");
    EXPECT_NE(second.stdout_text.find("for the same failure"), std::string::npos) << second.stdout_text;
    EXPECT_EQ(sandbox.model().bodies().size(), model_calls);
    EXPECT_EQ(trimmed(sandbox.origin_log(fix_branch + "~1..." + fix_branch)).find('\n'), std::string::npos)
        << "one attempt commit only";
}

} // namespace
} // namespace autofix
