#pragma once

#include "core/branch_history.hpp"
#include "core/model_policy.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace autofix::core {

/// The conclusion of the build job that ran before the action.
enum class BuildStatus { success, failure, cancelled, skipped };

/// Returns the status named `text` (`success`, `failure`, `cancelled`, `skipped`), or nullopt for anything
/// else.
std::optional<BuildStatus> parse_build_status(std::string_view text);

/// The five cases of the design.
enum class Case { first_failure = 1, retry = 2, fixed = 3, nothing = 4, escalate = 5 };

/// What the run does; the stops are outcomes of a case that end the run with exit status 0.
enum class Action {
    none,                    // case 4: nothing to do
    create_fix_branch,       // case 1: new branch, attempt 1
    retry_fix,               // case 2: next attempt on the same branch
    open_pull_request,       // case 3: summary, lesson, PR
    open_escalation_issue,   // case 5: summary, issue
    stop_build_not_finished, // the build was cancelled or skipped: nothing to judge
    stop_rerun,              // the fix branch of this run already exists: a re-run makes no second branch
    stop_human_took_over,    // a human committed to the fix branch
    stop_pull_request_open,  // case 3 already done: the PR exists
    stop_already_escalated,  // case 5 already done: the issue exists
    stop_not_our_branch,     // a fix branch with no attempt of the agent on it
    stop_fork,               // the branch is a fork's: the workflow's token cannot push a fix to it
    stop_guard,              // a runaway guard stopped the run (core/run_guards.hpp; action-taken names it)
    rerun_ci,                // triage: an infrastructure or flaky failure's CI was run once more, no fix
    stop_configuration,      // triage: a configuration failure that a human must correct, no fix
    stop_stale_commit,       // the failing branch moved on since the failing commit: its newer run decides
    stop_duplicate_fix,      // another job of the same run already opened the fix branch for this commit
    stop_commanded,          // a human commented `/autofix stop`: no further attempts on the fix branch
    // A run started by a comment (`issue_comment`, `pull_request_review_comment`):
    command_retry,     // `/autofix retry`: one more attempt with the commenter's guidance
    command_stopped,   // `/autofix stop`: the stop is recorded on the fix branch
    command_explained, // `/autofix explain`: the reply says what the last attempt saw and did
    command_refused,   // the commenter may not command the action, or the command cannot run: one reply
    command_ignored,   // no command, a bot's comment, an edit: nothing done, no reply
    command_unknown,   // `/autofix <something else>`: a reply listing the commands
};

/// Returns the stable snake_case name of `action`, as written to outputs and the result JSON.
const char* to_string(Action action);

/// The decision: the case, the action and what acting needs.
struct Route {
    Case which = Case::nothing;
    Action action = Action::none;
    std::string fix_id;
    std::string fix_branch;
    int attempt = 0;    // the attempt to make (cases 1, 2), or the attempts made (cases 3, 5)
    std::string model;  // the model of the attempt to make (cases 1, 2)
    std::string reason; // one sentence for humans: why this route
};

/// First stage, from the branch and the build status alone (no git, no network): case 4 and the stops that
/// need nothing more, or which facts the next stage needs.
struct Triage {
    enum class Next { done, first_failure, fix_branch_failed, fix_branch_passed };
    Next next = Next::done;
    Route route; // complete when next == done; otherwise holds the case, fix id and fix branch
};

/// Returns the triage of a build of `branch` that ended with `status`; `run_id` names the fix of a first
/// failure.
Triage triage(std::string_view branch, BuildStatus status, std::string_view run_id);

/// Case 1 after triage: stops as a re-run when the fix branch of this run already exists.
Route route_first_failure(const Triage& triage, bool fix_branch_exists, const ModelPolicy& policy);

/// Case 2 after triage and reading the branch: stops for a human's commit or a `/autofix stop`; escalates
/// (case 5) when the next attempt would exceed max-attempts plus one per `/autofix retry` on the branch; else
/// the next attempt with its model. An escalation still needs route_escalation.
Route route_fix_branch_failure(const Triage& triage, const BranchHistory& history, const ModelPolicy& policy);

/// Case 5 once the escalation issue was looked for: stops when it exists.
Route route_escalation(Route escalation, bool escalation_issue_exists);

/// Case 3 after triage, reading the branch and looking for its PR: stops when the PR is open, a human took
/// over, or the agent never made an attempt on the branch.
Route route_fix_branch_success(const Triage& triage, const BranchHistory& history, bool pull_request_exists);

} // namespace autofix::core
