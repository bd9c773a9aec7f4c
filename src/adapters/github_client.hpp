#pragma once

#include "adapters/github_api.hpp"
#include "ports/forge.hpp"

#include <iosfwd>

namespace autofix::adapters {

/// ports::Forge over GitHub's REST API (github.com or GHES): the operations the action needs, with
/// GitHub's retry and pagination manners from GitHubApi.
///
/// Which writes are sent again after a dropped connection or a 5xx (when it is unknown whether they took
/// effect): creating labels and adding labels are idempotent, and creating a pull request cannot make a
/// duplicate (GitHub answers 422 "already exists", mapped to reusing that PR), so these are simply resent.
/// Creating an issue (with labels) and commenting first look for what they would create (an issue with
/// the first label and the same title; a comment with the same body) and resend only when it is absent;
/// an issue without labels is not resent. A workflow dispatch is resent after 5xx but never after a dropped
/// connection, since a second run on a fix branch would make a second fix attempt.
class GitHubClient final : public ports::Forge {
public:
    /// Keeps references to `transport` and `clock`, which must outlive the client.
    GitHubClient(GitHubSettings settings, ports::HttpTransport& transport, ports::Clock& clock,
                 RetryLimits limits = {});

    core::Expected<std::optional<ports::PullRequest>>
    find_open_pull_request(const std::string& head_branch) override;
    core::Expected<std::vector<ports::PullRequest>>
    list_pull_requests(const std::string& head_branch) override;
    core::Expected<ports::PullRequest> create_pull_request(const ports::NewPullRequest& request) override;
    core::Status add_labels(std::uint64_t number, const std::vector<std::string>& labels) override;
    core::Expected<ports::Issue> create_issue(const std::string& title, const std::string& body,
                                              const std::vector<std::string>& labels) override;
    core::Expected<std::optional<ports::Issue>> find_issue_by_label(const std::string& label) override;
    core::Expected<std::optional<ports::Issue>> find_open_issue_by_label(const std::string& label) override;
    core::Status comment(std::uint64_t number, const std::string& body) override;
    // In github_comments.cpp: comments, the progress comment and replies.
    core::Expected<ports::IssueComment> post_comment(std::uint64_t number, const std::string& body) override;
    core::Expected<ports::IssueComment> reply_to_review_comment(std::uint64_t pull_number,
                                                                std::uint64_t comment_id,
                                                                const std::string& body) override;
    core::Status dispatch_workflow(const std::string& workflow_file, const std::string& ref) override;
    core::Expected<std::uintmax_t> download_failed_job_logs(const std::string& run_id,
                                                            const std::string& destination_path) override;
    core::Expected<std::vector<ports::WorkflowRunInfo>>
    list_workflow_runs(const std::string& workflow_file, const std::string& branch,
                       const std::string& head_sha) override;
    core::Expected<std::vector<ports::WorkflowJob>> list_run_jobs(const std::string& run_id) override;
    core::Status rerun_failed_jobs(const std::string& run_id) override;
    core::Expected<std::vector<ports::IssueComment>> list_comments(std::uint64_t number) override;
    core::Expected<ports::IssueComment> edit_comment(std::uint64_t comment_id,
                                                     const std::string& body) override;
    core::Expected<std::string> authenticated_login() override;
    // In github_collaborators.cpp: the `/autofix` commands' look-ups.
    core::Expected<ports::RepositoryPermission> repository_permission(const std::string& login) override;
    core::Expected<ports::PullRequest> get_pull_request(std::uint64_t number) override;
    core::Expected<std::vector<std::string>> list_branches(const std::string& prefix) override;

private:
    core::Status ensure_labels(const std::vector<std::string>& labels);
    core::Expected<std::optional<ports::Issue>> find_issue(const std::string& label,
                                                           const std::string& title);
    core::Expected<std::optional<ports::IssueComment>> find_comment(std::uint64_t number,
                                                                    const std::string& body);
    core::Expected<std::uintmax_t> append_job_log(std::uint64_t job_id, const std::string& job_name,
                                                  const std::string& conclusion, std::ofstream& out,
                                                  const std::string& part_path);

    GitHubApi m_api;
};

/// Returns the pull request of a pulls API object (number, html_url, title, state, head and base refs,
/// merged); fails (http) when the object lacks a number.
core::Expected<ports::PullRequest> to_pull_request(const nlohmann::json& item);

/// The colour (6 hex digits, no '#') given to a label the client creates.
std::string label_color(const std::string& label);

} // namespace autofix::adapters
