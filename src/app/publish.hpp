#pragma once

#include "app/collaborators.hpp"
#include "core/error.hpp"
#include "core/run_guards.hpp"

#include <optional>
#include <string>

namespace autofix::app {

/// How a push of the fix branch ended.
enum class PushResult {
    pushed,          // the remote took the commit
    superseded,      // refused: a concurrent run of the action pushed agent commits first
    human_took_over, // refused: a human pushed to the branch
};

/// Pushes `branch` without force. When the remote rejects it as non-fast-forward, fetches the branch and
/// looks at what arrived: agent commits only is a concurrent run (superseded), anything else is a human.
/// Fails on other errors: a push the server refused for a reason of its own (push_refused: its message and
/// what the user can do), or a rejection with nothing new on the remote.
core::Expected<PushResult> push_fix_branch(Collaborators& with, const std::string& branch);

/// Returns the action-taken of a failed push: taken::push_refused when the server refused it for a reason of
/// its own, taken::push_failed otherwise.
const char* push_failure_taken(const core::Error& error);

/// Starts CI on `branch` with workflow_dispatch when the `dispatch` setting asks for it (`auto`: only for an
/// installation token, `ghs_`, whose pushes start no run). Returns a note of what was done; fails when the
/// dispatch was wanted and the API refused it.
core::Expected<std::string> dispatch_ci(Collaborators& with, const std::string& branch);

/// What a re-run did about the attempt its earlier try pushed: the note, and the guard's stop when CI had
/// already been started for that attempt (nothing was dispatched).
struct RerunResume {
    std::string note;
    std::optional<core::GuardStop> guard;
};

/// On a re-run (GITHUB_RUN_ATTEMPT > 1) whose fix branch `branch` on the remote is one agent attempt commit
/// of `fix_id` past HEAD (the commit this run built), after only attempts of it that changed nothing (what
/// one run pushes), the earlier attempt of this run pushed it and may have died before its dispatch: unless
/// the CI workflow already has a run for that commit (the already_dispatched guard: one attempt, one CI
/// run), starts CI on it again as dispatch_ci does; returns the note. Returns nullopt when it does not apply
/// (a first run, or the branch moved on or is not this run's). Fails when fetching the branch, listing the
/// workflow's runs or the dispatch fails.
core::Expected<std::optional<RerunResume>> redispatch_rerun(Collaborators& with, const std::string& branch,
                                                            const std::string& fix_id);

/// Returns true when `auto` dispatch applies to `token`: installation tokens (`ghs_`) start no workflow run
/// by pushing; personal tokens (`ghp_`, `github_pat_`) do.
bool token_needs_dispatch(const std::string& token);

} // namespace autofix::app
