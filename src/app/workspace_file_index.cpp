#include "app/workspace_file_index.hpp"

#include "logs/filesystem_file_index.hpp"

namespace autofix::app {

namespace fs = std::filesystem;

WorkspaceFileIndex::WorkspaceFileIndex(fs::path root, std::size_t max_walked_files)
    : m_root(std::move(root)), m_max_walked_files(max_walked_files) {}

WorkspaceFileIndex::~WorkspaceFileIndex() = default;

bool WorkspaceFileIndex::exists(std::string_view path) const {
    if (path.empty() || path.front() == '/' || path.find("..") != std::string_view::npos ||
        path.starts_with(".git/")) {
        return false;
    }
    std::error_code error;
    const fs::path full = m_root / fs::path(std::string(path));
    if (!fs::is_regular_file(fs::symlink_status(full, error))) {
        return false;
    }
    return true;
}

std::vector<std::string> WorkspaceFileIndex::find_by_suffix(std::string_view suffix,
                                                            std::size_t limit) const {
    if (!m_walked) {
        auto scanned = logs::FilesystemFileIndex::scan(m_root, m_max_walked_files);
        if (!scanned) {
            m_walked = std::make_unique<logs::MemoryFileIndex>();
        } else {
            m_walked = std::make_unique<logs::FilesystemFileIndex>(std::move(*scanned));
        }
    }
    return m_walked->find_by_suffix(suffix, limit);
}

} // namespace autofix::app
