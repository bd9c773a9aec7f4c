#include "core/budget.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace autofix::core {

std::string format_cost(double usd) {
    if (!std::isfinite(usd) || usd < 0) {
        usd = 0;
    }
    // Rounded up to a millionth of a dollar, so that the trailers of a chain never sum to less than it spent.
    const double micro = std::max(0.0, std::ceil(usd * 1e6 - 1e-6));
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6f", micro / 1e6);
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

Route route_budget_reached(Route route, int attempts_made, double spent_usd, const CostCap& cap) {
    route.which = Case::escalate;
    route.action = Action::open_escalation_issue;
    route.attempt = attempts_made;
    route.model.clear();
    route.reason = budget_reason(spent_usd, cap) + " after " + std::to_string(attempts_made) +
                   " attempt(s): no further model call is made and a human is asked to take over";
    return route;
}

} // namespace autofix::core
