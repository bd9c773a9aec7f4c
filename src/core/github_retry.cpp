#include "core/github_retry.hpp"

#include <algorithm>
#include <cctype>

namespace autofix::core {
namespace {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string seconds_text(std::chrono::milliseconds duration) {
    return std::to_string((duration.count() + 999) / 1000) + "s";
}

} // namespace

RetryReason classify_github_answer(const GitHubAnswer& answer) {
    if (answer.status == 0) {
        return RetryReason::network;
    }
    if (answer.status >= 500 && answer.status <= 599) {
        return RetryReason::server_error;
    }
    if (answer.status == 429) {
        return RetryReason::rate_limit;
    }
    if (answer.status == 403) {
        const std::string body = lowercase(answer.body);
        if (body.find("secondary rate limit") != std::string::npos ||
            body.find("rate limit exceeded") != std::string::npos || !answer.retry_after.empty() ||
            answer.ratelimit_remaining == "0") {
            return RetryReason::rate_limit;
        }
    }
    return RetryReason::none;
}

RetryDecision decide_github_retry(const GitHubAnswer& answer, int retries_done,
                                  std::chrono::milliseconds waited, const GitHubRetryBudget& budget,
                                  std::chrono::system_clock::time_point now, double random_unit) {
    RetryDecision decision;
    const RetryReason reason = classify_github_answer(answer);
    switch (reason) {
    case RetryReason::none:
        decision.kind = ErrorKind::http;
        decision.reason_text = "not retryable";
        return decision;
    case RetryReason::network:
        decision.kind = ErrorKind::network;
        break;
    case RetryReason::server_error:
        decision.kind = ErrorKind::http;
        break;
    case RetryReason::rate_limit:
        decision.kind = ErrorKind::rate_limited;
        break;
    }

    std::chrono::milliseconds delay = backoff_delay(budget.backoff, retries_done, random_unit);
    std::string source = "backoff";
    if (const auto after = parse_retry_after(answer.retry_after, now)) {
        delay = *after;
        source = "retry-after";
    } else if (answer.ratelimit_remaining == "0") {
        if (const auto reset = parse_ratelimit_reset(answer.ratelimit_reset, now)) {
            delay = *reset;
            source = "x-ratelimit-reset";
        }
    } else if (reason == RetryReason::rate_limit) {
        delay = std::max(delay, budget.rate_limit_minimum);
    }

    if (retries_done >= budget.max_retries) {
        decision.reason_text = "gave up after " + std::to_string(retries_done) + " retries";
        return decision;
    }
    if (waited + delay > budget.max_total_wait) {
        decision.reason_text = "gave up: " + source + " asks to wait " + seconds_text(delay) + ", over the " +
                               seconds_text(budget.max_total_wait) + " retry budget (waited " +
                               seconds_text(waited) + ")";
        return decision;
    }
    decision.retry = true;
    decision.delay = delay;
    return decision;
}

} // namespace autofix::core
