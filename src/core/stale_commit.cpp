#include "core/stale_commit.hpp"

namespace autofix::core {
namespace {

std::string short_sha(const std::string& sha) {
    return sha.substr(0, 12);
}

} // namespace

Staleness check_staleness(const std::string& branch, const std::string& failing_commit,
                          const std::string& remote_tip) {
    if (failing_commit.empty() || remote_tip.empty() || failing_commit == remote_tip) {
        return {};
    }
    return {true, branch + " has moved on from the failing commit " + short_sha(failing_commit) + " to " +
                      short_sha(remote_tip) +
                      ": the run of the newer commit decides whether a fix is needed"};
}

Duplicate check_duplicate_fix(const std::string& fix_branch, const std::string& failing_commit,
                              const std::string& branch_start, const std::string& signature,
                              const std::string& branch_signature) {
    if (failing_commit.empty() || branch_start != failing_commit) {
        return {};
    }
    Duplicate result;
    result.duplicate = true;
    result.same_failure = !signature.empty() && signature == branch_signature;
    if (result.same_failure) {
        result.reason = "another job of this run already opened " + fix_branch + " for the same failure (" +
                        signature + ") on " + short_sha(failing_commit) + ": no second fix is made";
    } else {
        result.reason = "another job of this run already opened " + fix_branch + " on " +
                        short_sha(failing_commit) +
                        " for a different failure; one fix branch per run, and its "
                        "CI runs every job again, so this failure is answered there if it remains";
    }
    return result;
}

} // namespace autofix::core
