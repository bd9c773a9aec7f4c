#pragma once

#include "core/error.hpp"
#include "logs/file_index.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace autofix::logs {

/// A FileIndex over a directory on disk: one walk at construction (skipping .git and node_modules, and
/// stopping after a cap), answering exists() from the walk and from the disk when the walk was capped.
class FilesystemFileIndex : public FileIndex {
public:
    /// Walks `root`, recording at most `max_files` regular files; fails (io) when `root` is not a readable
    /// directory. Symbolic links are not followed.
    static core::Expected<FilesystemFileIndex> scan(const std::filesystem::path& root,
                                                    std::size_t max_files = 200000);

    /// True when the walk stopped at the cap before seeing every file.
    bool truncated() const { return m_truncated; }

    /// The number of files the walk recorded.
    std::size_t size() const { return m_files.size(); }

    bool exists(std::string_view path) const override;
    std::vector<std::string> find_by_suffix(std::string_view suffix, std::size_t limit) const override;
    std::vector<std::string> list(std::size_t limit) const override;
    std::optional<std::string> read(std::string_view path, std::size_t max_bytes) const override;

private:
    FilesystemFileIndex(std::filesystem::path root, MemoryFileIndex files, bool truncated);

    std::filesystem::path m_root;
    MemoryFileIndex m_files;
    bool m_truncated = false;
};

/// The first `max_bytes` of the regular file `path` (relative, no "..") under `root`; nullopt when it cannot
/// be read. Symbolic links are not followed.
std::optional<std::string> read_file_prefix(const std::filesystem::path& root, std::string_view path,
                                            std::size_t max_bytes);

/// `entry` relative to `root` ('/'-separated) by stripping `root` and one '/' from the front: a walk's
/// entries all start with the root it was given, and the prefix is far cheaper than lexically_relative (its
/// fallback for any other path).
std::string relative_to(const std::filesystem::path& entry, const std::filesystem::path& root);

} // namespace autofix::logs
