#include "action/result_report.hpp"

#include "action/step_summary.hpp"

#include <cstdio>

namespace autofix::action {
namespace {

std::string cost_text(double cost) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", cost);
    return buffer;
}

std::string optional_text(const std::optional<int>& value) {
    return value ? std::to_string(*value) : std::string();
}

const char* case_title(const std::optional<int>& case_number) {
    if (!case_number) {
        return "no case decided";
    }
    switch (*case_number) {
    case 1:
        return "case 1, first failure";
    case 2:
        return "case 2, another attempt";
    case 3:
        return "case 3, fix branch passed";
    case 4:
        return "case 4, nothing to do";
    case 5:
        return "case 5, escalation";
    default:
        return "unknown case";
    }
}

} // namespace

std::vector<std::pair<std::string, std::string>> output_values(const ResultRecord& record,
                                                               const std::string& result_file) {
    return {
        {"case", optional_text(record.case_number)},
        {"action-taken", record.action_taken},
        {"fix-branch", record.fix_branch},
        {"attempt", optional_text(record.attempt)},
        {"model", record.model},
        {"commit-sha", record.commit_sha},
        {"pr-url", record.pr_url},
        {"issue-url", record.issue_url},
        {"result-file", result_file},
        {"input-tokens", std::to_string(record.usage.input_tokens)},
        {"output-tokens", std::to_string(record.usage.output_tokens)},
        {"cost-usd", cost_text(record.usage.cost_usd)},
        {"failure-class", record.triage ? record.triage->failure_class : std::string()},
    };
}

core::Status write_outputs(const OutputFile& outputs, const ResultRecord& record,
                           const std::string& result_file) {
    for (const auto& [name, value] : output_values(record, result_file)) {
        auto status = outputs.set(name, value);
        if (!status) {
            return status;
        }
    }
    return {};
}

std::string result_summary_markdown(const ResultRecord& record) {
    MarkdownBuilder markdown;
    // A run that answered an `/autofix` comment says so; its case is 2 for a retry, else 4.
    const bool command = record.action_taken.starts_with("command_");
    markdown.heading(std::string("Autofix: ") +
                         (command ? "answering an /autofix comment (" + record.action_taken + ")"
                                  : std::string(case_title(record.case_number))),
                     2);
    std::vector<std::vector<std::string>> rows;
    const auto add = [&rows](const char* name, const std::string& value) {
        if (!value.empty()) {
            rows.push_back({name, value});
        }
    };
    add("Status", record.status == ResultStatus::ok ? "ok" : "error");
    add("Action taken", record.action_taken);
    add("Branch", record.branch);
    add("Fix branch", record.fix_branch);
    add("Attempt", optional_text(record.attempt));
    add("Model", record.model);
    add("Commit", record.commit_sha);
    add("Pull request", record.pr_url);
    add("Issue", record.issue_url);
    if (record.comment) {
        add("Comment answered", record.comment->url);
        add("Reply", record.comment->reply_url.empty() ? "none posted" : record.comment->reply_url);
    }
    if (record.progress_comment) {
        const ResultProgressComment& progress = *record.progress_comment;
        add("Progress comment", progress.status == "not_updated" ? "not updated: " + progress.error
                                : progress.url.empty()           ? progress.status
                                                       : progress.status + " (" + progress.url + ")");
    }
    if (record.usage.input_tokens != 0 || record.usage.output_tokens != 0) {
        add("Tokens (in / out)",
            std::to_string(record.usage.input_tokens) + " / " + std::to_string(record.usage.output_tokens));
        add("Estimated cost", "$" + cost_text(record.usage.cost_usd));
    }
    add("Duration", std::to_string(record.duration_ms) + " ms");
    markdown.table({"", ""}, rows);
    if (record.triage) {
        markdown.heading("Triage", 3);
        std::vector<std::vector<std::string>> triage_rows{{"Failure class", record.triage->failure_class},
                                                          {"Decision", record.triage->decision},
                                                          {"Reason", record.triage->reason}};
        if (!record.triage->evidence.empty()) {
            triage_rows.push_back({"Evidence", record.triage->evidence});
        }
        markdown.table({"", ""}, triage_rows);
    }
    if (!record.files_changed.empty()) {
        std::vector<std::string> files;
        for (const auto& file : record.files_changed) {
            files.push_back("`" + file + "`");
        }
        markdown.heading("Files changed", 3).bullets(files);
    }
    if (record.error) {
        markdown.heading("Error", 3)
            .paragraph(std::string("**") + core::to_string(record.error->kind) + "**")
            .code_block(record.error->message);
    }
    return markdown.str();
}

} // namespace autofix::action
