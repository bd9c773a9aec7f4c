#pragma once

#include "app/collaborators.hpp"
#include "core/error.hpp"

#include <string>

namespace autofix::app {

/// How a push of the fix branch ended.
enum class PushResult {
    pushed,          // the remote took the commit
    superseded,      // refused: a concurrent run of the action pushed agent commits first
    human_took_over, // refused: a human pushed to the branch
};

/// Pushes `branch` without force. When the remote refuses, fetches the branch and looks at what arrived:
/// agent commits only is a concurrent run (superseded), anything else is a human. Fails on other errors.
core::Expected<PushResult> push_fix_branch(Collaborators& with, const std::string& branch);

/// Starts CI on `branch` with workflow_dispatch when the `dispatch` setting asks for it (`auto`: only for an
/// installation token, `ghs_`, whose pushes start no run). Returns a note of what was done; fails when the
/// dispatch was wanted and the API refused it.
core::Expected<std::string> dispatch_ci(Collaborators& with, const std::string& branch);

/// Returns true when `auto` dispatch applies to `token`: installation tokens (`ghs_`) start no workflow run
/// by pushing; personal tokens (`ghp_`, `github_pat_`) do.
bool token_needs_dispatch(const std::string& token);

} // namespace autofix::app
