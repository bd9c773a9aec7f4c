#include "app/report.hpp"

#include "action/outputs.hpp"
#include "action/result_report.hpp"
#include "action/step_summary.hpp"
#include "action/workflow_commands.hpp"
#include "core/budget.hpp"

namespace autofix::app {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string text;
    for (const auto& item : items) {
        if (!text.empty()) {
            text += separator;
        }
        text += item;
    }
    return text;
}

} // namespace

action::ResultRecord result_record(const Outcome& outcome, const ReportContext& context) {
    const auto clean = [&](const std::string& text) {
        return context.redact ? context.redact(text) : text;
    };
    action::ResultRecord record;
    record.status = outcome.error ? action::ResultStatus::error : action::ResultStatus::ok;
    if (outcome.route_decided) {
        record.case_number = static_cast<int>(outcome.route.which);
        if (!outcome.action_taken.empty()) {
            record.action_taken = outcome.action_taken;
        } else if (outcome.error) {
            record.action_taken = taken::failed; // the planned action was not carried out
        } else {
            record.action_taken = core::to_string(outcome.route.action);
        }
        record.fix_branch = outcome.route.fix_branch;
        record.fix_id = outcome.route.fix_id;
        if (outcome.route.attempt > 0) {
            record.attempt = outcome.route.attempt;
        }
        record.model = outcome.route.model;
    } else {
        record.action_taken = "none";
    }
    // `branch` is the branch that was built; a comment run built none (its checkout is the default branch),
    // and its fix branch is `fix_branch`.
    record.branch = outcome.comment ? std::string() : clean(context.branch);
    if (outcome.comment) {
        record.comment = outcome.comment;
        record.comment->command = clean(record.comment->command);
    }
    record.commit_sha = outcome.commit_sha;
    record.pr_url = outcome.pr_url;
    record.issue_url = outcome.issue_url;
    for (const auto& file : outcome.files_changed) {
        record.files_changed.push_back(clean(file));
    }
    for (const RefusedChange& refused : outcome.refused) {
        record.refused_changes.push_back(
            {refused.attempt, clean(refused.path), refused.rule, clean(refused.reason)});
    }
    record.usage = {outcome.spend.input_tokens, outcome.spend.output_tokens, outcome.spend.cost_usd};
    record.duration_ms = context.duration.count();
    if (outcome.triage) {
        record.triage = *outcome.triage;
        record.triage->reason = clean(record.triage->reason);
        record.triage->evidence = clean(record.triage->evidence);
    }
    if (!outcome.progress.status.empty()) {
        record.progress_comment = action::ResultProgressComment{outcome.progress.status, outcome.progress.url,
                                                                clean(outcome.progress.error)};
    }
    if (outcome.failure_source) {
        record.failure_source = *outcome.failure_source;
        record.failure_source->reason = clean(record.failure_source->reason);
    }
    if (outcome.error) {
        record.error = core::Error{outcome.error->kind, clean(outcome.error->message)};
    }
    return record;
}

std::string summary_markdown(const Outcome& outcome, const action::ResultRecord& record,
                             const ReportContext& context) {
    const auto clean = [&](const std::string& text) {
        return context.redact ? context.redact(text) : text;
    };
    std::string markdown = action::result_summary_markdown(record);
    action::MarkdownBuilder more;
    if (outcome.route_decided && !outcome.route.reason.empty()) {
        more.paragraph("**Why:** " + clean(outcome.route.reason));
    }
    if (!outcome.note.empty()) {
        more.paragraph(clean(outcome.note));
    }
    if (outcome.failure_source) {
        const action::ResultFailureSource& source = *outcome.failure_source;
        more.paragraph("**Failure answered:** " + clean(source.reason) +
                       (source.run_url.empty() ? "" : " ([run](" + source.run_url + "))") + ".");
    }
    if (outcome.chain.known) {
        const bool reached =
            core::budget_reached(outcome.chain.spent_usd, core::CostCap{outcome.chain.cap_usd});
        more.paragraph("**Fix chain spend:** " + core::dollars(outcome.chain.spent_usd) +
                       " of max-cost-usd " + core::dollars(outcome.chain.cap_usd) +
                       (reached ? " (budget reached)" : "") +
                       ": the Autofix-Cost trailers of the branch's attempts and this run's fix sessions.");
    }
    if (!outcome.attempts.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const AttemptRow& attempt : outcome.attempts) {
            rows.push_back({std::to_string(attempt.number), attempt.model, clean(attempt.description),
                            clean(join(attempt.files, ", ")), attempt.result});
        }
        more.heading("Attempts", 3).table({"#", "model", "description", "files", "result"}, rows);
    }
    if (!outcome.refused.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const RefusedChange& refused : outcome.refused) {
            rows.push_back(
                {std::to_string(refused.attempt), clean(refused.path), refused.rule, clean(refused.reason)});
        }
        more.heading("Refused by the commit gate", 3)
            .paragraph(
                "These changes would have weakened the tests or CI; they were not committed. Paths listed "
                "in `allow-test-changes` may be changed anyway.")
            .table({"attempt", "file", "rule", "why"}, rows);
    }
    return markdown + more.str();
}

core::Status write_report(const Outcome& outcome, const ReportContext& context,
                          const action::Environment& environment, std::ostream& out) {
    core::Status first_failure;
    const auto keep = [&](core::Status status) {
        if (!status && first_failure) {
            first_failure = status;
        }
    };
    const action::ResultRecord record = result_record(outcome, context);
    if (record.error) {
        action::error(out, record.error->message);
    }
    if (!context.result_file.empty()) {
        keep(action::write_result_file(context.result_file, record));
    }
    keep(action::write_outputs(action::OutputFile::from_environment(environment), record,
                               context.result_file));
    keep(action::append_step_summary(environment, summary_markdown(outcome, record, context)));

    std::string line = "autofix: ";
    if (outcome.route_decided) {
        line += "case " + std::to_string(static_cast<int>(outcome.route.which)) + ", " + record.action_taken;
        if (!outcome.route.reason.empty()) {
            line += ": " + outcome.route.reason;
        }
    } else {
        line += "no case decided";
    }
    for (const std::string* url : {&outcome.pr_url, &outcome.issue_url}) {
        if (!url->empty()) {
            line += " (" + *url + ")";
        }
    }
    out << (context.redact ? context.redact(line) : line) << '\n';
    return first_failure;
}

} // namespace autofix::app
