#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::core {

/// Where a fix chain stands, as its progress comment on the pull request says it.
enum class ProgressState {
    attempt_pushed,  // an attempt is on the fix branch and CI runs on it
    fixed,           // CI passed on the fix branch and its pull request is open
    escalated,       // the attempts ran out (or the budget did): an issue asks a human
    human_took_over, // a human committed to the fix branch: the agent stopped
    stopped,         // a human commented `/autofix stop`: no further attempts
    failed,          // the run failed at a step (the detail says which); nothing new reached the branch
};

/// What one update of the progress comment says; plain values, filled by the app from the run's outcome.
struct ProgressReport {
    std::string fix_id;
    ProgressState state = ProgressState::attempt_pushed;
    int attempt = 0;      // the attempt pushed, or the attempts made
    int max_attempts = 0; // the max-attempts setting
    std::string model;    // the model of that attempt ("" when unknown)
    std::string fix_branch;
    std::string fix_branch_url;      // the web page of the fix branch
    std::string run_url;             // the web page of the CI run this update answers
    std::uint64_t result_number = 0; // fixed: the fix PR; escalated: the issue
    std::string result_url;          // its web URL
    std::string detail;              // failed: what failed, one phrase
    int command_retries = 0;         // attempts asked for with `/autofix retry` (allowed past the max)
    bool attempt_failed = false;     // escalated: the last attempt's CI failed after the escalation
    std::string stopped_by;          // stopped: who commented `/autofix stop`
    std::uint64_t pr_number = 0;     // the chain's open fix PR, shown in every state when known
    std::string pr_url;
    std::uint64_t issue_number = 0; // the chain's escalation issue, shown in every state when known
    std::string issue_url;
};

/// One comment of an issue or pull request, reduced to what finding the progress comment needs.
struct CommentFacts {
    std::uint64_t id = 0;
    std::string author; // the login of `user`
    std::string body;
};

/// Returns the hidden marker that opens the progress comment of fix `fix_id`:
/// `<!-- autofix:progress fix-id=<fix_id> -->`.
std::string progress_marker(std::string_view fix_id);

/// Returns true when `body` is a progress comment of fix `fix_id`: its first line is exactly that fix's
/// marker (a quote of it, `> <!-- ...`, or a marker further down does not count).
bool is_progress_comment(std::string_view body, std::string_view fix_id);

/// Returns the status line of `report`: "attempt 2 pushed, waiting for CI", "fixed: PR #12",
/// "escalated: issue #13", "attempt 3 failed; escalated: issue #13", "stopped: a human committed",
/// "stopped by @ada (/autofix stop)", "attempt 2 failed: <detail>".
std::string progress_status(const ProgressReport& report);

/// Returns the whole markdown body of the progress comment: the marker on the first line, then the status,
/// the attempt of max ("3 of 2 + 1 retry"), the model, the links that are known and the commands.
std::string render_progress_comment(const ProgressReport& report);

/// Returns the id of the progress comment of fix `fix_id` among `comments` (oldest first): the first whose
/// body is that fix's progress comment and whose author is `own_login` (compared case-insensitively, as
/// GitHub logins are), nullopt when there is none. A comment by anyone else that carries the marker (a human
/// quoting or copying it) is never chosen, since the token could edit it.
std::optional<std::uint64_t> find_progress_comment(const std::vector<CommentFacts>& comments,
                                                   std::string_view fix_id, std::string_view own_login);

/// Returns true when some comment among `comments` is a progress comment of fix `fix_id`, whoever wrote
/// it; the app then needs the token's login to tell whether one of them is its own.
bool any_progress_comment(const std::vector<CommentFacts>& comments, std::string_view fix_id);

/// Returns the number at the end of a pull request or issue web URL (`.../pull/12` gives 12), or 0 when the
/// URL does not end in a number.
std::uint64_t number_from_url(std::string_view url);

} // namespace autofix::core
