#pragma once

#include "support/local_http_server.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace autofix::testing {

/// A failure the fake GitHub can answer with instead of serving a request.
enum class GitHubFault {
    status_500,               // 500 {"message":"Server Error"}
    status_502,               // 502 Bad Gateway
    status_503,               // 503 Service Unavailable
    rate_limit_429,           // 429 with retry-after
    secondary_rate_limit_403, // 403 "You have exceeded a secondary rate limit" with retry-after
    primary_rate_limit_403,   // 403 "API rate limit exceeded" with x-ratelimit-remaining 0 and
                              // x-ratelimit-reset
    forbidden_403,            // 403 "GitHub Actions is not permitted to create or approve pull requests."
    drop_connection,          // the socket is closed before anything is done
    drop_after_processing,    // the request takes effect, then the socket is closed without an answer
};

/// Details of an injected fault: the retry-after seconds, and the reset epoch second (0: the fake's wall
/// clock + 60 s) for primary_rate_limit_403.
struct GitHubFaultOptions {
    int retry_after_seconds = 1;
    std::int64_t reset_epoch = 0;
};

/// How the fake is set up.
struct FakeGitHubOptions {
    std::string repository = "octo/repo";
    std::string token = "ghs_fakeToken0123456789abcdef";
    std::string path_prefix; // "" for github.com, "/api/v3" for GHES
    std::string web_url = "https://github.com";
    int default_per_page = 30;                       // GitHub's default page size
    int max_per_page = 100;                          // GitHub's cap; lower it to force pagination in tests
    std::string token_login = "github-actions[bot]"; // who the token is: GraphQL's viewer, comments' author
};

/// A label of the repository.
struct FakeLabel {
    std::string name;
    std::string color;
    std::string description;
};

/// An issue or a pull request (they share numbers, as on GitHub).
struct FakeItem {
    std::uint64_t number = 0;
    std::string title;
    std::string body;
    std::string state = "open";
    std::vector<std::string> labels;
    std::vector<std::string> comments;
    std::vector<std::string> comment_authors = {}; // the login of each comment's author, parallel to
                                                   // `comments`; "" is the token's own login
    bool is_pull_request = false;
    std::string head;    // pull requests: head branch
    std::string base;    // pull requests: base branch
    bool merged = false; // pull requests: closed by merging (`merged_at` set)
    std::vector<std::uint64_t> review_comments =
        {}; // pull requests: ids of review comments (add_review_comment)
    std::vector<std::pair<std::uint64_t, std::string>> review_replies = {}; // (in_reply_to_id, body) posted
};

/// How close_pull_request closes a pull request.
enum class CloseAs { unmerged, merged };

/// A run of a workflow as the runs list shows it; dispatches add one (status `queued`).
struct FakeWorkflowRun {
    std::uint64_t id = 0; // assigned when 0
    std::string workflow; // the workflow file, e.g. ci.yml
    std::string event = "workflow_dispatch";
    std::string head_branch;
    std::string head_sha;
    std::string status = "queued";
    std::string conclusion = {}; // "" until completed: success, failure, cancelled, ...
    int run_attempt = 1;
};

/// A step of a job, as the jobs API lists it.
struct FakeStep {
    std::string name;
    std::string conclusion; // "" while in progress
};

/// A job of a workflow run; `id` is assigned by add_run when 0.
struct FakeJob {
    std::string name;
    std::string conclusion; // "success", "failure", "cancelled", "skipped", "timed_out", or "" (in progress)
    std::string log;
    std::uint64_t id = 0;
    std::string runner_name = "GitHub Actions 2"; // "" for a job no runner took
    std::vector<FakeStep> steps = {};
};

/// A workflow_dispatch the fake received.
struct FakeDispatch {
    std::string workflow;
    std::string ref;
};

/// A stateful fake of GitHub's REST API on 127.0.0.1 for the endpoints the action uses (pulls, issues,
/// labels, comments, workflow dispatches and the runs they start, run jobs and job logs) with GitHub's JSON
/// shapes, Bearer-token checks, Link pagination, a second server playing the blob storage that job logs
/// redirect to (it refuses requests carrying Authorization), and fault injection. Thread-safe.
class FakeGitHub {
public:
    /// Starts both servers; throws if no port can be bound.
    explicit FakeGitHub(FakeGitHubOptions options = {});
    ~FakeGitHub();
    FakeGitHub(const FakeGitHub&) = delete;
    FakeGitHub& operator=(const FakeGitHub&) = delete;

    /// The API root to give the client as GITHUB_API_URL (base URL plus the path prefix).
    std::string api_url() const;

    /// The base URL of the blob-storage server the job logs redirect to.
    std::string blob_url() const;

    /// The options given at construction.
    const FakeGitHubOptions& options() const { return m_options; }

    /// Seeds a pull request and returns its number.
    std::uint64_t add_pull_request(const std::string& title, const std::string& head, const std::string& base,
                                   const std::string& state = "open",
                                   const std::vector<std::string>& labels = {});

    /// Closes pull request `number`, merged or not (as a human would on github.com).
    void close_pull_request(std::uint64_t number, CloseAs how = CloseAs::unmerged);

    /// Seeds an issue and returns its number.
    std::uint64_t add_issue(const std::string& title, const std::string& body,
                            const std::vector<std::string>& labels, const std::string& state = "open");

    /// Seeds a repository label.
    void add_label(const std::string& name, const std::string& color = "ededed");

    /// Seeds a workflow run with its jobs (ids assigned from 1000 when 0); their logs are served by the blob
    /// server.
    void add_run(std::uint64_t run_id, std::vector<FakeJob> jobs);

    /// Seeds a workflow run (listed by GET .../actions/workflows/{file}/runs); returns its id.
    std::uint64_t add_workflow_run(FakeWorkflowRun run);

    /// Ends workflow run `id` (seeded or dispatched): status completed with `conclusion` (success, failure,
    /// cancelled, ...); its jobs and logs are seeded separately with add_run. Does nothing for an unknown id.
    void finish_workflow_run(std::uint64_t id, const std::string& conclusion);

    /// Sets how a dispatch learns the commit its run builds: `resolve(ref)` returns the branch's head sha
    /// (the sandbox asks its git origin). Without it, dispatched runs carry an empty head_sha.
    void set_ref_resolver(std::function<std::string(const std::string& ref)> resolve);

    /// Every workflow run, seeded or dispatched, in order.
    std::vector<FakeWorkflowRun> workflow_runs() const;

    /// The ids of the runs whose failed jobs were re-run (`POST .../rerun-failed-jobs` answered 201), in
    /// order.
    std::vector<std::uint64_t> reruns() const;

    /// Declares a workflow file; once any is declared, dispatches to undeclared ones answer 404.
    void add_workflow(const std::string& file);

    /// Sets the wall clock used for x-ratelimit-reset (default: the system clock).
    void set_wall_clock(std::chrono::system_clock::time_point now);

    /// Makes the next `count` requests matching `route` fail with `fault`. `route` is
    /// "METHOD /path" or "/path" (any method), the path without the prefix and query, where '*' matches any
    /// characters: "POST /repos/octo/repo/pulls", "GET */jobs*". Blob requests match as "GET /job-logs/*".
    void fail_next(const std::string& route, int count, GitHubFault fault, GitHubFaultOptions options = {});

    /// Every pull request, by number.
    std::vector<FakeItem> pull_requests() const;

    /// Every issue that is not a pull request, by number.
    std::vector<FakeItem> issues() const;

    /// The issue or pull request `number`, nullopt when there is none.
    std::optional<FakeItem> item(std::uint64_t number) const;

    /// The labels of the repository.
    std::vector<FakeLabel> labels() const;

    /// The workflow dispatches received, in order.
    std::vector<FakeDispatch> dispatches() const;

    /// Every request the API server received (the prefix included in `path`).
    std::vector<RecordedRequest> requests() const;

    /// Every request the blob server received.
    std::vector<RecordedRequest> blob_requests() const;

    /// Seeds a comment by `author` (a login; "" for the token's own) on issue or pull request `number` and
    /// returns its id; throws std::out_of_range when there is no such item.
    std::uint64_t add_comment(std::uint64_t number, const std::string& author, const std::string& body);

    /// Makes creating and editing comments answer 403 "Resource not accessible by integration", as GitHub
    /// answers a GITHUB_TOKEN without `issues: write` / `pull-requests: write`.
    void refuse_comment_writes(bool refuse = true);

    // The look-ups of `/autofix` comment commands (fake_github_commands.cpp).

    /// Makes `login` a collaborator with `role` (admin, maintain, write, triage, read, or a custom role
    /// based on `custom_base`); anyone else is not a collaborator (404, as GitHub answers).
    void set_collaborator(const std::string& login, const std::string& role,
                          const std::string& custom_base = "read");

    /// Sets how GET .../git/matching-refs/heads/{prefix} learns the branches: `list()` returns every branch
    /// name (the sandbox asks its git origin); without it, no branch matches.
    void set_branch_lister(std::function<std::vector<std::string>()> list);

    /// Seeds a review comment on pull request `number` and returns its id: replies may then be posted in its
    /// thread (POST .../pulls/{number}/comments/{id}/replies), kept in FakeItem::review_replies; a reply to
    /// an unknown review comment answers 404, as GitHub does. Throws std::out_of_range when there is no such
    /// pull request.
    std::uint64_t add_review_comment(std::uint64_t number);

private:
    struct Fault {
        std::string method;
        std::string path_glob;
        int remaining = 0;
        GitHubFault kind = GitHubFault::status_500;
        GitHubFaultOptions options;
    };
    struct Run {
        std::uint64_t id = 0;
        std::vector<FakeJob> jobs;
    };

    ServedResponse handle_api(const RecordedRequest& request);
    ServedResponse handle_blob(const RecordedRequest& request);
    ServedResponse route(const RecordedRequest& request, const std::string& path);
    std::optional<ServedResponse> route_commands(const RecordedRequest& request, const std::string& path);
    std::optional<Fault> take_fault(const std::string& method, const std::string& path);
    ServedResponse fault_response(const Fault& fault) const;
    ServedResponse route_comment(const RecordedRequest& request, const std::string& comment_id);
    ServedResponse route_graphql(const RecordedRequest& request);

    FakeGitHubOptions m_options;
    mutable std::mutex m_mutex;
    std::vector<FakeItem> m_items;
    std::vector<FakeLabel> m_labels;
    std::vector<Run> m_runs;
    std::vector<std::string> m_workflows;
    std::vector<FakeDispatch> m_dispatches;
    std::vector<FakeWorkflowRun> m_workflow_runs;
    std::function<std::string(const std::string&)> m_resolve_ref;
    std::function<std::vector<std::string>()> m_list_branches;
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>>
        m_collaborators; // login, role, base
    std::uint64_t m_next_workflow_run_id = 9000000001;
    std::vector<std::uint64_t> m_reruns;
    std::vector<Fault> m_faults;
    bool m_refuse_comment_writes = false;
    std::uint64_t m_next_number = 1;
    std::uint64_t m_next_job_id = 1000;
    std::optional<std::chrono::system_clock::time_point> m_wall;
    std::string m_api_base; // http://127.0.0.1:port, known once the server is up
    // Servers last: they stop (joining their threads) before the state above is destroyed.
    std::unique_ptr<LocalHttpServer> m_blob;
    std::unique_ptr<LocalHttpServer> m_api;
};

} // namespace autofix::testing
