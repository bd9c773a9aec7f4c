#pragma once

#include "logs/file_index.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::app {

/// A FileIndex over the work tree that asks the disk for each path the log names, and walks the tree only
/// when a suffix lookup (a Java class, a unittest module) needs it, at most once.
class WorkspaceFileIndex final : public logs::FileIndex {
public:
    /// An index over the directory `root`; nothing is read until asked.
    explicit WorkspaceFileIndex(std::filesystem::path root, std::size_t max_walked_files = 100000);
    ~WorkspaceFileIndex() override;

    /// True when `path` is a regular file inside the root (symlinks leading out are not followed).
    bool exists(std::string_view path) const override;

    /// Paths ending with `suffix`, from one walk of the tree made on the first call.
    std::vector<std::string> find_by_suffix(std::string_view suffix, std::size_t limit) const override;

    /// The tree's paths, from the same walk as find_by_suffix.
    std::vector<std::string> list(std::size_t limit) const override;

    /// The start of the file at `path` inside the root (symlinks are not followed).
    std::optional<std::string> read(std::string_view path, std::size_t max_bytes) const override;

    /// True once the tree has been walked (for tests and benchmarks).
    bool walked() const { return m_walked != nullptr; }

private:
    const logs::FileIndex& walked_index() const;

    std::filesystem::path m_root;
    std::size_t m_max_walked_files;
    mutable std::unique_ptr<logs::FileIndex> m_walked;
};

} // namespace autofix::app
