#pragma once

#include "app/collaborators.hpp"
#include "app/fix_branch_reader.hpp"
#include "core/error.hpp"
#include "logs/failure_context.hpp"

#include <string>

namespace autofix::app {

/// Returns the newest failure recorded on the fix branch (the one its last attempt answered, else the
/// original error) run through the failure-log pipeline of a run, as `autofix context` shows it: excerpt,
/// redactions, files. Fails (io) when the pipeline cannot read it.
core::Expected<logs::FailureContext> recorded_failure_context(Collaborators& with,
                                                              const FixBranchState& state);

/// Returns the reply to `/autofix explain` for the fix branch `fix_branch`: what its last attempt saw (the
/// `autofix context` view of the failure it answered), what it changed (files and lines), the model's own
/// account (the attempt commit's explanation) and the chain's state. Built from what the commits record: no
/// model call, so it costs nothing and says only what happened. Fails as git or the pipeline fail.
core::Expected<std::string> explain_reply(Collaborators& with, const FixBranchState& state,
                                          const std::string& fix_branch);

} // namespace autofix::app
