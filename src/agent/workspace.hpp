#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::agent {

/// What the fix session may touch: protected globs and size caps.
struct WorkspaceOptions {
    std::vector<std::string> protected_globs{".github/workflows/**"}; // may be read, never written
    std::uintmax_t max_file_bytes = 1024 * 1024; // larger files are neither read nor written
    std::size_t max_listed_files = 50000;        // enumeration stops here
};

/// One file the session changed: its text before the session first wrote it and now (nullopt: absent).
struct FileEdit {
    std::string path;
    std::optional<std::string> before;
    std::optional<std::string> after;
};

/// Whether a path is checked for reading or for writing (writing also refuses protected globs).
enum class Access { read, write };

/// Every file operation of the model goes through this sandbox over a repository root.
class Workspace {
public:
    /// Opens the sandbox over the existing directory `root`; fails with ErrorKind::io when it is not one.
    static core::Expected<Workspace> open(const std::filesystem::path& root, WorkspaceOptions options = {});

    /// The canonical repository root.
    const std::filesystem::path& root() const { return m_root; }
    /// The options in force.
    const WorkspaceOptions& options() const { return m_options; }

    /// Returns the normalised relative path ("" for the root) of `path`; fails with ErrorKind::sandbox for an
    /// empty path, control characters, an absolute path, a `..` escape, anything under `.git/`, a symlink
    /// leading out of the root, or (for Access::write) a protected path. The message says why.
    core::Expected<std::string> check(std::string_view path, Access access) const;

    /// Returns true when `path` (already checked) names an existing directory.
    bool is_directory(const std::string& relative) const;

    /// Returns the text of a file; fails (sandbox) when refused, missing, a directory, over the size cap or
    /// binary (a NUL byte in its first 8000 bytes).
    core::Expected<std::string> read_text(std::string_view path) const;

    /// Writes `content` to a file, creating parent directories; fails (sandbox) when refused or over the cap,
    /// (io) when the write fails. Records the file's previous content for changed_files().
    core::Status write_text(std::string_view path, const std::string& content);

    /// Returns every regular file below `directory` (relative to the root, sorted), skipping `.git` and not
    /// following symlinked directories; hidden entries are skipped unless `include_hidden`.
    std::vector<std::string> list_files(const std::string& directory, bool include_hidden) const;

    /// Returns files and directories (directories end in '/') at most `depth` levels below `directory`,
    /// hidden entries excluded, sorted.
    std::vector<std::string> list_tree(const std::string& directory, int depth) const;

    /// Returns the files whose content now differs from before the session wrote them, sorted.
    std::vector<std::string> changed_files() const;

    /// Returns each changed file with its text before and now, sorted by path (what changed_files() names).
    std::vector<FileEdit> edits() const;

    /// Puts back every file the session wrote as it was before (removing the ones it created), so that a
    /// failed attempt leaves nothing behind for the next; fails (io) when a file cannot be restored.
    core::Status restore();

    /// Takes the files as they are now as the new starting point (once an attempt's change is committed and
    /// the next attempt builds on it): changed_files() is empty again and restore() keeps them.
    void keep_changes() { m_originals.clear(); }

private:
    Workspace(std::filesystem::path root, WorkspaceOptions options);

    std::filesystem::path m_root;
    WorkspaceOptions m_options;
    std::map<std::string, std::optional<std::string>> m_originals; // nullopt: the file did not exist
};

/// Returns true when `content` looks binary: a NUL byte within its first 8000 bytes.
bool looks_binary(std::string_view content);

} // namespace autofix::agent
