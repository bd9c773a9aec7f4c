#include "support/workflow_sandbox.hpp"

#include "action/outputs.hpp"

#include <cstdlib>
#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace autofix::testing {
namespace {

namespace fs = std::filesystem;

const GitPerson developer{"Dana Developer", "dana@example.com"};
const GitPerson human{"Ada Lovelace", "ada@example.com"};

std::string read_file(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

void copy_project(const fs::path& project, const fs::path& into) {
    for (const char* part : {"inventory", "tests", "README.md"}) {
        fs::copy(project / part, into / part,
                 fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    }
}

} // namespace

std::string WorkflowRun::output(const std::string& name) const {
    const auto found = outputs.find(name);
    return found == outputs.end() ? std::string() : found->second;
}

WorkflowSandbox::WorkflowSandbox(FakeModelServer::Handler model, SandboxOptions options)
    : m_options(std::move(options)) {
    m_git = std::make_unique<GitHttpServer>(m_dir / "git", m_options.github_token);
    m_origin = m_git->backend().create_bare(m_options.owner, m_options.repo);
    FakeGitHubOptions github;
    github.repository = m_options.owner + "/" + m_options.repo;
    github.token = m_options.github_token;
    m_github = std::make_unique<FakeGitHub>(github);
    // A dispatched run builds the branch's head on the origin at the time of the dispatch.
    m_github->set_ref_resolver([origin = m_origin](const std::string& ref) {
        const CommandResult parsed =
            run_command({"git", "-C", origin, "rev-parse", "--verify", "-q", "refs/heads/" + ref}, origin);
        return parsed.exit_code == 0 ? parsed.out.substr(0, 40) : std::string();
    });
    m_github->set_branch_lister([this] { return origin_branches(); });
    m_model = std::make_unique<FakeModelServer>(std::move(model));
    m_model->set_api_key(m_options.api_key);

    RepoBuilder seed = RepoBuilder::init(m_dir / "seed");
    copy_project(m_options.project, seed.path());
    fs::create_directories(fs::path(seed.path()) / ".github/workflows");
    fs::copy_file(m_options.workflow, fs::path(seed.path()) / ".github/workflows/test-and-autofix.yml");
    seed.commit("Initial import of the inventory library", developer);
    seed.git({"push", "-q", m_origin, "HEAD:refs/heads/main"});
    // GitHub serves any commit reachable from a ref by its id (a shallow checkout fetches the PR head so).
    git_in(m_origin, {"config", "uploadpack.allowReachableSHA1InWant", "true"});
}

WorkflowSandbox::~WorkflowSandbox() = default;

std::string WorkflowSandbox::clone_branch(const std::string& branch, const std::string& into) const {
    git_in(m_dir.path(), {"clone", "-q", "--branch", branch, m_origin, into});
    return into;
}

void WorkflowSandbox::checkout(const std::string& branch, const RunOptions& options,
                               const std::string& into) const {
    if (options.fetch_depth == 0 && options.checkout_ref.empty()) {
        clone_branch(branch, into);
        return;
    }
    // As actions/checkout does: init, fetch the one ref (file:// so that --depth is honoured), check out.
    git_in(m_dir.path(), {"init", "-q", into});
    git_in(into, {"remote", "add", "origin", "file://" + m_origin});
    const std::string ref = options.checkout_ref.empty() ? "refs/heads/" + branch : options.checkout_ref;
    const std::string tracking = ref.rfind("refs/pull/", 0) == 0
                                     ? "refs/remotes/pull/" + ref.substr(std::string("refs/pull/").size())
                                     : "refs/remotes/origin/" + branch;
    std::vector<std::string> fetch{"fetch", "-q", "--no-tags"};
    if (options.fetch_depth > 0) {
        fetch.push_back("--depth=" + std::to_string(options.fetch_depth));
    }
    fetch.insert(fetch.end(), {"origin", "+" + ref + ":" + tracking});
    git_in(into, fetch);
    if (options.checkout_ref.empty()) {
        git_in(into, {"checkout", "-q", "-B", branch, tracking});
    } else {
        git_in(into, {"checkout", "-q", "--detach", tracking});
    }
}

std::string WorkflowSandbox::make_pull_request_refs(int number, const std::string& head,
                                                    const std::string& base) {
    const std::string work = m_dir / ("merge-" + std::to_string(++m_workspace_count));
    clone_branch(base, work);
    RepoBuilder repo(work);
    const std::string head_sha = git_in(m_origin, {"rev-parse", "refs/heads/" + head}).substr(0, 40);
    const std::string base_sha = repo.rev("HEAD");
    repo.git({"merge", "-q", "--no-ff", "-m", "Merge " + head_sha + " into " + base_sha, "origin/" + head},
             developer);
    const std::string prefix = "refs/pull/" + std::to_string(number);
    repo.git(
        {"push", "-q", "origin", "HEAD:" + prefix + "/merge", "origin/" + head + ":" + prefix + "/head"});
    return repo.rev("HEAD");
}

std::string WorkflowSandbox::break_project(const std::string& scenario, const std::string& target,
                                           const std::string& branch) {
    const std::string work = m_dir / ("dev-" + std::to_string(++m_workspace_count));
    const bool exists = !git_in(m_origin, {"branch", "--list", branch}).empty();
    clone_branch(exists ? branch : "main", work);
    RepoBuilder repo(work);
    if (!exists) {
        repo.git({"checkout", "-q", "-b", branch});
    }
    repo.write(target, read_file(fs::path(m_options.project) / "scenarios" / scenario));
    const std::string sha = repo.commit("Tidy up " + target, developer);
    repo.git({"push", "-q", "origin", "HEAD:refs/heads/" + branch});
    return sha;
}

std::string WorkflowSandbox::commit_as_human(const std::string& branch, const std::string& path,
                                             const std::string& content) {
    const std::string work = m_dir / ("human-" + std::to_string(++m_workspace_count));
    clone_branch(branch, work);
    RepoBuilder repo(work);
    repo.write(path, content);
    const std::string sha = repo.commit("Take over the fix by hand", human);
    repo.git({"push", "-q", "origin", "HEAD:refs/heads/" + branch});
    return sha;
}

WorkflowRun WorkflowSandbox::run_workflow(const std::string& branch, const RunOptions& options) {
    WorkflowRun run;
    run.branch = branch;
    run.run_id = options.run_id != 0 ? options.run_id : m_next_run_id++;
    run.run_attempt = options.run_attempt;
    const std::string id = std::to_string(run.run_id) + "-" + std::to_string(run.run_attempt);
    const std::string workspace = !options.workspace.empty()
                                      ? options.workspace
                                      : m_dir / ("ws-" + id + "-" + std::to_string(++m_workspace_count));
    run.workspace = workspace;
    if (options.workspace.empty()) {
        checkout(branch, options, workspace);
    }
    if (!options.sha.empty()) {
        git_in(workspace, {"reset", "-q", "--hard", options.sha});
        git_in(workspace, {"update-ref", "refs/remotes/origin/" + branch, options.sha});
    }

    // The build-test job.
    const CommandResult tests = run_command({"python3", "-m", "unittest", "discover", "-v"}, workspace);
    run.build_passed = tests.exit_code == 0;
    run.build_log = tests.out + tests.err;
    const std::string log_path = m_dir / ("test-output-" + id + ".log");
    std::ofstream(log_path, std::ios::binary) << run.build_log;
    const std::string status =
        !options.build_status.empty() ? options.build_status : (run.build_passed ? "success" : "failure");

    if (options.workspace_uid >= 0) {
        const auto uid = static_cast<uid_t>(options.workspace_uid);
        const auto gid = static_cast<gid_t>(options.workspace_uid);
        if (::lchown(workspace.c_str(), uid, gid) != 0) {
            throw std::runtime_error("chown " + workspace + " failed");
        }
        for (const auto& entry : fs::recursive_directory_iterator(workspace)) {
            if (::lchown(entry.path().c_str(), uid, gid) != 0) {
                throw std::runtime_error("chown " + entry.path().string() + " failed");
            }
        }
    }

    // GITHUB_SHA is the commit the run built: the checkout's HEAD, but in a reused checkout (left on whatever
    // an earlier run checked out) the branch's commit that run fetched, as the event still names it.
    const std::string built_sha =
        git_in(workspace, {"rev-parse", options.workspace.empty() ? "HEAD" : "refs/remotes/origin/" + branch})
            .substr(0, 40);

    // The autofix job, with the Actions environment of a container action.
    const std::string output_path = m_dir / ("output-" + id);
    const std::string summary_path = m_dir / ("summary-" + id + ".md");
    const std::string result_path = m_dir / ("result-" + id + ".json");
    std::ofstream(output_path).close();
    fs::create_directories(m_dir / "home");
    const std::string repository = m_options.owner + "/" + m_options.repo;
    std::map<std::string, std::string> env{
        {"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"},
        {"HOME", m_dir / "home"},
        {"GITHUB_ACTIONS", "true"},
        {"GITHUB_REPOSITORY", repository},
        {"GITHUB_RUN_ID", std::to_string(run.run_id)},
        {"GITHUB_RUN_ATTEMPT", std::to_string(run.run_attempt)},
        {"GITHUB_SHA", built_sha},
        {"GITHUB_WORKSPACE", workspace},
        {"GITHUB_API_URL", m_github->api_url()},
        {"GITHUB_SERVER_URL", m_git->server().url()},
        {"GITHUB_WORKFLOW_REF", repository + "/.github/workflows/test-and-autofix.yml@refs/heads/" + branch},
        {"GITHUB_REF_NAME", branch},
        {"GITHUB_EVENT_NAME", "push"},
        {"GITHUB_OUTPUT", output_path},
        {"GITHUB_STEP_SUMMARY", summary_path},
        {"ANTHROPIC_BASE_URL", m_model->url()},
        {"INPUT_BUILD-STATUS", status},
        {"INPUT_ANTHROPIC-API-KEY", m_options.api_key},
        {"INPUT_GITHUB-TOKEN", m_options.github_token},
        {"INPUT_RESULT-FILE", result_path},
    };
    if (status == "failure") {
        env["INPUT_FAILURE-LOG"] = log_path;
    }
    if (!options.payload.is_null()) {
        const std::string event_path = m_dir / ("event-" + id + ".json");
        std::ofstream(event_path, std::ios::binary) << options.payload.dump(2);
        env["GITHUB_EVENT_PATH"] = event_path;
    }
    for (const auto& [name, value] : m_options.env) {
        env[name] = value;
    }
    for (const auto& [name, value] : options.env) {
        env[name] = value;
    }
    std::vector<std::string> argv{"env", "-i"};
    for (const auto& [name, value] : env) {
        argv.push_back(name + "=" + value);
    }
    argv.push_back(m_options.binary);
    const CommandResult step = run_command(argv, workspace);
    run.exit_code = step.exit_code;
    run.stdout_text = step.out;
    run.stderr_text = step.err;
    if (auto parsed = action::parse_output_file(read_file(output_path))) {
        run.outputs = *parsed;
    }
    run.step_summary = read_file(summary_path);
    if (fs::exists(result_path)) {
        run.result = nlohmann::json::parse(read_file(result_path), nullptr, false);
    }
    return run;
}

std::vector<WorkflowRun> WorkflowSandbox::run_until_settled(const std::string& branch, int max_runs) {
    std::vector<WorkflowRun> runs;
    std::string next = branch;
    for (int count = 0; count < max_runs; ++count) {
        runs.push_back(run_workflow(next));
        const WorkflowRun& run = runs.back();
        const std::string action = run.output("action-taken");
        const bool pushed_attempt =
            (action == "fix_attempted" || action == "retry_attempted") && !run.output("commit-sha").empty();
        if (run.exit_code != 0 || !pushed_attempt) {
            break;
        }
        next = run.output("fix-branch");
    }
    return runs;
}

std::string WorkflowSandbox::origin_log(const std::string& ref, const std::string& format) const {
    return git_in(m_origin, {"log", "--format=" + format, ref});
}

std::vector<std::string> WorkflowSandbox::origin_branches() const {
    std::istringstream lines(git_in(m_origin, {"for-each-ref", "--format=%(refname:short)", "refs/heads"}));
    std::vector<std::string> branches;
    for (std::string line; std::getline(lines, line);) {
        branches.push_back(line);
    }
    return branches;
}

bool WorkflowSandbox::tests_pass_on(const std::string& ref) {
    const std::string work = m_dir / ("check-" + std::to_string(++m_workspace_count));
    clone_branch(ref, work);
    return run_command({"python3", "-m", "unittest", "discover"}, work).exit_code == 0;
}

std::string describe(const std::vector<WorkflowRun>& runs) {
    std::string text;
    for (const WorkflowRun& run : runs) {
        text += "run on " + run.branch + ": exit " + std::to_string(run.exit_code) + ", " +
                run.output("action-taken") + "\n" + run.stdout_text + run.stderr_text + "\n";
    }
    return text;
}

std::vector<std::string> fix_session_models(const std::vector<nlohmann::json>& bodies) {
    std::vector<std::string> models;
    for (const auto& body : bodies) {
        if (body.contains("tools") && body["messages"].size() == 1) {
            models.push_back(body["model"].get<std::string>());
        }
    }
    return models;
}

std::vector<ServedResponse> load_recorded_replies(const std::string& path) {
    const nlohmann::json document = nlohmann::json::parse(read_file(path), nullptr, false);
    if (!document.is_object() || !document.contains("replies") || !document["replies"].is_array()) {
        throw std::runtime_error("malformed recording " + path);
    }
    std::vector<ServedResponse> replies;
    for (const auto& reply : document["replies"]) {
        replies.push_back(json_response(200, reply.dump()));
    }
    return replies;
}

FakeModelServer::Handler replay(std::vector<ServedResponse> replies) {
    auto queue = std::make_shared<std::deque<ServedResponse>>(replies.begin(), replies.end());
    auto mutex = std::make_shared<std::mutex>();
    return [queue, mutex](const nlohmann::json&) {
        std::lock_guard lock(*mutex);
        if (queue->empty()) {
            return json_response(
                500, R"({"type":"error","error":{"type":"api_error","message":"recording exhausted"}})");
        }
        ServedResponse reply = queue->front();
        queue->pop_front();
        return reply;
    };
}

} // namespace autofix::testing
