#pragma once

#include "agent/workspace.hpp"
#include "core/commit_gate.hpp"

#include <string>
#include <vector>

namespace autofix::agent {

/// Reviews the change the session has made in `workspace` with the commit gate; returns its refusals,
/// empty when the change may be committed.
std::vector<core::GateRefusal> review_workspace(const Workspace& workspace, const core::GatePolicy& policy);

/// The refusals as one line for a failure reason: "path: reason; path: reason".
std::string refusals_line(const std::vector<core::GateRefusal>& refusals);

} // namespace autofix::agent
