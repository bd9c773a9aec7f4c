// Runs cases 1, 3 and 5 through the real binary with one fault injected at a time (GitHub 5xx, rate limits,
// dropped connections, model errors and timeouts, a refused push), on the first call and on a later one, and
// checks that each run either completes after retries or fails with a clear error, and that re-running the
// same event converges to the end state of an undisturbed run with no duplicate PR or issue.
#include "support/hardening.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>

namespace autofix {
namespace {

namespace fs = std::filesystem;
using testing::GitHubFault;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

// Which run the fault hits: the first failure (case 1), the green fix branch (case 3), or the escalation (5).
enum class Stage { fix, pull_request, escalation };
// Whether the disturbed run recovers by itself or fails and needs the re-run.
enum class Expect { recovers, fails };

struct FaultCase {
    std::string name;
    Stage stage = Stage::fix;
    Expect expect = Expect::recovers;
    std::string error_kind;                       // the result JSON's error.kind when it fails
    std::function<void(WorkflowSandbox&)> inject; // before the disturbed run (GitHub faults, push refusals)
    std::function<void(WorkflowSandbox&)> heal;   // before the re-run
    testing::ModelFault model;                    // model requests are numbered from the sandbox's start
    bool check_next_run = false;                  // run the final event once more: nothing made twice
};

std::ostream& operator<<(std::ostream& out, const FaultCase& fault) {
    return out << fault.name;
}

const std::string repo_path = "/repos/octo/inventory";

std::function<void(WorkflowSandbox&)> github_fault(const std::string& route, int count, GitHubFault kind) {
    return [=](WorkflowSandbox& sandbox) {
        sandbox.github().fail_next(route, count, kind, {1, 0});
    };
}

// A primary rate limit whose reset is an hour away: no wait is worth it, the client gives up at once.
std::function<void(WorkflowSandbox&)> exhausted_rate_limit(const std::string& route) {
    return [=](WorkflowSandbox& sandbox) {
        const auto reset = std::chrono::duration_cast<std::chrono::seconds>(
                               (std::chrono::system_clock::now() + std::chrono::hours(1)).time_since_epoch())
                               .count();
        sandbox.github().fail_next(route, 1, GitHubFault::primary_rate_limit_403, {1, reset});
    };
}

testing::ModelFault model_fault(int first, int count, testing::ServedResponse reply) {
    return {first, count, std::move(reply)};
}

testing::ServedResponse model_error(int status, const std::string& type) {
    return testing::error_reply(status, type, "injected " + type, {{"retry-after-ms", "20"}});
}

FaultCase github_case(std::string name, Stage stage, Expect expect, std::string kind,
                      std::function<void(WorkflowSandbox&)> inject,
                      std::function<void(WorkflowSandbox&)> heal = {}) {
    FaultCase fault;
    fault.name = std::move(name);
    fault.stage = stage;
    fault.expect = expect;
    fault.error_kind = std::move(kind);
    fault.inject = std::move(inject);
    fault.heal = std::move(heal);
    fault.check_next_run = expect == Expect::fails && stage != Stage::fix;
    return fault;
}

FaultCase model_case(std::string name, Stage stage, Expect expect, std::string kind,
                     testing::ModelFault model) {
    FaultCase fault = github_case(std::move(name), stage, expect, std::move(kind), {});
    fault.model = std::move(model);
    return fault;
}

// A fault whose request took effect unanswered: the next run must not make it twice either.
FaultCase answered_never(FaultCase fault) {
    fault.check_next_run = true;
    return fault;
}

// A pre-receive hook on the origin refusing every push, and its removal.
void refuse_pushes(WorkflowSandbox& sandbox) {
    const fs::path hook = fs::path(sandbox.origin_path()) / "hooks" / "pre-receive";
    std::ofstream(hook) << "#!/bin/sh\necho 'pushes are frozen for maintenance' >&2\nexit 1\n";
    fs::permissions(hook, fs::perms::owner_all);
}
void allow_pushes(WorkflowSandbox& sandbox) {
    fs::remove(fs::path(sandbox.origin_path()) / "hooks" / "pre-receive");
}

std::vector<FaultCase> fault_cases() {
    const std::string dispatches = "POST " + repo_path + "/actions/workflows/*/dispatches";
    const std::string find_pulls = "GET " + repo_path + "/pulls";
    const std::string create_pull = "POST " + repo_path + "/pulls";
    const std::string add_labels = "POST " + repo_path + "/issues/*/labels";
    const std::string find_issues = "GET " + repo_path + "/issues";
    const std::string create_issue = "POST " + repo_path + "/issues";
    using enum Stage;
    using enum Expect;
    return {
        // Case 1: the fix session (model requests 1 and 2), the push, the dispatch.
        github_case("Dispatch500", fix, recovers, "", github_fault(dispatches, 1, GitHubFault::status_500)),
        github_case("Dispatch503", fix, recovers, "", github_fault(dispatches, 1, GitHubFault::status_503)),
        github_case("Dispatch429", fix, recovers, "",
                    github_fault(dispatches, 1, GitHubFault::rate_limit_429)),
        github_case("DispatchSecondaryRateLimit", fix, recovers, "",
                    github_fault(dispatches, 1, GitHubFault::secondary_rate_limit_403)),
        github_case("DispatchDropped", fix, fails, "network",
                    github_fault(dispatches, 1, GitHubFault::drop_connection)),
        model_case("Model529First", fix, recovers, "",
                   model_fault(1, 1, model_error(529, "overloaded_error"))),
        model_case("Model429Later", fix, recovers, "",
                   model_fault(2, 2, model_error(429, "rate_limit_error"))),
        model_case("Model500Exhausted", fix, fails, "model",
                   model_fault(2, 3, model_error(500, "api_error"))),
        model_case("ModelTimeoutLater", fix, recovers, "",
                   model_fault(2, 1, model_error(408, "timeout_error"))),
        model_case("ModelSpendLimit", fix, fails, "rate_limited",
                   model_fault(1, 1, testing::spend_limit_reply())),
        github_case("PushRefused", fix, fails, "push_refused", refuse_pushes, allow_pushes),
        // Case 3: find the PR, the summary (model request 3), the lesson's push, create the PR, label it.
        github_case("FindPull500First", pull_request, recovers, "",
                    github_fault(find_pulls, 1, GitHubFault::status_500)),
        github_case("CreatePull502", pull_request, recovers, "",
                    github_fault(create_pull, 1, GitHubFault::status_502)),
        answered_never(github_case("CreatePullAnsweredNever", pull_request, recovers, "",
                                   github_fault(create_pull, 1, GitHubFault::drop_after_processing))),
        github_case("CreatePullRateLimitExhausted", pull_request, fails, "rate_limited",
                    exhausted_rate_limit(create_pull)),
        github_case("LabelsRateLimitExhausted", pull_request, fails, "rate_limited",
                    exhausted_rate_limit(add_labels)),
        // The summary is optional: with the model down the PR opens with a text built from the commits.
        model_case("SummaryModel500Exhausted", pull_request, recovers, "",
                   model_fault(3, 3, model_error(500, "api_error"))),
        // Case 5: find the issue, the summary (model request 3), create the issue.
        github_case("FindIssue500First", escalation, recovers, "",
                    github_fault(find_issues, 1, GitHubFault::status_500)),
        answered_never(github_case("CreateIssueAnsweredNever", escalation, recovers, "",
                                   github_fault(create_issue, 1, GitHubFault::drop_after_processing))),
        github_case("CreateIssueRateLimitExhausted", escalation, fails, "rate_limited",
                    exhausted_rate_limit(create_issue)),
        model_case("EscalationModelDropped", escalation, recovers, "",
                   model_fault(3, 1, testing::dropped_connection())),
    };
}

class Faults : public ::testing::TestWithParam<FaultCase> {};

std::string head_of(WorkflowSandbox& sandbox, const std::string& branch) {
    return sandbox.origin_log(branch, "%H").substr(0, 40);
}

std::vector<std::string> subjects(WorkflowSandbox& sandbox, const std::string& fix_branch) {
    return testing::text_lines(sandbox.origin_log("main.." + fix_branch, "%s"));
}

TEST_P(Faults, RunRecoversOrFailsCleanlyAndTheRerunConverges) {
    const FaultCase& fault = GetParam();
    const bool escalation = fault.stage == Stage::escalation;
    const testing::ScriptedEdit edit = escalation ? testing::harmless_edit(1) : testing::import_json_fix();
    // The edit twice: a re-run after a failed session plays it again.
    WorkflowSandbox sandbox(testing::faulty_model(testing::scripted_fixer({edit, edit}), fault.model));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options;
    options.env["INPUT_MAX-ATTEMPTS"] = escalation ? "1" : "6";

    std::vector<WorkflowRun> runs;
    std::string branch = "main";
    std::string fix_branch;
    if (fault.stage != Stage::fix) {
        runs.push_back(sandbox.run_workflow("main", options));
        ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
        fix_branch = runs.back().output("fix-branch");
        branch = fix_branch;
    }
    const std::string built = head_of(sandbox, branch);
    if (fault.inject) {
        fault.inject(sandbox);
    }
    runs.push_back(sandbox.run_workflow(branch, options));
    const WorkflowRun disturbed = runs.back();
    const std::string expected_action =
        fault.stage == Stage::fix ? "fix_attempted" : (escalation ? "escalated" : "pr_created");

    if (fault.expect == Expect::recovers) {
        EXPECT_EQ(disturbed.exit_code, 0) << testing::describe_runs(runs);
        EXPECT_EQ(disturbed.output("action-taken"), expected_action) << testing::describe_runs(runs);
        EXPECT_EQ(disturbed.result.value("status", ""), "ok");
    } else {
        EXPECT_NE(disturbed.exit_code, 0) << testing::describe_runs(runs);
        EXPECT_NE(disturbed.stdout_text.find("::error::"), std::string::npos) << disturbed.stdout_text;
        ASSERT_TRUE(disturbed.result.is_object()) << testing::describe_runs(runs);
        EXPECT_EQ(disturbed.result.value("status", ""), "error");
        EXPECT_EQ(disturbed.result["error"].value("kind", ""), fault.error_kind) << disturbed.result.dump(2);
        if (fault.heal) {
            fault.heal(sandbox);
        }
        // The same event again (a re-run: same run id and commit, next attempt number).
        testing::RunOptions rerun = options;
        rerun.run_id = disturbed.run_id;
        rerun.run_attempt = 2;
        rerun.sha = built;
        runs.push_back(sandbox.run_workflow(branch, rerun));
        EXPECT_EQ(runs.back().exit_code, 0) << testing::describe_runs(runs);
        EXPECT_EQ(runs.back().result.value("status", ""), "ok") << testing::describe_runs(runs);
    }

    // The pushed attempt had its dispatch; CI on the fix branch (started by it) settles as undisturbed.
    if (fix_branch.empty()) {
        fix_branch = runs.front().output("fix-branch");
    }
    ASSERT_FALSE(fix_branch.empty()) << testing::describe_runs(runs);
    const auto dispatches = sandbox.github().dispatches();
    ASSERT_FALSE(dispatches.empty()) << testing::describe_runs(runs);
    for (const auto& dispatch : dispatches) {
        EXPECT_EQ(dispatch.ref, fix_branch);
    }
    if (fault.stage == Stage::fix) {
        runs.push_back(sandbox.run_workflow(fix_branch, options));
        EXPECT_EQ(runs.back().output("action-taken"), "pr_created") << testing::describe_runs(runs);
    }
    if (fault.check_next_run) {
        // One more run of the final event finds what was made and makes nothing twice.
        runs.push_back(sandbox.run_workflow(fix_branch, options));
        EXPECT_EQ(runs.back().exit_code, 0) << testing::describe_runs(runs);
        EXPECT_EQ(runs.back().output("action-taken"), escalation ? "already_escalated" : "pr_exists")
            << testing::describe_runs(runs);
    }

    const std::string attempt = "\xF0\x9F\xA4\x96 Autonomous Fix Attempt 1: " + edit.description;
    if (escalation) {
        EXPECT_EQ(subjects(sandbox, fix_branch), (std::vector<std::string>{attempt}));
        EXPECT_TRUE(sandbox.github().pull_requests().empty());
        ASSERT_EQ(sandbox.github().issues().size(), 1U) << testing::describe_runs(runs);
        const auto labels = sandbox.github().issues()[0].labels;
        EXPECT_NE(std::find(labels.begin(), labels.end(), "needs-human"), labels.end());
        return;
    }
    EXPECT_EQ(subjects(sandbox, fix_branch).size(), 2U) << sandbox.origin_log("main.." + fix_branch);
    EXPECT_EQ(subjects(sandbox, fix_branch).back(), attempt);
    EXPECT_TRUE(sandbox.tests_pass_on(fix_branch));
    EXPECT_TRUE(sandbox.github().issues().empty());
    const auto pulls = sandbox.github().pull_requests();
    ASSERT_EQ(pulls.size(), 1U) << testing::describe_runs(runs);
    EXPECT_EQ(pulls[0].head, fix_branch);
    const std::string id = fix_branch.substr(std::string("autonomous-fix-").size());
    for (const std::string& label :
         {"autonomous-fix-" + id, std::string("attempt-count-1"), "autonomous-fix-" + id + "-attempt-1"}) {
        EXPECT_NE(std::find(pulls[0].labels.begin(), pulls[0].labels.end(), label), pulls[0].labels.end())
            << label;
    }
}

INSTANTIATE_TEST_SUITE_P(Matrix, Faults, ::testing::ValuesIn(fault_cases()),
                         [](const ::testing::TestParamInfo<FaultCase>& param) { return param.param.name; });

} // namespace
} // namespace autofix
