#pragma once

#include "core/error.hpp"

#include <string>
#include <vector>

struct git_repository;

namespace autofix::adapters {

/// Where the workspace pushes and fetches: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}.git` and the token
/// sent as basic auth `x-access-token:<token>` through libgit2's credential callback (never stored).
struct RemoteSpec {
    std::string url;
    std::string token;
};

namespace libgit2 {

/// Asks the remote (ls-remote) whether it has refs/heads/<branch>; fails with auth, network, http or git.
core::Expected<bool> remote_has_branch(git_repository* repo, const RemoteSpec& remote,
                                       const std::string& branch);

/// Fetches refs/heads/<branch> into refs/remotes/origin/<branch>; fails (git) when the remote lacks it.
core::Status fetch_remote_branch(git_repository* repo, const RemoteSpec& remote, const std::string& branch);

/// How much history a fetch brings.
enum class FetchDepth {
    missing,    // what the remote has and the repository lacks (a plain `git fetch`)
    one_commit, // only the commits named, without their parents (`--depth 1`; a shallow repository)
    unshallow,  // everything, the shallow boundary removed (`--unshallow`)
};

/// Fetches `refspecs` (`+refs/heads/x:refs/remotes/origin/x`, or a bare commit id) at `depth`; `context`
/// opens the error message. Fails with auth, network, http or git kinds; the token never appears.
core::Status fetch_refspecs(git_repository* repo, const RemoteSpec& remote,
                            const std::vector<std::string>& refspecs, FetchDepth depth,
                            const std::string& context);

/// Pushes refs/heads/<branch> to the remote without force and updates refs/remotes/origin/<branch>;
/// fails with push_rejected when the remote branch has commits we lack (non-fast-forward), push_refused when
/// the server refuses the update for a reason of its own (the message keeps its per-ref status and what it
/// printed, e.g. a hook's or a ruleset's text), auth on 401/403, network when unreachable.
core::Status push_branch(git_repository* repo, const RemoteSpec& remote, const std::string& branch);

} // namespace libgit2
} // namespace autofix::adapters
