#include "core/retry_failure.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

const std::string k_sha = "0123456789abcdef0123456789abcdef01234567";

TEST(RetryFailure, TheNewestFailedRunOnTheTipGivesItsLogs) {
    const auto chosen = choose_retry_failure({{7, "completed", "failure", "https://x/runs/7"},
                                              {9, "completed", "failure", "https://x/runs/9"},
                                              {8, "completed", "cancelled", "https://x/runs/8"}},
                                             "ci.yml", k_sha);
    EXPECT_EQ(chosen.source, RetryFailure::Source::ci_run);
    EXPECT_EQ(chosen.run_id, 9U);
    EXPECT_EQ(chosen.run_url, "https://x/runs/9");
    EXPECT_NE(chosen.reason.find("CI run 9 (ci.yml)"), std::string::npos) << chosen.reason;
    EXPECT_NE(chosen.reason.find("0123456789ab"), std::string::npos) << chosen.reason;
    EXPECT_STREQ(to_string(chosen.source), "ci_run");
}

TEST(RetryFailure, ATimedOutRunCountsAsFailed) {
    EXPECT_EQ(choose_retry_failure({{3, "completed", "timed_out", ""}}, "ci.yml", k_sha).source,
              RetryFailure::Source::ci_run);
}

TEST(RetryFailure, CiStillRunningOnTheTipHoldsTheRetry) {
    const auto chosen = choose_retry_failure(
        {{4, "completed", "failure", ""}, {5, "in_progress", "", "https://x/runs/5"}}, "ci.yml", k_sha);
    EXPECT_EQ(chosen.source, RetryFailure::Source::ci_running);
    EXPECT_EQ(chosen.run_id, 5U);
    EXPECT_NE(chosen.reason.find("has not finished (in_progress)"), std::string::npos) << chosen.reason;
    EXPECT_EQ(choose_retry_failure({{6, "queued", "", ""}}, "ci.yml", k_sha).source,
              RetryFailure::Source::ci_running);
}

TEST(RetryFailure, NoRunACancelledRunOrAPassFallsBackToTheRecordedFailure) {
    const auto none = choose_retry_failure({}, "ci.yml", k_sha);
    EXPECT_EQ(none.source, RetryFailure::Source::recorded);
    EXPECT_NE(none.reason.find("no CI run (ci.yml)"), std::string::npos) << none.reason;
    const auto cancelled = choose_retry_failure({{2, "completed", "cancelled", ""}}, "ci.yml", k_sha);
    EXPECT_EQ(cancelled.source, RetryFailure::Source::recorded);
    EXPECT_NE(cancelled.reason.find("ended cancelled"), std::string::npos) << cancelled.reason;
    const auto passed = choose_retry_failure({{2, "completed", "success", ""}}, "ci.yml", k_sha);
    EXPECT_EQ(passed.source, RetryFailure::Source::recorded);
    EXPECT_STREQ(to_string(passed.source), "recorded");
}

TEST(RetryFailure, WithoutTheCiWorkflowTheRunsCannotBeLookedUp) {
    const auto chosen = choose_retry_failure({{9, "completed", "failure", ""}}, "", k_sha);
    EXPECT_EQ(chosen.source, RetryFailure::Source::recorded);
    EXPECT_NE(chosen.reason.find("ci-workflow input is not set"), std::string::npos) << chosen.reason;
}

} // namespace
} // namespace autofix::core
