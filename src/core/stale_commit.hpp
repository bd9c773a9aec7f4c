#pragma once

#include <string>

namespace autofix::core {

/// Whether the failing commit is still what its branch points at; `reason` says why not.
struct Staleness {
    bool stale = false;
    std::string reason;
};

/// Compares the commit that failed with the branch's tip on the remote: a branch that moved on (someone
/// pushed since) makes the failure stale, since the newer commit's run decides. Not stale when either is
/// unknown (empty): a branch deleted since, or an event that names no commit.
Staleness check_staleness(const std::string& branch, const std::string& failing_commit,
                          const std::string& remote_tip);

/// Whether another job of the same run already opened the run's fix branch for this failure.
struct Duplicate {
    bool duplicate = false;
    bool same_failure = false; // the fix branch's first attempt answers the same failure signature
    std::string reason;
};

/// On a first run attempt that finds its fix branch already on the remote (matrix builds run the action in
/// several jobs of one run): a duplicate when the branch's first attempt starts at `failing_commit`; the
/// signatures say whether it answers the same failure. A branch that starts elsewhere is not a duplicate.
Duplicate check_duplicate_fix(const std::string& fix_branch, const std::string& failing_commit,
                              const std::string& branch_start, const std::string& signature,
                              const std::string& branch_signature);

} // namespace autofix::core
