// Checks what `/autofix` commands recorded on a fix branch mean to later runs: a stop commit stops the chain
// until a human's retry attempt, and each retry attempt allows one attempt past max-attempts.
#include "core/commit_message.hpp"
#include "core/route.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

const AgentIdentity agent{};

// Returns the facts of a commit of `message`, trailers read back from its last paragraph.
CommitFacts agent_commit(const std::string& message, const std::string& sha) {
    CommitFacts commit;
    commit.sha = sha;
    commit.author_name = agent.name;
    commit.author_email = agent.email;
    commit.subject = message.substr(0, message.find('\n'));
    commit.message = message;
    const auto block = message.rfind("\n\n");
    std::size_t start = block + 2;
    while (start < message.size()) {
        const auto end = message.find('\n', start);
        const std::string line = message.substr(start, end - start);
        const auto colon = line.find(": ");
        if (colon != std::string::npos) {
            commit.trailers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
        }
        start = end == std::string::npos ? message.size() : end + 1;
    }
    return commit;
}

CommitFacts attempt(int number, const std::string& requested_by = "") {
    AttemptCommit commit;
    commit.fix_id = "42";
    commit.attempt = number;
    commit.description = "fix things";
    commit.base_branch = "main";
    commit.model = "claude-sonnet-4-5";
    commit.requested_by = requested_by;
    commit.guidance = requested_by.empty() ? "" : "use the UTC clock";
    return agent_commit(format_attempt_commit(commit), "a" + std::to_string(number) + std::string(38, '0'));
}

CommitFacts stop(const std::string& who) {
    return agent_commit(format_stop_commit("42", who, "pull request #7"), std::string(40, 'c'));
}

Triage failed_fix_branch() {
    return triage("autonomous-fix-42", BuildStatus::failure, "99");
}

TEST(CommentCommandHistory, AStopCommitStopsTheNextFailingRun) {
    const BranchHistory history = read_branch_history({attempt(1), attempt(2), stop("ada")}, agent, "42");
    EXPECT_TRUE(history.stopped);
    EXPECT_EQ(history.stopped_by, "ada");
    EXPECT_EQ(history.highest_attempt, 2); // the stop commit is no attempt
    EXPECT_TRUE(history.human_commits.empty());
    const Route route = route_fix_branch_failure(failed_fix_branch(), history, ModelPolicy{});
    EXPECT_EQ(route.action, Action::stop_commanded);
    EXPECT_STREQ(to_string(route.action), "stopped_by_command");
    EXPECT_NE(route.reason.find("@ada"), std::string::npos);
}

TEST(CommentCommandHistory, ARetryAfterTheStopLiftsIt) {
    const BranchHistory history =
        read_branch_history({attempt(1), stop("ada"), attempt(2, "grace")}, agent, "42");
    EXPECT_FALSE(history.stopped);
    EXPECT_EQ(history.command_retries, 1);
    EXPECT_EQ(history.attempts.back().requested_by, "grace");
    EXPECT_EQ(route_fix_branch_failure(failed_fix_branch(), history, ModelPolicy{}).action,
              Action::retry_fix);
}

TEST(CommentCommandHistory, EachRetryCommandAllowsOneAttemptPastMaxAttempts) {
    ModelPolicy policy;
    policy.max_attempts = 2;
    // Two attempts made, the chain escalated; a human asked for a third.
    const BranchHistory asked = read_branch_history({attempt(1), attempt(2), attempt(3, "ada")}, agent, "42");
    const Route after = route_fix_branch_failure(failed_fix_branch(), asked, policy);
    EXPECT_EQ(after.action, Action::open_escalation_issue) << "the retry allowed attempt 3 only";
    EXPECT_NE(after.reason.find("plus 1 asked for by /autofix retry"), std::string::npos);

    // A retry before max-attempts was reached moves the limit by one too.
    const BranchHistory early = read_branch_history({attempt(1, "ada"), attempt(2)}, agent, "42");
    const Route next = route_fix_branch_failure(failed_fix_branch(), early, policy);
    EXPECT_EQ(next.action, Action::retry_fix);
    EXPECT_EQ(next.attempt, 3);
}

TEST(CommentCommandHistory, TheRetryAttemptCommitRecordsTheCommandAndItsGuidance) {
    AttemptCommit commit;
    commit.fix_id = "42";
    commit.attempt = 7;
    commit.description = "use UTC";
    commit.failure = "FAILED test_dates";
    commit.requested_by = "ada";
    commit.guidance = "the test expects UTC";
    const std::string message = format_attempt_commit(commit);
    EXPECT_NE(message.find("Guidance from @ada (/autofix retry):\n\n```text\nthe test expects UTC\n```"),
              std::string::npos);
    EXPECT_NE(message.find("\nAutofix-Command: retry\nAutofix-Requested-By: ada\n"), std::string::npos);
    EXPECT_EQ(extract_answered_failure(message), "FAILED test_dates\n");
}

} // namespace
} // namespace autofix::core
