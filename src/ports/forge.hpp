#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autofix::ports {

/// A pull request as the forge reports it.
struct PullRequest {
    std::uint64_t number = 0;
    std::string html_url; // the web URL, reported to users (not the API URL)
    std::string title;
    std::string state;   // "open" or "closed"
    std::string head;    // head branch name
    std::string base;    // base branch name
    bool merged = false; // true for a closed pull request that was merged (`merged_at` set)
    bool reused = false; // true when create_pull_request found an existing PR instead of opening one
};

/// What create_pull_request opens: title, markdown body, head branch and base branch.
struct NewPullRequest {
    std::string title;
    std::string body;
    std::string head;
    std::string base;
};

/// An issue as the forge reports it.
struct Issue {
    std::uint64_t number = 0;
    std::string html_url; // the web URL, reported to users
    std::string title;
    std::string state; // "open" or "closed"
    std::vector<std::string> labels;
};

/// One step of a workflow job.
struct WorkflowStep {
    std::string name;
    std::string conclusion; // success, failure, cancelled, skipped; "" while it runs
};

/// One job of a workflow run (the jobs API's latest attempt).
struct WorkflowJob {
    std::uint64_t id = 0;
    std::string name;
    std::string status;      // queued, in_progress, completed
    std::string conclusion;  // success, failure, cancelled, timed_out, skipped; "" while it runs
    std::string runner_name; // "" when no runner took the job
    std::vector<WorkflowStep> steps;
};

/// A workflow run as the runs API lists it.
struct WorkflowRunInfo {
    std::uint64_t id = 0;
    int run_attempt = 1;
    std::string head_sha;
    std::string head_branch;
    std::string event;      // push, pull_request, workflow_dispatch, ...
    std::string status;     // queued, in_progress, completed
    std::string conclusion; // success, failure, cancelled, ...; "" while it runs
    std::string path;       // .github/workflows/ci.yml
    std::string html_url;
};

/// A comment on an issue or pull request, as the issue comments API lists it.
struct IssueComment {
    std::uint64_t id = 0;
    std::string author; // the login of the comment's `user` ("" when the account is gone)
    std::string body;
    std::string html_url;
};

/// A user's access to the repository, as the collaborators API reports it.
struct RepositoryPermission {
    std::string permission; // admin, write, read, none (maintain reads as write, triage as read)
    std::string role_name;  // admin, maintain, write, triage, read, or a custom role; "" when unknown
};

/// The code-hosting service (GitHub): pull requests, issues, labels, workflow runs. Abstract so the app
/// can be tested against fakes; every operation returns an error value, never throws.
class Forge {
public:
    virtual ~Forge() = default;

    /// Returns the open pull request whose head is `head_branch` in this repository, nullopt when there is
    /// none; fails on API errors.
    virtual core::Expected<std::optional<PullRequest>>
    find_open_pull_request(const std::string& head_branch) = 0;

    /// Returns the pull requests, open and closed, whose head is `head_branch` in this repository, newest
    /// first (at most 100); fails on API errors.
    virtual core::Expected<std::vector<PullRequest>> list_pull_requests(const std::string& head_branch) = 0;

    /// Opens a pull request; when one is already open for the head branch, returns that one with
    /// `reused` set. Fails on API errors (auth, validation, rate limits).
    virtual core::Expected<PullRequest> create_pull_request(const NewPullRequest& request) = 0;

    /// Adds `labels` to the issue or pull request `number`, creating labels the repository lacks first;
    /// fails on API errors.
    virtual core::Status add_labels(std::uint64_t number, const std::vector<std::string>& labels) = 0;

    /// Opens an issue with `labels` (created first when missing); fails on API errors.
    virtual core::Expected<Issue> create_issue(const std::string& title, const std::string& body,
                                               const std::vector<std::string>& labels) = 0;

    /// Returns the most recent issue (open or closed, pull requests excluded) carrying `label`, nullopt when
    /// there is none; fails on API errors.
    virtual core::Expected<std::optional<Issue>> find_issue_by_label(const std::string& label) = 0;

    /// Returns the most recently created open issue (or pull request) carrying `label`, nullopt when there
    /// is none; fails on API errors.
    virtual core::Expected<std::optional<Issue>> find_open_issue_by_label(const std::string& label) = 0;

    /// Posts a comment on the issue or pull request `number`; fails on API errors.
    virtual core::Status comment(std::uint64_t number, const std::string& body) = 0;

    /// Posts a comment on the issue or pull request `number` like comment() and returns it (its id and
    /// html_url; after a resend that found the comment already posted, the one found); fails on API errors.
    virtual core::Expected<IssueComment> post_comment(std::uint64_t number, const std::string& body) = 0;

    /// Replies in the review thread of the pull request review comment `comment_id` on pull request
    /// `pull_number` and returns the reply; fails on API errors (404 when the comment is gone or is itself a
    /// reply GitHub does not accept). Never resent: a dropped answer fails.
    virtual core::Expected<IssueComment>
    reply_to_review_comment(std::uint64_t pull_number, std::uint64_t comment_id, const std::string& body) = 0;

    /// Starts the workflow `workflow_file` (e.g. "ci.yml") with workflow_dispatch on `ref`; fails on API
    /// errors (e.g. the workflow has no workflow_dispatch trigger: 422).
    virtual core::Status dispatch_workflow(const std::string& workflow_file, const std::string& ref) = 0;

    /// Returns the runs of the workflow `workflow_file` on `branch` for the commit `head_sha`, newest first
    /// (at most 10); fails on API errors (404 for an unknown workflow).
    virtual core::Expected<std::vector<WorkflowRunInfo>> list_workflow_runs(const std::string& workflow_file,
                                                                            const std::string& branch,
                                                                            const std::string& head_sha) = 0;

    /// Writes the logs of the failed jobs of workflow run `run_id` to `destination_path` (replacing it),
    /// each preceded by a header line naming the job; returns the bytes written (0 when no job failed).
    /// Fails on API, network or file errors.
    virtual core::Expected<std::uintmax_t> download_failed_job_logs(const std::string& run_id,
                                                                    const std::string& destination_path) = 0;

    /// Returns the jobs of the latest attempt of workflow run `run_id` with their steps and runners; fails on
    /// API errors (404 when the run is unknown).
    virtual core::Expected<std::vector<WorkflowJob>> list_run_jobs(const std::string& run_id) = 0;

    /// Re-runs the failed jobs of the finished workflow run `run_id` (and the jobs that depend on them);
    /// fails on API errors, among them 403 while the run is still in progress.
    virtual core::Status rerun_failed_jobs(const std::string& run_id) = 0;

    /// Returns the comments of the issue or pull request `number`, oldest first, every page; fails on API
    /// errors (404 for an unknown number).
    virtual core::Expected<std::vector<IssueComment>> list_comments(std::uint64_t number) = 0;

    /// Replaces the body of the issue or pull request comment `comment_id` and returns the edited comment;
    /// fails on API errors (404 for an unknown comment, 403 for a token without `issues: write` or
    /// `pull-requests: write`). GitHub lets anyone with write access edit anyone's comment: callers check
    /// the author first.
    virtual core::Expected<IssueComment> edit_comment(std::uint64_t comment_id, const std::string& body) = 0;

    /// Returns the login the token acts as: a user's login, or `<app-slug>[bot]` for an app installation
    /// token such as the workflow's GITHUB_TOKEN (`github-actions[bot]`); fails on API errors.
    virtual core::Expected<std::string> authenticated_login() = 0;

    /// Returns what `login` may do in this repository; a user who is not a collaborator (404) has
    /// permission `none`. Fails on other API errors.
    virtual core::Expected<RepositoryPermission> repository_permission(const std::string& login) = 0;

    /// Returns the pull request `number`; fails on API errors (404 when there is none).
    virtual core::Expected<PullRequest> get_pull_request(std::uint64_t number) = 0;

    /// Returns the names of the branches that start with `prefix` (all of them, in the API's order); fails on
    /// API errors.
    virtual core::Expected<std::vector<std::string>> list_branches(const std::string& prefix) = 0;
};

} // namespace autofix::ports
