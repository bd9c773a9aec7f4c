#include "app/spend_cap.hpp"

#include "action/workflow_commands.hpp"
#include "app/escalation.hpp"
#include "app/fix_branch_reader.hpp"
#include "core/budget.hpp"

#include <algorithm>
#include <chrono>

namespace autofix::app {

void apply_budgets(Collaborators& with, agent::FixSessionConfig& config, double chain_spent,
                   const std::string& model) {
    const action::Settings& settings = with.settings;
    config.budget.max_usd = settings.max_cost_usd;
    config.budget.spent_before_usd = chain_spent;
    config.budget.price = [&prices = with.prices, model](const ports::Usage& usage) {
        return prices.estimate_cost(model, usage);
    };
    config.clock = &with.clock;
    config.limits.timeout = std::chrono::seconds(settings.session_timeout_seconds);
    config.cache = settings.prompt_caching == action::PromptCaching::on ? agent::PromptCache::on
                                                                        : agent::PromptCache::off;
}

Outcome escalate_at_budget(Collaborators& with, Outcome outcome, const PushAttempts& push) {
    const action::Settings& settings = with.settings;
    const auto state = read_fix_branch(with.git, agent_identity(settings), outcome.route.fix_id);
    if (!state) {
        return step_failed(std::move(outcome), taken::failed, state.error());
    }
    const double spent = std::max(outcome.chain.spent_usd, state->history.spent_usd);
    note_chain_spend(outcome, settings, spent);
    outcome.route =
        core::route_budget_reached(outcome.route, state->history.highest_attempt, spent, cost_cap(settings));
    action::warning(with.out, outcome.route.reason);
    if (!dry_run(settings) && !outcome.attempts.empty()) {
        if (auto stopped = push(with, outcome)) {
            return std::move(*stopped);
        }
    }
    std::vector<AttemptRow> rows = std::move(outcome.attempts);
    outcome.attempts.clear();
    Outcome escalated = escalate(with, std::move(outcome), *state);
    escalated.attempts = std::move(rows); // this run's rows; escalate() lists the branch's attempts again
    return escalated;
}

} // namespace autofix::app
