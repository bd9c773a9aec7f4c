#pragma once

#include "app/collaborators.hpp"
#include "app/outcome.hpp"
#include "core/route.hpp"

namespace autofix::app {

/// Case 1: unless this run's fix branch exists already (a re-run), creates it from the failing commit, runs
/// a fix session, commits attempt 1 with the original error, pushes and starts CI on it.
Outcome start_fix(Collaborators& with, const core::Triage& triage);

/// Case 2: reads the attempts on the fix branch; stops for a human, escalates (case 5) past max-attempts,
/// else runs the next attempt with the full history and the policy's model, commits, pushes, starts CI.
Outcome retry_fix(Collaborators& with, const core::Triage& triage);

} // namespace autofix::app
