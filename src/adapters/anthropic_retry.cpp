#include "adapters/anthropic_retry.hpp"

#include <algorithm>
#include <cctype>

namespace autofix::adapters {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

bool is_spend_limit(int status, const ApiError& error) {
    if (status != 429) {
        return false;
    }
    if (error.error_code == "enforced_spend_limit_reached") {
        return true;
    }
    const std::string message = lower(error.message);
    return message.find("spend limit") != std::string::npos ||
           message.find("usage limit") != std::string::npos;
}

RetryVerdict decide_retry(int status, const ports::HttpHeaders& headers, const ApiError& error) {
    if (is_spend_limit(status, error)) {
        return RetryVerdict::give_up;
    }
    const std::string should_retry = lower(ports::find_header(headers, "x-should-retry"));
    if (should_retry == "true") {
        return RetryVerdict::retry;
    }
    if (should_retry == "false") {
        return RetryVerdict::give_up;
    }
    if (status == 408 || status == 409 || status == 429 || status >= 500) {
        return RetryVerdict::retry;
    }
    return RetryVerdict::give_up;
}

std::chrono::milliseconds retry_delay(const ports::HttpHeaders& headers, const core::BackoffPolicy& policy,
                                      int retry, double random_unit,
                                      std::chrono::system_clock::time_point now) {
    std::optional<std::chrono::milliseconds> advised;
    if (const std::string ms = ports::find_header(headers, "retry-after-ms"); !ms.empty()) {
        advised = core::parse_retry_after_ms(ms);
    }
    if (!advised) {
        if (const std::string after = ports::find_header(headers, "retry-after"); !after.empty()) {
            advised = core::parse_retry_after(after, now);
        }
    }
    if (advised && advised->count() > 0 && *advised <= std::chrono::seconds(60)) {
        return *advised;
    }
    return core::backoff_delay(policy, retry, random_unit);
}

} // namespace autofix::adapters
