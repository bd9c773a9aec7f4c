#include "core/fix_branch.hpp"

#include <algorithm>

namespace autofix::core {

std::string fix_branch_name(std::string_view fix_id) {
    return std::string(fix_branch_prefix) + std::string(fix_id);
}

std::optional<std::string> parse_fix_id(std::string_view branch) {
    if (!branch.starts_with(fix_branch_prefix)) {
        return std::nullopt;
    }
    const std::string_view id = branch.substr(fix_branch_prefix.size());
    const auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '-';
    };
    if (id.empty() || !std::all_of(id.begin(), id.end(), allowed)) {
        return std::nullopt;
    }
    return std::string(id);
}

std::string fix_label(std::string_view fix_id) {
    return fix_branch_name(fix_id);
}

std::string attempt_label(std::string_view fix_id, int attempt) {
    return fix_label(fix_id) + "-attempt-" + std::to_string(attempt);
}

std::string attempt_count_label(int count) {
    return "attempt-count-" + std::to_string(count);
}

std::string escalation_label(std::string_view fix_id) {
    return fix_label(fix_id) + "-escalation";
}

std::vector<std::string> pull_request_labels(std::string_view fix_id, int attempts) {
    std::vector<std::string> labels{fix_label(fix_id), attempt_count_label(attempts)};
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        labels.push_back(attempt_label(fix_id, attempt));
    }
    return labels;
}

std::vector<std::string> escalation_issue_labels(std::string_view fix_id) {
    return {escalation_label(fix_id), "needs-human", "autonomous-agent"};
}

bool valid_branch_name(std::string_view branch) {
    if (branch.empty() || branch == "@" || branch.front() == '-' || branch.front() == '/' ||
        branch.back() == '/' || branch.back() == '.' || branch.find("..") != std::string_view::npos ||
        branch.find("@{") != std::string_view::npos || branch.find("//") != std::string_view::npos) {
        return false;
    }
    for (const char c : branch) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f || std::string_view(" ~^:?*[\\").find(c) != std::string_view::npos) {
            return false;
        }
    }
    std::size_t start = 0;
    while (start <= branch.size()) {
        auto stop = branch.find('/', start);
        if (stop == std::string_view::npos) {
            stop = branch.size();
        }
        const auto component = branch.substr(start, stop - start);
        if (component.front() == '.' || component.ends_with(".lock")) {
            return false;
        }
        start = stop + 1;
    }
    return true;
}

} // namespace autofix::core
