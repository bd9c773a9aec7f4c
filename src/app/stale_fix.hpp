#pragma once

#include "app/collaborators.hpp"
#include "app/outcome.hpp"

#include <optional>
#include <string>

namespace autofix::app {

/// Case 1, before the failure log is read: when the event names the failing commit and the branch on the
/// remote has moved on to another commit (someone pushed since), returns the finished outcome
/// (stop_stale_commit, with a notice: the newer commit's run decides); nullopt when the commit is still the
/// branch's tip or either is unknown (a branch deleted since).
std::optional<Outcome> stop_if_stale(Collaborators& with, Outcome& outcome);

/// Case 1 on a first run attempt that finds the run's fix branch already on the remote (matrix builds run
/// the action in several jobs of one run): reads this job's failure and, when the branch's first attempt
/// starts at the same failing commit, returns the finished outcome (stop_duplicate_fix; its reason says
/// whether the branch answers the same failure signature, its `Autofix-Failure` trailer). Returns nullopt
/// on a later run attempt (a re-run) or when the branch starts elsewhere; a failed outcome when the log or
/// the branch cannot be read.
std::optional<Outcome> stop_if_duplicate(Collaborators& with, Outcome& outcome);

} // namespace autofix::app
