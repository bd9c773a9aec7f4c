#pragma once

#include "app/collaborators.hpp"
#include "core/error.hpp"
#include "logs/failure_context.hpp"

#include <string>
#include <vector>

namespace autofix::app {

/// Reads the failure log of the run (the `failure-log` file, else the failed jobs' logs downloaded through
/// the API) and returns its excerpt, redactions and the work-tree files it names. Fails (invalid_input) when
/// the given path does not exist or is not a regular file, and as the download fails otherwise.
core::Expected<logs::FailureContext> read_failure_context(Collaborators& with);

/// Downloads the failed jobs' logs of workflow run `run_id` through the API and runs them through the log
/// pipeline (redacted, files looked up in the work tree); the downloaded file is removed. Fails as the
/// download or the pipeline fails.
core::Expected<logs::FailureContext> run_failure_context(Collaborators& with, const std::string& run_id);

/// Checks the `failure-log` setting before anything is done: succeeds when it is empty or names a regular
/// file; fails (invalid_input) when the path does not exist or is not a regular file.
core::Status check_failure_log(const action::Settings& settings);

/// Runs the log pipeline of a run over the log file at `path`: the settings' budget and workspace, redaction
/// of `secrets`, files looked up in the work tree; an empty log gets a note in place of its excerpt. Fails
/// (io) when the file cannot be opened.
core::Expected<logs::FailureContext> failure_context_from_file(const std::string& path,
                                                               const action::Settings& settings,
                                                               const std::vector<std::string>& secrets);

} // namespace autofix::app
