#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace autofix::core {

/// The subject prefix of every attempt commit (the robot emoji, then the words).
inline constexpr std::string_view attempt_subject_prefix = "\xF0\x9F\xA4\x96 Autonomous Fix Attempt ";

/// Trailer keys written on agent commits.
inline constexpr std::string_view trailer_id = "Autofix-Id";
inline constexpr std::string_view trailer_attempt = "Autofix-Attempt";
inline constexpr std::string_view trailer_base = "Autofix-Base";
inline constexpr std::string_view trailer_model = "Autofix-Model";
inline constexpr std::string_view trailer_kind = "Autofix-Kind";
inline constexpr std::string_view trailer_result = "Autofix-Result";
inline constexpr std::string_view trailer_cost = "Autofix-Cost";       // USD the attempt's model calls cost
inline constexpr std::string_view trailer_failure = "Autofix-Failure"; // the answered failure's signature
inline constexpr std::string_view trailer_pull_request =
    "Autofix-Pull-Request"; // the pull request whose failing build the fix chain answers
inline constexpr std::string_view trailer_command =
    "Autofix-Command"; // a human's `/autofix` command: retry, stop
inline constexpr std::string_view trailer_requested_by = "Autofix-Requested-By"; // the commenter's login

/// The Autofix-Kind value of the commit that records a `/autofix stop` command (no attempt, no change).
inline constexpr std::string_view kind_command = "command";

/// The Autofix-Result value of an attempt that changed nothing (an empty commit that keeps the count).
inline constexpr std::string_view result_no_change = "no-change";

/// The Autofix-Result value of an attempt whose change failed the test-command run after it (committed, and
/// the next attempt followed in the same run).
inline constexpr std::string_view result_failed_verification = "failed-verification";

/// The Autofix-Result value of an attempt whose session was stopped at the chain's cost cap with files
/// changed (committed as it was, unsubmitted; the run escalates).
inline constexpr std::string_view result_budget_reached = "budget-reached";

/// What goes into the commit of one fix attempt.
struct AttemptCommit {
    std::string fix_id;
    int attempt = 1;
    std::string description; // one line from the model; cut to 72 characters
    std::string explanation; // free text from the model
    std::string failure;     // the failure this attempt answers, fenced in the body: the original error for
                             // attempt 1, the failure after attempt N-1 for attempt N
    std::string base_branch;
    std::string model;
    bool no_change =
        false; // the session produced no change: an empty commit marked `Autofix-Result: no-change`
    bool failed_verification = false; // the change failed test-command: `Autofix-Result: failed-verification`
    bool budget_reached = false; // stopped at the cost cap with a change: `Autofix-Result: budget-reached`
    std::optional<double> cost_usd{}; // what the attempt's model calls cost: `Autofix-Cost: 0.012345`
    std::string failure_signature =
        {};                         // the signature of the failure answered: `Autofix-Failure`, "" for none
    std::uint64_t pull_request = 0; // the pull request whose build failed: `Autofix-Pull-Request`, 0 for none
    std::string requested_by = {};  // a `/autofix retry` attempt: the commenter (`Autofix-Command: retry`)
    std::string guidance = {};      // that command's guidance, fenced in the body after the failure
};

/// Returns the description as a single line of at most 72 bytes (cut at a UTF-8 boundary), or a stand-in
/// when the model gave none.
std::string commit_description(std::string_view description);

/// Returns the full message of an attempt commit: subject, explanation, the failure it answers ("Original
/// error:" for attempt 1, "Failure after attempt N-1:" later), trailers.
std::string format_attempt_commit(const AttemptCommit& commit);

/// Returns the message of the empty commit that records `/autofix stop` from `requested_by` on fix
/// `fix_id` (`Autofix-Kind: command`, `Autofix-Command: stop`); `where` says where the comment was.
std::string format_stop_commit(std::string_view fix_id, std::string_view requested_by,
                               std::string_view where);

/// Returns the message of the case-3 commit that appends the lesson to the skill file.
std::string format_skill_commit(std::string_view fix_id, std::string_view skill_file);

/// Returns `text` fenced as a ```text block, with a longer fence when the text itself holds backticks; lines
/// starting with `---` get a leading space, since git takes such a line as the start of a patch and would
/// then not see the trailers after it.
std::string fence(std::string_view text);

/// Returns the original error recorded in an attempt-1 commit body (the first fenced block after the
/// "Original error:" line), or nullopt when there is none.
std::optional<std::string> extract_original_error(std::string_view message);

/// Returns the failure an attempt commit answers: its "Original error:" or "Failure after attempt N:" block,
/// or nullopt when there is none.
std::optional<std::string> extract_answered_failure(std::string_view message);

/// Returns the attempt number of a subject like "... Attempt 3: ...", or nullopt when the pattern is absent.
std::optional<int> attempt_from_subject(std::string_view subject);

/// Returns the value of the last trailer named `key` (case-insensitive), or nullopt when absent.
std::optional<std::string> find_trailer(const std::vector<std::pair<std::string, std::string>>& trailers,
                                        std::string_view key);

} // namespace autofix::core
