#pragma once

// Small views over log text shared by the log code: prefix tests, substring search and blank trimming.
// Internal to src/logs.

#include <cstring>
#include <string_view>

namespace autofix::logs::text {

/// True when `text` begins with `prefix`.
inline bool starts_with(std::string_view text, std::string_view prefix) {
    return prefix.empty() ||
           (!text.empty() && text.front() == prefix.front() && text.substr(0, prefix.size()) == prefix);
}

/// The position of `needle` in `text` from `from` on, or npos. string_view::find stops at every occurrence
/// of the needle's first byte, which for a needle beginning with a space is every word; this stops at its
/// first byte that is not a space (memchr), then compares the whole needle.
inline std::size_t find(std::string_view text, std::string_view needle, std::size_t from = 0) {
    if (from > text.size() || needle.size() > text.size() - from) {
        return std::string_view::npos;
    }
    if (needle.empty()) {
        return from;
    }
    std::size_t anchor = 0;
    while (anchor + 1 < needle.size() && needle[anchor] == ' ') {
        ++anchor;
    }
    const char* data = text.data();
    const char* last = data + text.size() - needle.size() + anchor; // the anchor's last possible place
    for (const char* at = data + from + anchor; at <= last;) {
        const auto* hit = static_cast<const char*>(std::memchr(at, static_cast<unsigned char>(needle[anchor]),
                                                               static_cast<std::size_t>(last - at) + 1));
        if (hit == nullptr) {
            break;
        }
        if (std::memcmp(hit - anchor, needle.data(), needle.size()) == 0) {
            return static_cast<std::size_t>(hit - anchor - data);
        }
        at = hit + 1;
    }
    return std::string_view::npos;
}

/// True when `text` holds `needle`.
inline bool contains(std::string_view text, std::string_view needle) {
    return find(text, needle) != std::string_view::npos;
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
