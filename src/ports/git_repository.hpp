#pragma once

#include "core/error.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace autofix::ports {

/// One commit as the routing core reads it.
struct CommitInfo {
    std::string sha;
    std::string author_name;
    std::string author_email;
    std::string committer_name;
    std::string committer_email;
    std::string subject; // the first paragraph, as `git log --format=%s`
    std::string body;    // everything after the subject, trailers included, as `git log --format=%b`
    std::vector<std::pair<std::string, std::string>> trailers; // from git's trailer parser, in order
    std::size_t parent_count = 0;
    std::vector<std::string> parents; // the parents' shas as the commit names them, first parent first
                                      // (also at a shallow boundary, where parent_count is 0)

    /// Returns the value of the first trailer named `key` (case-insensitive), or "" when absent.
    std::string trailer(const std::string& key) const;
};

/// How a path differs in the work tree from HEAD.
enum class ChangeKind { added, modified, deleted };

/// One changed path of the work tree, relative to the repository root with '/' separators.
struct ChangedFile {
    std::string path;
    ChangeKind kind = ChangeKind::modified;
};

/// Who a commit is made by: author and committer alike.
struct Identity {
    std::string name;
    std::string email;
};

/// One file of a diff with its line counts.
struct DiffFile {
    std::string path; // the new path; the old one for a deletion
    std::size_t added_lines = 0;
    std::size_t deleted_lines = 0;
};

/// A unified diff capped by size; whole files are kept or left out, never cut in the middle.
struct Diff {
    std::string text;                       // unified diff of the files kept, `git diff` style
    std::vector<DiffFile> files;            // every changed file, kept or not, in diff order
    bool truncated = false;                 // true when some files were left out of `text`
    std::vector<std::string> omitted_files; // the paths left out of `text` because of the cap
};

/// The workspace repository and its remote; abstract so it can be mocked out for tests.
/// Refs accept anything `git rev-parse` accepts (sha, branch, `origin/<branch>`, `HEAD~1`).
class GitRepository {
public:
    virtual ~GitRepository() = default;

    /// Returns the sha of the commit HEAD points at; fails (git) on an unborn branch.
    virtual core::Expected<std::string> head_commit() = 0;

    /// Returns the branch HEAD is on (short name), or "" when HEAD is detached.
    virtual core::Expected<std::string> current_branch() = 0;

    /// Returns whether refs/heads/<name> exists locally.
    virtual core::Expected<bool> local_branch_exists(const std::string& name) = 0;

    /// Asks the remote (ls-remote) whether refs/heads/<name> exists there; fails with auth or network kinds.
    virtual core::Expected<bool> remote_branch_exists(const std::string& name) = 0;

    /// Creates local branch <name> at `from_commit` and checks it out; fails (git) when it already exists.
    virtual core::Status create_branch(const std::string& name, const std::string& from_commit) = 0;

    /// Points local branch <name> at `from_commit`, creating it or moving it wherever it was (HEAD included),
    /// and checks it out; the work tree follows safely (local changes are kept or it fails, git). For a
    /// branch that exists only here, never pushed: what an earlier failed run of this checkout left.
    virtual core::Status replace_branch(const std::string& name, const std::string& from_commit) = 0;

    /// Fetches refs/heads/<name> from the remote into refs/remotes/origin/<name>; fails (git) when the
    /// remote has no such branch, with auth or network kinds when the remote cannot be read.
    virtual core::Status fetch_branch(const std::string& name) = 0;

    /// Returns whether the repository is shallow (a `fetch-depth: N` checkout, `.git/shallow`).
    virtual core::Expected<bool> is_shallow() = 0;

    /// Fetches the commit `sha` by its id when the repository lacks it: in a shallow repository that commit
    /// alone (its parents stay cut off), else with its missing history. Fails with auth or network kinds,
    /// or git when the remote does not serve it.
    virtual core::Status fetch_commit(const std::string& sha) = 0;

    /// Fetches the whole history of the remote branches `names` into refs/remotes/origin/<name>; in a shallow
    /// repository the shallow boundary goes (`--unshallow`). Fails as fetch_branch does.
    virtual core::Status fetch_history(const std::vector<std::string>& names) = 0;

    /// Checks out local branch <name>, or creates it from refs/remotes/origin/<name> (tracking origin);
    /// fails (git) when neither exists or local changes would be overwritten.
    virtual core::Status checkout_branch(const std::string& name) = 0;

    /// Returns the commits reachable from `head_ref` but not from `base_ref`, oldest first, at most the
    /// newest `max_count`; an empty `base_ref` walks back from `head_ref`. Fails (git) on an unknown ref.
    virtual core::Expected<std::vector<CommitInfo>>
    commits_between(const std::string& base_ref, const std::string& head_ref, std::size_t max_count) = 0;

    /// Returns whether `ref` names a commit; fails only when the repository cannot be read.
    virtual core::Expected<bool> resolves(const std::string& ref) = 0;

    /// Returns the sha of the commit `ref` names; fails (git) when it names none.
    virtual core::Expected<std::string> resolve(const std::string& ref) = 0;

    /// Returns the work tree's changes against HEAD (untracked files count as added; ignored ones do not).
    virtual core::Expected<std::vector<ChangedFile>> working_tree_changes() = 0;

    /// Stages every work-tree change (additions, modifications, deletions; ignored files stay out) and
    /// commits it on the current branch as `identity`; returns the new sha. Fails (git) with "nothing to
    /// commit" and commits nothing when the tree equals HEAD's.
    virtual core::Expected<std::string> commit_all(const std::string& message, const Identity& identity) = 0;

    /// Stages exactly `paths` (relative to the root; present files are added, missing ones removed) and
    /// commits them on the current branch as `identity`, leaving every other work-tree change unstaged;
    /// returns the new sha. Fails (git) with "nothing to commit" when the paths equal HEAD's.
    virtual core::Expected<std::string> commit_paths(const std::vector<std::string>& paths,
                                                     const std::string& message,
                                                     const Identity& identity) = 0;

    /// Commits HEAD's own tree again on the current branch as `identity` (a commit that changes nothing,
    /// e.g. a fix attempt that produced no change); returns the new sha. Fails (git) on an unborn branch.
    virtual core::Expected<std::string> commit_empty(const std::string& message,
                                                     const Identity& identity) = 0;

    /// Returns the diff merge-base(base_ref, head_ref)..head_ref, its text capped at `max_bytes` by
    /// leaving out whole files (the first file that does not fit and all after it). Fails (git) on an
    /// unknown ref or when the two have no common ancestor.
    virtual core::Expected<Diff> diff(const std::string& base_ref, const std::string& head_ref,
                                      std::size_t max_bytes) = 0;

    /// Pushes refs/heads/<branch> to the same name on the remote, never forced. Fails with push_rejected
    /// when the remote has commits we lack, push_refused when the server refuses the update for a reason of
    /// its own (its message kept), auth on 401/403, network when unreachable.
    virtual core::Status push(const std::string& branch) = 0;
};

/// The lower-case name of `kind` ("added", "modified", "deleted").
const char* to_string(ChangeKind kind);

} // namespace autofix::ports
