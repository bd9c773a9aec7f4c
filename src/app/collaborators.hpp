#pragma once

#include "action/environment.hpp"
#include "action/settings.hpp"
#include "agent/pricing.hpp"
#include "agent/prompts.hpp"
#include "app/outcome.hpp"
#include "app/secrets.hpp"
#include "core/branch_history.hpp"
#include "core/model_policy.hpp"
#include "ports/command_runner.hpp"
#include "ports/forge.hpp"
#include "ports/git_repository.hpp"
#include "ports/model_client.hpp"

#include <ostream>

namespace autofix::app {

/// What the case handlers act with: the settings, the ports, the prompts and the console.
struct Collaborators {
    const action::Settings& settings;
    const action::Environment& environment;
    SecretFilter& secrets;
    std::ostream& out;
    ports::GitRepository& git;
    ports::Forge& forge;
    ports::ModelClient& model;
    const agent::PromptSet& prompts;
    const agent::PriceTable& prices;
    ports::CommandRunner& commands; // runs the test-command
};

/// The agent identity of the settings, for the router.
core::AgentIdentity agent_identity(const action::Settings& settings);

/// The agent identity of the settings, for commits.
ports::Identity commit_identity(const action::Settings& settings);

/// The model policy of the settings.
core::ModelPolicy model_policy(const action::Settings& settings);

/// Adds `usage` of `model` to the outcome's spend, pricing it with `prices`.
void add_spend(Outcome& outcome, const agent::PriceTable& prices, const std::string& model,
               const ports::Usage& usage);

/// Returns true when the run must not push, open, label or dispatch anything.
bool dry_run(const action::Settings& settings);

} // namespace autofix::app
