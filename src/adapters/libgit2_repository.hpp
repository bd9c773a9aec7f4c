#pragma once

#include "adapters/libgit2_remote.hpp"
#include "ports/git_repository.hpp"

#include <memory>
#include <string>

struct git_repository;
struct git_index;
struct git_oid;

namespace autofix::adapters {

/// Returns GITHUB_WORKSPACE when set and non-empty, else the current directory.
std::string default_workspace();

/// GitRepository over libgit2 on the workspace checkout; the remote is anonymous (nothing is written to
/// .git/config) and authenticated through the credential callback as `x-access-token:<token>`.
class Libgit2Repository final : public ports::GitRepository {
public:
    /// Opens the work tree at `workspace` (no search upwards), whoever owns it; fails (git) for a directory
    /// that is not the top of a git work tree, naming it.
    static core::Expected<std::unique_ptr<Libgit2Repository>> open(const std::string& workspace,
                                                                   RemoteSpec remote);
    ~Libgit2Repository() override;
    Libgit2Repository(const Libgit2Repository&) = delete;
    Libgit2Repository& operator=(const Libgit2Repository&) = delete;

    /// The work tree's top directory, with a trailing '/'.
    std::string workdir() const;

    core::Expected<std::string> head_commit() override;
    core::Expected<std::string> current_branch() override;
    core::Expected<bool> local_branch_exists(const std::string& name) override;
    core::Expected<bool> remote_branch_exists(const std::string& name) override;
    core::Status create_branch(const std::string& name, const std::string& from_commit) override;
    core::Status replace_branch(const std::string& name, const std::string& from_commit) override;
    core::Status fetch_branch(const std::string& name) override;
    core::Expected<bool> is_shallow() override;
    core::Status fetch_commit(const std::string& sha) override;
    core::Status fetch_history(const std::vector<std::string>& names) override;
    core::Status checkout_branch(const std::string& name) override;
    core::Expected<std::vector<ports::CommitInfo>>
    commits_between(const std::string& base_ref, const std::string& head_ref, std::size_t max_count) override;
    core::Expected<bool> resolves(const std::string& ref) override;
    core::Expected<std::string> resolve(const std::string& ref) override;
    core::Expected<std::vector<ports::ChangedFile>> working_tree_changes() override;
    core::Expected<std::string> commit_all(const std::string& message,
                                           const ports::Identity& identity) override;
    core::Expected<std::string> commit_paths(const std::vector<std::string>& paths,
                                             const std::string& message,
                                             const ports::Identity& identity) override;
    core::Expected<std::string> commit_empty(const std::string& message,
                                             const ports::Identity& identity) override;
    core::Expected<ports::Diff> diff(const std::string& base_ref, const std::string& head_ref,
                                     std::size_t max_bytes) override;
    core::Status push(const std::string& branch) override;

private:
    Libgit2Repository(git_repository* repo, RemoteSpec remote);

    /// Opens the repository afresh, dropping libgit2's cached commits and shallow grafts (after a fetch
    /// that changed .git/shallow); fails (git) when it cannot be opened again.
    core::Status reopen(const std::string& context);

    /// Checks out the tree of `full_ref` safely (local changes are kept or the checkout fails) and moves
    /// HEAD onto it.
    core::Status switch_to(const std::string& full_ref, const std::string& context);

    /// Which tree a commit records: the index's (refused when equal to HEAD's), or HEAD's own again.
    enum class CommitTree { index, head };

    /// Writes `index` (or, with CommitTree::head, HEAD's tree) as a commit on HEAD as `identity`; refuses
    /// (git) an index whose tree equals HEAD's. `written` (optional) is the tree already written.
    core::Expected<std::string> commit_index(git_index* index, const std::string& message,
                                             const ports::Identity& identity, const std::string& context,
                                             CommitTree tree_from = CommitTree::index,
                                             const struct git_oid* written = nullptr);

    git_repository* m_repo;
    RemoteSpec m_remote;
};

} // namespace autofix::adapters
