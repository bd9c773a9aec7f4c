#pragma once

#include <string>

namespace autofix::core {

/// Returns the workflow file name of a `GITHUB_WORKFLOW_REF`
/// ("octo/repo/.github/workflows/ci.yml@refs/heads/main" gives "ci.yml"), or "" when the value has no
/// `.github/workflows/<file>` path.
std::string workflow_file_from_ref(const std::string& workflow_ref);

} // namespace autofix::core
