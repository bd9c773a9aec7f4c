#pragma once

#include "core/route.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace autofix::core {

/// The money cap of a whole fix chain (every attempt on one fix branch, over all its runs).
struct CostCap {
    double max_usd = 5.0; // the max-cost-usd input
};

/// Returns the text of a cost in US dollars as written in the `Autofix-Cost` trailer: six decimals rounded
/// up, no unit ("0.012345"); negative or non-finite values are written as "0.000000".
std::string format_cost(double usd);

/// Returns the cost written by format_cost (a plain non-negative decimal number), or nullopt when `text` is
/// not one.
std::optional<double> parse_cost(std::string_view text);

/// Returns the cost as people read it in reasons and summaries: "$0.0123" (four decimals).
std::string dollars(double usd);

/// True when a chain that has spent `spent_usd` may not make another model call under `cap`.
bool budget_reached(double spent_usd, const CostCap& cap);

/// Returns the reason of a stop at the cap: "budget reached: the fix chain spent $X of max-cost-usd $Y".
std::string budget_reason(double spent_usd, const CostCap& cap);

/// Returns `route` turned into the escalation (case 5) of a chain that reached its cap after
/// `attempts_made` attempts, its reason saying so. An escalation still needs route_escalation.
Route route_budget_reached(Route route, int attempts_made, double spent_usd, const CostCap& cap);

} // namespace autofix::core
