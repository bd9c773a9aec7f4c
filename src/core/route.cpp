#include "core/route.hpp"

#include "core/fix_branch.hpp"

namespace autofix::core {

std::optional<BuildStatus> parse_build_status(std::string_view text) {
    if (text == "success") {
        return BuildStatus::success;
    }
    if (text == "failure") {
        return BuildStatus::failure;
    }
    if (text == "cancelled") {
        return BuildStatus::cancelled;
    }
    if (text == "skipped") {
        return BuildStatus::skipped;
    }
    return std::nullopt;
}

const char* to_string(Action action) {
    switch (action) {
    case Action::none:
        return "none";
    case Action::create_fix_branch:
        return "fix_attempted";
    case Action::retry_fix:
        return "retry_attempted";
    case Action::open_pull_request:
        return "pr_created";
    case Action::open_escalation_issue:
        return "escalated";
    case Action::stop_build_not_finished:
        return "build_not_finished";
    case Action::stop_rerun:
        return "rerun_skipped";
    case Action::stop_human_took_over:
        return "human_took_over";
    case Action::stop_pull_request_open:
        return "pr_exists";
    case Action::stop_already_escalated:
        return "already_escalated";
    case Action::stop_fork:
        return "fork_skipped";
    case Action::stop_not_our_branch:
        return "not_our_branch";
    case Action::stop_guard:
        return "guard_stopped";
    case Action::rerun_ci:
        return "ci_rerun";
    case Action::stop_configuration:
        return "configuration_failure";
    case Action::stop_stale_commit:
        return "stale_commit";
    case Action::stop_duplicate_fix:
        return "duplicate_fix";
    case Action::stop_commanded:
        return "stopped_by_command";
    case Action::command_retry:
        return "command_retry";
    case Action::command_stopped:
        return "command_stopped";
    case Action::command_explained:
        return "command_explained";
    case Action::command_refused:
        return "command_refused";
    case Action::command_ignored:
        return "command_ignored";
    case Action::command_unknown:
        return "command_unknown";
    }
    return "none";
}

Triage triage(std::string_view branch, BuildStatus status, std::string_view run_id) {
    Triage result;
    Route& route = result.route;
    if (status == BuildStatus::cancelled || status == BuildStatus::skipped) {
        route.which = Case::nothing;
        route.action = Action::stop_build_not_finished;
        route.reason = "the build was " +
                       std::string(status == BuildStatus::cancelled ? "cancelled" : "skipped") +
                       ": there is no failure to fix and no success to report";
        return result;
    }
    const auto fix_id = parse_fix_id(branch);
    if (!fix_id) {
        if (status == BuildStatus::success) {
            route.which = Case::nothing;
            route.action = Action::none;
            route.reason = "the build passed on a branch that is not a fix branch";
            return result;
        }
        route.which = Case::first_failure;
        route.action = Action::create_fix_branch;
        route.fix_id = std::string(run_id);
        route.fix_branch = fix_branch_name(run_id);
        route.attempt = 1;
        result.next = Triage::Next::first_failure;
        return result;
    }
    route.fix_id = *fix_id;
    route.fix_branch = std::string(branch);
    if (status == BuildStatus::success) {
        route.which = Case::fixed;
        route.action = Action::open_pull_request;
        result.next = Triage::Next::fix_branch_passed;
    } else {
        route.which = Case::retry;
        route.action = Action::retry_fix;
        result.next = Triage::Next::fix_branch_failed;
    }
    return result;
}

Route route_first_failure(const Triage& triage, bool fix_branch_exists, const ModelPolicy& policy) {
    Route route = triage.route;
    if (fix_branch_exists) {
        route.action = Action::stop_rerun;
        route.reason =
            route.fix_branch + " already exists: this run was handled before, no second branch is made";
        return route;
    }
    route.attempt = 1;
    route.model = model_for_attempt(policy, 1);
    route.reason = "the build failed: first fix attempt on a new branch";
    return route;
}

Route route_fix_branch_failure(const Triage& triage, const BranchHistory& history,
                               const ModelPolicy& policy) {
    Route route = triage.route;
    if (history.human_took_over()) {
        const HumanCommit& human = history.human_commits.back();
        route.action = Action::stop_human_took_over;
        route.attempt = history.highest_attempt;
        route.reason = human.author + " committed " + human.sha.substr(0, 12) +
                       " to the fix branch: the agent stops and leaves it to them";
        return route;
    }
    if (history.stopped) {
        route.action = Action::stop_commanded;
        route.attempt = history.highest_attempt;
        route.reason = "@" + history.stopped_by + " commented `/autofix stop` (recorded in " +
                       history.stop_sha.substr(0, 12) +
                       "): no further attempts until someone comments `/autofix retry`";
        return route;
    }
    const int next = history.highest_attempt + 1;
    // Each `/autofix retry` a human commented allowed one attempt past max-attempts.
    ModelPolicy allowed = policy;
    allowed.max_attempts += history.command_retries;
    if (escalation_due(allowed, next)) {
        route.which = Case::escalate;
        route.action = Action::open_escalation_issue;
        route.attempt = history.highest_attempt;
        route.reason = std::to_string(history.highest_attempt) + " attempts failed (max-attempts is " +
                       std::to_string(policy.max_attempts) +
                       (history.command_retries > 0 ? ", plus " + std::to_string(history.command_retries) +
                                                          " asked for by /autofix retry"
                                                    : std::string()) +
                       "): a human is asked to take over";
        return route;
    }
    route.attempt = next;
    route.model = model_for_attempt(policy, next);
    route.reason = "attempt " + std::to_string(history.highest_attempt) + " did not fix the build: attempt " +
                   std::to_string(next) + " with " + route.model;
    return route;
}

Route route_escalation(Route escalation, bool escalation_issue_exists) {
    if (escalation_issue_exists) {
        escalation.action = Action::stop_already_escalated;
        escalation.reason = "the escalation issue for " + escalation.fix_branch + " already exists";
    }
    return escalation;
}

Route route_fix_branch_success(const Triage& triage, const BranchHistory& history, bool pull_request_exists) {
    Route route = triage.route;
    route.attempt = history.highest_attempt;
    if (pull_request_exists) {
        route.action = Action::stop_pull_request_open;
        route.reason = "the pull request for " + route.fix_branch + " is already open";
    } else if (history.human_took_over()) {
        route.action = Action::stop_human_took_over;
        route.reason =
            history.human_commits.back().author + " committed to the fix branch: the PR is theirs to open";
    } else if (history.attempts.empty()) {
        route.action = Action::stop_not_our_branch;
        route.reason = route.fix_branch + " holds no attempt of the agent: nothing to propose";
    } else {
        route.reason = "the build passed after " + std::to_string(history.highest_attempt) +
                       " attempt(s): a pull request is opened";
    }
    return route;
}

} // namespace autofix::core
