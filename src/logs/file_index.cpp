#include "logs/file_index.hpp"

#include <algorithm>

namespace autofix::logs {
namespace {

std::string_view basename_of(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

} // namespace

std::vector<std::string> FileIndex::list(std::size_t /*limit*/) const {
    return {};
}

std::optional<std::string> FileIndex::read(std::string_view /*path*/, std::size_t /*max_bytes*/) const {
    return std::nullopt;
}

MemoryFileIndex::MemoryFileIndex(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
        add(path);
    }
}

void MemoryFileIndex::add(std::string path) {
    std::string base(basename_of(path));
    if (m_paths.insert(path).second) {
        m_by_basename.emplace(std::move(base), std::move(path));
    }
}

void MemoryFileIndex::add(std::string path, std::string contents) {
    m_contents[path] = std::move(contents);
    add(std::move(path));
}

std::vector<std::string> MemoryFileIndex::list(std::size_t limit) const {
    std::vector<std::string> paths(m_paths.begin(), m_paths.end());
    std::sort(paths.begin(), paths.end());
    if (paths.size() > limit) {
        paths.resize(limit);
    }
    return paths;
}

std::optional<std::string> MemoryFileIndex::read(std::string_view path, std::size_t max_bytes) const {
    auto it = m_contents.find(path);
    if (it == m_contents.end()) {
        return std::nullopt;
    }
    return it->second.substr(0, max_bytes);
}

bool MemoryFileIndex::exists(std::string_view path) const {
    return m_paths.count(std::string(path)) != 0;
}

std::vector<std::string> MemoryFileIndex::find_by_suffix(std::string_view suffix, std::size_t limit) const {
    while (!suffix.empty() && suffix.front() == '/') {
        suffix.remove_prefix(1);
    }
    std::vector<std::string> found;
    if (suffix.empty()) {
        return found;
    }
    auto [first, last] = m_by_basename.equal_range(std::string(basename_of(suffix)));
    for (auto it = first; it != last; ++it) {
        const std::string& path = it->second;
        if (path.size() == suffix.size() ? path == suffix
                                         : (path.size() > suffix.size() && path.ends_with(suffix) &&
                                            path[path.size() - suffix.size() - 1] == '/')) {
            found.push_back(path);
        }
    }
    std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    if (found.size() > limit) {
        found.resize(limit);
    }
    return found;
}

} // namespace autofix::logs
