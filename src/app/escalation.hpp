#pragma once

#include "app/collaborators.hpp"
#include "app/fix_branch_reader.hpp"
#include "app/outcome.hpp"

namespace autofix::app {

/// Case 5: unless the escalation issue exists already, asks the model for a summary of every attempt and
/// opens an issue with the attempt history and the escalation labels. Commits nothing.
Outcome escalate(Collaborators& with, Outcome outcome, const FixBranchState& state);

} // namespace autofix::app
