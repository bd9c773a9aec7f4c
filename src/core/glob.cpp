#include "core/glob.hpp"

#include <string>
#include <vector>

namespace autofix::core {
namespace {

std::vector<std::string_view> split(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t slash = text.find('/', start);
        const std::size_t end = slash == std::string_view::npos ? text.size() : slash;
        if (end > start) {
            parts.push_back(text.substr(start, end - start));
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return parts;
}

// Matches a bracket class starting at pattern[at] == '['; returns the index after ']' or npos when malformed.
std::size_t match_class(std::string_view pattern, std::size_t at, char c, bool& matched) {
    std::size_t i = at + 1;
    bool negate = false;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
        negate = true;
        ++i;
    }
    bool found = false;
    bool first = true;
    for (; i < pattern.size(); ++i) {
        if (pattern[i] == ']' && !first) {
            matched = found != negate;
            return i + 1;
        }
        first = false;
        if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            if (pattern[i] <= c && c <= pattern[i + 2]) {
                found = true;
            }
            i += 2;
        } else if (pattern[i] == c) {
            found = true;
        }
    }
    return std::string_view::npos;
}

bool match_component(std::string_view pattern, std::string_view name) {
    std::size_t p = 0;
    std::size_t n = 0;
    std::size_t star_p = std::string_view::npos;
    std::size_t star_n = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star_p = p++;
            star_n = n;
            continue;
        }
        if (p < pattern.size() && pattern[p] == '?') {
            ++p;
            ++n;
            continue;
        }
        if (p < pattern.size() && pattern[p] == '[') {
            bool matched = false;
            const std::size_t next = match_class(pattern, p, name[n], matched);
            if (next != std::string_view::npos) {
                if (matched) {
                    p = next;
                    ++n;
                    continue;
                }
            } else if (name[n] == '[') { // malformed class: a literal '['
                ++p;
                ++n;
                continue;
            }
        } else if (p < pattern.size() && pattern[p] == name[n]) {
            ++p;
            ++n;
            continue;
        }
        if (star_p == std::string_view::npos) {
            return false;
        }
        p = star_p + 1;
        n = ++star_n;
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

bool match_parts(const std::vector<std::string_view>& pattern, std::size_t p,
                 const std::vector<std::string_view>& path, std::size_t n) {
    while (p < pattern.size()) {
        if (pattern[p] == "**") {
            for (std::size_t skip = n; skip <= path.size(); ++skip) {
                if (match_parts(pattern, p + 1, path, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (n >= path.size() || !match_component(pattern[p], path[n])) {
            return false;
        }
        ++p;
        ++n;
    }
    return n == path.size();
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
    return match_parts(split(pattern), 0, split(path), 0);
}

} // namespace autofix::core
