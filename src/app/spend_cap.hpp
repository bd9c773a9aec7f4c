#pragma once

#include "agent/fix_session.hpp"
#include "app/collaborators.hpp"
#include "app/outcome.hpp"

#include <functional>
#include <optional>
#include <string>

namespace autofix::app {

/// Pushes the fix branch with this run's commits; returns the finished outcome when the run must stop there
/// (failed, superseded, a human took over), nullopt when the commits are on the remote.
using PushAttempts = std::function<std::optional<Outcome>(Collaborators&, Outcome&)>;

/// Sets a fix session's cost cap from max-cost-usd (the chain spent `chain_spent` before it, priced for
/// `model` with the collaborators' table), its session-timeout on the collaborators' clock and its prompt
/// caching. Warns when the table has no price for `model` (its cost would count as $0).
void apply_budgets(Collaborators& with, agent::FixSessionConfig& config, double chain_spent,
                   const std::string& model);

/// Escalates (case 5) because the fix chain reached max-cost-usd: re-reads the branch for the chain's
/// spend, sets the route's reason ("budget reached: ..."), pushes this run's commits with `push` (unless
/// dry-run or there are none) and opens the issue, which escalate() then writes without a model call. Keeps
/// this run's rows of the attempts table. Fails as reading the branch, the push or the escalation fails.
Outcome escalate_at_budget(Collaborators& with, Outcome outcome, const PushAttempts& push);

} // namespace autofix::app
