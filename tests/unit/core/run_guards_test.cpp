// Checks each runaway guard's decision with literal facts: the off switch, the pause issue, the action's own
// commit landed on a non-fix branch (fast-forward, squash, merge commit), a fix branch deleted or whose pull
// request was closed or merged, and CI already started for a re-run's attempt.
#include "core/run_guards.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

const AgentIdentity agent{};

CommitFacts agent_attempt(std::string id = "42") {
    CommitFacts commit;
    commit.sha = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
    commit.author_name = agent.name;
    commit.author_email = agent.email;
    commit.subject = "\xF0\x9F\xA4\x96 Autonomous Fix Attempt 1: import json";
    commit.message = commit.subject + "\n\nAutofix-Id: " + id + "\nAutofix-Attempt: 1\n";
    commit.trailers = {{"Autofix-Id", id}, {"Autofix-Attempt", "1"}, {"Autofix-Base", "main"}};
    return commit;
}

CommitFacts human(std::string subject = "Tidy up the report") {
    CommitFacts commit;
    commit.sha = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
    commit.author_name = "Ada Lovelace";
    commit.author_email = "ada@example.com";
    commit.subject = subject;
    commit.message = subject;
    return commit;
}

TEST(Guards, EveryGuardHasItsOwnActionTaken) {
    EXPECT_STREQ(to_string(Guard::disabled), "disabled");
    EXPECT_STREQ(to_string(Guard::paused), "paused");
    EXPECT_STREQ(to_string(Guard::own_commit), "own_commit_skipped");
    EXPECT_STREQ(to_string(Guard::fix_branch_deleted), "fix_branch_deleted");
    EXPECT_STREQ(to_string(Guard::pull_request_closed), "pr_closed");
    EXPECT_STREQ(to_string(Guard::pull_request_merged), "pr_merged");
    EXPECT_STREQ(to_string(Guard::already_dispatched), "already_dispatched");
}

TEST(Guards, OffSwitchStopsAndSaysWhereItWasSet) {
    EXPECT_FALSE(check_enabled(Enabled::yes, ".github/autofix.yml:1"));
    const auto stop = check_enabled(Enabled::no, ".github/autofix.yml:3");
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->guard, Guard::disabled);
    EXPECT_NE(stop->reason.find(".github/autofix.yml:3"), std::string::npos) << stop->reason;
}

TEST(Guards, OpenPauseIssueStopsAndNamesIt) {
    EXPECT_FALSE(check_paused(std::nullopt));
    const auto stop = check_paused(PauseIssue{12, "Hold the bot", "https://github.com/octo/repo/issues/12"});
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->guard, Guard::paused);
    EXPECT_NE(stop->reason.find("#12"), std::string::npos) << stop->reason;
    EXPECT_NE(stop->reason.find("autofix-pause"), std::string::npos) << stop->reason;
}

TEST(Guards, AgentCommitLandedByFastForwardIsOwnWork) {
    const auto stop = check_own_commit(BuiltCommit{agent_attempt(), 1, {}}, agent);
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->guard, Guard::own_commit);
    EXPECT_NE(stop->reason.find("a1a1a1a1a1a1"), std::string::npos) << stop->reason;
    EXPECT_NE(stop->reason.find("fast-forward"), std::string::npos) << stop->reason;
}

TEST(Guards, AgentLookalikeWithoutTrailerOrHumanCommitIsNotOwnWork) {
    CommitFacts no_trailer = agent_attempt();
    no_trailer.trailers.clear();
    no_trailer.message = no_trailer.subject;
    EXPECT_FALSE(check_own_commit(BuiltCommit{no_trailer, 1, {}}, agent));
    EXPECT_FALSE(check_own_commit(BuiltCommit{human(), 1, {}}, agent));
    // A message that mentions the trailer key mid-line carries no Autofix-Id.
    CommitFacts mentions = human("Explain Autofix-Id: in the docs");
    EXPECT_FALSE(check_own_commit(BuiltCommit{mentions, 1, {}}, agent));
}

TEST(Guards, SquashMergeKeepingTheTrailerIsOwnWork) {
    CommitFacts squash = human("Fix the report's JSON import (#7)");
    squash.message = squash.subject +
                     "\n\n* \xF0\x9F\xA4\x96 Autonomous Fix Attempt 1: import json\n\n"
                     "Autofix-Id: 99\nAutofix-Attempt: 1\n\nCo-authored-by: Ada <ada@example.com>\n";
    const auto stop = check_own_commit(BuiltCommit{squash, 1, {}}, agent);
    ASSERT_TRUE(stop);
    EXPECT_NE(stop->reason.find("autonomous-fix-99"), std::string::npos) << stop->reason;
}

TEST(Guards, MergeCommitOfAnAgentCommitIsOwnWork) {
    const auto stop = check_own_commit(
        BuiltCommit{human("Merge pull request #7 from octo/autonomous-fix-42"), 2, {agent_attempt()}}, agent);
    ASSERT_TRUE(stop);
    EXPECT_NE(stop->reason.find("merges a1a1a1a1a1a1"), std::string::npos) << stop->reason;
}

TEST(Guards, MergeCommitOfAHumanBranchIsNotOwnWork) {
    EXPECT_FALSE(
        check_own_commit(BuiltCommit{human("Merge pull request #8 from octo/feature"), 2, {human()}}, agent));
    // The subject alone decides only when the merged parent could not be read.
    EXPECT_FALSE(check_own_commit(
        BuiltCommit{human("Merge pull request #7 from octo/autonomous-fix-42"), 2, {human()}}, agent));
}

TEST(Guards, MergeCommitWhoseParentIsUnreadableIsJudgedByItsSubject) {
    const auto stop = check_own_commit(
        BuiltCommit{human("Merge pull request #7 from octo/autonomous-fix-42"), 2, {}}, agent);
    ASSERT_TRUE(stop);
    EXPECT_NE(stop->reason.find("autonomous-fix-42"), std::string::npos) << stop->reason;
    EXPECT_TRUE(
        check_own_commit(BuiltCommit{human("Merge branch 'autonomous-fix-42' into main"), 2, {}}, agent));
    EXPECT_FALSE(check_own_commit(BuiltCommit{human("Merge branch 'feature' into main"), 2, {}}, agent));
}

TEST(Guards, DeletedFixBranchStops) {
    const auto stop = check_fix_branch_alive("autonomous-fix-42", false, {});
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->guard, Guard::fix_branch_deleted);
    EXPECT_NE(stop->reason.find("autonomous-fix-42"), std::string::npos);
}

TEST(Guards, FixBranchWithoutPullRequestOrWithAnOpenOneGoesOn) {
    EXPECT_FALSE(check_fix_branch_alive("autonomous-fix-42", true, {}));
    EXPECT_FALSE(check_fix_branch_alive("autonomous-fix-42", true,
                                        {{3, "closed", false, ""}, {5, "open", false, ""}}));
}

TEST(Guards, ClosedUnmergedPullRequestStops) {
    const auto stop = check_fix_branch_alive("autonomous-fix-42", true,
                                             {{3, "closed", false, "https://github.com/octo/repo/pull/3"}});
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->guard, Guard::pull_request_closed);
    EXPECT_NE(stop->reason.find("#3"), std::string::npos) << stop->reason;
    EXPECT_NE(stop->reason.find("reopen"), std::string::npos) << stop->reason;
}

TEST(Guards, TheLatestClosedPullRequestDecides) {
    const auto merged = check_fix_branch_alive("autonomous-fix-42", true,
                                               {{3, "closed", false, ""}, {9, "closed", true, ""}});
    ASSERT_TRUE(merged);
    EXPECT_EQ(merged->guard, Guard::pull_request_merged);
    const auto closed = check_fix_branch_alive("autonomous-fix-42", true,
                                               {{9, "closed", false, ""}, {3, "closed", true, ""}});
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->guard, Guard::pull_request_closed);
}

TEST(Guards, CiRunForTheAttemptStopsASecondDispatch) {
    EXPECT_FALSE(check_already_dispatched("autonomous-fix-42", "c3c3c3c3c3c3c3", {}));
    const auto stop = check_already_dispatched("autonomous-fix-42", "c3c3c3c3c3c3c3",
                                               {{77, "workflow_dispatch", "completed", ""}});
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->guard, Guard::already_dispatched);
    EXPECT_NE(stop->reason.find("run 77"), std::string::npos) << stop->reason;
}

} // namespace
} // namespace autofix::core
