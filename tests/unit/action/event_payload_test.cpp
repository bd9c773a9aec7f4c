// Checks the run context read from real-shaped event payloads (field names from GitHub's webhook
// documentation) and the GITHUB_* variables GitHub sets for each event: branch, failing commit, PR base,
// workflow to dispatch, run whose logs to read, and the fork stop.
#include "action/event_payload.hpp"
#include "action/settings.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace autofix {
namespace {

using action::Environment;

std::string fixture(const std::string& name) {
    return std::string(AUTOFIX_SOURCE_DIR) + "/tests/fixtures/events/" + name;
}

// The variables GitHub sets for `event`, with the payload at GITHUB_EVENT_PATH.
Environment::Variables actions_environment(const std::string& event, const std::string& payload) {
    return {
        {"GITHUB_EVENT_NAME", event},
        {"GITHUB_EVENT_PATH", fixture(payload)},
        {"GITHUB_REPOSITORY", "octo/inventory"},
        {"GITHUB_RUN_ID", "9100000001"},
        {"GITHUB_RUN_ATTEMPT", "1"},
        {"GITHUB_REF_NAME", "main"},
        {"GITHUB_SHA", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"},
        {"GITHUB_WORKFLOW_REF", "octo/inventory/.github/workflows/autofix.yml@refs/heads/main"},
    };
}

core::RunContext derive(const Environment::Variables& variables, core::ContextOverrides overrides = {}) {
    const auto facts = action::read_event_facts(Environment(variables));
    EXPECT_TRUE(facts) << facts.error().message;
    return facts ? core::derive_run_context(*facts, overrides) : core::RunContext{};
}

TEST(EventPayload, PushFixesThePushedCommitAndDispatchesItsOwnWorkflow) {
    auto variables = actions_environment("push", "push.json");
    variables["GITHUB_WORKFLOW_REF"] = "octo/inventory/.github/workflows/ci.yml@refs/heads/main";
    const core::RunContext context = derive(variables);
    EXPECT_EQ(context.branch, "main");
    EXPECT_EQ(context.commit, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
    EXPECT_EQ(context.base_branch, "");
    EXPECT_EQ(context.workflow_file, "ci.yml");
    EXPECT_EQ(context.log_run_id, "9100000001");
    EXPECT_EQ(context.fix_run_id, "9100000001");
    EXPECT_FALSE(context.build_status);
    EXPECT_EQ(context.stop, core::EventStop::none);
}

TEST(EventPayload, WorkflowDispatchOnAFixBranchReadsThatBranch) {
    auto variables = actions_environment("workflow_dispatch", "workflow_dispatch.json");
    variables["GITHUB_REF_NAME"] = "autonomous-fix-7000000001";
    variables["GITHUB_WORKFLOW_REF"] =
        "octo/inventory/.github/workflows/ci.yml@refs/heads/autonomous-fix-7000000001";
    const core::RunContext context = derive(variables);
    EXPECT_EQ(context.branch, "autonomous-fix-7000000001");
    EXPECT_EQ(context.workflow_file, "ci.yml");
}

TEST(EventPayload, PullRequestStartsAtTheHeadCommitNotTheTestMerge) {
    auto variables = actions_environment("pull_request", "pull_request.json");
    variables["GITHUB_REF_NAME"] = "12/merge";
    variables["GITHUB_HEAD_REF"] = "feature/reservations";
    variables["GITHUB_SHA"] = "e5bd3914e2e596debea16f433f57875b5b90bcd6"; // the merge commit
    const core::RunContext context = derive(variables);
    EXPECT_EQ(context.branch, "feature/reservations");
    EXPECT_EQ(context.commit, "6dcb09b5b57875f334f61aebed695e2e4193db5e");
    EXPECT_EQ(context.base_branch, "feature/reservations"); // the fix PR goes into the PR's branch
    EXPECT_EQ(context.workflow_file, "autofix.yml");
    EXPECT_EQ(context.stop, core::EventStop::none);
    EXPECT_NE(context.source.find("#12"), std::string::npos) << context.source;
}

TEST(EventPayload, ForkPullRequestStopsNamingTheFork) {
    for (const char* event : {"pull_request", "pull_request_target"}) {
        auto variables = actions_environment(event, "pull_request_fork.json");
        variables["GITHUB_HEAD_REF"] = "patch-1";
        const core::RunContext context = derive(variables);
        EXPECT_EQ(context.stop, core::EventStop::fork_pull_request) << event;
        EXPECT_NE(context.stop_reason.find("forker/inventory"), std::string::npos) << context.stop_reason;
        EXPECT_EQ(context.branch, "patch-1");
    }
}

TEST(EventPayload, WorkflowRunNamesTheFailedRunItsWorkflowAndItsCommit) {
    const core::RunContext context = derive(actions_environment("workflow_run", "workflow_run.json"));
    EXPECT_EQ(context.branch, "feature/reservations");
    EXPECT_EQ(context.commit, "acb5820ced9479c074f688cc328bf03f341a511d");
    EXPECT_EQ(context.workflow_file, "ci.yml"); // not autofix.yml, the workflow running the action
    EXPECT_EQ(context.log_run_id, "30433642");  // not GITHUB_RUN_ID
    EXPECT_EQ(context.fix_run_id, "30433642");
    ASSERT_TRUE(context.build_status);
    EXPECT_EQ(*context.build_status, core::BuildStatus::failure);
    EXPECT_EQ(context.stop, core::EventStop::none);
}

TEST(EventPayload, WorkflowRunOfAPullRequestNamesThePullRequestWhoseHeadItBuilt) {
    core::EventFacts facts;
    ASSERT_TRUE(action::read_event_payload(
        R"({"workflow_run": {"id": 5, "head_branch": "feature", "pull_requests": [
              {"number": 3, "head": {"ref": "other"}}, {"number": 12, "head": {"ref": "feature"}}]}})",
        facts));
    ASSERT_TRUE(facts.workflow_run);
    EXPECT_EQ(facts.workflow_run->pull_request, 12);
    core::EventFacts none;
    ASSERT_TRUE(action::read_event_payload(
        R"({"workflow_run": {"id": 5, "head_branch": "feature", "pull_requests": []}})", none));
    EXPECT_EQ(none.workflow_run->pull_request, 0);
    EXPECT_EQ(derive(actions_environment("workflow_run", "workflow_run.json")).pull_request, 0);
    EXPECT_EQ(derive(actions_environment("pull_request", "pull_request.json")).pull_request, 12);
}

TEST(EventPayload, MergeGroupFixesTheQueueCommitIntoTheQueueBase) {
    auto variables = actions_environment("merge_group", "merge_group.json");
    variables["GITHUB_REF_NAME"] = "gh-readonly-queue/main/pr-12-9049f1265b7d61be4a8904a9a27120d2064dab3b";
    const core::RunContext context = derive(variables);
    EXPECT_EQ(context.branch, "gh-readonly-queue/main/pr-12-9049f1265b7d61be4a8904a9a27120d2064dab3b");
    EXPECT_EQ(context.commit, "ec26c3e57ca3a959ca5aad62de7213c562f8c821");
    EXPECT_EQ(context.base_branch, "main");
}

TEST(EventPayload, NoPayloadPathFallsBackToTheVariables) {
    auto variables = actions_environment("push", "push.json");
    variables.erase("GITHUB_EVENT_PATH"); // a local run
    const core::RunContext context = derive(variables);
    EXPECT_EQ(context.branch, "main");
    EXPECT_EQ(context.commit, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
}

TEST(EventPayload, APayloadPathThatIsNoFileIsAConfigErrorNamingIt) {
    // A pull_request run must not go on without its payload: the fork check would be skipped.
    const auto facts =
        action::read_event_facts(Environment(actions_environment("pull_request", "missing.json")));
    ASSERT_FALSE(facts);
    EXPECT_EQ(facts.error().kind, core::ErrorKind::config);
    EXPECT_NE(facts.error().message.find("GITHUB_EVENT_PATH names "), std::string::npos)
        << facts.error().message;
    EXPECT_NE(facts.error().message.find("missing.json"), std::string::npos);
}

TEST(EventPayload, MalformedPayloadIsAConfigError) {
    core::EventFacts facts;
    const core::Status read = action::read_event_payload("[1, 2", facts);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().kind, core::ErrorKind::config);
    EXPECT_NE(read.error().message.find("not valid JSON"), std::string::npos) << read.error().message;
}

TEST(EventPayload, AFieldOfTheWrongTypeIsAConfigErrorNamingTheField) {
    core::EventFacts facts;
    const core::Status read = action::read_event_payload(
        R"({"workflow_run": {"id": 5, "head_branch": "main", "path": 5.5, "head_sha": null}})", facts);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().kind, core::ErrorKind::config);
    EXPECT_NE(read.error().message.find("workflow_run.path is not a string"), std::string::npos)
        << read.error().message;

    const core::Status head =
        action::read_event_payload(R"({"pull_request": {"number": 3, "head": "x"}})", facts);
    ASSERT_FALSE(head);
    EXPECT_NE(head.error().message.find("pull_request.head is not an object"), std::string::npos)
        << head.error().message;
}

TEST(EventPayload, ACommitIdThatIsNotOneIsAConfigError) {
    core::EventFacts facts;
    const core::Status read =
        action::read_event_payload(R"({"workflow_run": {"head_branch": "main", "head_sha": "zz"}})", facts);
    ASSERT_FALSE(read);
    EXPECT_NE(read.error().message.find("workflow_run.head_sha is not a commit id"), std::string::npos)
        << read.error().message;
}

TEST(EventPayload, SettingsTakeTheWorkflowRunConclusionAndBranchAndInputsWin) {
    auto variables = actions_environment("workflow_run", "workflow_run.json");
    variables["GITHUB_WORKSPACE"] = std::filesystem::temp_directory_path().string();
    action::CommandLine none;
    auto settings = action::resolve_settings(none, Environment(variables), action::ConfigFile{});
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->build_status, action::BuildStatus::failure); // no build-status input needed
    EXPECT_EQ(settings->branch, "feature/reservations");
    EXPECT_EQ(settings->run.workflow_file, "ci.yml");

    variables["INPUT_BUILD-STATUS"] = "success";
    variables["INPUT_CI-WORKFLOW"] = ".github/workflows/build.yml";
    variables["INPUT_BRANCH"] = "release";
    settings = action::resolve_settings(none, Environment(variables), action::ConfigFile{});
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->build_status, action::BuildStatus::success);
    EXPECT_EQ(settings->branch, "release");
    EXPECT_EQ(settings->run.commit, ""); // the event's commit is feature/reservations', not release's
    EXPECT_EQ(settings->run.workflow_file, "build.yml");
}

TEST(EventPayload, CiWorkflowComesFromTheConfigFileToo) {
    auto variables = actions_environment("push", "push.json");
    variables["GITHUB_WORKSPACE"] = std::filesystem::temp_directory_path().string();
    variables["INPUT_BUILD-STATUS"] = "failure";
    action::ConfigFile config;
    config.label = ".github/autofix.yml";
    config.entries["ci-workflow"] = {"build.yml", 3, 1};
    auto settings = action::resolve_settings(action::CommandLine{}, Environment(variables), config);
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->run.workflow_file, "build.yml");
    EXPECT_NE(action::describe_settings(*settings).find("ci-workflow: build.yml"), std::string::npos);
}

TEST(EventPayload, TimedOutConclusionAsBuildStatusIsAFailure) {
    auto variables = actions_environment("push", "push.json");
    variables["GITHUB_WORKSPACE"] = std::filesystem::temp_directory_path().string();
    variables["INPUT_BUILD-STATUS"] = "timed_out";
    auto settings =
        action::resolve_settings(action::CommandLine{}, Environment(variables), action::ConfigFile{});
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->build_status, action::BuildStatus::failure);
}

} // namespace
} // namespace autofix
