#pragma once

#include "app/collaborators.hpp"
#include "app/outcome.hpp"
#include "core/route.hpp"

namespace autofix::app {

/// Case 3: reports the open PR of the fix branch if there is one; otherwise summarises the whole changeset
/// with the original error, appends the lesson to the skill file in a commit, opens the PR and labels it.
Outcome open_pull_request(Collaborators& with, const core::Triage& triage);

} // namespace autofix::app
