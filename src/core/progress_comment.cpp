#include "core/progress_comment.hpp"

#include <cctype>

namespace autofix::core {
namespace {

std::string_view first_line(std::string_view text) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

bool equal_ignoring_case(std::string_view left, std::string_view right) {
    if (left.size() != right.size()) {
        return false;
    }
    for (std::size_t index = 0; index < left.size(); ++index) {
        if (std::tolower(static_cast<unsigned char>(left[index])) !=
            std::tolower(static_cast<unsigned char>(right[index]))) {
            return false;
        }
    }
    return true;
}

// A table cell: pipes escaped and line breaks flattened, so that a value cannot break the table.
std::string cell(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n' || c == '\r') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::string link(std::string_view text, std::string_view url) {
    return url.empty() ? cell(text) : "[" + cell(text) + "](" + cell(url) + ")";
}

} // namespace

std::string progress_marker(std::string_view fix_id) {
    return "<!-- autofix:progress fix-id=" + std::string(fix_id) + " -->";
}

bool is_progress_comment(std::string_view body, std::string_view fix_id) {
    return !fix_id.empty() && first_line(body) == progress_marker(fix_id);
}

std::string progress_status(const ProgressReport& report) {
    const std::string attempt = "attempt " + std::to_string(report.attempt);
    switch (report.state) {
    case ProgressState::attempt_pushed:
        return attempt + " pushed, waiting for CI";
    case ProgressState::fixed:
        return "fixed: PR #" + std::to_string(report.result_number);
    case ProgressState::escalated:
        return (report.attempt_failed ? attempt + " failed; " : std::string()) + "escalated: issue #" +
               std::to_string(report.result_number);
    case ProgressState::human_took_over:
        return "stopped: a human committed";
    case ProgressState::stopped:
        return "stopped by @" + report.stopped_by + " (/autofix stop)";
    case ProgressState::failed:
        return attempt +
               " failed: " + (report.detail.empty() ? std::string("see the CI run") : report.detail);
    }
    return attempt;
}

std::string render_progress_comment(const ProgressReport& report) {
    std::string body = progress_marker(report.fix_id) + "\n";
    body += "### \xF0\x9F\xA4\x96 Autofix progress\n\n";
    body += "**Status:** " + cell(progress_status(report)) + "\n\n";
    body += "| | |\n|---|---|\n";
    std::string of_max = report.max_attempts > 0 ? " of " + std::to_string(report.max_attempts) : "";
    if (!of_max.empty() && report.command_retries > 0) {
        of_max += " + " + std::to_string(report.command_retries) +
                  (report.command_retries == 1 ? " retry" : " retries");
    }
    if (report.attempt > 0) {
        body += "| Attempt | " + std::to_string(report.attempt) + of_max + " |\n";
    }
    if (!report.model.empty()) {
        body += "| Model | `" + cell(report.model) + "` |\n";
    }
    if (!report.fix_branch.empty()) {
        body += "| Fix branch | " + link(report.fix_branch, report.fix_branch_url) + " |\n";
    }
    if (!report.run_url.empty()) {
        body += "| CI run | " + link("the run this update answers", report.run_url) + " |\n";
    }
    const bool fixed = report.state == ProgressState::fixed && report.result_number > 0;
    const bool escalated = report.state == ProgressState::escalated && report.result_number > 0;
    const std::uint64_t pr = fixed ? report.result_number : report.pr_number;
    if (pr > 0) {
        body += "| Pull request | " +
                link("#" + std::to_string(pr), fixed ? report.result_url : report.pr_url) + " |\n";
    }
    const std::uint64_t issue = escalated ? report.result_number : report.issue_number;
    if (issue > 0) {
        body += "| Issue | " +
                link("#" + std::to_string(issue), escalated ? report.result_url : report.issue_url) + " |\n";
    }
    body += "\nCommands (a comment here): `/autofix retry <guidance>` (one more attempt), `/autofix stop`, "
            "`/autofix explain`.\n";
    body += "\n<sub>The autofix action edits this comment as the fix goes on (one comment per fix, not one "
            "per attempt).</sub>\n";
    return body;
}

std::optional<std::uint64_t> find_progress_comment(const std::vector<CommentFacts>& comments,
                                                   std::string_view fix_id, std::string_view own_login) {
    if (own_login.empty()) {
        return std::nullopt;
    }
    for (const CommentFacts& comment : comments) {
        if (is_progress_comment(comment.body, fix_id) && equal_ignoring_case(comment.author, own_login)) {
            return comment.id;
        }
    }
    return std::nullopt;
}

bool any_progress_comment(const std::vector<CommentFacts>& comments, std::string_view fix_id) {
    for (const CommentFacts& comment : comments) {
        if (is_progress_comment(comment.body, fix_id)) {
            return true;
        }
    }
    return false;
}

std::uint64_t number_from_url(std::string_view url) {
    std::size_t start = url.size();
    while (start > 0 && std::isdigit(static_cast<unsigned char>(url[start - 1]))) {
        --start;
    }
    if (start == url.size() || url.size() - start > 18 || start == 0 || url[start - 1] != '/') {
        return 0;
    }
    return std::stoull(std::string(url.substr(start)));
}

} // namespace autofix::core
