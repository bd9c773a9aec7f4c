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

const logs::FileIndex& WorkspaceFileIndex::walked_index() const {
    if (!m_walked) {
        auto scanned = logs::FilesystemFileIndex::scan(m_root, m_max_walked_files);
        if (!scanned) {
            m_walked = std::make_unique<logs::MemoryFileIndex>();
        } else {
            m_walked = std::make_unique<logs::FilesystemFileIndex>(std::move(*scanned));
        }
    }
    return *m_walked;
}

std::vector<std::string> WorkspaceFileIndex::find_by_suffix(std::string_view suffix,
                                                            std::size_t limit) const {
    return walked_index().find_by_suffix(suffix, limit);
}

std::vector<std::string> WorkspaceFileIndex::list(std::size_t limit) const {
    return walked_index().list(limit);
}

std::optional<std::string> WorkspaceFileIndex::read(std::string_view path, std::size_t max_bytes) const {
    if (path.starts_with(".git/")) {
        return std::nullopt;
    }
    return logs::read_file_prefix(m_root, path, max_bytes);
}

} // namespace autofix::app
