// Runs the binary in the workflow shapes people really write, against the git http-backend origin and the
// fake GitHub: depth-1 checkouts (case 1, case 2, case 3), a pull_request run whose base moved on, a
// separate workflow_run workflow, and a pull request from a fork. The pull_request and workflow_run runs take
// their checkout depth and inputs from README.md's workflow variants.
#include "support/readme_workflow.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace autofix {
namespace {

using nlohmann::json;
using testing::describe;
using testing::readme_job;
using testing::readme_workflow;
using testing::ReadmeJob;
using testing::RunOptions;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

const std::string k_repository = "octo/inventory";

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

std::string origin_rev(WorkflowSandbox& sandbox, const std::string& ref) {
    return trimmed(testing::git_in(sandbox.origin_path(), {"rev-parse", ref}));
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

// The bodies of the model requests as text.
std::string model_requests(WorkflowSandbox& sandbox) {
    std::string text;
    for (const auto& body : sandbox.model().bodies()) {
        text += body.dump() + "\n";
    }
    return text;
}

// The INPUT_* variables the runner would set from `job`'s inputs in the sandbox's run: expressions the
// README uses are evaluated as GitHub would for this run; inputs the README leaves out are unset.
std::map<std::string, std::string> inputs_as_runner_sets_them(const ReadmeJob& job,
                                                              const std::string& status) {
    std::map<std::string, std::string> env{{"INPUT_BUILD-STATUS", ""}, {"INPUT_FAILURE-LOG", ""}};
    for (const auto& [name, expression] : job.inputs) {
        std::string upper = name;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return std::toupper(c); });
        if (expression == "${{ needs.build-test.result }}") {
            env["INPUT_" + upper] = status;
        } else if (expression ==
                   "${{ needs.build-test.result == 'failure' && '.autofix/test-output.log' || '' }}") {
            env.erase("INPUT_" + upper); // the sandbox passes the build's log when the build failed
        } else if (expression == "${{ secrets.ANTHROPIC_API_KEY }}") {
            // the sandbox passes the key the fake model accepts
        } else {
            ADD_FAILURE() << "the e2e test does not know the README expression " << name << ": "
                          << expression;
        }
    }
    return env;
}

json pull_request_payload(int number, const std::string& head_ref, const std::string& head_sha,
                          const std::string& head_repository, const std::string& base_sha) {
    return json{
        {"action", "synchronize"},
        {"number", number},
        {"pull_request",
         {{"number", number},
          {"state", "open"},
          {"head",
           {{"ref", head_ref},
            {"sha", head_sha},
            {"repo", {{"full_name", head_repository}, {"fork", head_repository != k_repository}}}}},
          {"base", {{"ref", "main"}, {"sha", base_sha}, {"repo", {{"full_name", k_repository}}}}}}},
        {"repository", {{"full_name", k_repository}}},
    };
}

json workflow_run_payload(std::uint64_t run_id, const std::string& branch, const std::string& sha,
                          const std::string& conclusion) {
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
          {"conclusion", conclusion},
          {"run_attempt", 1},
          {"head_repository", {{"full_name", k_repository}}},
          {"repository", {{"full_name", k_repository}}}}},
        {"workflow", {{"name", "CI"}, {"path", ".github/workflows/ci.yml"}}},
        {"repository", {{"full_name", k_repository}}},
    };
}

// A pull_request run of README's pull_request variant on PR `number` (checked out as its test merge).
RunOptions pull_request_run(WorkflowSandbox& sandbox, int number, const std::string& head,
                            const std::string& head_repository) {
    const ReadmeJob job = readme_job(readme_workflow("### On pull requests"), "autonomous-fix");
    RunOptions options;
    options.fetch_depth = job.fetch_depth;
    options.checkout_ref = "refs/pull/" + std::to_string(number) + "/merge";
    options.payload = pull_request_payload(number, head, origin_rev(sandbox, "refs/heads/" + head),
                                           head_repository, origin_rev(sandbox, "refs/heads/main"));
    options.env = inputs_as_runner_sets_them(job, "failure");
    options.env.erase("INPUT_BUILD-STATUS"); // from the build, as needs.build-test.result
    options.env["GITHUB_EVENT_NAME"] = "pull_request";
    options.env["GITHUB_HEAD_REF"] = head;
    options.env["GITHUB_REF_NAME"] = std::to_string(number) + "/merge";
    options.env["GITHUB_WORKFLOW_REF"] =
        k_repository + "/.github/workflows/ci.yml@refs/pull/" + std::to_string(number) + "/merge";
    return options;
}

TEST(Events, DepthOneCheckoutsRunCaseOneCaseTwoAndCaseThree) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::import_json_fix()}));
    const std::string broken = sandbox.break_project("bug-simple.py", "inventory/report.py");
    RunOptions shallow;
    shallow.fetch_depth = 1;

    const WorkflowRun first = sandbox.run_workflow("main", shallow);
    ASSERT_EQ(first.exit_code, 0) << describe({first});
    EXPECT_EQ(first.output("action-taken"), "fix_attempted") << describe({first});
    const std::string fix_branch = first.output("fix-branch");
    EXPECT_EQ(origin_rev(sandbox, fix_branch + "~1"), broken);

    const WorkflowRun second = sandbox.run_workflow(fix_branch, shallow);
    ASSERT_EQ(second.exit_code, 0) << describe({second});
    EXPECT_EQ(second.output("action-taken"), "retry_attempted") << describe({second});
    EXPECT_EQ(second.output("attempt"), "2");
    // Attempt 1's diff reached the prompt: the fix branch's history was fetched, not cut at depth 1.
    const std::string prompts = model_requests(sandbox);
    EXPECT_NE(prompts.find("+<!-- note from attempt 1 -->"), std::string::npos) << prompts.substr(0, 4000);
    EXPECT_EQ(prompts.find("diff unavailable"), std::string::npos);

    const WorkflowRun third = sandbox.run_workflow(fix_branch, shallow);
    ASSERT_EQ(third.exit_code, 0) << describe({third});
    EXPECT_EQ(third.output("action-taken"), "pr_created") << describe({third});
    ASSERT_EQ(sandbox.github().pull_requests().size(), 1U);
    EXPECT_EQ(sandbox.github().pull_requests()[0].base, "main");
}

TEST(Events, PullRequestFixStartsAtTheHeadAndItsPrHoldsOnlyTheFix) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    const std::string feature_head = sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    sandbox.commit_as_human("main", "CHANGELOG.md", "main moved on after the PR was opened\n");
    sandbox.make_pull_request_refs(1, "feature", "main");

    const WorkflowRun run =
        sandbox.run_workflow("feature", pull_request_run(sandbox, 1, "feature", k_repository));
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << describe({run});
    const std::string fix_branch = run.output("fix-branch");
    // Cut from the PR's head, not from the test merge commit the checkout holds.
    EXPECT_EQ(origin_rev(sandbox, fix_branch + "~1"), feature_head);
    EXPECT_EQ(lines_of(sandbox.origin_log(fix_branch, "%(trailers:key=Autofix-Base,valueonly)"))[0],
              "feature");

    // CI on the fix branch (dispatched) passes: case 3 opens the PR into the PR's branch.
    RunOptions dispatched;
    dispatched.fetch_depth = 1;
    dispatched.env["GITHUB_EVENT_NAME"] = "workflow_dispatch";
    const WorkflowRun passed = sandbox.run_workflow(fix_branch, dispatched);
    ASSERT_EQ(passed.exit_code, 0) << describe({passed});
    EXPECT_EQ(passed.output("action-taken"), "pr_created") << describe({passed});
    ASSERT_EQ(sandbox.github().pull_requests().size(), 1U);
    EXPECT_EQ(sandbox.github().pull_requests()[0].base, "feature");
    const auto files =
        lines_of(testing::git_in(sandbox.origin_path(), {"diff", "--name-only", "feature..." + fix_branch}));
    EXPECT_EQ(files, (std::vector<std::string>{"SKILL.md", "inventory/report.py"}));
    EXPECT_EQ(lines_of(sandbox.origin_log("feature.." + fix_branch)).size(), 2U); // the fix and the lesson
    EXPECT_TRUE(lines_of(testing::git_in(sandbox.origin_path(),
                                         {"log", "--merges", "--format=%H", "feature.." + fix_branch}))
                    .empty());
}

TEST(Events, ForkPullRequestStopsBeforeTheModel) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py", "patch-1");
    sandbox.make_pull_request_refs(2, "patch-1", "main");
    const auto branches_before = sandbox.origin_branches();

    const WorkflowRun run =
        sandbox.run_workflow("patch-1", pull_request_run(sandbox, 2, "patch-1", "forker/inventory"));
    EXPECT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_FALSE(run.build_passed);
    EXPECT_EQ(run.output("action-taken"), "fork_skipped") << describe({run});
    EXPECT_EQ(run.output("fix-branch"), "");
    EXPECT_NE(run.step_summary.find("forker/inventory"), std::string::npos) << run.step_summary;
    EXPECT_NE(run.stdout_text.find("::notice::"), std::string::npos) << run.stdout_text;
    EXPECT_EQ(run.result["status"], "ok");
    EXPECT_TRUE(sandbox.model().bodies().empty());
    EXPECT_EQ(sandbox.origin_branches(), branches_before);
    for (const auto& request : sandbox.git_server().server().requests()) {
        EXPECT_EQ(request.path.find("receive-pack"), std::string::npos) << request.path;
    }
}

TEST(Events, WorkflowRunFixesTheFailedRunDispatchesItsWorkflowAndReadsItsLogs) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    const std::string feature_head = sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    // The CI workflow (ci.yml) runs on the push and fails; its jobs' logs are on GitHub.
    RunOptions ci;
    ci.env["INPUT_BUILD-STATUS"] = "cancelled"; // only its build matters here: the action does nothing
    const WorkflowRun ci_run = sandbox.run_workflow("feature", ci);
    ASSERT_FALSE(ci_run.build_passed);
    sandbox.github().add_run(
        ci_run.run_id, {{"build-test", "failure", ci_run.build_log + "\nmarker-of-the-failed-ci-run\n"}});
    sandbox.github().add_workflow("ci.yml"); // dispatching any other workflow answers 404

    // The autofix workflow of README's workflow_run variant, on the default branch.
    const ReadmeJob job = readme_job(readme_workflow("### After a separate CI workflow"), "autonomous-fix");
    RunOptions autofix;
    autofix.fetch_depth = job.fetch_depth;
    autofix.payload = workflow_run_payload(ci_run.run_id, "feature", feature_head, "failure");
    autofix.env = inputs_as_runner_sets_them(job, "");
    autofix.env["GITHUB_EVENT_NAME"] = "workflow_run";
    autofix.env["GITHUB_WORKFLOW_REF"] = k_repository + "/.github/workflows/autofix.yml@refs/heads/main";
    const WorkflowRun run = sandbox.run_workflow("main", autofix);
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << describe({run});
    const std::string fix_branch = run.output("fix-branch");
    EXPECT_EQ(fix_branch, "autonomous-fix-" + std::to_string(ci_run.run_id));
    EXPECT_EQ(origin_rev(sandbox, fix_branch + "~1"), feature_head);
    const auto dispatches = sandbox.github().dispatches();
    ASSERT_EQ(dispatches.size(), 1U);
    EXPECT_EQ(dispatches[0].workflow, "ci.yml");
    EXPECT_EQ(dispatches[0].ref, fix_branch);
    EXPECT_NE(model_requests(sandbox).find("marker-of-the-failed-ci-run"), std::string::npos);
    bool read_ci_jobs = false;
    for (const auto& request : sandbox.github().requests()) {
        read_ci_jobs = read_ci_jobs || request.path.find("/actions/runs/" + std::to_string(ci_run.run_id) +
                                                         "/jobs") != std::string::npos;
        EXPECT_EQ(request.path.find("/actions/runs/" + std::to_string(run.run_id)), std::string::npos);
    }
    EXPECT_TRUE(read_ci_jobs);

    // CI passes on the fix branch: its workflow_run (success on a fix branch) is case 3.
    autofix.payload =
        workflow_run_payload(ci_run.run_id + 100, fix_branch, origin_rev(sandbox, fix_branch), "success");
    const WorkflowRun passed = sandbox.run_workflow("main", autofix);
    ASSERT_EQ(passed.exit_code, 0) << describe({passed});
    EXPECT_EQ(passed.output("case"), "3");
    EXPECT_EQ(passed.output("action-taken"), "pr_created") << describe({passed});
    ASSERT_EQ(sandbox.github().pull_requests().size(), 1U);
    EXPECT_EQ(sandbox.github().pull_requests()[0].base, "feature");

    // A success on a branch that is not a fix branch is case 4: nothing happens.
    autofix.payload = workflow_run_payload(ci_run.run_id + 200, "feature", feature_head, "success");
    const WorkflowRun green = sandbox.run_workflow("main", autofix);
    EXPECT_EQ(green.exit_code, 0);
    EXPECT_EQ(green.output("case"), "4") << describe({green});
}

TEST(Events, ShallowCheckoutThatCannotBeDeepenedStopsBeforeTheModelNamingFetchDepth) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::harmless_edit(1), testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun first = sandbox.run_workflow("main");
    ASSERT_EQ(first.output("action-taken"), "fix_attempted") << describe({first});
    const std::size_t requests = sandbox.model().bodies().size();

    // The fix branch's history cannot be fetched (here: the origin lost its first commit, so it cannot serve
    // the history; the token and the branch are fine, so the guards' checks pass), and case 2 cannot read it.
    const std::string root =
        testing::git_in(sandbox.origin_path(), {"rev-list", "--max-parents=0", "main"}).substr(0, 40);
    const std::filesystem::path loose =
        std::filesystem::path(sandbox.origin_path()) / "objects" / root.substr(0, 2) / root.substr(2);
    ASSERT_TRUE(std::filesystem::remove(loose)) << "the first commit is not a loose object: " << loose;
    RunOptions shallow;
    shallow.fetch_depth = 1;
    const WorkflowRun second = sandbox.run_workflow(first.output("fix-branch"), shallow);
    EXPECT_NE(second.exit_code, 0);
    EXPECT_EQ(sandbox.model().bodies().size(), requests); // nothing asked of the model
    std::vector<std::string> lines;
    for (const std::string& line : lines_of(second.stdout_text)) {
        if (line.rfind("::error::", 0) == 0) {
            lines.push_back(line);
        }
    }
    ASSERT_EQ(lines.size(), 1U) << second.stdout_text;
    EXPECT_EQ(second.result["status"], "error");
    EXPECT_EQ(second.output("action-taken"), "failed") << describe({second}); // not the planned retry
    EXPECT_EQ(second.output("commit-sha"), "");
    EXPECT_NE(lines[0].find("shallow"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("`fetch-depth: 0`"), std::string::npos) << lines[0];
}

TEST(Events, BranchInputOtherThanTheCheckoutsIsFixedFromItsRemoteTip) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    const std::string feature_head = sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    RunOptions options;
    options.fetch_depth = 1;
    options.env["INPUT_BRANCH"] = "feature"; // the checkout is main
    options.env["INPUT_BUILD-STATUS"] = "failure";
    options.run_id = 8100000001; // the failed jobs' logs are downloaded from this run
    sandbox.github().add_run(options.run_id,
                             {{"build-test", "failure", "NameError: name 'json' is not defined\n"}});
    const WorkflowRun run = sandbox.run_workflow("main", options);
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << describe({run});
    EXPECT_EQ(origin_rev(sandbox, run.output("fix-branch") + "~1"), feature_head);
    EXPECT_NE(run.stdout_text.find("the checkout is on main, not on feature"), std::string::npos)
        << run.stdout_text;
    EXPECT_EQ(
        lines_of(sandbox.origin_log(run.output("fix-branch"), "%(trailers:key=Autofix-Base,valueonly)"))[0],
        "feature");
}

TEST(Events, DetachedCheckoutWithoutAnEventFixesWhatIsCheckedOut) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    const std::string broken = sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    sandbox.commit_as_human("feature", "NOTES.md", "a later commit on feature\n");
    RunOptions options;
    options.checkout_ref = "refs/heads/feature";
    options.sha = broken; // detached at the commit that was built, behind the branch's tip
    options.env["GITHUB_EVENT_NAME"] = "";
    options.env["GITHUB_SHA"] = "";
    options.env["INPUT_BRANCH"] = "feature";
    const WorkflowRun run = sandbox.run_workflow("feature", options);
    ASSERT_EQ(run.exit_code, 0) << describe({run});
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << describe({run});
    EXPECT_EQ(origin_rev(sandbox, run.output("fix-branch") + "~1"), broken);
}

TEST(Events, ReadmeVariantsListenToTheirEvents) {
    const YAML::Node pull = readme_workflow("### On pull requests");
    EXPECT_TRUE(pull["on"]["pull_request"]);
    EXPECT_TRUE(pull["on"]["workflow_dispatch"]); // the fix branch's CI is dispatched
    const YAML::Node after = readme_workflow("### After a separate CI workflow");
    ASSERT_TRUE(after["on"]["workflow_run"]);
    const auto types = after["on"]["workflow_run"]["types"];
    ASSERT_TRUE(types);
    EXPECT_EQ(types[0].as<std::string>(), "completed");
    EXPECT_EQ(after["jobs"]["autonomous-fix"]["permissions"]["actions"].as<std::string>(), "write");
}

} // namespace
} // namespace autofix
