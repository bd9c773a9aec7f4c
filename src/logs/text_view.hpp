#pragma once

// Small views over log text shared by the file-reference code: prefix tests and blank trimming. Internal to
// src/logs.

#include <string_view>

namespace autofix::logs::text {

/// True when `text` begins with `prefix`.
inline bool starts_with(std::string_view text, std::string_view prefix) {
    return prefix.empty() ||
           (!text.empty() && text.front() == prefix.front() && text.substr(0, prefix.size()) == prefix);
}

/// `text` without leading and trailing spaces and tabs.
inline std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace autofix::logs::text
