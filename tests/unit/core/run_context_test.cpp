// Checks the run context rules over literal event facts: overrides win, a branch override drops the
// event's commit and the fork stop, workflow paths and refs become file names, conclusions map to statuses.
#include "core/run_context.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using core::BuildStatus;
using core::ContextOverrides;
using core::EventFacts;
using core::EventStop;

EventFacts push_on_main() {
    EventFacts event;
    event.name = "push";
    event.repository = "octo/inventory";
    event.ref_name = "main";
    event.sha = "1111111111111111111111111111111111111111";
    event.run_id = "501";
    event.run_attempt = 2;
    event.workflow_ref = "octo/inventory/.github/workflows/ci.yml@refs/heads/main";
    return event;
}

EventFacts fork_pull_request() {
    EventFacts event = push_on_main();
    event.name = "pull_request";
    event.head_ref = "patch-1";
    event.pull_request = core::PullRequestEvent{
        7,      "patch-1",       "2222222222222222222222222222222222222222", "forker/inventory",
        "main", "octo/inventory"};
    return event;
}

TEST(RunContext, NoEventIsTheCheckoutAndTheVariables) {
    EventFacts event;
    event.ref_name = "main";
    event.sha = "4444444444444444444444444444444444444444"; // set by hand: no event says it was built
    const auto context = core::derive_run_context(event, {});
    EXPECT_EQ(context.branch, "main");
    EXPECT_EQ(context.commit, "");
    EXPECT_EQ(context.workflow_file, "");
}

TEST(RunContext, PushKeepsTheRunAttemptForReruns) {
    const auto context = core::derive_run_context(push_on_main(), {});
    EXPECT_EQ(context.run_attempt, 2);
    EXPECT_EQ(context.fix_run_id, "501");
}

TEST(RunContext, BranchOverrideDropsTheEventsCommit) {
    const auto same = core::derive_run_context(push_on_main(), {"main", "", ""});
    EXPECT_EQ(same.commit, "1111111111111111111111111111111111111111");
    const auto other = core::derive_run_context(push_on_main(), {"release", "", ""});
    EXPECT_EQ(other.branch, "release");
    EXPECT_EQ(other.commit, "");
}

TEST(RunContext, BaseAndWorkflowOverridesWin) {
    const auto context = core::derive_run_context(push_on_main(), {"", "develop", "build.yaml"});
    EXPECT_EQ(context.base_branch, "develop");
    EXPECT_EQ(context.workflow_file, "build.yaml");
    EXPECT_EQ(core::derive_run_context(push_on_main(), {"", "", ".github/workflows/x.yml"}).workflow_file,
              "x.yml");
    EXPECT_EQ(core::derive_run_context(push_on_main(), {"", "", "o/r/.github/workflows/y.yml@refs/heads/m"})
                  .workflow_file,
              "y.yml");
}

TEST(RunContext, ForkPullRequestStopsUnlessAnotherBranchIsNamed) {
    const auto fork = core::derive_run_context(fork_pull_request(), {});
    EXPECT_EQ(fork.stop, EventStop::fork_pull_request);
    EXPECT_NE(fork.stop_reason.find("pull request #7"), std::string::npos) << fork.stop_reason;
    const auto named = core::derive_run_context(fork_pull_request(), {"main", "", ""});
    EXPECT_EQ(named.stop, EventStop::none);
    EXPECT_EQ(named.base_branch, "");
}

TEST(RunContext, SameRepositoryPullRequestIsNoFork) {
    EventFacts event = fork_pull_request();
    event.pull_request->head_repository = "octo/inventory";
    EXPECT_EQ(core::derive_run_context(event, {}).stop, EventStop::none);
}

TEST(RunContext, PullRequestWithoutPayloadDoesNotTakeTheMergeCommit) {
    EventFacts event = fork_pull_request();
    event.pull_request.reset();
    const auto context = core::derive_run_context(event, {});
    EXPECT_EQ(context.branch, "patch-1");
    EXPECT_EQ(context.commit, "");
}

TEST(RunContext, WorkflowRunFromAForkStops) {
    EventFacts event = push_on_main();
    event.name = "workflow_run";
    event.workflow_run = core::WorkflowRunEvent{"88",
                                                1,
                                                ".github/workflows/ci.yml",
                                                "patch-1",
                                                "3333333333333333333333333333333333333333",
                                                "failure",
                                                "forker/inventory"};
    EXPECT_EQ(core::derive_run_context(event, {}).stop, EventStop::fork_pull_request);
}

TEST(RunContext, WorkflowRunTakesTheTriggeringRunsAttempt) {
    EventFacts event = push_on_main();
    event.name = "workflow_run";
    event.workflow_run = core::WorkflowRunEvent{"88",
                                                3,
                                                ".github/workflows/ci.yml",
                                                "feature",
                                                "3333333333333333333333333333333333333333",
                                                "timed_out",
                                                "octo/inventory"};
    const auto context = core::derive_run_context(event, {});
    EXPECT_EQ(context.run_attempt, 3);
    EXPECT_EQ(context.log_run_id, "88");
    ASSERT_TRUE(context.build_status);
    EXPECT_EQ(*context.build_status, BuildStatus::failure);
}

TEST(RunContext, ThePullRequestWhoseBuildFailedIsKeptUnlessAnotherBranchIsNamed) {
    EventFacts event = fork_pull_request();
    event.pull_request->head_repository = "octo/inventory";
    EXPECT_EQ(core::derive_run_context(event, {}).pull_request, 7);
    EXPECT_EQ(core::derive_run_context(event, {"main", "", ""}).pull_request, 0);
    EXPECT_EQ(core::derive_run_context(push_on_main(), {}).pull_request, 0);
    EventFacts run = push_on_main();
    run.name = "workflow_run";
    run.workflow_run = core::WorkflowRunEvent{"88",
                                              1,
                                              ".github/workflows/ci.yml",
                                              "feature",
                                              "3333333333333333333333333333333333333333",
                                              "failure",
                                              "octo/inventory",
                                              12};
    EXPECT_EQ(core::derive_run_context(run, {}).pull_request, 12);
}

TEST(RunContext, ConclusionsMapToBuildStatuses) {
    EXPECT_EQ(core::build_status_from_conclusion("success"), BuildStatus::success);
    EXPECT_EQ(core::build_status_from_conclusion("failure"), BuildStatus::failure);
    EXPECT_EQ(core::build_status_from_conclusion("timed_out"), BuildStatus::failure);
    EXPECT_EQ(core::build_status_from_conclusion("cancelled"), BuildStatus::cancelled);
    for (const char* other : {"skipped", "neutral", "stale", "action_required", "startup_failure", ""}) {
        EXPECT_EQ(core::build_status_from_conclusion(other), BuildStatus::skipped) << other;
    }
}

TEST(RunContext, BranchOfRefStripsRefsHeads) {
    EXPECT_EQ(core::branch_of_ref("refs/heads/main"), "main");
    EXPECT_EQ(core::branch_of_ref("main"), "main");
}

} // namespace
} // namespace autofix
