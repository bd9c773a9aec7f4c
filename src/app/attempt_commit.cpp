#include "app/attempt_commit.hpp"

#include "agent/fix_prompt.hpp"

namespace autofix::app {
namespace {

constexpr std::size_t commit_failure_chars = 6000; // the failure excerpt kept in a commit body

} // namespace

std::string no_change_explanation(const agent::FixOutcome& fix) {
    std::string text =
        fix.budget_reached && !fix.files_changed.empty()
            ? "This attempt was stopped at the cost cap (" + fix.failure_reason +
                  "); its changes were not submitted by the model and are committed as they were."
            : "This attempt changed nothing: " + fix.failure_reason + ".";
    if (!fix.tried.empty()) {
        text += "\n\nWhat it tried:\n";
        for (const std::string& call : fix.tried) {
            text += "- " + call + "\n";
        }
    } else {
        text += "\n\nIt called no tool.";
    }
    if (!fix.last_text.empty()) {
        text += "\n\nIts last words: " + fix.last_text;
    }
    return text;
}

core::AttemptCommit attempt_commit(Collaborators& with, const Outcome& outcome, const agent::FixOutcome& fix,
                                   const logs::FailureContext& failure, const std::string& base_branch,
                                   const TestRun* verification) {
    const core::Route& route = outcome.route;
    core::AttemptCommit commit;
    commit.pull_request = outcome.pull_request;
    commit.fix_id = route.fix_id;
    commit.attempt = route.attempt;
    commit.budget_reached = fix.budget_reached && !fix.files_changed.empty(); // unsubmitted work is kept
    commit.no_change = !fix.succeeded() && !commit.budget_reached;
    commit.failed_verification = verification != nullptr && !verification->passed;
    commit.cost_usd = with.prices.estimate_cost(route.model, fix.usage);
    commit.description =
        with.secrets.redact(commit.budget_reached ? "Stopped at the cost cap, unsubmitted changes kept"
                            : commit.no_change    ? "No change: " + fix.failure_reason
                                                  : fix.description);
    std::string explanation =
        commit.no_change || commit.budget_reached ? no_change_explanation(fix) : fix.explanation;
    if (verification != nullptr) {
        explanation += "\n\nVerification: test-command " + verification->headline + ".";
    }
    commit.explanation = with.secrets.redact(explanation);
    commit.failure = agent::keep_tail(failure.excerpt, commit_failure_chars);
    commit.failure_signature = failure.triage.signature();
    commit.base_branch = base_branch;
    commit.model = route.model;
    if (with.request != nullptr) {
        commit.requested_by = with.request->login;
        commit.guidance = with.secrets.redact(with.request->guidance);
    }
    return commit;
}

} // namespace autofix::app
