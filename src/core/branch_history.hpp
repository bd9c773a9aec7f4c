#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace autofix::core {

/// One commit of a fix branch as the git layer reports it, reduced to what the router reads.
struct CommitFacts {
    std::string sha;
    std::string author_name;
    std::string author_email;
    std::string subject;
    std::string message; // the whole message: subject, body and trailers
    std::vector<std::pair<std::string, std::string>> trailers;
};

/// The name and email the agent commits with; any other author is a human.
struct AgentIdentity {
    std::string name = "Autonomous Agent";
    std::string email = "autonomous-agent@users.noreply.github.com";
};

/// One fix attempt recorded on the branch.
struct AttemptRecord {
    int number = 0;
    std::string sha;
    std::string subject;
    std::string model; // from the Autofix-Model trailer, empty when absent
    std::string message;
    bool no_change = false;           // `Autofix-Result: no-change`: the attempt's session changed nothing
    bool failed_verification = false; // `Autofix-Result: failed-verification`: its change failed the tests
    bool budget_reached = false;      // `Autofix-Result: budget-reached`: stopped at the cost cap
    double cost_usd = 0;              // the `Autofix-Cost` trailer; 0 when absent or unreadable
    std::string requested_by;         // `Autofix-Command: retry`: the human whose comment asked for it
};

/// A commit on the branch that the agent did not make.
struct HumanCommit {
    std::string sha;
    std::string author; // "Name <email>"
    std::string subject;
};

/// What the commits of a fix branch say about its attempts.
struct BranchHistory {
    std::vector<AttemptRecord> attempts; // oldest first
    std::vector<HumanCommit> human_commits;
    int highest_attempt = 0;
    std::string base_branch;    // the Autofix-Base trailer of the earliest attempt that has one
    std::string original_error; // the fenced error in attempt 1's body, empty when absent
    bool has_skill_commit = false;
    double spent_usd = 0; // the chain's spend so far: the Autofix-Cost trailers of its attempts, summed
    std::uint64_t pull_request = 0; // the Autofix-Pull-Request trailer of the earliest attempt that has one
    int command_retries = 0; // attempts a human asked for with `/autofix retry`: each allows one past max
    bool stopped = false;    // the newest command on the branch is `/autofix stop` (a later retry lifts it)
    std::string stopped_by;  // who stopped it (the commenter's login)
    std::string stop_sha;    // the commit that records the stop

    /// True when a human committed to the branch.
    bool human_took_over() const { return !human_commits.empty(); }
};

/// Reads the history of fix `fix_id` from the commits after its base, oldest first. A commit is the agent's
/// when its author is `agent` and it carries an `Autofix-Id` trailer (or, for commits made before trailers,
/// an `Attempt N:` subject); every other commit is a human's. Attempt numbers come from `Autofix-Attempt`,
/// falling back to the subject.
BranchHistory read_branch_history(const std::vector<CommitFacts>& commits, const AgentIdentity& agent,
                                  std::string_view fix_id);

/// Returns the index in `newest_first` of the oldest commit that belongs to fix `fix_id` (its attempt 1, or
/// the earliest agent commit for that fix), so that commits [0, index] are the branch's own commits; nullopt
/// when no commit of the fix is found. Lets the app stop walking history as soon as the branch's start is
/// found.
std::optional<std::size_t> branch_start(const std::vector<CommitFacts>& newest_first,
                                        const AgentIdentity& agent, std::string_view fix_id);

} // namespace autofix::core
