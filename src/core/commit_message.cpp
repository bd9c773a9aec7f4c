#include "core/commit_message.hpp"

#include "core/budget.hpp"
#include "core/markdown_fence.hpp"

#include <algorithm>
#include <cctype>

namespace autofix::core {
namespace {

constexpr std::size_t max_description_bytes = 72;
constexpr std::string_view original_error_heading = "Original error:";
constexpr std::string_view failure_after_heading = "Failure after attempt ";

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

} // namespace

std::string commit_description(std::string_view description) {
    std::string line;
    for (const char c : description) {
        line.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
    line = trim(line);
    if (line.empty()) {
        return "automated fix";
    }
    if (line.size() > max_description_bytes) {
        std::size_t cut = max_description_bytes;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
            --cut; // never split a UTF-8 sequence
        }
        line = trim(line.substr(0, cut));
    }
    return line;
}

std::string fence(std::string_view text) {
    const std::string marker = code_fence(text);
    // git (and libgit2) take a line starting with "---" as the start of a patch and look for trailers only
    // above it: such lines in the fenced text get a leading space.
    std::string body;
    body.reserve(text.size());
    for (std::size_t start = 0; start < text.size();) {
        const auto end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        if (line.starts_with("---")) {
            body.push_back(' ');
        }
        body.append(line);
        if (end < text.size()) {
            body.push_back('\n');
        }
        start = end + 1;
    }
    if (!body.empty() && body.back() != '\n') {
        body.push_back('\n');
    }
    return marker + "text\n" + body + marker + "\n";
}

std::string format_attempt_commit(const AttemptCommit& commit) {
    std::string message = std::string(attempt_subject_prefix) + std::to_string(commit.attempt) + ": " +
                          commit_description(commit.description) + "\n";
    if (const std::string explanation = trim(commit.explanation); !explanation.empty()) {
        message += "\n" + explanation + "\n";
    }
    if (!trim(commit.failure).empty()) {
        const std::string heading = commit.attempt <= 1 ? std::string(original_error_heading)
                                                        : std::string(failure_after_heading) +
                                                              std::to_string(commit.attempt - 1) + ":";
        message += "\n" + heading + "\n\n" + fence(commit.failure);
    }
    if (!commit.requested_by.empty() && !trim(commit.guidance).empty()) {
        message +=
            "\nGuidance from @" + commit.requested_by + " (/autofix retry):\n\n" + fence(commit.guidance);
    }
    message += "\n";
    message += std::string(trailer_id) + ": " + commit.fix_id + "\n";
    message += std::string(trailer_attempt) + ": " + std::to_string(commit.attempt) + "\n";
    if (!commit.base_branch.empty()) {
        message += std::string(trailer_base) + ": " + commit.base_branch + "\n";
    }
    if (!commit.model.empty()) {
        message += std::string(trailer_model) + ": " + commit.model + "\n";
    }
    if (!commit.failure_signature.empty()) {
        message += std::string(trailer_failure) + ": " + commit.failure_signature + "\n";
    }
    if (commit.no_change) {
        message += std::string(trailer_result) + ": " + std::string(result_no_change) + "\n";
    } else if (commit.failed_verification) {
        message += std::string(trailer_result) + ": " + std::string(result_failed_verification) + "\n";
    } else if (commit.budget_reached) {
        message += std::string(trailer_result) + ": " + std::string(result_budget_reached) + "\n";
    }
    if (commit.cost_usd) {
        message += std::string(trailer_cost) + ": " + format_cost(*commit.cost_usd) + "\n";
    }
    if (commit.pull_request > 0) {
        message += std::string(trailer_pull_request) + ": " + std::to_string(commit.pull_request) + "\n";
    }
    if (!commit.requested_by.empty()) {
        message += std::string(trailer_command) + ": retry\n";
        message += std::string(trailer_requested_by) + ": " + commit.requested_by + "\n";
    }
    return message;
}

std::string format_stop_commit(std::string_view fix_id, std::string_view requested_by,
                               std::string_view where) {
    return "\xF0\x9F\xA4\x96 Autonomous Fix: stopped by @" + std::string(requested_by) + "\n\n@" +
           std::string(requested_by) + " commented `/autofix stop` on " + std::string(where) +
           ". No further attempts are made on this branch; `/autofix retry <guidance>` resumes it.\n\n" +
           std::string(trailer_id) + ": " + std::string(fix_id) + "\n" + std::string(trailer_kind) + ": " +
           std::string(kind_command) + "\n" + std::string(trailer_command) + ": stop\n" +
           std::string(trailer_requested_by) + ": " + std::string(requested_by) + "\n";
}

std::string format_skill_commit(std::string_view fix_id, std::string_view skill_file) {
    return "\xF0\x9F\xA4\x96 Autonomous Fix: record the lesson in " + std::string(skill_file) + "\n\n" +
           std::string(trailer_id) + ": " + std::string(fix_id) + "\n" + std::string(trailer_kind) +
           ": skill\n";
}

namespace {

std::optional<std::string> fenced_block_after(std::string_view message, std::size_t heading) {
    if (heading == std::string_view::npos) {
        return std::nullopt;
    }
    auto open = message.find('`', heading);
    if (open == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t width = 0;
    while (open + width < message.size() && message[open + width] == '`') {
        ++width;
    }
    if (width < 3) {
        return std::nullopt;
    }
    const auto body_start = message.find('\n', open);
    if (body_start == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string closing = "\n" + std::string(width, '`');
    const auto close = message.find(closing, body_start);
    if (close == std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(message.substr(body_start + 1, close - body_start));
}

} // namespace

std::optional<std::string> extract_original_error(std::string_view message) {
    return fenced_block_after(message, message.find(original_error_heading));
}

std::optional<std::string> extract_answered_failure(std::string_view message) {
    if (auto original = extract_original_error(message)) {
        return original;
    }
    return fenced_block_after(message, message.find(failure_after_heading));
}

std::optional<int> attempt_from_subject(std::string_view subject) {
    constexpr std::string_view word = "Attempt ";
    for (auto at = subject.find(word); at != std::string_view::npos; at = subject.find(word, at + 1)) {
        std::size_t pos = at + word.size();
        int number = 0;
        std::size_t digits = 0;
        while (pos < subject.size() && std::isdigit(static_cast<unsigned char>(subject[pos])) && digits < 6) {
            number = number * 10 + (subject[pos] - '0');
            ++pos;
            ++digits;
        }
        if (digits > 0 && pos < subject.size() && subject[pos] == ':') {
            return number;
        }
    }
    return std::nullopt;
}

std::optional<std::string> find_trailer(const std::vector<std::pair<std::string, std::string>>& trailers,
                                        std::string_view key) {
    std::optional<std::string> found;
    for (const auto& [name, value] : trailers) {
        if (iequals(name, key)) {
            found = trim(value);
        }
    }
    return found;
}

} // namespace autofix::core
