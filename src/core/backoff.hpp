#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace autofix::core {

/// Shape of an exponential backoff: first delay, cap, and the fraction of each delay that is random.
struct BackoffPolicy {
    std::chrono::milliseconds initial{500};
    std::chrono::milliseconds maximum{8000};
    double jitter = 0.25; // 0.25: the delay is reduced by up to a quarter, as the official SDKs do
};

/// Returns the delay before retry number `retry` (0 for the first retry): initial * 2^retry capped at
/// maximum, less `jitter` times a random share picked from `random_unit` in [0, 1).
std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int retry, double random_unit);

/// Parses a `retry-after-ms` value (milliseconds, may be fractional); nullopt when malformed or negative.
std::optional<std::chrono::milliseconds> parse_retry_after_ms(const std::string& value);

/// Parses a `retry-after` value: delay seconds, or an HTTP-date measured from `now`;
/// nullopt when malformed. A date in the past gives zero.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now);

/// Returns the wait until the epoch second in `x-ratelimit-reset`, from `now`; nullopt when malformed.
std::optional<std::chrono::milliseconds> parse_ratelimit_reset(const std::string& value,
                                                               std::chrono::system_clock::time_point now);

} // namespace autofix::core
