#pragma once

#include "core/branch_history.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::core {

// The runaway guards: decisions that stop a run before it spends anything, so that the action can never
// loop on its own work, start CI twice for one attempt, keep working on a fix that was refused, or run at
// all while it is switched off. Each is a pure function over facts the app gathered; a stop is one
// GuardStop whose guard names itself in `action-taken`, the result JSON and the step summary.

/// Which guard stopped a run.
enum class Guard {
    disabled,            // `enabled: false` (the input, or .github/autofix.yml): no git, no network
    paused,              // an open issue labelled `autofix-pause`: no fix work in the whole repository
    own_commit,          // the failing commit on a non-fix branch is the action's own work landed there
    fix_branch_deleted,  // the fix branch is gone from the remote
    pull_request_closed, // the fix branch's pull request was closed without merging
    pull_request_merged, // the fix branch's pull request was merged: its work is done
    already_dispatched,  // a re-run found CI already started for its pushed attempt
};

/// Returns the `action-taken` value of `guard` (`disabled`, `paused`, `own_commit_skipped`,
/// `fix_branch_deleted`, `pr_closed`, `pr_merged`, `already_dispatched`).
const char* to_string(Guard guard);

/// A guard's stop: which guard, and one sentence for humans saying what it found and how to resume.
struct GuardStop {
    Guard guard = Guard::disabled;
    std::string reason;
};

/// The label whose open issue pauses all fix work in the repository.
inline constexpr std::string_view pause_label = "autofix-pause";

/// Whether the action is switched on (the `enabled` input or config key).
enum class Enabled { yes, no };

/// Returns the stop when the action is switched off; `origin` says where (e.g. `.github/autofix.yml:3`).
std::optional<GuardStop> check_enabled(Enabled enabled, std::string_view origin);

/// An open issue (or pull request) carrying the pause label, as the forge reports it.
struct PauseIssue {
    std::uint64_t number = 0;
    std::string title;
    std::string html_url;
};

/// Returns the stop when an open issue carries the pause label (`open_pause_issue` set).
std::optional<GuardStop> check_paused(const std::optional<PauseIssue>& open_pause_issue);

/// The commit a first failure would be fixed from, with what is known of its parents.
struct BuiltCommit {
    CommitFacts commit;
    std::size_t parent_count = 1;
    std::vector<CommitFacts> merged_parents; // the parents after the first that could be read (merges)
};

/// Returns the stop when `built`, the failing commit of a non-fix branch, is the action's own work: an agent
/// commit (author `agent` and an `Autofix-Id` trailer) that landed by fast-forward, rebase or cherry-pick; a
/// commit carrying an `Autofix-Id` trailer (a squash merge of a fix PR keeps the squashed messages); or a
/// merge commit whose merged parent is an agent commit, or, when that parent could not be read, whose
/// subject names a fix branch (`Merge pull request #7 from octo/autonomous-fix-123`).
std::optional<GuardStop> check_own_commit(const BuiltCommit& built, const AgentIdentity& agent);

/// A pull request whose head is the fix branch, as the forge reports it.
struct FixPullRequest {
    std::uint64_t number = 0;
    std::string state; // "open" or "closed"
    bool merged = false;
    std::string html_url;
};

/// Returns the stop for a run on `fix_branch` (cases 2, 3 and 5) when the branch is gone from the remote,
/// or when no pull request of it is open and the latest one (highest number) was closed, merged or not.
/// No pull request at all is no stop: it is opened when the build passes.
std::optional<GuardStop> check_fix_branch_alive(std::string_view fix_branch, bool branch_on_remote,
                                                const std::vector<FixPullRequest>& pull_requests);

/// A run of the CI workflow for one commit, as the forge reports it.
struct CiRun {
    std::uint64_t id = 0;
    std::string event;  // push, workflow_dispatch, ...
    std::string status; // queued, in_progress, completed, ...
    std::string html_url;
};

/// Returns the stop for a re-run about to start CI again on `sha`, the attempt its earlier try pushed to
/// `fix_branch`, when `runs` (the CI workflow's runs for that commit) already holds one: one attempt gets
/// one CI run, however often the run that made it is re-run.
std::optional<GuardStop> check_already_dispatched(std::string_view fix_branch, std::string_view sha,
                                                  const std::vector<CiRun>& runs);

} // namespace autofix::core
