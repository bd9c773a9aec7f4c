#include "app/escalation.hpp"

#include "action/step_summary.hpp"
#include "action/workflow_commands.hpp"
#include "agent/summaries.hpp"
#include "app/failure_log.hpp"
#include "core/budget.hpp"
#include "core/fix_branch.hpp"

#include <algorithm>

namespace autofix::app {

namespace {

// CI failed on an attempt a human asked for with `/autofix retry` after the escalation: one short comment on
// the issue says so (once per attempt: its marker is looked for first). Never fails the run.
void answer_requested_attempt(Collaborators& with, const ports::Issue& issue, const FixBranchState& state) {
    if (state.history.attempts.empty() || state.history.attempts.back().requested_by.empty() ||
        dry_run(with.settings)) {
        return;
    }
    const core::AttemptRecord& last = state.history.attempts.back();
    const std::string marker = "<!-- autofix:retry-failed sha=" + last.sha + " -->";
    const auto comments = with.forge.list_comments(issue.number);
    if (!comments) {
        action::warning(with.out, "issue #" + std::to_string(issue.number) + " was not told that attempt " +
                                      std::to_string(last.number) +
                                      " failed: " + with.secrets.redact(comments.error().message));
        return;
    }
    for (const ports::IssueComment& comment : *comments) {
        if (comment.body.starts_with(marker)) {
            return; // told already (a re-run of this CI run)
        }
    }
    const action::Settings& settings = with.settings;
    const std::string run = settings.run.log_run_id.empty()
                                ? std::string("CI")
                                : "[CI](" + settings.github.server_url + "/" + settings.github.repository +
                                      "/actions/runs/" + settings.run.log_run_id + ")";
    const std::string body = marker + "\nAttempt " + std::to_string(last.number) + ", asked for by @" +
                             last.requested_by + " with `/autofix retry`, did not fix the build: " + run +
                             " failed on " + last.sha.substr(0, 12) +
                             ". Comment `/autofix retry <guidance>` for one more attempt, `/autofix explain` "
                             "for what it did, or take the branch over.";
    if (const core::Status posted = with.forge.comment(issue.number, with.secrets.redact(body)); !posted) {
        action::warning(with.out, "issue #" + std::to_string(issue.number) + " was not told that attempt " +
                                      std::to_string(last.number) +
                                      " failed: " + with.secrets.redact(posted.error().message));
        return;
    }
    with.out << "told issue #" << issue.number << " that attempt " << last.number << " failed\n";
}

} // namespace

Outcome escalate(Collaborators& with, Outcome outcome, const FixBranchState& state) {
    const core::Route& route = outcome.route;
    const auto existing = with.forge.find_issue_by_label(core::escalation_label(route.fix_id));
    if (!existing) {
        return step_failed(std::move(outcome), taken::escalation_failed,
                           core::with_context(existing.error(), "looking for the escalation issue"));
    }
    const double spent =
        std::max(state.history.spent_usd, outcome.chain.known ? outcome.chain.spent_usd : 0.0);
    note_chain_spend(outcome, with.settings, spent);
    outcome.route = core::route_escalation(route, existing->has_value());
    if (existing->has_value()) {
        outcome.issue_url = (*existing)->html_url;
        answer_requested_attempt(with, **existing, state);
        return outcome;
    }
    std::string latest_failure;
    if (const auto failure = read_failure_context(with)) {
        latest_failure = failure->excerpt;
    } else {
        latest_failure = "(the failure log of this run could not be read: " + failure.error().message + ")";
    }
    auto attempts = previous_attempts(with.git, state, latest_failure, &outcome.attempts);

    agent::EscalationInput input;
    input.original_error = state.history.original_error;
    input.attempts = attempts;
    input.attempt_count = state.history.highest_attempt;
    input.branch = route.fix_branch;
    agent::SummaryConfig config;
    config.model = with.settings.summary_model;
    config.redact = [&](std::string_view text) {
        return with.secrets.redact(text);
    };
    // At the cap the issue is written from the commits: no model call past max-cost-usd.
    const bool at_cap = core::budget_reached(spent, cost_cap(with.settings));
    auto summary = at_cap
                       ? core::Expected<agent::EscalationSummary>(agent::fallback_escalation_summary(input))
                       : agent::summarize_escalation(with.model, with.prompts, input, config);
    if (!summary) {
        action::warning(with.out, "the model could not write the escalation summary (" +
                                      with.secrets.redact(summary.error().message) +
                                      "); the issue is opened with a plain text built from the commits");
    }
    agent::EscalationSummary escalation = summary ? *summary : agent::fallback_escalation_summary(input);
    add_spend(outcome, with.prices, config.model, escalation.usage);

    std::string body = escalation.body;
    body += "\n\n---\n\n";
    body += "The agent made " + std::to_string(state.history.highest_attempt) + " attempts on `" +
            route.fix_branch +
            "` without a green build and stops here. Commit to the branch to take over, or close it.\n\n";
    if (at_cap) {
        body += "It stopped because the fix chain's cost cap was reached: " + core::dollars(spent) +
                " spent of max-cost-usd " + core::dollars(with.settings.max_cost_usd) +
                " (the Autofix-Cost trailers of its commits). Raise max-cost-usd to let it go on.\n\n";
    }
    body += agent::render_attempts(attempts, agent::ContextLimits{});
    const std::string title = with.secrets.redact(escalation.title);
    body = with.secrets.redact(body);

    if (dry_run(with.settings)) {
        outcome.action_taken = "dry_run";
        with.out << "Dry run: would open the issue \"" << title << "\"\n";
        return outcome;
    }
    const auto issue = with.forge.create_issue(title, body, core::escalation_issue_labels(route.fix_id));
    if (!issue) {
        core::Error error =
            core::with_context(issue.error(), "opening the escalation issue for " + route.fix_branch);
        return step_failed(std::move(outcome), taken::escalation_failed, std::move(error));
    }
    outcome.issue_url = issue->html_url;
    return outcome;
}

} // namespace autofix::app
