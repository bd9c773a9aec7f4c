#include "app/collaborators.hpp"

namespace autofix::app {

core::AgentIdentity agent_identity(const action::Settings& settings) {
    return {settings.agent_name, settings.agent_email};
}

ports::Identity commit_identity(const action::Settings& settings) {
    return {settings.agent_name, settings.agent_email};
}

core::ModelPolicy model_policy(const action::Settings& settings) {
    return {settings.model, settings.strong_model, settings.strong_model_from_attempt, settings.max_attempts};
}

void add_spend(Outcome& outcome, const agent::PriceTable& prices, const std::string& model,
               const ports::Usage& usage) {
    outcome.spend.input_tokens +=
        usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
    outcome.spend.output_tokens += usage.output_tokens;
    outcome.spend.cost_usd += prices.estimate_cost(model, usage);
}

core::CostCap cost_cap(const action::Settings& settings) {
    return core::CostCap{settings.max_cost_usd};
}

void note_chain_spend(Outcome& outcome, const action::Settings& settings, double spent_usd) {
    outcome.chain.known = true;
    outcome.chain.spent_usd = spent_usd;
    outcome.chain.cap_usd = settings.max_cost_usd;
}

bool dry_run(const action::Settings& settings) {
    return settings.dry_run == action::DryRun::on;
}

} // namespace autofix::app
