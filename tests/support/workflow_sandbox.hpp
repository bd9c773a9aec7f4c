#pragma once

#include "support/fake_github.hpp"
#include "support/fake_model_server.hpp"
#include "support/git_http_backend.hpp"
#include "support/repo_builder.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace autofix::testing {

/// How the sandbox is set up: the repository, the credentials the fakes accept, the binary to run.
struct SandboxOptions {
    std::string owner = "octo";
    std::string repo = "inventory";
    std::string github_token = "ghs_sandboxInstallationToken0123456789";
    std::string api_key = "sk-ant-sandbox-key-0123456789";
    std::string binary = AUTOFIX_BINARY;
    std::string project = std::string(AUTOFIX_SOURCE_DIR) + "/test-project";
    std::string workflow = std::string(AUTOFIX_SOURCE_DIR) + "/.github/workflows/test-and-autofix.yml";
    std::map<std::string, std::string> env; // extra environment of every run (RunOptions::env wins)
};

/// What one simulated workflow run did: the build, and the autofix step (the real binary as a process).
struct WorkflowRun {
    std::string branch;
    std::uint64_t run_id = 0;
    int run_attempt = 1;
    std::string workspace; // the checkout the run used
    bool build_passed = false;
    std::string build_log;
    int exit_code = -1;
    std::string stdout_text;
    std::string stderr_text;
    std::map<std::string, std::string> outputs; // GITHUB_OUTPUT, parsed
    std::string step_summary;
    nlohmann::json result; // the result JSON (null when none was written)

    /// The output `name`, or "" when absent.
    std::string output(const std::string& name) const;
};

/// Extra settings of one simulated run.
struct RunOptions {
    int run_attempt = 1;
    std::uint64_t run_id = 0;               // 0: the next id
    std::map<std::string, std::string> env; // extra environment for the binary (e.g. INPUT_DRY-RUN)
    std::string build_status;               // "": from the tests' exit code
    std::string sha;        // "": the branch's head; else the commit to build, as actions/checkout fetches a
                            // re-run's GITHUB_SHA (the branch and its origin/ ref both point at it)
    int workspace_uid = -1; // >= 0: the checkout is chowned to this uid (and gid) before the binary runs, as
                            // a runner's checkout belongs to the runner's user while the container is root
    std::string workspace;  // "": a fresh clone of the branch; else this earlier run's checkout, reused as it
                            // was left (as a self-hosted runner without a clean checkout would)
    int fetch_depth = 0;    // actions/checkout's fetch-depth: 0 clones everything, N only N commits
    std::string checkout_ref; // "": the branch; else a ref checked out detached, as actions/checkout does
                              // for refs/pull/N/merge
    nlohmann::json payload;   // the event payload, written to GITHUB_EVENT_PATH (null: none)
};

/// The local stand-in for GitHub Actions: a bare origin served by `git http-backend`, a fake GitHub API, a
/// scripted model, and a runner that clones a branch, runs test-project's tests and then the autofix binary
/// with the Actions environment, as the workflow in .github/workflows/test-and-autofix.yml does.
class WorkflowSandbox {
public:
    /// Starts the servers and seeds the origin's `main` with test-project (its scenarios left out).
    explicit WorkflowSandbox(FakeModelServer::Handler model, SandboxOptions options = {});
    ~WorkflowSandbox();

    /// Commits `scenario` (a file of test-project/scenarios) over `target` on `branch` as a developer, and
    /// pushes it; creates `branch` from main when missing. Returns the new sha.
    std::string break_project(const std::string& scenario, const std::string& target,
                              const std::string& branch = "main");

    /// Commits `content` to `path` on `branch` as `person` (a human taking over) and pushes it.
    std::string commit_as_human(const std::string& branch, const std::string& path,
                                const std::string& content);

    /// Makes the refs GitHub keeps for pull request `number` from `head` into `base`: refs/pull/N/head and
    /// refs/pull/N/merge (the test merge commit, head merged into base); returns the merge commit's sha.
    std::string make_pull_request_refs(int number, const std::string& head, const std::string& base);

    /// Simulates one run of the workflow on `branch`: build (the tests), then the autofix step.
    WorkflowRun run_workflow(const std::string& branch, const RunOptions& options = {});

    /// Runs the workflow on `branch`, then on the fix branch after every pushed attempt (as the dispatch
    /// would), until a run pushes nothing; at most `max_runs` runs.
    std::vector<WorkflowRun> run_until_settled(const std::string& branch, int max_runs = 12);

    /// `git log` of `ref` on the origin in `format` (newest first), one entry per line.
    std::string origin_log(const std::string& ref, const std::string& format = "%s") const;

    /// The branches on the origin.
    std::vector<std::string> origin_branches() const;

    /// Returns true when the tests pass on `ref` of the origin.
    bool tests_pass_on(const std::string& ref);

    /// The fake GitHub API.
    FakeGitHub& github() { return *m_github; }
    /// The scripted model.
    FakeModelServer& model() { return *m_model; }
    /// The git server (its request log holds every push and fetch).
    GitHttpServer& git_server() { return *m_git; }
    /// The bare origin's path.
    const std::string& origin_path() const { return m_origin; }
    /// The options in force.
    const SandboxOptions& options() const { return m_options; }

private:
    std::string clone_branch(const std::string& branch, const std::string& into) const;
    void checkout(const std::string& branch, const RunOptions& options, const std::string& into) const;

    SandboxOptions m_options;
    TempDir m_dir;
    std::string m_origin;
    std::uint64_t m_next_run_id = 7000000001;
    int m_workspace_count = 0;
    std::unique_ptr<FakeGitHub> m_github;
    std::unique_ptr<FakeModelServer> m_model;
    std::unique_ptr<GitHttpServer> m_git;
};

/// Returns every run as "run on <branch>: exit N, <action>" with its output, for assertion messages.
std::string describe(const std::vector<WorkflowRun>& runs);

/// Returns the model of every fix session's first request among `bodies` (requests with tools and one
/// message).
std::vector<std::string> fix_session_models(const std::vector<nlohmann::json>& bodies);

/// Loads recorded Messages API replies (`{"replies": [<response body>, ...]}`) from `path` and returns them
/// as server responses, in order; throws std::runtime_error when the file is unreadable or malformed.
std::vector<ServedResponse> load_recorded_replies(const std::string& path);

/// Returns a model handler that answers from `replies` in order (500 when they run out).
FakeModelServer::Handler replay(std::vector<ServedResponse> replies);

} // namespace autofix::testing
