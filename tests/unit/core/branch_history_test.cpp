// Checks how attempts, human commits, the base and the original error are read from a fix branch's commits.
#include "core/branch_history.hpp"
#include "core/commit_message.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

const AgentIdentity agent{};

CommitFacts agent_commit(std::string subject, std::vector<std::pair<std::string, std::string>> trailers,
                         std::string message = "") {
    CommitFacts commit;
    commit.sha = "cccccccccccccccccccccccccccccccccccccccc";
    commit.author_name = agent.name;
    commit.author_email = agent.email;
    commit.subject = std::move(subject);
    commit.message = message.empty() ? commit.subject : std::move(message);
    commit.trailers = std::move(trailers);
    return commit;
}

TEST(BranchHistory, ReadsAttemptsFromTrailers) {
    AttemptCommit first{"42",
                        1,
                        "add missing import",
                        "json was not imported",
                        "NameError: json",
                        "main",
                        "claude-sonnet-4-5"};
    const std::string message = format_attempt_commit(first);
    const auto history = read_branch_history(
        {agent_commit("x",
                      {{"Autofix-Id", "42"},
                       {"Autofix-Attempt", "1"},
                       {"Autofix-Base", "main"},
                       {"Autofix-Model", "claude-sonnet-4-5"}},
                      message),
         agent_commit(
             "y", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "2"}, {"Autofix-Model", "claude-opus-4-5"}})},
        agent, "42");
    ASSERT_EQ(history.attempts.size(), 2U);
    EXPECT_EQ(history.highest_attempt, 2);
    EXPECT_EQ(history.attempts[0].model, "claude-sonnet-4-5");
    EXPECT_EQ(history.attempts[1].model, "claude-opus-4-5");
    EXPECT_EQ(history.base_branch, "main");
    EXPECT_EQ(history.original_error, "NameError: json\n");
    EXPECT_FALSE(history.human_took_over());
}

TEST(BranchHistory, AnAttemptThatFailedVerificationCountsAndIsMarked) {
    AttemptCommit failed{
        "42", 1, "Import simplejson", "Scripted.", "NameError: json", "main", "claude-sonnet-4-5"};
    failed.failed_verification = true;
    const std::string message = format_attempt_commit(failed);
    EXPECT_NE(message.find("\nAutofix-Result: failed-verification\n"), std::string::npos) << message;
    EXPECT_EQ(message.find("no-change"), std::string::npos) << message;
    const auto history = read_branch_history(
        {agent_commit(
             "a", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "1"}, {"Autofix-Result", "failed-verification"}},
             message),
         agent_commit("b", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "2"}})},
        agent, "42");
    ASSERT_EQ(history.attempts.size(), 2U);
    EXPECT_EQ(history.highest_attempt, 2);
    EXPECT_TRUE(history.attempts[0].failed_verification);
    EXPECT_FALSE(history.attempts[0].no_change);
    EXPECT_FALSE(history.attempts[1].failed_verification);
}

TEST(BranchHistory, AnAttemptThatChangedNothingCountsAndIsMarked) {
    AttemptCommit empty{"42",
                        1,
                        "no change: the session ended without submit_fix",
                        "It viewed app.py.",
                        "NameError: json",
                        "main",
                        "claude-sonnet-4-5",
                        true};
    const std::string message = format_attempt_commit(empty);
    EXPECT_NE(message.find("\nAutofix-Result: no-change\n"), std::string::npos) << message;
    const auto history = read_branch_history(
        {agent_commit("a", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "1"}, {"Autofix-Result", "no-change"}},
                      message),
         agent_commit("b", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "2"}})},
        agent, "42");
    ASSERT_EQ(history.attempts.size(), 2U);
    EXPECT_EQ(history.highest_attempt, 2);
    EXPECT_TRUE(history.attempts[0].no_change);
    EXPECT_FALSE(history.attempts[1].no_change);
    EXPECT_EQ(history.original_error, "NameError: json\n");
    EXPECT_FALSE(history.human_took_over());
}

TEST(BranchHistory, FallsBackToSubjectWhenTrailersAreAbsent) {
    const auto history = read_branch_history(
        {agent_commit("Autonomous Fix Attempt 1: a", {}), agent_commit("Autonomous Fix Attempt 2: b", {})},
        agent, "42");
    EXPECT_EQ(history.highest_attempt, 2);
    EXPECT_FALSE(history.human_took_over());
}

TEST(BranchHistory, AgentNameWithoutTrailerOrAttemptSubjectIsHuman) {
    const auto history = read_branch_history({agent_commit("tweak by hand", {})}, agent, "42");
    EXPECT_TRUE(history.human_took_over());
}

TEST(BranchHistory, OtherAuthorIsHumanEvenWithTrailers) {
    CommitFacts commit = agent_commit("Attempt 3: sneaky", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "3"}});
    commit.author_email = "someone@example.com";
    const auto history = read_branch_history({commit}, agent, "42");
    EXPECT_TRUE(history.human_took_over());
    EXPECT_EQ(history.highest_attempt, 0);
}

TEST(BranchHistory, SkillCommitIsNeitherAttemptNorHuman) {
    const auto history = read_branch_history(
        {agent_commit("x", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "1"}}),
         agent_commit("record lesson", {{"Autofix-Id", "42"}, {"Autofix-Kind", "skill"}})},
        agent, "42");
    EXPECT_EQ(history.highest_attempt, 1);
    EXPECT_TRUE(history.has_skill_commit);
    EXPECT_FALSE(history.human_took_over());
}

TEST(BranchHistory, ThePullRequestComesFromTheEarliestAttemptThatNamesOne) {
    const auto history = read_branch_history(
        {agent_commit("a", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "1"}, {"Autofix-Pull-Request", "12"}}),
         agent_commit("b", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "2"}, {"Autofix-Pull-Request", "13"}})},
        agent, "42");
    EXPECT_EQ(history.pull_request, 12U);
    const auto none = read_branch_history(
        {agent_commit("a", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "1"}, {"Autofix-Pull-Request", "x1"}})},
        agent, "42");
    EXPECT_EQ(none.pull_request, 0U);
}

TEST(BranchHistory, IgnoresAttemptsOfAnotherFix) {
    const auto history =
        read_branch_history({agent_commit("x", {{"Autofix-Id", "7"}, {"Autofix-Attempt", "4"}}),
                             agent_commit("y", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "1"}})},
                            agent, "42");
    EXPECT_EQ(history.highest_attempt, 1);
}

TEST(BranchStart, FindsAttemptOneWalkingNewestFirst) {
    CommitFacts base_commit;
    base_commit.author_name = "Dev";
    base_commit.subject = "feature work";
    const std::vector<CommitFacts> newest_first{
        agent_commit("b", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "2"}}),
        base_commit, // a human commit between attempts
        agent_commit("a", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "1"}}),
        base_commit, // the base
        agent_commit("old", {{"Autofix-Id", "42"}, {"Autofix-Attempt", "1"}}),
    };
    EXPECT_EQ(branch_start(newest_first, agent, "42"), 2U);
    EXPECT_FALSE(branch_start({base_commit}, agent, "42"));
}

} // namespace
} // namespace autofix::core
