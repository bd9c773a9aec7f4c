#pragma once

#include "action/result_json.hpp"
#include "core/error.hpp"
#include "core/route.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autofix::app {

/// The `action-taken` values of a run whose step failed; the route's action names only what was planned.
namespace taken {
inline constexpr const char* fix_session_failed = "fix_session_failed"; // the model API failed mid-session
inline constexpr const char* commit_failed = "commit_failed";           // the attempt could not be committed
inline constexpr const char* push_failed = "push_failed";   // the push failed (network, auth, ...)
inline constexpr const char* push_refused = "push_refused"; // the server refused the push (ruleset, hook)
inline constexpr const char* dispatch_failed = "dispatch_failed"; // pushed, but CI could not be started
inline constexpr const char* pr_failed = "pr_failed";             // the pull request could not be opened
inline constexpr const char* labels_failed = "labels_failed";     // the PR was opened, labelling it failed
inline constexpr const char* escalation_failed = "escalation_failed"; // the issue could not be opened
inline constexpr const char* failed = "failed"; // the run failed before acting (reading the branch, ...)
inline constexpr const char* rerun_failed = "rerun_failed"; // triage: the failed CI could not be run again
inline constexpr const char* reply_failed = "reply_failed"; // a comment command's reply could not be posted
} // namespace taken

/// One row of the step summary's attempt table.
struct AttemptRow {
    int number = 0;
    std::string model;
    std::string description;
    std::vector<std::string> files;
    std::string result; // "failed", "fixed", "this run", ...
};

/// A change the commit gate refused in a fix attempt of this run (the attempt may have gone on to a fix).
struct RefusedChange {
    int attempt = 0;
    std::string path;
    std::string rule; // core::to_string(GateRule)
    std::string reason;
};

/// Tokens spent on the model in this run and their estimated price.
struct Spend {
    std::int64_t input_tokens = 0;
    std::int64_t output_tokens = 0;
    double cost_usd = 0.0;
};

/// The fix chain's spend against its cap (max-cost-usd): the Autofix-Cost trailers of its attempts and the
/// fix sessions of this run.
struct ChainSpend {
    bool known = false; // false when the run never read or started a chain (case 4, early failures)
    double spent_usd = 0.0;
    double cap_usd = 0.0;
};

/// What became of the progress comment on the pull request whose build failed (core/progress_comment.hpp).
struct ProgressCommentResult {
    std::string status; // "" when the run has none to write, "created", "updated" or "not_updated"
    std::string url;    // the comment's web URL, when known
    std::string error;  // not_updated: why
};

/// What the fix chain's branch and the API said beside the route, for the progress comment.
struct ChainFacts {
    int command_retries = 0; // attempts asked for with `/autofix retry`, this run's included
    std::string stopped_by;  // who commented `/autofix stop` (stopped chains)
    std::string open_pr_url; // the chain's open fix PR, when one is known
    std::string issue_url;   // the chain's escalation issue, when one is known
    std::string ci_run_url;  // the CI run this update answers, when it is not this run's own
};

/// What a run did: the route it took and what acting produced, or the error that stopped it.
struct Outcome {
    core::Route route;
    bool route_decided = false; // false when the run failed before a case was known
    std::string commit_sha;
    std::string pr_url;
    std::string issue_url;
    std::vector<std::string> files_changed;
    std::vector<AttemptRow> attempts;
    std::vector<RefusedChange> refused; // what the commit gate refused in this run's attempts
    Spend spend;
    ChainSpend chain;
    std::string action_taken; // overrides the route's action name when acting ended otherwise (taken::...)
    std::string note;         // what happened, one or two sentences for the summary
    std::optional<core::Error> error;
    std::optional<action::ResultTriage> triage; // the failure's class and what was done about it
    std::uint64_t pull_request = 0; // the pull request whose failing build the fix chain answers (0: none)
    ProgressCommentResult progress; // the progress comment on that pull request
    std::optional<action::ResultFailureSource> failure_source; // which failure a retry answered, and why
    std::optional<action::ResultComment> comment; // a comment run: the comment answered and the reply posted
    ChainFacts facts;                             // what else the progress comment says about the chain
};

/// Returns `outcome` failed at a step: `action_taken` says which (a taken:: value), `error` why.
inline Outcome step_failed(Outcome outcome, const char* action_taken, core::Error error) {
    outcome.action_taken = action_taken;
    outcome.error = std::move(error);
    return outcome;
}

} // namespace autofix::app
