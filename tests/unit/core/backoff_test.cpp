// Checks backoff growth, cap and jitter, and the parsing of retry-after, retry-after-ms and
// x-ratelimit-reset.
#include "core/backoff.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

using std::chrono::milliseconds;

TEST(BackoffDelay, DoublesUpToTheCap) {
    const BackoffPolicy policy{milliseconds(500), milliseconds(8000), 0.25};
    EXPECT_EQ(backoff_delay(policy, 0, 0.0), milliseconds(500));
    EXPECT_EQ(backoff_delay(policy, 1, 0.0), milliseconds(1000));
    EXPECT_EQ(backoff_delay(policy, 4, 0.0), milliseconds(8000));
    EXPECT_EQ(backoff_delay(policy, 30, 0.0), milliseconds(8000));
}

TEST(BackoffDelay, JitterReducesByAtMostItsShare) {
    const BackoffPolicy policy{milliseconds(1000), milliseconds(8000), 0.25};
    EXPECT_EQ(backoff_delay(policy, 0, 1.0), milliseconds(750));
    EXPECT_EQ(backoff_delay(policy, 0, 0.5), milliseconds(875));
}

TEST(ParseRetryAfter, SecondsAndHttpDate) {
    const auto now =
        std::chrono::system_clock::time_point(std::chrono::seconds(784111777)); // 1994-11-06 08:49:37
    EXPECT_EQ(parse_retry_after("3", now), milliseconds(3000));
    EXPECT_EQ(parse_retry_after("1.5", now), milliseconds(1500));
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), milliseconds(10000));
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now), milliseconds(0));
    EXPECT_FALSE(parse_retry_after("soon", now));
    EXPECT_FALSE(parse_retry_after("-1", now));
    EXPECT_FALSE(parse_retry_after("", now));
}

TEST(ParseRetryAfterMs, Milliseconds) {
    EXPECT_EQ(parse_retry_after_ms("250"), milliseconds(250));
    EXPECT_EQ(parse_retry_after_ms("250.7"), milliseconds(250));
    EXPECT_FALSE(parse_retry_after_ms("x"));
}

TEST(ParseRatelimitReset, EpochSecondsFromNow) {
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1000));
    EXPECT_EQ(parse_ratelimit_reset("1030", now), milliseconds(30000));
    EXPECT_EQ(parse_ratelimit_reset("900", now), milliseconds(0));
    EXPECT_FALSE(parse_ratelimit_reset("12a", now));
}

} // namespace
} // namespace autofix::core
