#include "app/progress_comment.hpp"

#include "action/workflow_commands.hpp"

namespace autofix::app {
namespace {

// One phrase for a run that failed at `action_taken`: what did and did not happen.
std::string failure_detail(const std::string& action_taken) {
    std::string what;
    if (action_taken == taken::fix_session_failed) {
        what = "the fix session failed (model API error)";
    } else if (action_taken == taken::commit_failed) {
        what = "the attempt could not be committed";
    } else if (action_taken == taken::push_failed) {
        what = "the attempt could not be pushed";
    } else if (action_taken == taken::push_refused) {
        what = "the server refused the push of the attempt";
    } else if (action_taken == taken::dispatch_failed) {
        what = "pushed, but CI could not be started on the fix branch";
    } else if (action_taken == taken::pr_failed) {
        what = "CI passed, but the fix PR could not be opened";
    } else if (action_taken == taken::escalation_failed) {
        what = "the escalation issue could not be opened";
    } else {
        what = "the run failed before it could act";
    }
    return what + " (" + (action_taken.empty() ? std::string(taken::failed) : action_taken) +
           "); see the CI run";
}

bool is_command(core::Action action) {
    return action == core::Action::command_retry || action == core::Action::command_stopped ||
           action == core::Action::command_explained || action == core::Action::command_refused ||
           action == core::Action::command_ignored || action == core::Action::command_unknown;
}

bool acts_on_the_chain(core::Action action) {
    return action == core::Action::create_fix_branch || action == core::Action::retry_fix ||
           action == core::Action::command_retry || action == core::Action::open_pull_request ||
           action == core::Action::open_escalation_issue;
}

// Edits the token's own progress comment of `fix_id` on `number`, or creates one when it has none.
core::Expected<ProgressCommentResult> write_comment(ports::Forge& forge, std::uint64_t number,
                                                    const std::string& fix_id, const std::string& body) {
    const auto comments = forge.list_comments(number);
    if (!comments) {
        return comments.error();
    }
    std::vector<core::CommentFacts> facts;
    facts.reserve(comments->size());
    for (const ports::IssueComment& comment : *comments) {
        facts.push_back({comment.id, comment.author, comment.body});
    }
    if (core::any_progress_comment(facts, fix_id)) {
        // Someone's comment carries the marker: only the token's own may be edited (GitHub would let the
        // token edit anyone's), so the token's login decides which, if any, is ours.
        const auto login = forge.authenticated_login();
        if (!login) {
            return core::with_context(login.error(), "telling the action's own comment from a copy");
        }
        if (const auto id = core::find_progress_comment(facts, fix_id, *login)) {
            const auto edited = forge.edit_comment(*id, body);
            if (!edited) {
                return edited.error();
            }
            return ProgressCommentResult{"updated", edited->html_url, ""};
        }
    }
    if (const core::Status created = forge.comment(number, body); !created) {
        return created.error();
    }
    return ProgressCommentResult{"created", "", ""};
}

} // namespace

std::optional<core::ProgressReport> progress_report(const Outcome& outcome,
                                                    const action::Settings& settings) {
    if (outcome.pull_request == 0 || !outcome.route_decided || dry_run(settings)) {
        return std::nullopt;
    }
    const core::Route& route = outcome.route;
    core::ProgressReport report;
    report.fix_id = route.fix_id;
    report.attempt = route.attempt;
    report.max_attempts = settings.max_attempts;
    report.model = route.model;
    if (report.model.empty() && !outcome.attempts.empty()) {
        report.model = outcome.attempts.back().model;
    }
    report.fix_branch = route.fix_branch;
    const std::string repository = settings.github.server_url + "/" + settings.github.repository;
    report.fix_branch_url = route.fix_branch.empty() ? "" : repository + "/tree/" + route.fix_branch;
    // A comment run's own run is no CI run: it links the CI run it started when one is known, else none.
    if (is_command(route.action)) {
        report.run_url = outcome.facts.ci_run_url;
    } else if (!settings.run.log_run_id.empty()) {
        report.run_url = repository + "/actions/runs/" + settings.run.log_run_id;
    }
    report.command_retries = outcome.facts.command_retries;
    report.pr_url = outcome.facts.open_pr_url;
    report.pr_number = core::number_from_url(report.pr_url);
    report.issue_url = outcome.facts.issue_url;
    report.issue_number = core::number_from_url(report.issue_url);

    const bool human = outcome.action_taken == core::to_string(core::Action::stop_human_took_over) ||
                       route.action == core::Action::stop_human_took_over;
    if (human) {
        report.state = core::ProgressState::human_took_over;
    } else if (route.action == core::Action::open_pull_request && !outcome.pr_url.empty()) {
        report.state = core::ProgressState::fixed; // opened (labelling may have failed after)
        report.result_url = outcome.pr_url;
        report.result_number = core::number_from_url(outcome.pr_url);
    } else if (route.action == core::Action::stop_pull_request_open && !outcome.pr_url.empty()) {
        report.state = core::ProgressState::fixed; // CI passed again (e.g. after a retry): the PR stands
        report.result_url = outcome.pr_url;
        report.result_number = core::number_from_url(outcome.pr_url);
    } else if ((route.action == core::Action::open_escalation_issue ||
                route.action == core::Action::stop_already_escalated) &&
               !outcome.issue_url.empty()) {
        report.state = core::ProgressState::escalated;
        // Already escalated: CI failed on an attempt made after the issue (a retry), which failed too.
        report.attempt_failed = route.action == core::Action::stop_already_escalated;
        report.result_url = outcome.issue_url;
        report.result_number = core::number_from_url(outcome.issue_url);
    } else if ((route.action == core::Action::stop_commanded ||
                (route.action == core::Action::command_stopped && !outcome.commit_sha.empty())) &&
               !outcome.error && !outcome.facts.stopped_by.empty()) {
        report.state = core::ProgressState::stopped;
        report.stopped_by = outcome.facts.stopped_by;
    } else if (outcome.error && acts_on_the_chain(route.action)) {
        report.state = core::ProgressState::failed;
        report.detail = failure_detail(outcome.action_taken);
    } else if (!outcome.error && outcome.action_taken.empty() && !outcome.commit_sha.empty() &&
               (route.action == core::Action::create_fix_branch || route.action == core::Action::retry_fix ||
                route.action == core::Action::command_retry)) {
        report.state = core::ProgressState::attempt_pushed; // commit-sha names pushed commits only
    } else {
        return std::nullopt;
    }
    if (report.fix_id.empty()) {
        return std::nullopt;
    }
    return report;
}

void update_progress_comment(Collaborators& with, Outcome& outcome) {
    const auto report = progress_report(outcome, with.settings);
    if (!report) {
        return;
    }
    const std::string where = "pull request #" + std::to_string(outcome.pull_request);
    const std::string body = with.secrets.redact(core::render_progress_comment(*report));
    const auto written = write_comment(with.forge, outcome.pull_request, report->fix_id, body);
    if (!written) {
        std::string why = with.secrets.redact(written.error().message);
        outcome.progress = {"not_updated", "", why};
        std::string advice = "the fix itself goes on without it";
        if (written.error().kind == core::ErrorKind::auth) {
            advice += "; the token needs `pull-requests: write` (or `issues: write`) to comment";
        }
        action::warning(with.out, "the progress comment on " + where + " was not updated: " + why + " (" +
                                      advice + ")");
        return;
    }
    outcome.progress = *written;
    with.out << "progress comment " << written->status << " on " << where << ": "
             << core::progress_status(*report) << '\n';
}

} // namespace autofix::app
