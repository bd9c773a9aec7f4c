#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::core {

/// The prefix every fix branch carries: `autonomous-fix-{fix_id}`.
inline constexpr std::string_view fix_branch_prefix = "autonomous-fix-";

/// Returns `autonomous-fix-{fix_id}`.
std::string fix_branch_name(std::string_view fix_id);

/// Returns the fix id of a fix branch name, or nullopt when `branch` is not one: the id after the prefix must
/// be non-empty and made of letters, digits, `.`, `_` or `-` (run ids are numeric).
std::optional<std::string> parse_fix_id(std::string_view branch);

/// Returns true when `branch` is a valid branch name by git's check-ref-format rules for
/// `refs/heads/<branch>`: no control characters, space, `~^:?*[\\`, `..`, `@{`, `//`, component starting with
/// `.` or ending with
/// `.lock`, not empty, not `@`, not starting with `-` or `/`, not ending with `/` or `.`.
bool valid_branch_name(std::string_view branch);

/// The label every PR of the fix carries: `autonomous-fix-{fix_id}`.
std::string fix_label(std::string_view fix_id);

/// The label of one attempt: `autonomous-fix-{fix_id}-attempt-{attempt}`.
std::string attempt_label(std::string_view fix_id, int attempt);

/// The label that records the attempt count on the PR: `attempt-count-{count}`.
std::string attempt_count_label(int count);

/// The label of the escalation issue: `autonomous-fix-{fix_id}-escalation`.
std::string escalation_label(std::string_view fix_id);

/// Every label of the PR for a fix that took `attempts` attempts: the fix label, the count, one per attempt.
std::vector<std::string> pull_request_labels(std::string_view fix_id, int attempts);

/// Every label of the escalation issue: the escalation label, `needs-human`, `autonomous-agent`.
std::vector<std::string> escalation_issue_labels(std::string_view fix_id);

} // namespace autofix::core
