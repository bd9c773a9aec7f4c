#pragma once

#include "action/environment.hpp"
#include "action/settings.hpp"
#include "agent/pricing.hpp"
#include "agent/prompts.hpp"
#include "app/outcome.hpp"
#include "app/secrets.hpp"
#include "core/branch_history.hpp"
#include "core/budget.hpp"
#include "core/model_policy.hpp"
#include "ports/clock.hpp"
#include "ports/command_runner.hpp"
#include "ports/forge.hpp"
#include "ports/git_repository.hpp"
#include "ports/model_client.hpp"

#include <functional>
#include <ostream>

namespace autofix::app {

/// A human's `/autofix retry`: who asked, and the guidance. Untrusted text: it goes to the model as that
/// person's advice and into the attempt commit (both redacted), never to a shell.
struct HumanRequest {
    std::string login;
    std::string guidance;
};

struct Collaborators;

/// Sets up the model of a run that started without one (a comment command: only a retry calls a model):
/// checks the model credentials, loads the prompts and prices, builds the client, and returns what `act`
/// returns when given collaborators that hold them; fails (config, invalid_input) without calling `act`.
using ModelSetup = std::function<core::Expected<Outcome>(Collaborators& with,
                                                         const std::function<Outcome(Collaborators&)>& act)>;

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
    ports::CommandRunner& commands;          // runs the test-command
    ports::Clock& clock;                     // measures session-timeout
    const HumanRequest* request = nullptr;   // set for the one attempt of a `/autofix retry`
    const ModelSetup* model_setup = nullptr; // set when `model` is a stand-in that fails every call
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

/// The cost cap of the settings (max-cost-usd).
core::CostCap cost_cap(const action::Settings& settings);

/// Records the chain's spend so far (`spent_usd`) against the settings' cap in `outcome.chain`.
void note_chain_spend(Outcome& outcome, const action::Settings& settings, double spent_usd);

/// Returns true when the run must not push, open, label or dispatch anything.
bool dry_run(const action::Settings& settings);

} // namespace autofix::app
