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

/// Where a fix chain stands beyond its commits, from the API: its open fix PR (by branch), its escalation
/// issue (by label) and the newest CI run on the branch's tip (when the ci-workflow input names the
/// workflow). A look-up that fails leaves its part empty (the reply and the progress comment say less).
struct ChainLinks {
    std::string open_pr_url;
    std::string issue_url;
    std::string tip_run_status;     // queued, in_progress, completed; "" when unknown
    std::string tip_run_conclusion; // success, failure, ...; "" while it runs or when unknown
    std::string tip_run_url;
};

/// Returns the ChainLinks of fix `fix_id` on `fix_branch`, whose tip is `tip_sha` ("": no run looked up).
ChainLinks chain_links(Collaborators& with, const std::string& fix_branch, const std::string& fix_id,
                       const std::string& tip_sha);

/// Returns the reply to `/autofix explain` for the fix branch `fix_branch`: what its last attempt saw (the
/// `autofix context` view of the failure it answered), what it changed (files and lines), the model's own
/// account (the attempt commit's explanation) and the chain's real state (`links`: CI pending or failed on
/// the tip, fix PR open, escalated, stopped by a command or a human commit). Built from what the commits
/// record: no model call, so it costs nothing and says only what happened. Fails as git or the pipeline fail.
core::Expected<std::string> explain_reply(Collaborators& with, const FixBranchState& state,
                                          const std::string& fix_branch, const ChainLinks& links);

} // namespace autofix::app
