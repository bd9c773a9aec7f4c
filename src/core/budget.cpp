#include "core/budget.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace autofix::core {

std::string format_cost(double usd) {
    if (!std::isfinite(usd) || usd < 0) {
        usd = 0;
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6f", usd);
    return buffer;
}

std::optional<double> parse_cost(std::string_view text) {
    if (text.empty() || text.size() > 32) {
        return std::nullopt;
    }
    for (const char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') {
            return std::nullopt; // no sign, exponent, inf or nan: only what format_cost writes
        }
    }
    double value = 0;
    const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (code != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::string dollars(double usd) {
    if (!std::isfinite(usd) || usd < 0) {
        usd = 0;
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "$%.4f", usd);
    return buffer;
}

bool budget_reached(double spent_usd, const CostCap& cap) {
    return spent_usd >= cap.max_usd;
}

std::string budget_reason(double spent_usd, const CostCap& cap) {
    return "budget reached: the fix chain spent " + dollars(spent_usd) + " of max-cost-usd " +
           dollars(cap.max_usd);
}

} // namespace autofix::core
