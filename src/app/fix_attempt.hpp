#pragma once

#include "agent/fix_prompt.hpp"
#include "app/collaborators.hpp"
#include "app/outcome.hpp"
#include "core/route.hpp"
#include "logs/failure_context.hpp"

#include <string>
#include <vector>

namespace autofix::app {

/// Case 1: unless this run's fix branch exists already (a re-run), creates it from the failing commit, runs
/// a fix session, commits attempt 1 with the original error, pushes and starts CI on it.
Outcome start_fix(Collaborators& with, const core::Triage& triage);

/// Case 2: reads the attempts on the fix branch; stops for a human, escalates (case 5) past max-attempts,
/// else runs the next attempt with the full history and the policy's model, commits, pushes, starts CI.
Outcome retry_fix(Collaborators& with, const core::Triage& triage);

/// Runs the fix session of `outcome.route` (its attempt and model) answering `failure` after the
/// `previous` attempts, then commits, pushes and starts CI as cases 1 and 2 do; with `with.request` set (a
/// `/autofix retry`), exactly one attempt is made, whatever becomes of it.
Outcome run_attempts(Collaborators& with, Outcome outcome, const logs::FailureContext& failure,
                     std::vector<agent::PreviousAttempt> previous, const std::string& base_branch);

} // namespace autofix::app
