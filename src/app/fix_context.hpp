#pragma once

#include "action/settings.hpp"
#include "agent/fix_session.hpp"
#include "agent/workspace.hpp"
#include "logs/failure_context.hpp"

#include <string>
#include <vector>

namespace autofix::app {

// What a fix session of a run is given, built in one place so that the run and `autofix context` agree.

/// Returns the sandbox options of a run: its protected-paths globs, or the default when none are set.
agent::WorkspaceOptions workspace_options(const action::Settings& settings);

/// Returns the text of the skill file under the workspace; "" when it is missing or unreadable.
std::string read_skill_file(const action::Settings& settings);

/// Returns the first message's context of fix attempt `attempt`: the failure's excerpt and files, the skill
/// file and the earlier attempts (oldest first).
agent::FixContext make_fix_context(const logs::FailureContext& failure, const action::Settings& settings,
                                   int attempt, std::vector<agent::PreviousAttempt> previous);

/// Returns the commit gate of a run: allow-test-changes, the test-command and the config file's path.
core::GatePolicy commit_gate_policy(const action::Settings& settings);

/// Returns the session configuration of a run for `model`, every sent text passed through `redact`, with
/// the run's commit gate.
agent::FixSessionConfig make_session_config(const action::Settings& settings, const std::string& model,
                                            agent::Redact redact);

} // namespace autofix::app
