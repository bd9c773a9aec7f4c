#pragma once

#include "core/backoff.hpp"
#include "core/error.hpp"

#include <chrono>
#include <string>

namespace autofix::core {

/// What one GitHub API answer says about retrying: status (0 when no response arrived) and the headers
/// and body text that GitHub's rate-limit rules look at.
struct GitHubAnswer {
    int status = 0;
    std::string retry_after;         // `retry-after`
    std::string ratelimit_remaining; // `x-ratelimit-remaining`
    std::string ratelimit_reset;     // `x-ratelimit-reset`, epoch seconds
    std::string body;                // searched for "secondary rate limit" / "rate limit exceeded"
};

/// Why an answer may be retried.
enum class RetryReason {
    none,         // final: success or an error that retrying cannot fix
    network,      // no response (dropped, refused, timeout)
    server_error, // 5xx
    rate_limit,   // 429, or 403 from a primary or secondary rate limit
};

/// Classifies an answer by GitHub's documented rules: 5xx, 429, and 403 that is a rate limit (the body
/// mentions a rate limit, `retry-after` is present, or `x-ratelimit-remaining` is 0).
RetryReason classify_github_answer(const GitHubAnswer& answer);

/// Bounds on retrying: how many retries, how long to sleep in total, and the shape of the backoff.
struct GitHubRetryBudget {
    int max_retries = 5;
    std::chrono::milliseconds max_total_wait{std::chrono::minutes(3)};
    BackoffPolicy backoff{std::chrono::milliseconds(1000), std::chrono::milliseconds(30000), 0.25};
    /// GitHub: "wait for at least one minute" after a secondary rate limit that names no wait.
    std::chrono::milliseconds rate_limit_minimum{std::chrono::minutes(1)};
};

/// The outcome: retry after `delay`, or give up with an error of `kind` explaining why (`reason_text`).
struct RetryDecision {
    bool retry = false;
    std::chrono::milliseconds delay{0};
    ErrorKind kind = ErrorKind::http; // when giving up: rate_limited, http or network
    std::string reason_text;          // when giving up: "gave up after 5 retries", "would wait 3600s ..."
};

/// Decides what to do after `answer`, given `retries_done` retries so far and `waited` sleeping so far:
/// the wait is `retry-after`, else the time to `x-ratelimit-reset` when the limit is used up, else
/// exponential backoff (at least `rate_limit_minimum` for rate limits); gives up when the retry count or
/// the total wait would go over the budget. `random_unit` in [0, 1) picks the jitter. Never retries an
/// answer whose reason is none.
RetryDecision decide_github_retry(const GitHubAnswer& answer, int retries_done,
                                  std::chrono::milliseconds waited, const GitHubRetryBudget& budget,
                                  std::chrono::system_clock::time_point now, double random_unit);

} // namespace autofix::core
