#pragma once

#include <chrono>

namespace autofix::ports {

/// Time and waiting; abstract so retry and backoff tests run without sleeping.
class Clock {
public:
    virtual ~Clock() = default;

    /// A monotonic reading, for measuring durations and retry budgets.
    virtual std::chrono::steady_clock::time_point now() = 0;

    /// Wall-clock time, for headers like `x-ratelimit-reset` that name an epoch second.
    virtual std::chrono::system_clock::time_point wall_now() = 0;

    /// Waits for `duration` (a fake records it and returns at once).
    virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

} // namespace autofix::ports
