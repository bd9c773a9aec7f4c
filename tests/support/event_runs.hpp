#pragma once

#include "support/workflow_sandbox.hpp"

#include <cstdint>
#include <string>

namespace autofix::testing {

/// A pull_request run on pull request `number` from `head` into main of the sandbox's repository
/// (`octo/inventory`), checked out as GitHub's test merge commit, with the payload GitHub sends.
RunOptions pull_request_run(WorkflowSandbox& sandbox, std::uint64_t number, const std::string& head);

} // namespace autofix::testing
