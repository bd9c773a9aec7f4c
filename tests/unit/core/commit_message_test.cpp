// Checks the attempt and skill commit messages, the description rules and reading them back.
#include "core/commit_message.hpp"
#include "core/fix_branch.hpp"
#include "core/model_policy.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

TEST(CommitMessage, AttemptOneCarriesErrorAndTrailers) {
    const std::string message =
        format_attempt_commit({"1234567890", 1, "rename helper to match its caller",
                               "The caller used parse_cfg.", "E   NameError", "main", "claude-sonnet-4-5"});
    EXPECT_EQ(message, "\xF0\x9F\xA4\x96 Autonomous Fix Attempt 1: rename helper to match its caller\n"
                       "\n"
                       "The caller used parse_cfg.\n"
                       "\n"
                       "Original error:\n"
                       "\n"
                       "```text\n"
                       "E   NameError\n"
                       "```\n"
                       "\n"
                       "Autofix-Id: 1234567890\n"
                       "Autofix-Attempt: 1\n"
                       "Autofix-Base: main\n"
                       "Autofix-Model: claude-sonnet-4-5\n");
    EXPECT_EQ(extract_original_error(message), "E   NameError\n");
}

TEST(CommitMessage, LaterAttemptsCarryTheFailureTheyAnswer) {
    const std::string message = format_attempt_commit({"9", 3, "d", "", "E   NameError", "main", "m"});
    EXPECT_EQ(message.find("Original error"), std::string::npos);
    EXPECT_NE(
        message.find(
            "Attempt 3: d\n\nFailure after attempt 2:\n\n```text\nE   NameError\n```\n\nAutofix-Id: 9\n"),
        std::string::npos);
    EXPECT_FALSE(extract_original_error(message));
    EXPECT_EQ(extract_answered_failure(message), "E   NameError\n");
}

TEST(CommitMessage, WithoutFailureOnlyTrailersFollow) {
    const std::string message = format_attempt_commit({"9", 2, "d", "", "", "main", "m"});
    EXPECT_NE(message.find("Attempt 2: d\n\nAutofix-Id: 9\nAutofix-Attempt: 2\n"), std::string::npos);
    EXPECT_FALSE(extract_answered_failure(message));
}

TEST(CommitMessage, TheFailureSignatureIsATrailer) {
    AttemptCommit commit{"9", 1, "d", "", "E   boom", "main", "m"};
    EXPECT_EQ(format_attempt_commit(commit).find("Autofix-Failure"), std::string::npos);
    commit.failure_signature = "0123456789ab";
    EXPECT_NE(format_attempt_commit(commit).find("Autofix-Model: m\nAutofix-Failure: 0123456789ab\n"),
              std::string::npos);
}

TEST(CommitMessage, ThePullRequestWhoseBuildFailedIsATrailer) {
    AttemptCommit commit{"9", 1, "d", "", "E   boom", "feature", "m"};
    EXPECT_EQ(format_attempt_commit(commit).find("Autofix-Pull-Request"), std::string::npos);
    commit.pull_request = 12;
    EXPECT_NE(format_attempt_commit(commit).find("\nAutofix-Pull-Request: 12\n"), std::string::npos);
}

TEST(CommitMessage, ErrorWithBackticksGetsALongerFence) {
    const std::string message = format_attempt_commit({"9", 1, "d", "", "see ```code``` here", "main", "m"});
    EXPECT_NE(message.find("````text\nsee ```code``` here\n````\n"), std::string::npos);
    EXPECT_EQ(extract_original_error(message), "see ```code``` here\n");
}

TEST(CommitMessage, DashLinesInTheErrorCannotHideTheTrailers) {
    const std::string message =
        format_attempt_commit({"9", 1, "d", "", "ERROR: x\n-----------\nRan 6 tests\n---\n", "main", "m"});
    EXPECT_NE(message.find("```text\nERROR: x\n -----------\nRan 6 tests\n ---\n```\n"), std::string::npos);
    for (std::size_t at = message.find("\n---"); at != std::string::npos;
         at = message.find("\n---", at + 1)) {
        ADD_FAILURE() << "a line starts with --- at " << at;
    }
}

TEST(CommitMessage, DescriptionIsOneLineOfAtMost72Bytes) {
    EXPECT_EQ(commit_description("  fix\nthe\tbug  "), "fix the bug");
    EXPECT_EQ(commit_description(""), "automated fix");
    EXPECT_EQ(commit_description(std::string(100, 'x')).size(), 72U);
    const std::string accents = std::string(71, 'a') + "\xC3\xA9\xC3\xA9"; // é straddles byte 72
    EXPECT_EQ(commit_description(accents), std::string(71, 'a'));
}

TEST(CommitMessage, SkillCommitCarriesKindTrailer) {
    EXPECT_EQ(format_skill_commit("42", "SKILL.md"), "\xF0\x9F\xA4\x96 Autonomous Fix: record the lesson in "
                                                     "SKILL.md\n\nAutofix-Id: 42\nAutofix-Kind: skill\n");
}

TEST(AttemptFromSubject, FindsTheNumberBeforeTheColon) {
    EXPECT_EQ(attempt_from_subject("\xF0\x9F\xA4\x96 Autonomous Fix Attempt 12: x"), 12);
    EXPECT_EQ(attempt_from_subject("Attempt 3: y"), 3);
    EXPECT_FALSE(attempt_from_subject("Attempt three: y"));
    EXPECT_FALSE(attempt_from_subject("Attempt 3 y"));
    EXPECT_FALSE(attempt_from_subject("fix things"));
}

TEST(FindTrailer, IsCaseInsensitiveAndTakesTheLast) {
    const std::vector<std::pair<std::string, std::string>> trailers{{"autofix-id", "1"},
                                                                    {"Autofix-Id", " 2 "}};
    EXPECT_EQ(find_trailer(trailers, "Autofix-Id"), "2");
    EXPECT_FALSE(find_trailer(trailers, "Autofix-Attempt"));
}

TEST(FixBranch, NamesAndLabels) {
    EXPECT_EQ(fix_branch_name("77"), "autonomous-fix-77");
    EXPECT_EQ(parse_fix_id("autonomous-fix-77"), "77");
    EXPECT_FALSE(parse_fix_id("autonomous-fix-"));
    EXPECT_FALSE(parse_fix_id("autonomous-fix-7 7"));
    EXPECT_FALSE(parse_fix_id("main"));
    EXPECT_EQ(pull_request_labels("7", 2),
              (std::vector<std::string>{"autonomous-fix-7", "attempt-count-2", "autonomous-fix-7-attempt-1",
                                        "autonomous-fix-7-attempt-2"}));
    EXPECT_EQ(escalation_issue_labels("7"),
              (std::vector<std::string>{"autonomous-fix-7-escalation", "needs-human", "autonomous-agent"}));
}

TEST(ModelPolicy, StrongFromItsAttemptAndEscalationPastTheMax) {
    const ModelPolicy policy;
    EXPECT_EQ(model_for_attempt(policy, 4), "claude-sonnet-4-5");
    EXPECT_EQ(model_for_attempt(policy, 5), "claude-opus-4-5");
    EXPECT_FALSE(escalation_due(policy, 6));
    EXPECT_TRUE(escalation_due(policy, 7));
}

} // namespace
} // namespace autofix::core
