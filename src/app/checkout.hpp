#pragma once

#include "app/collaborators.hpp"
#include "core/error.hpp"

#include <string>

namespace autofix::app {

/// Case 1: returns the commit that failed, which the fix branch starts at. The event's commit
/// (settings.run.commit), fetched when the checkout lacks it (a shallow checkout, a workflow_run or
/// pull_request checkout of another commit); without one, the checkout's HEAD when it is on the branch or
/// detached, else the branch's tip on the remote. Fails before any model call, in one line that names
/// `fetch-depth: 0` when the checkout is shallow.
core::Expected<std::string> failing_commit(Collaborators& with);

/// Cases 2 and 3: checks out `fix_branch` (fetching it when it is not here) and, in a shallow checkout,
/// fetches its whole history so that its attempts and its base can be read. Fails in one line that names
/// `fetch-depth: 0` when that history cannot be fetched.
core::Status prepare_fix_branch(Collaborators& with, const std::string& fix_branch);

/// Fetches the history of `branch` into origin/<branch> when it is missing or the checkout is shallow (a
/// base branch whose merge base with the fix branch is needed).
core::Status fetch_base_history(Collaborators& with, const std::string& branch);

} // namespace autofix::app
