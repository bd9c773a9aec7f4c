#pragma once

#include "app/collaborators.hpp"
#include "app/outcome.hpp"
#include "logs/failure_context.hpp"

#include <optional>
#include <string>

namespace autofix::app {

/// Cases 1 and 2, before the fix session (unless `triage: off`): classifies the failure from its log, the
/// failed run's jobs (conclusion, steps, runner) and the earlier runs of `failing_commit`, records the class
/// in `outcome.triage` and acts on it. An infrastructure or flaky failure on its first try runs the failed CI
/// once more (re-runs the failed jobs of a finished run; dispatches the workflow on the branch when the
/// action is a job of the failing run, still in progress) and returns the finished outcome; a configuration
/// failure prints a notice of what to change (and opens an issue with `configuration-issue: true`) and
/// returns the finished outcome. Returns nullopt when the fix goes on (a code failure, or one that failed
/// twice).
std::optional<Outcome> triage_failure(Collaborators& with, Outcome& outcome,
                                      const logs::FailureContext& failure, const std::string& failing_commit);

/// The label of the issues a configuration failure opens.
inline constexpr const char* configuration_issue_label = "autofix-configuration";

} // namespace autofix::app
