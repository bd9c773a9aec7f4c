#pragma once

#include "ports/clock.hpp"

namespace autofix::adapters {

/// The real clock: steady and system clocks, and a real sleep.
class SystemClock final : public ports::Clock {
public:
    std::chrono::steady_clock::time_point now() override;
    std::chrono::system_clock::time_point wall_now() override;
    void sleep_for(std::chrono::milliseconds duration) override;
};

} // namespace autofix::adapters
