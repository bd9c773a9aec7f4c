#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace autofix::logs {

/// The files of the work tree, as far as locating log references needs them; abstract so that the
/// locating logic stays pure and tests can use a literal list.
class FileIndex {
public:
    virtual ~FileIndex() = default;

    /// True when `path` (repository-relative, '/'-separated, no "." or ".." parts) is a regular file.
    virtual bool exists(std::string_view path) const = 0;

    /// Up to `limit` repository-relative paths that end with `suffix` at a '/' boundary ("Bar.java" or
    /// "com/foo/Bar.java"), shortest first; empty when none.
    virtual std::vector<std::string> find_by_suffix(std::string_view suffix, std::size_t limit) const = 0;

    /// Up to `limit` repository-relative paths of the tree, sorted; empty when the index cannot list them.
    virtual std::vector<std::string> list(std::size_t limit) const;

    /// The first `max_bytes` of the file at `path`; nullopt when it cannot be read (or the index holds no
    /// contents).
    virtual std::optional<std::string> read(std::string_view path, std::size_t max_bytes) const;
};

/// A FileIndex over a list of repository-relative paths held in memory.
class MemoryFileIndex : public FileIndex {
public:
    /// An index of `paths` (repository-relative, '/'-separated).
    explicit MemoryFileIndex(const std::vector<std::string>& paths = {});

    /// Adds one repository-relative path.
    void add(std::string path);

    /// Adds one repository-relative path with its contents (what read() returns).
    void add(std::string path, std::string contents);

    /// The number of paths held.
    std::size_t size() const { return m_paths.size(); }

    bool exists(std::string_view path) const override;
    std::vector<std::string> find_by_suffix(std::string_view suffix, std::size_t limit) const override;
    std::vector<std::string> list(std::size_t limit) const override;
    std::optional<std::string> read(std::string_view path, std::size_t max_bytes) const override;

private:
    std::unordered_set<std::string> m_paths;
    std::map<std::string, std::string, std::less<>> m_contents;
    std::unordered_multimap<std::string, std::string> m_by_basename;
};

} // namespace autofix::logs
