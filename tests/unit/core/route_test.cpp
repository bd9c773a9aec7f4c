// Checks every route of the five cases and their stops, with literal facts and the policy's boundaries.
#include "core/route.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

const AgentIdentity agent{};

CommitFacts attempt_commit(int number, std::string model = "claude-sonnet-4-5") {
    CommitFacts commit;
    commit.sha = "a" + std::to_string(number) + "0000000000000000000000000000000000000";
    commit.author_name = agent.name;
    commit.author_email = agent.email;
    commit.subject = "\xF0\x9F\xA4\x96 Autonomous Fix Attempt " + std::to_string(number) + ": fix things";
    commit.trailers = {{"Autofix-Id", "42"},
                       {"Autofix-Attempt", std::to_string(number)},
                       {"Autofix-Base", "main"},
                       {"Autofix-Model", std::move(model)}};
    return commit;
}

CommitFacts human_commit() {
    CommitFacts commit;
    commit.sha = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    commit.author_name = "Ada Lovelace";
    commit.author_email = "ada@example.com";
    commit.subject = "Fix it properly";
    return commit;
}

BranchHistory history_of(int attempts) {
    std::vector<CommitFacts> commits;
    for (int number = 1; number <= attempts; ++number) {
        commits.push_back(attempt_commit(number));
    }
    return read_branch_history(commits, agent, "42");
}

TEST(ParseBuildStatus, KnowsTheFourConclusions) {
    EXPECT_EQ(parse_build_status("success"), BuildStatus::success);
    EXPECT_EQ(parse_build_status("failure"), BuildStatus::failure);
    EXPECT_EQ(parse_build_status("cancelled"), BuildStatus::cancelled);
    EXPECT_EQ(parse_build_status("skipped"), BuildStatus::skipped);
    EXPECT_FALSE(parse_build_status("Success"));
    EXPECT_FALSE(parse_build_status("failed"));
    EXPECT_FALSE(parse_build_status(""));
}

TEST(Route, SuccessElsewhereIsCaseFourWithNothingToDo) {
    const Triage result = triage("main", BuildStatus::success, "7");
    EXPECT_EQ(result.next, Triage::Next::done);
    EXPECT_EQ(result.route.which, Case::nothing);
    EXPECT_EQ(result.route.action, Action::none);
    EXPECT_STREQ(to_string(result.route.action), "none");
}

TEST(Route, CancelledAndSkippedStopWithoutFacts) {
    for (const BuildStatus status : {BuildStatus::cancelled, BuildStatus::skipped}) {
        for (const char* branch : {"main", "autonomous-fix-42"}) {
            const Triage result = triage(branch, status, "7");
            EXPECT_EQ(result.next, Triage::Next::done);
            EXPECT_EQ(result.route.action, Action::stop_build_not_finished);
        }
    }
}

TEST(Route, FailureElsewhereStartsAttemptOneOnANewBranch) {
    const Triage first = triage("feature/login", BuildStatus::failure, "1234567890");
    ASSERT_EQ(first.next, Triage::Next::first_failure);
    const Route route = route_first_failure(first, false, ModelPolicy{});
    EXPECT_EQ(route.which, Case::first_failure);
    EXPECT_EQ(route.action, Action::create_fix_branch);
    EXPECT_EQ(route.fix_branch, "autonomous-fix-1234567890");
    EXPECT_EQ(route.fix_id, "1234567890");
    EXPECT_EQ(route.attempt, 1);
    EXPECT_EQ(route.model, "claude-sonnet-4-5");
}

TEST(Route, RerunWhoseFixBranchExistsStops) {
    const Triage first = triage("main", BuildStatus::failure, "99");
    const Route route = route_first_failure(first, true, ModelPolicy{});
    EXPECT_EQ(route.action, Action::stop_rerun);
    EXPECT_EQ(route.which, Case::first_failure);
}

TEST(Route, FixBranchPrefixWithoutIdIsAnOrdinaryBranch) {
    const Triage failed = triage("autonomous-fix-", BuildStatus::failure, "5");
    EXPECT_EQ(failed.next, Triage::Next::first_failure);
    EXPECT_EQ(failed.route.fix_branch, "autonomous-fix-5");
    const Triage passed = triage("autonomous-fix-", BuildStatus::success, "5");
    EXPECT_EQ(passed.route.which, Case::nothing);
}

TEST(Route, FailureOnFixBranchRetriesWithNextAttempt) {
    const Triage failed = triage("autonomous-fix-42", BuildStatus::failure, "77");
    ASSERT_EQ(failed.next, Triage::Next::fix_branch_failed);
    EXPECT_EQ(failed.route.fix_id, "42");
    const Route route = route_fix_branch_failure(failed, history_of(2), ModelPolicy{});
    EXPECT_EQ(route.which, Case::retry);
    EXPECT_EQ(route.action, Action::retry_fix);
    EXPECT_EQ(route.attempt, 3);
    EXPECT_EQ(route.fix_branch, "autonomous-fix-42");
}

TEST(Route, AttemptFourUsesStandardModelAndFiveTheStrongOne) {
    const Triage failed = triage("autonomous-fix-42", BuildStatus::failure, "77");
    const Route fourth = route_fix_branch_failure(failed, history_of(3), ModelPolicy{});
    EXPECT_EQ(fourth.attempt, 4);
    EXPECT_EQ(fourth.model, "claude-sonnet-4-5");
    const Route fifth = route_fix_branch_failure(failed, history_of(4), ModelPolicy{});
    EXPECT_EQ(fifth.attempt, 5);
    EXPECT_EQ(fifth.model, "claude-opus-4-5");
    const Route sixth = route_fix_branch_failure(failed, history_of(5), ModelPolicy{});
    EXPECT_EQ(sixth.attempt, 6);
    EXPECT_EQ(sixth.model, "claude-opus-4-5");
}

TEST(Route, SixFailedAttemptsEscalateInsteadOfASeventh) {
    const Triage failed = triage("autonomous-fix-42", BuildStatus::failure, "77");
    const Route route = route_fix_branch_failure(failed, history_of(6), ModelPolicy{});
    EXPECT_EQ(route.which, Case::escalate);
    EXPECT_EQ(route.action, Action::open_escalation_issue);
    EXPECT_EQ(route.attempt, 6);
    EXPECT_TRUE(route.model.empty());
    EXPECT_EQ(route_escalation(route, false).action, Action::open_escalation_issue);
    EXPECT_EQ(route_escalation(route, true).action, Action::stop_already_escalated);
}

TEST(Route, PolicyChangesTheThresholds) {
    const Triage failed = triage("autonomous-fix-42", BuildStatus::failure, "77");
    const ModelPolicy policy{"small", "large", 2, 3};
    EXPECT_EQ(route_fix_branch_failure(failed, history_of(1), policy).model, "large");
    EXPECT_EQ(route_fix_branch_failure(failed, history_of(2), policy).action, Action::retry_fix);
    EXPECT_EQ(route_fix_branch_failure(failed, history_of(3), policy).action, Action::open_escalation_issue);
}

TEST(Route, HumanCommitBetweenTwoAgentCommitsStops) {
    const std::vector<CommitFacts> commits{attempt_commit(1), human_commit(), attempt_commit(2)};
    const BranchHistory history = read_branch_history(commits, agent, "42");
    const Triage failed = triage("autonomous-fix-42", BuildStatus::failure, "77");
    const Route route = route_fix_branch_failure(failed, history, ModelPolicy{});
    EXPECT_EQ(route.action, Action::stop_human_took_over);
    EXPECT_NE(route.reason.find("Ada Lovelace <ada@example.com>"), std::string::npos);
}

TEST(Route, HumanWinsOverEscalation) {
    std::vector<CommitFacts> commits;
    for (int number = 1; number <= 6; ++number) {
        commits.push_back(attempt_commit(number));
    }
    commits.push_back(human_commit());
    const Triage failed = triage("autonomous-fix-42", BuildStatus::failure, "77");
    const Route route =
        route_fix_branch_failure(failed, read_branch_history(commits, agent, "42"), ModelPolicy{});
    EXPECT_EQ(route.action, Action::stop_human_took_over);
}

TEST(Route, SuccessOnFixBranchOpensThePullRequest) {
    const Triage passed = triage("autonomous-fix-42", BuildStatus::success, "77");
    ASSERT_EQ(passed.next, Triage::Next::fix_branch_passed);
    const Route route = route_fix_branch_success(passed, history_of(3), false);
    EXPECT_EQ(route.which, Case::fixed);
    EXPECT_EQ(route.action, Action::open_pull_request);
    EXPECT_EQ(route.attempt, 3);
}

TEST(Route, SuccessWithOpenPullRequestStops) {
    const Triage passed = triage("autonomous-fix-42", BuildStatus::success, "77");
    EXPECT_EQ(route_fix_branch_success(passed, history_of(1), true).action, Action::stop_pull_request_open);
}

TEST(Route, SuccessAfterHumanCommitLeavesThePullRequestToThem) {
    const Triage passed = triage("autonomous-fix-42", BuildStatus::success, "77");
    const BranchHistory history = read_branch_history({attempt_commit(1), human_commit()}, agent, "42");
    EXPECT_EQ(route_fix_branch_success(passed, history, false).action, Action::stop_human_took_over);
}

TEST(Route, SuccessOnFixBranchWithoutAttemptsIsNotOurs) {
    const Triage passed = triage("autonomous-fix-42", BuildStatus::success, "77");
    EXPECT_EQ(route_fix_branch_success(passed, BranchHistory{}, false).action, Action::stop_not_our_branch);
}

TEST(Route, EmptyFixBranchFailureStartsAtAttemptOne) {
    const Triage failed = triage("autonomous-fix-42", BuildStatus::failure, "77");
    const Route route = route_fix_branch_failure(failed, BranchHistory{}, ModelPolicy{});
    EXPECT_EQ(route.action, Action::retry_fix);
    EXPECT_EQ(route.attempt, 1);
}

} // namespace
} // namespace autofix::core
