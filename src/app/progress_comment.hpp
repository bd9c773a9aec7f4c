#pragma once

#include "app/collaborators.hpp"
#include "app/outcome.hpp"
#include "core/progress_comment.hpp"

#include <optional>

namespace autofix::app {

/// Returns what the progress comment should say after a run that ended with `outcome`, or nullopt when the
/// run changed nothing worth saying (no pull request behind the chain, a dry run, a guard, a re-run, a
/// superseded attempt). Only what happened is said: "pushed" only with a pushed commit, "fixed" only with the
/// PR's URL (also when CI passed again on an open PR), "escalated" only with the issue's (with "attempt N
/// failed" when CI failed again after it), "stopped by @login" only with the recorded stop. A comment run
/// links the CI run it started (outcome.facts), never its own run.
std::optional<core::ProgressReport> progress_report(const Outcome& outcome, const action::Settings& settings);

/// Writes the progress comment of the run's fix chain on the pull request whose build failed: edits the
/// token's own comment carrying the chain's marker, or creates it when there is none. Never fails the run:
/// when the comment cannot be written (e.g. 403, a token without `pull-requests: write`), warns once and
/// records why in `outcome.progress`.
void update_progress_comment(Collaborators& with, Outcome& outcome);

} // namespace autofix::app
