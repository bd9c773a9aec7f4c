#pragma once

#include "ports/clock.hpp"

#include <vector>

namespace autofix::testing {

/// A clock that never sleeps: sleeping advances its readings and is recorded for assertions.
class FakeClock final : public ports::Clock {
public:
    std::chrono::steady_clock::time_point now() override { return m_steady; }
    std::chrono::system_clock::time_point wall_now() override { return m_wall; }
    void sleep_for(std::chrono::milliseconds duration) override {
        m_sleeps.push_back(duration);
        m_steady += duration;
        m_wall += duration;
    }

    /// Every sleep asked for, in order.
    const std::vector<std::chrono::milliseconds>& sleeps() const { return m_sleeps; }

    /// Sets the wall clock (for epoch-based headers).
    void set_wall(std::chrono::system_clock::time_point wall) { m_wall = wall; }

private:
    std::chrono::steady_clock::time_point m_steady{};
    std::chrono::system_clock::time_point m_wall{std::chrono::seconds(1'700'000'000)};
    std::vector<std::chrono::milliseconds> m_sleeps;
};

} // namespace autofix::testing
