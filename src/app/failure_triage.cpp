#include "app/failure_triage.hpp"

#include "action/workflow_commands.hpp"
#include "agent/summaries.hpp"
#include "app/publish.hpp"
#include "core/failure_response.hpp"

#include <cctype>
#include <charconv>

namespace autofix::app {
namespace {

// The jobs of the failed run as facts for the classifier; none when the API cannot say (a log file given
// without a run, a token without `actions: read`): the log alone decides then.
std::vector<logs::JobFacts> job_facts(Collaborators& with) {
    const std::string& run_id = with.settings.run.log_run_id;
    std::vector<logs::JobFacts> facts;
    if (run_id.empty()) {
        return facts;
    }
    const auto jobs = with.forge.list_run_jobs(run_id);
    if (!jobs) {
        with.out << "triage: the jobs of run " << run_id << " could not be read (" << jobs.error().message
                 << "); the log alone decides\n";
        return facts;
    }
    for (const ports::WorkflowJob& job : *jobs) {
        logs::JobFacts fact{job.name, job.conclusion, job.runner_name, {}};
        for (const ports::WorkflowStep& step : job.steps) {
            fact.steps.push_back({step.name, step.conclusion});
        }
        facts.push_back(std::move(fact));
    }
    return facts;
}

// What the earlier runs of the failing commit say: how many failed or are still running (the second try
// is recognised from them) and whether one passed (the commit is flaky). Runs newer than the failed one, and
// the failed run and this run themselves, do not count.
struct CommitHistory {
    bool known = false;
    int earlier_failures = 0;
    bool passed_before = false;
    std::string earlier_run; // the id of an earlier failed run, for the reason
};

CommitHistory commit_history(Collaborators& with, const std::string& failing_commit) {
    const action::Settings& settings = with.settings;
    CommitHistory history;
    if (failing_commit.empty() || settings.run.workflow_file.empty()) {
        return history;
    }
    // GET .../actions/workflows/{file}/runs?branch=&head_sha=: the runs of the same workflow on this commit.
    const auto runs =
        with.forge.list_workflow_runs(settings.run.workflow_file, settings.branch, failing_commit);
    if (!runs) {
        with.out << "triage: the runs of commit " << failing_commit.substr(0, 12) << " could not be listed ("
                 << runs.error().message << ")\n";
        return history;
    }
    history.known = true;
    const auto id_of = [](const std::string& text) {
        std::uint64_t id = 0;
        std::from_chars(text.data(), text.data() + text.size(), id);
        return id;
    };
    const std::uint64_t failed_run = id_of(settings.run.log_run_id);
    const std::uint64_t this_run = id_of(settings.github.run_id);
    for (const ports::WorkflowRunInfo& run : *runs) {
        if (run.id == failed_run || run.id == this_run || (failed_run != 0 && run.id > failed_run)) {
            continue;
        }
        if (run.conclusion == "success") {
            history.passed_before = true;
        } else if (run.status != "completed" || run.conclusion == "failure" ||
                   run.conclusion == "timed_out") {
            // A cancelled or skipped run was never a try: autofix does nothing for a cancelled build.
            ++history.earlier_failures;
            if (history.earlier_run.empty()) {
                history.earlier_run = std::to_string(run.id);
            }
        }
    }
    return history;
}

// A code decision the signatures left open (an infrastructure signature beside failed tests) goes to one
// request to summary-model; its answer decides, and an unavailable model leaves it code.
void settle_open_question(Collaborators& with, Outcome& outcome, const logs::FailureContext& failure,
                          logs::Classification& found) {
    agent::SummaryConfig config;
    config.model = with.settings.summary_model;
    config.max_tokens = 400;
    config.redact = [&](std::string_view text) {
        return with.secrets.redact(text);
    };
    const auto answer =
        agent::ask_failure_class(with.model, with.prompts, {failure.excerpt, found.open_question}, config);
    if (!answer) {
        with.out << "triage: " << config.model << " could not be asked ("
                 << with.secrets.redact(answer.error().message) << "); the failure is taken as code\n";
        return;
    }
    add_spend(outcome, with.prices, config.model, answer->usage);
    if (answer->fallback) {
        with.out << "triage: " << config.model << " gave no usable class; the failure is taken as code\n";
        return;
    }
    const core::FailureClass kind = answer->kind == "infrastructure" ? core::FailureClass::infrastructure
                                    : answer->kind == "flaky"        ? core::FailureClass::flaky
                                                                     : core::FailureClass::code;
    found.reason = answer->kind + " (decided by " + config.model +
                   ", the signatures left it open: " + found.open_question + "): " + answer->reason;
    if (kind != core::FailureClass::code) {
        found.evidence = found.open_question;
    }
    found.kind = kind;
}

const char* decision_name(const core::FailureResponse& response) {
    switch (response.step) {
    case core::FailureResponse::Step::fix:
        return "fix";
    case core::FailureResponse::Step::rerun:
        return response.path == core::RerunPath::rerun_failed_jobs ? "rerun_failed_jobs"
                                                                   : "dispatch_workflow";
    case core::FailureResponse::Step::stop_configuration:
        return "stop_configuration";
    }
    return "fix";
}

// What a human must change for a configuration failure, from the signature's reason.
std::string configuration_advice(const std::string& reason) {
    if (reason.find("permission") != std::string::npos || reason.find("may not push") != std::string::npos) {
        return "grant the workflow's token what the step needs in the workflow's `permissions:` block (or "
               "the "
               "repository's Actions settings)";
    }
    if (reason.find("secret") != std::string::npos) {
        return "set the secret the step reads (Settings → Secrets and variables → Actions), or pass it to "
               "the "
               "step's input";
    }
    if (reason.find("action that does not exist") != std::string::npos) {
        return "correct the `uses:` reference in the workflow file";
    }
    return "correct the workflow file at the line the error names";
}

// Ends the run after the failed CI was started again.
Outcome stopped_for_rerun(Outcome outcome, const std::string& what) {
    outcome.route.action = core::Action::rerun_ci;
    outcome.route.fix_branch.clear();
    outcome.route.attempt = 0;
    outcome.route.model.clear();
    outcome.route.reason = "triage: " + outcome.triage->reason;
    outcome.note =
        what + "; no fix was attempted. If it fails again, the next run fixes it as a code failure.";
    return outcome;
}

// Runs the failed CI once more as `response` says; returns the finished outcome.
Outcome rerun(Collaborators& with, Outcome outcome, const core::FailureResponse& response) {
    const action::Settings& settings = with.settings;
    const std::string& run_id = settings.run.log_run_id;
    const bool jobs = response.path == core::RerunPath::rerun_failed_jobs;
    const std::string what = jobs ? "re-ran the failed jobs of run " + run_id
                                  : "started " + settings.run.workflow_file + " again on " + settings.branch;
    if (dry_run(settings)) {
        Outcome dry = stopped_for_rerun(std::move(outcome), "Dry run: would have " + what);
        dry.action_taken = "dry_run";
        return dry;
    }
    const core::Status started =
        jobs ? with.forge.rerun_failed_jobs(run_id)
             : with.forge.dispatch_workflow(settings.run.workflow_file, settings.branch);
    if (!started) {
        outcome.route.fix_branch.clear();
        return step_failed(std::move(outcome), taken::rerun_failed,
                           core::with_context(started.error(), "triage"));
    }
    action::notice(with.out, "Autofix " + what + ": " + outcome.triage->reason + ".");
    std::string note = what;
    note[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(note[0])));
    return stopped_for_rerun(std::move(outcome), note);
}

// Stops for a configuration failure: a notice of what to change, and an issue when asked for.
Outcome stop_for_configuration(Collaborators& with, Outcome outcome, const logs::Classification& found) {
    const action::Settings& settings = with.settings;
    const std::string advice = configuration_advice(found.reason);
    const std::string message = "The build of " + settings.branch +
                                " failed on its configuration, not its code (" + found.reason +
                                "): no fix was attempted. To do: " + advice + ".";
    action::notice(with.out, with.secrets.redact(message));
    outcome.route.action = core::Action::stop_configuration;
    outcome.route.fix_branch.clear();
    outcome.route.attempt = 0;
    outcome.route.model.clear();
    outcome.route.reason = "triage: " + found.reason;
    outcome.note = message;
    if (settings.configuration_issue != action::ConfigurationIssue::on || dry_run(settings)) {
        return outcome;
    }
    const auto existing = with.forge.find_issue_by_label(configuration_issue_label);
    if (!existing) {
        return step_failed(std::move(outcome), taken::escalation_failed,
                           core::with_context(existing.error(), "looking for the configuration issue"));
    }
    if (existing->has_value() && (*existing)->state == "open") {
        outcome.issue_url = (*existing)->html_url;
        outcome.note += " The open issue " + (*existing)->html_url + " already asks for it.";
        return outcome;
    }
    const std::string title =
        "CI configuration needs a change: " + found.reason.substr(found.reason.find(": ") + 2);
    std::string body = "The CI run " + settings.run.log_run_id + " of `" + settings.branch +
                       "` failed on its configuration, not on its code, so autofix did not try a fix.\n\n"
                       "**What to change:** " +
                       advice + ".\n\n**Evidence:**\n\n```text\n" + found.evidence + "\n```\n";
    const auto issue =
        with.forge.create_issue(with.secrets.redact(title), with.secrets.redact(body),
                                {configuration_issue_label, "needs-human", "autonomous-agent"});
    if (!issue) {
        return step_failed(std::move(outcome), taken::escalation_failed,
                           core::with_context(issue.error(), "opening the configuration issue"));
    }
    outcome.issue_url = issue->html_url;
    return outcome;
}

} // namespace

std::optional<Outcome> triage_failure(Collaborators& with, Outcome& outcome,
                                      const logs::FailureContext& failure,
                                      const std::string& failing_commit) {
    const action::Settings& settings = with.settings;
    if (settings.triage == core::TriageMode::off) {
        return std::nullopt;
    }
    logs::RunFacts facts;
    facts.jobs = job_facts(with);
    const CommitHistory history = commit_history(with, failing_commit);
    facts.passed_before = history.passed_before;
    logs::Classification found = failure.triage.classify(facts);
    if (!found.open_question.empty()) {
        settle_open_question(with, outcome, failure, found);
    }

    core::TryFacts tries;
    tries.run_attempt = settings.run.run_attempt;
    tries.earlier_failures = history.earlier_failures;
    tries.history_known = history.known;
    // A workflow_run names another run that has finished; otherwise the failed run is this one, in progress.
    tries.path = settings.run.log_run_id != settings.github.run_id ? core::RerunPath::rerun_failed_jobs
                                                                   : core::RerunPath::dispatch_workflow;
    core::FailureResponse response = core::respond_to_failure(found.kind, tries);
    if (response.step == core::FailureResponse::Step::rerun &&
        response.path == core::RerunPath::dispatch_workflow &&
        (settings.run.workflow_file.empty() || settings.dispatch == action::Dispatch::never)) {
        response.step = core::FailureResponse::Step::fix;
        response.reason =
            std::string("a ") + core::to_string(found.kind) +
            " failure, but the workflow cannot be started again (" +
            (settings.run.workflow_file.empty() ? "no workflow file is known" : "dispatch is never") +
            "): it is fixed as a code failure";
    }
    std::string reason = found.reason + "; " + response.reason;
    if (!history.earlier_run.empty() && response.step == core::FailureResponse::Step::fix &&
        found.kind != core::FailureClass::code) {
        reason += " (earlier run " + history.earlier_run + ")";
    }
    outcome.triage =
        action::ResultTriage{core::to_string(found.kind), reason, found.evidence, decision_name(response)};
    with.out << "triage: " << core::to_string(found.kind) << " -> " << decision_name(response) << ": "
             << with.secrets.redact(reason) << '\n';
    switch (response.step) {
    case core::FailureResponse::Step::fix:
        return std::nullopt;
    case core::FailureResponse::Step::rerun:
        return rerun(with, std::move(outcome), response);
    case core::FailureResponse::Step::stop_configuration:
        return stop_for_configuration(with, std::move(outcome), found);
    }
    return std::nullopt;
}

} // namespace autofix::app
