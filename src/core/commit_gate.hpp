#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::core {

/// How a file of an attempt's change differs from the commit it builds on.
enum class FileStatus { added, modified, deleted, renamed };

/// One file of an attempt's change: the lines it adds and those it removes (without line endings).
struct FileLines {
    std::string path;     // the new path; the old one for a deletion
    std::string old_path; // the path before a rename, else empty
    FileStatus status = FileStatus::modified;
    std::vector<std::string> added;
    std::vector<std::string> removed;
};

/// Which way of weakening the tests a refusal names.
enum class GateRule {
    deletes_test_file,  // a test file deleted, emptied or renamed out of test discovery
    adds_skip_marker,   // skip, xfail, ignore, disabled, focus or deselection markers
    removes_assertions, // fewer assertion lines in the test files than before
    lowers_coverage,    // a coverage threshold lowered or removed
    continue_on_error,  // continue-on-error (GitHub) or allow_failure (GitLab) added
    edits_test_command, // the test command of the CI configuration or of the action's own config changed
};

/// One refusal of the gate: the rule, the file and a sentence for the model and the summary.
struct GateRefusal {
    GateRule rule = GateRule::adds_skip_marker;
    std::string path;
    std::string reason;
};

/// What the gate knows of the repository's settings.
struct GatePolicy {
    std::vector<std::string> allowed_globs;          // paths that may be changed anyway
    std::string test_command;                        // the configured test-command; "" when none
    std::string config_file = ".github/autofix.yml"; // the action's config file: never changed by a fix
};

/// Returns the files of a change from their text before and after it (nullopt: absent on that side), with
/// the lines added and removed counted as multisets (a line moved within the file is neither). A file left
/// blank is reported as deleted.
FileLines file_lines(std::string path, const std::optional<std::string>& before,
                     const std::optional<std::string>& after);

/// Decides whether a change may be committed: returns one refusal per file and rule, empty when it passes.
/// A deleted file whose lines come back in an added one is a rename; renaming a test file to another test
/// file passes. Refusals for paths matching `policy.allowed_globs` (new or old path) are dropped.
std::vector<GateRefusal> review_change(const std::vector<FileLines>& files, const GatePolicy& policy);

/// The rule's name as written in the result JSON ("adds_skip_marker", ...).
const char* to_string(GateRule rule);

/// The refusals as the model reads them: why the submission was refused, one line per refusal, and what
/// to do instead.
std::string describe_refusals(const std::vector<GateRefusal>& refusals);

} // namespace autofix::core
