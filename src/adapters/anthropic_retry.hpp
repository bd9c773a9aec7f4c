#pragma once

#include "adapters/anthropic_json.hpp"
#include "core/backoff.hpp"
#include "ports/http_transport.hpp"

#include <chrono>

namespace autofix::adapters {

/// Whether a failed Messages API call may be sent again.
enum class RetryVerdict { retry, give_up };

/// Returns true when `error` is a 429 for a reached spend or usage limit, which no wait will lift: the
/// documented `error.details.error_code` "enforced_spend_limit_reached", or a message naming the limit.
bool is_spend_limit(int status, const ApiError& error);

/// Decides as the official SDKs do: never a spend-limit 429; else an `x-should-retry` header wins; else
/// retry 408, 409, 429 and every 5xx (529 included), give up on the rest (400, 401, 403, 404, 413 ...).
RetryVerdict decide_retry(int status, const ports::HttpHeaders& headers, const ApiError& error);

/// Returns the wait before retry number `retry` (0 first): `retry-after-ms`, else `retry-after` (seconds or
/// HTTP date) when it is above 0 and at most 60 s, else the exponential backoff with jitter `random_unit`.
std::chrono::milliseconds retry_delay(const ports::HttpHeaders& headers, const core::BackoffPolicy& policy,
                                      int retry, double random_unit,
                                      std::chrono::system_clock::time_point now);

} // namespace autofix::adapters
