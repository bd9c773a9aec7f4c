// Checks GitHub's retry rules as pure decisions: which answers are retried, how long to wait
// (retry-after, x-ratelimit-reset, backoff, the one-minute floor for rate limits) and when to give up.
#include "core/github_retry.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using namespace std::chrono_literals;

const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));

core::GitHubRetryBudget budget() {
    core::GitHubRetryBudget budget;
    budget.max_retries = 3;
    budget.max_total_wait = 120s;
    budget.backoff = {1000ms, 8000ms, 0.0};
    budget.rate_limit_minimum = 60s;
    return budget;
}

TEST(ClassifyGitHubAnswer, SortsStatusesByGitHubsRules) {
    using core::RetryReason;
    EXPECT_EQ(core::classify_github_answer({0, "", "", "", ""}), RetryReason::network);
    EXPECT_EQ(core::classify_github_answer({502, "", "", "", ""}), RetryReason::server_error);
    EXPECT_EQ(core::classify_github_answer({429, "", "", "", ""}), RetryReason::rate_limit);
    EXPECT_EQ(
        core::classify_github_answer(
            {403, "", "", "", R"({"message":"You have exceeded a secondary rate limit. Please wait."})"}),
        RetryReason::rate_limit);
    EXPECT_EQ(core::classify_github_answer({403, "30", "", "", "{}"}), RetryReason::rate_limit);
    EXPECT_EQ(core::classify_github_answer({403, "", "0", "1700000100", "{}"}), RetryReason::rate_limit);
    EXPECT_EQ(core::classify_github_answer({403, "", "12", "", R"({"message":"Resource not accessible"})"}),
              RetryReason::none);
    EXPECT_EQ(core::classify_github_answer({401, "", "", "", ""}), RetryReason::none);
    EXPECT_EQ(core::classify_github_answer({422, "", "", "", ""}), RetryReason::none);
    EXPECT_EQ(core::classify_github_answer({200, "", "0", "", ""}), RetryReason::none);
}

TEST(DecideGitHubRetry, ServerErrorsBackOffExponentially) {
    const core::GitHubAnswer answer{503, "", "", "", ""};
    EXPECT_EQ(core::decide_github_retry(answer, 0, 0ms, budget(), now, 0.5).delay, 1000ms);
    EXPECT_EQ(core::decide_github_retry(answer, 2, 3000ms, budget(), now, 0.5).delay, 4000ms);
    EXPECT_TRUE(core::decide_github_retry(answer, 2, 3000ms, budget(), now, 0.5).retry);
}

TEST(DecideGitHubRetry, RetryAfterWinsOverEverythingElse) {
    const auto decision =
        core::decide_github_retry({429, "7", "0", "1700000100", ""}, 0, 0ms, budget(), now, 0);
    EXPECT_TRUE(decision.retry);
    EXPECT_EQ(decision.delay, 7000ms);
}

TEST(DecideGitHubRetry, ExhaustedPrimaryLimitWaitsUntilReset) {
    const auto decision =
        core::decide_github_retry({403, "", "0", "1700000042", ""}, 0, 0ms, budget(), now, 0);
    EXPECT_TRUE(decision.retry);
    EXPECT_EQ(decision.delay, 42s);
}

TEST(DecideGitHubRetry, SecondaryLimitWithoutHeadersWaitsAtLeastAMinute) {
    const auto decision = core::decide_github_retry(
        {403, "", "", "", R"({"message":"You have exceeded a secondary rate limit"})"}, 0, 0ms, budget(), now,
        0);
    EXPECT_TRUE(decision.retry);
    EXPECT_EQ(decision.delay, 60s);
}

TEST(DecideGitHubRetry, GivesUpAfterTheRetryCount) {
    const auto decision = core::decide_github_retry({500, "", "", "", ""}, 3, 7s, budget(), now, 0);
    EXPECT_FALSE(decision.retry);
    EXPECT_EQ(decision.kind, core::ErrorKind::http);
    EXPECT_EQ(decision.reason_text, "gave up after 3 retries");
}

TEST(DecideGitHubRetry, GivesUpWhenTheWaitWouldExceedTheBudget) {
    const auto far = core::decide_github_retry({403, "", "0", "1700003600", ""}, 0, 0ms, budget(), now, 0);
    EXPECT_FALSE(far.retry);
    EXPECT_EQ(far.kind, core::ErrorKind::rate_limited);
    EXPECT_NE(far.reason_text.find("3600s"), std::string::npos);
    const auto accumulated = core::decide_github_retry({429, "30", "", "", ""}, 1, 100s, budget(), now, 0);
    EXPECT_FALSE(accumulated.retry);
    EXPECT_EQ(accumulated.kind, core::ErrorKind::rate_limited);
}

TEST(DecideGitHubRetry, NetworkFailuresGiveUpAsNetworkErrors) {
    EXPECT_TRUE(core::decide_github_retry({}, 0, 0ms, budget(), now, 0).retry);
    const auto decision = core::decide_github_retry({}, 3, 0ms, budget(), now, 0);
    EXPECT_FALSE(decision.retry);
    EXPECT_EQ(decision.kind, core::ErrorKind::network);
}

TEST(DecideGitHubRetry, NeverRetriesFinalAnswers) {
    EXPECT_FALSE(core::decide_github_retry({404, "", "", "", ""}, 0, 0ms, budget(), now, 0).retry);
    EXPECT_FALSE(core::decide_github_retry({401, "5", "", "", ""}, 0, 0ms, budget(), now, 0).retry);
}

} // namespace
} // namespace autofix
