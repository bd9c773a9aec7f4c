#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autofix::action {

/// Whether the run did what its case asks (`ok`) or the action itself failed (`error`).
enum class ResultStatus { ok, error };

/// Tokens spent and their estimated price.
struct ResultUsage {
    std::int64_t input_tokens = 0;
    std::int64_t output_tokens = 0;
    double cost_usd = 0.0;
};

/// A change the commit gate refused: the attempt, the file, the rule's name and why.
struct ResultRefusal {
    int attempt = 0;
    std::string path;
    std::string rule;
    std::string reason;
};

/// The triage of a failure: its class, why, the deciding log line or API fact, and what the run did about it.
struct ResultTriage {
    std::string failure_class; // code, infrastructure, flaky, configuration
    std::string reason;
    std::string evidence;
    std::string decision; // fix, rerun_failed_jobs, dispatch_workflow, stop_configuration
};

/// What became of the progress comment on the pull request whose build failed.
struct ResultProgressComment {
    std::string status; // created, updated, not_updated
    std::string url;    // the comment's web URL, "" when unknown
    std::string error;  // not_updated: why
};

/// Which failure a run answered, when it chose among several (a `/autofix retry`): the source, the CI run
/// whose failed jobs' logs it read (0 when none) and why.
struct ResultFailureSource {
    std::string source; // failure_log, ci_run, recorded, ci_running
    std::uint64_t run_id = 0;
    std::string run_url;
    std::string reason;
};

/// The comment a comment run answered and the reply it posted (`comment` in the result JSON).
struct ResultComment {
    std::string command;   // the subcommand as typed (lower-cased): retry, stop, explain, or another word
    std::string url;       // the answered comment's web URL (the payload's comment.html_url)
    std::string reply_url; // the reply's web URL, "" when none was posted (dry run, refused, failed)
};

/// The result JSON (`agent-result.json`), schema_version 1. Empty strings are written as null, and null is
/// read back as an empty string; `error` is written only when status is error.
struct ResultRecord {
    int schema_version = 1;
    ResultStatus status = ResultStatus::ok;
    std::optional<int> case_number; // 1..5, null when no case was decided
    std::string action_taken;       // e.g. none, committed, pr_opened, escalated, human_took_over
    std::string branch;             // the branch that was built; "" in a comment run (nothing was built)
    std::string fix_branch;
    std::string fix_id;
    std::optional<int> attempt;
    std::string model;
    std::string commit_sha;
    std::string pr_url;
    std::string issue_url;
    std::vector<std::string> files_changed;
    std::vector<ResultRefusal> refused_changes; // what the commit gate refused in this run, [] when nothing
    ResultUsage usage;
    std::int64_t duration_ms = 0;
    std::optional<core::Error> error;
    std::optional<ResultTriage> triage; // written as `failure_class` and `triage`, null when not classified
    std::optional<ResultProgressComment> progress_comment; // `progress_comment`, null when the run had none
    std::optional<ResultFailureSource> failure_source;     // `failure_source`, null when not chosen
    std::optional<ResultComment> comment;                  // `comment`, null unless a comment started the run
};

/// The record as pretty-printed JSON text with a trailing newline.
std::string to_json_text(const ResultRecord& record);

/// Parses result JSON text. Fails (invalid_input) when it is not JSON, not an object, lacks
/// schema_version 1 or a valid status, or a field has the wrong type.
core::Expected<ResultRecord> parse_result_json(const std::string& text);

/// Writes the record to `path` atomically (a temporary file beside it, then rename), creating missing parent
/// directories. Fails (io) when the directory, the temporary file or the rename fails.
core::Status write_result_file(const std::string& path, const ResultRecord& record);

/// Reads and parses the result file at `path`. Fails (io) when it cannot be read, else as parse_result_json.
core::Expected<ResultRecord> read_result_file(const std::string& path);

} // namespace autofix::action
