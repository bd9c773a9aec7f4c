#pragma once

#include "core/comment_commands.hpp"
#include "core/route.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace autofix::core {

/// The pull request of a `pull_request` or `pull_request_target` payload.
struct PullRequestEvent {
    int number = 0;              // pull_request.number
    std::string head_ref;        // pull_request.head.ref: the PR's branch
    std::string head_sha;        // pull_request.head.sha: the PR's head commit (not the test merge)
    std::string head_repository; // pull_request.head.repo.full_name ("" when the fork is gone)
    std::string base_ref;        // pull_request.base.ref
    std::string base_repository; // pull_request.base.repo.full_name
};

/// The finished run of a `workflow_run` payload: the CI that failed or passed.
struct WorkflowRunEvent {
    std::string id;              // workflow_run.id
    int run_attempt = 1;         // workflow_run.run_attempt
    std::string path;            // workflow_run.path, `.github/workflows/ci.yml`
    std::string head_branch;     // workflow_run.head_branch
    std::string head_sha;        // workflow_run.head_sha
    std::string conclusion;      // workflow_run.conclusion ("" while null)
    std::string head_repository; // workflow_run.head_repository.full_name
    int pull_request = 0; // workflow_run.pull_requests[]: the number of the one whose head is head_branch
};

/// The merge queue's group of a `merge_group` payload.
struct MergeGroupEvent {
    std::string head_sha; // merge_group.head_sha: the queue's commit that was built
    std::string head_ref; // merge_group.head_ref: refs/heads/gh-readonly-queue/<base>/pr-<n>-<sha>
    std::string base_ref; // merge_group.base_ref: refs/heads/<base>
};

/// What the Actions environment and the event payload say about the run (GITHUB_* values and the payload's
/// fields that matter); plain values, read by the action layer.
struct EventFacts {
    std::string name;         // GITHUB_EVENT_NAME ("" outside Actions)
    std::string repository;   // GITHUB_REPOSITORY
    std::string ref_name;     // GITHUB_REF_NAME
    std::string head_ref;     // GITHUB_HEAD_REF
    std::string sha;          // GITHUB_SHA
    std::string run_id;       // GITHUB_RUN_ID
    int run_attempt = 1;      // GITHUB_RUN_ATTEMPT
    std::string workflow_ref; // GITHUB_WORKFLOW_REF
    std::optional<PullRequestEvent> pull_request;
    std::optional<WorkflowRunEvent> workflow_run;
    std::optional<MergeGroupEvent> merge_group;
    std::optional<CommentEvent> comment; // issue_comment, pull_request_review_comment
};

/// The settings that win over what the event says; empty values do not override.
struct ContextOverrides {
    std::string branch;      // the `branch` input
    std::string base_branch; // the `base-branch` input
    std::string workflow;    // the `ci-workflow` input (a file name or a workflow path)
};

/// Why a run stops before any git or model work, from the event alone.
enum class EventStop {
    none,
    fork_pull_request, // the branch is in a fork: the workflow's token cannot push to it
};

/// The run's context, derived from the event: what was built, what failed, where the fix goes, which
/// workflow re-runs CI and whose logs to read.
struct RunContext {
    std::string branch;        // the branch that was built
    std::string commit;        // the commit that failed; "" when the event names none for `branch`
    std::string base_branch;   // the fix PR's target; "" leaves it to the branch (case 1) or the trailer
    std::string workflow_file; // the workflow file to dispatch on the fix branch; "" when none is known
    std::string log_run_id;    // the run whose failed jobs' logs to download
    std::string fix_run_id;    // the run that names the fix branch (autonomous-fix-<id>)
    int run_attempt = 1;       // the attempt of that run (above 1: a re-run)
    std::optional<BuildStatus> build_status; // what the event says the build ended with, if it says
    EventStop stop = EventStop::none;
    std::string stop_reason; // one sentence when stop != none
    std::string source;      // one phrase for humans: where the context came from
    int pull_request = 0;    // the pull request whose build failed (pull_request events, and workflow_run
                             // events whose run belongs to one); 0 when the build belongs to none
    std::optional<CommentEvent> comment; // set for a comment event: the run answers an `/autofix` command
};

/// Returns the build status a workflow run's `conclusion` means: success; failure and timed_out are
/// failures; cancelled; everything else (skipped, neutral, stale, action_required, startup_failure, none)
/// leaves nothing to judge and is skipped.
BuildStatus build_status_from_conclusion(std::string_view conclusion);

/// Returns the branch of a full ref (`refs/heads/main` gives `main`); other text is returned unchanged.
std::string branch_of_ref(std::string_view ref);

/// Returns true for the events whose runs answer `/autofix` comments: issue_comment and
/// pull_request_review_comment.
bool is_comment_event(std::string_view event_name);

/// Derives the run context from the event (push, workflow_dispatch, pull_request, pull_request_target,
/// workflow_run, merge_group, the comment events; any other event is read like push) and the overrides, which
/// win. A `branch` override naming another branch than the event's drops the event's commit: it belongs to
/// another branch.
RunContext derive_run_context(const EventFacts& event, const ContextOverrides& overrides);

} // namespace autofix::core
