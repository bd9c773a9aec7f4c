#include "core/backoff.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>

namespace autofix::core {
namespace {

std::optional<double> parse_number(const std::string& value) {
    if (value.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (end != value.c_str() + value.size() || !std::isfinite(number) || number < 0) {
        return std::nullopt;
    }
    return number;
}

// Parses the IMF-fixdate form of RFC 9110 ("Sun, 06 Nov 1994 08:49:37 GMT") into epoch seconds.
std::optional<std::int64_t> parse_http_date(const std::string& value) {
    static constexpr std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char weekday[4] = {};
    char month[4] = {};
    char zone[4] = {};
    int day = 0, year = 0, hour = 0, minute = 0, second = 0;
    if (std::sscanf(value.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", weekday, &day, month, &year, &hour, &minute,
                    &second, zone) != 8 ||
        std::strcmp(zone, "GMT") != 0) {
        return std::nullopt;
    }
    const auto found =
        std::find_if(months.begin(), months.end(), [&](const char* m) { return std::strcmp(m, month) == 0; });
    if (found == months.end()) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = static_cast<int>(found - months.begin());
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<std::int64_t>(timegm(&tm));
}

std::chrono::milliseconds until(std::int64_t epoch_seconds, std::chrono::system_clock::time_point now) {
    const auto target = std::chrono::system_clock::time_point(std::chrono::seconds(epoch_seconds));
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(target - now);
    return std::max(wait, std::chrono::milliseconds(0));
}

} // namespace

std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int retry, double random_unit) {
    const double base = static_cast<double>(policy.initial.count()) * std::pow(2.0, std::max(retry, 0));
    const double capped = std::min(base, static_cast<double>(policy.maximum.count()));
    const double share = std::clamp(random_unit, 0.0, 1.0) * std::clamp(policy.jitter, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(capped * (1.0 - share)));
}

std::optional<std::chrono::milliseconds> parse_retry_after_ms(const std::string& value) {
    const auto number = parse_number(value);
    if (!number) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(*number));
}

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now) {
    if (const auto seconds = parse_number(value)) {
        return std::chrono::milliseconds(static_cast<std::int64_t>(*seconds * 1000.0));
    }
    if (const auto epoch = parse_http_date(value)) {
        return until(*epoch, now);
    }
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> parse_ratelimit_reset(const std::string& value,
                                                               std::chrono::system_clock::time_point now) {
    std::int64_t epoch = 0;
    const auto* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, epoch);
    if (value.empty() || ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return until(epoch, now);
}

} // namespace autofix::core
