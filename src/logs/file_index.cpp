#include "logs/file_index.hpp"

#include <algorithm>

namespace autofix::logs {
namespace {

std::string_view basename_of(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

} // namespace

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
