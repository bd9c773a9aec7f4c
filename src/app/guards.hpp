#pragma once

#include "app/collaborators.hpp"
#include "app/outcome.hpp"
#include "core/error.hpp"
#include "core/route.hpp"
#include "core/run_guards.hpp"

#include <optional>
#include <ostream>
#include <string>

namespace autofix::app {

// The runaway guards' wiring: each gathers the facts of one guard of core/run_guards.hpp through the ports
// and returns its stop, or nullopt when the run may go on.

/// A guard's answer: the stop, or nullopt to go on.
using GuardCheck = core::Expected<std::optional<core::GuardStop>>;

/// Returns the outcome of a run that `stop` ended with exit status 0: the route's case, `action-taken` naming
/// the guard, the guard's reason as the summary's "Why"; nothing was made, so a first failure names no fix
/// branch. Prints the reason as a notice.
Outcome stopped_by(core::Route route, const core::GuardStop& stop, std::ostream& out);

/// The switch-off guard, from the settings alone (no git, no network): `enabled: false`.
std::optional<core::GuardStop> disabled_guard(const action::Settings& settings);

/// The pause guard: one GitHub call for an open issue labelled autofix-pause. Fails when GitHub cannot
/// answer (the run stops as failed rather than work while it may be paused).
GuardCheck pause_guard(ports::Forge& forge);

/// Case 1: the own-commit guard for `sha`, the commit the fix would start from (present in the checkout):
/// reads it and, for a merge, its merged parents (fetched alone when missing; unreadable ones are left out).
/// Fails when `sha` itself cannot be read.
GuardCheck own_commit_guard(Collaborators& with, const std::string& sha);

/// Cases 2, 3 and 5: the fix-branch guard: asks the remote whether `fix_branch` exists and GitHub for its
/// pull requests (open and closed). Fails on git or API errors.
GuardCheck fix_branch_guard(Collaborators& with, const std::string& fix_branch);

} // namespace autofix::app
