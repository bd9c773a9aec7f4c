#pragma once

#include "logs/file_index.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace autofix::logs {

/// How a mention names its file.
enum class MentionKind {
    path,          // a path as printed: relative, absolute runner/container/Windows path
    suffix,        // a path suffix to look up in the tree (Java class -> com/foo/Bar.java, FooTest.java)
    python_module, // a dotted Python name (unittest "test_mod.TestClass") -> test_mod.py
};

/// A file named by one log line, not yet checked against the work tree.
struct FileMention {
    std::string path;
    std::uint32_t line = 0; // 0 when the log gave no line
    MentionKind kind = MentionKind::path;
};

/// A work-tree file the log points at: repository-relative path, line (0 if none), score (higher is more
/// relevant) and reason (the log line that named it best).
struct FileReference {
    std::string path;
    std::uint32_t line = 0;
    int score = 0;
    std::string reason;
};

/// Every file mention in one normalised log line: Python tracebacks, gcc/clang/go/rustc/javac/pytest
/// "path:line[:col]", MSVC/tsc "path(line[,col])", maven "path:[line,col]", pytest node ids, jest frames,
/// unittest "test_y (test_mod.TestClass)", Java frames "at com.foo.Bar.baz(Bar.java:42)", surefire and
/// Gradle test names. Pure; empty when there are none.
std::vector<FileMention> find_file_mentions(std::string_view line);

/// `path` relative to the repository root: backslashes made '/', the workspace (when given) or a runner
/// root (/home/runner/work/<r>/<r>/, /github/workspace/, /__w/<r>/<r>/, D:\a\<r>\<r>\, .../_work/<r>/<r>/)
/// stripped, "." and ".." resolved. Still absolute when under no known root; "" when it escapes the root.
std::string to_repository_path(std::string_view path, std::string_view workspace = {});

/// Collects mentions from the lines it is shown (bounded number of distinct candidates) and resolves them
/// against the work tree at the end.
class FileReferenceCollector {
public:
    /// A collector keeping at most `max_candidates` distinct mentions (later new ones are ignored).
    explicit FileReferenceCollector(std::size_t max_candidates = 2000);

    /// Records the mentions of `line`, each worth `weight` (half without a line number).
    void add_line(std::string_view line, int weight);

    /// The mentioned files that exist in `files`, merged per path, best first (score, then first seen), at
    /// most `max_results`; skips node_modules, site-packages and .git.
    std::vector<FileReference> resolve(const FileIndex& files, std::string_view workspace,
                                       std::size_t max_results) const;

    /// The number of distinct mentions held.
    std::size_t size() const { return m_candidates.size(); }

private:
    struct Candidate {
        FileMention mention;
        int score = 0;
        int best_weight = 0;
        std::string reason;
        std::size_t order = 0;
    };

    std::size_t m_max_candidates;
    std::unordered_map<std::string, Candidate> m_candidates;
};

} // namespace autofix::logs
