#include "logs/filesystem_file_index.hpp"

#include <fstream>
#include <system_error>

namespace autofix::logs {

FilesystemFileIndex::FilesystemFileIndex(std::filesystem::path root, MemoryFileIndex files, bool truncated)
    : m_root(std::move(root)), m_files(std::move(files)), m_truncated(truncated) {}

std::string relative_to(const std::filesystem::path& entry, const std::filesystem::path& root) {
    const std::string& text = entry.native();
    std::string_view prefix = root.native();
    while (prefix.size() > 1 && prefix.back() == '/') {
        prefix.remove_suffix(1);
    }
    if (text.size() > prefix.size() + 1 && text.compare(0, prefix.size(), prefix) == 0 &&
        text[prefix.size()] == '/' && text[prefix.size() + 1] != '/') {
        return text.substr(prefix.size() + 1);
    }
    return entry.lexically_relative(root).generic_string();
}

core::Expected<FilesystemFileIndex> FilesystemFileIndex::scan(const std::filesystem::path& root,
                                                              std::size_t max_files) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        return core::make_error(core::ErrorKind::io,
                                "indexing work tree " + root.string() + ": not a directory");
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        return core::make_error(core::ErrorKind::io,
                                "indexing work tree " + root.string() + ": " + ec.message());
    }
    MemoryFileIndex files;
    bool truncated = false;
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            break; // an unreadable corner of the tree: keep what was found
        }
        const fs::directory_entry& entry = *it;
        std::string name = entry.path().filename().string();
        if (entry.is_symlink(ec)) {
            continue;
        }
        if (entry.is_directory(ec)) {
            if (name == ".git" || name == "node_modules") {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (!entry.is_regular_file(ec)) {
            continue;
        }
        if (files.size() >= max_files) {
            truncated = true;
            break;
        }
        files.add(relative_to(entry.path(), root));
    }
    return FilesystemFileIndex(root, std::move(files), truncated);
}

bool FilesystemFileIndex::exists(std::string_view path) const {
    if (m_files.exists(path)) {
        return true;
    }
    if (!m_truncated || path.empty() || path.front() == '/' || path.find("..") != std::string_view::npos) {
        return false;
    }
    std::error_code ec;
    auto status = std::filesystem::symlink_status(m_root / std::filesystem::path(std::string(path)), ec);
    return !ec && std::filesystem::is_regular_file(status);
}

std::vector<std::string> FilesystemFileIndex::find_by_suffix(std::string_view suffix,
                                                             std::size_t limit) const {
    return m_files.find_by_suffix(suffix, limit);
}

std::vector<std::string> FilesystemFileIndex::list(std::size_t limit) const {
    return m_files.list(limit);
}

std::optional<std::string> read_file_prefix(const std::filesystem::path& root, std::string_view path,
                                            std::size_t max_bytes) {
    if (path.empty() || path.front() == '/' || path.find("..") != std::string_view::npos) {
        return std::nullopt;
    }
    std::error_code ec;
    const std::filesystem::path full = root / std::filesystem::path(std::string(path));
    if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(full, ec))) {
        return std::nullopt;
    }
    std::ifstream in(full, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::string text(max_bytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(max_bytes));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::optional<std::string> FilesystemFileIndex::read(std::string_view path, std::size_t max_bytes) const {
    return read_file_prefix(m_root, path, max_bytes);
}

} // namespace autofix::logs
