#pragma once

#include "app/collaborators.hpp"
#include "core/error.hpp"
#include "logs/failure_context.hpp"

namespace autofix::app {

/// Reads the failure log of the run (the `failure-log` file, else the failed jobs' logs downloaded through
/// the API) and returns its excerpt, redactions and the work-tree files it names. Fails (invalid_input) when
/// the given path does not exist or is not a regular file, and as the download fails otherwise.
core::Expected<logs::FailureContext> read_failure_context(Collaborators& with);

} // namespace autofix::app
