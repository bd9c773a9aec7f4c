#pragma once

#include "agent/fix_session.hpp"
#include "app/collaborators.hpp"
#include "app/outcome.hpp"
#include "app/test_command.hpp"
#include "core/commit_message.hpp"
#include "core/route.hpp"
#include "logs/failure_context.hpp"

#include <string>

namespace autofix::app {

/// Returns the body of an attempt that changed nothing (or was stopped at the cost cap): why, each tool call
/// it made and its last words, so that the next attempt's prompt says what it tried.
std::string no_change_explanation(const agent::FixOutcome& fix);

/// Builds the commit of attempt `outcome.route.attempt` (an empty one when `fix` changed nothing);
/// `verification` is the headline of the test-command run after it, when there was one. An attempt a human
/// asked for with
/// `/autofix retry` (with.request) records who asked and the guidance.
core::AttemptCommit attempt_commit(Collaborators& with, const Outcome& outcome, const agent::FixOutcome& fix,
                                   const logs::FailureContext& failure, const std::string& base_branch,
                                   const TestRun* verification = nullptr);

} // namespace autofix::app
