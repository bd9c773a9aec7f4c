#pragma once

// What the inference of files shares between its parts (file_inference.cpp, repository_search.cpp): small
// path helpers and where an inferred file goes in the list. Internal to src/logs.

#include "logs/file_references.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace autofix::logs::inference {

inline constexpr std::size_t max_read_bytes = 256 * 1024; // bytes of one file read for an inference

inline std::string_view basename_of(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

inline std::string_view extension_of(std::string_view path) {
    std::string_view base = basename_of(path);
    std::size_t dot = base.rfind('.');
    return dot == std::string_view::npos ? std::string_view{} : base.substr(dot);
}

inline std::size_t depth_of(std::string_view path) {
    return static_cast<std::size_t>(std::count(path.begin(), path.end(), '/'));
}

// Components two paths share from the root.
inline std::size_t shared_dirs(std::string_view a, std::string_view b) {
    std::size_t shared = 0;
    for (std::size_t k = 0; k < a.size() && k < b.size() && a[k] == b[k]; ++k) {
        shared += a[k] == '/' ? 1 : 0;
    }
    return shared;
}

// A test path as the place its source would sit: src/test/java -> src/main/java, tests/ -> the root.
inline std::string source_twin(std::string_view test_path) {
    std::string path(test_path);
    for (auto [from, to] : std::array<std::pair<std::string_view, std::string_view>, 3>{
             {{"src/test/", "src/main/"}, {"/tests/", "/"}, {"/test/", "/"}}}) {
        std::size_t at = path.find(from);
        if (at != std::string::npos) {
            path.replace(at, from.size(), to);
            break;
        }
    }
    return path;
}

// The option closest to `near` (most shared directories, then shortest), "" when there is none.
inline std::string closest(const std::vector<std::string>& options, std::string_view near) {
    std::string best;
    std::size_t best_shared = 0;
    for (const auto& option : options) {
        std::size_t shared = shared_dirs(option, near);
        if (best.empty() || shared > best_shared || (shared == best_shared && option.size() < best.size())) {
            best = option;
            best_shared = shared;
        }
    }
    return best;
}

inline bool contains(std::string_view text, std::string_view needle) {
    return text.find(needle) != std::string_view::npos;
}

inline bool is_identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// An inferred file and where it goes in the named list.
struct Placement {
    FileReference reference;
    std::size_t position = 0; // where it goes in the named list (before what is there)
};

} // namespace autofix::logs::inference
