#pragma once

#include <string>
#include <utility>
#include <vector>

namespace autofix::testing {

/// What a finished child process left behind.
struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Extra environment for a child: each pair is set on top of this process's environment.
using CommandEnv = std::vector<std::pair<std::string, std::string>>;

/// Runs `argv` (looked up in PATH) in `cwd` (empty: ours), feeding `input` to its stdin and collecting
/// stdout and stderr; throws std::runtime_error only when the process cannot be started.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& cwd = "",
                          const std::string& input = "", const CommandEnv& env = {});

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// The directory's absolute path, without a trailing '/'.
    const std::string& path() const { return m_path; }

    /// Returns path() + "/" + `relative`.
    std::string operator/(const std::string& relative) const { return m_path + "/" + relative; }

private:
    std::string m_path;
};

/// Who the git CLI commits as in RepoBuilder.
struct GitPerson {
    std::string name = "Test Human";
    std::string email = "human@example.com";
};

/// Runs `git <args>` in `dir` with an isolated configuration (no global or system config, any owner
/// accepted); returns stdout; throws std::runtime_error naming the command and its stderr on failure.
std::string git_in(const std::string& dir, const std::vector<std::string>& args,
                   const GitPerson& person = {});

/// Like git_in but returns the whole result instead of throwing on a non-zero exit.
CommandResult git_result_in(const std::string& dir, const std::vector<std::string>& args,
                            const GitPerson& person = {});

/// Creates a bare repository at `path` (parents included) whose default branch is `branch`.
void init_bare(const std::string& path, const std::string& branch = "main");

/// Builds and inspects a work tree with the git CLI; every call throws on failure.
class RepoBuilder {
public:
    /// Wraps the existing work tree at `path`.
    explicit RepoBuilder(std::string path);

    /// `git init -b <branch>` at `path` (created when missing).
    static RepoBuilder init(const std::string& path, const std::string& branch = "main");

    /// `git clone <source> <path>`; `source` is a path or URL.
    static RepoBuilder clone(const std::string& source, const std::string& path);

    /// The work tree's path.
    const std::string& path() const { return m_path; }

    /// Runs `git <args>` in the work tree and returns stdout.
    std::string git(const std::vector<std::string>& args, const GitPerson& person = {}) const;

    /// Writes `content` to the file `relative` (parents created).
    void write(const std::string& relative, const std::string& content) const;

    /// Returns the content of `relative`.
    std::string read(const std::string& relative) const;

    /// Removes the file `relative`.
    void remove(const std::string& relative) const;

    /// `git add -A` and commits with `message` as `person`; returns the new sha.
    std::string commit(const std::string& message, const GitPerson& person = {}) const;

    /// Writes `relative` and commits it; returns the new sha.
    std::string commit_file(const std::string& relative, const std::string& content,
                            const std::string& message, const GitPerson& person = {}) const;

    /// Returns `git rev-parse <ref>`.
    std::string rev(const std::string& ref = "HEAD") const;

private:
    std::string m_path;
};

} // namespace autofix::testing
