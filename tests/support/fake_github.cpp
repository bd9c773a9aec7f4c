#include "support/fake_github.hpp"

#include "support/fake_github_json.hpp"

#include <Poco/URI.h>
#include <algorithm>
#include <nlohmann/json.hpp>

namespace autofix::testing {
namespace {

using nlohmann::json;

using github_json::error_reply;
using github_json::param;
using github_json::reply;

ServedResponse not_found() {
    return error_reply(404, "Not Found");
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) {
            end = path.size();
        }
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

bool glob_match(const std::string& pattern, const std::string& text) {
    std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

std::optional<std::uint64_t> to_number(const std::string& text) {
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::stoull(text);
}

} // namespace

FakeGitHub::FakeGitHub(FakeGitHubOptions options) : m_options(std::move(options)) {
    m_blob = std::make_unique<LocalHttpServer>(
        [this](const RecordedRequest& request) { return handle_blob(request); });
    m_api = std::make_unique<LocalHttpServer>(
        [this](const RecordedRequest& request) { return handle_api(request); });
    std::lock_guard lock(m_mutex);
    m_api_base = m_api->url();
}

FakeGitHub::~FakeGitHub() {
    m_api.reset();
    m_blob.reset();
}

std::string FakeGitHub::api_url() const {
    return m_api->url() + m_options.path_prefix;
}

std::string FakeGitHub::blob_url() const {
    return m_blob->url();
}

std::uint64_t FakeGitHub::add_pull_request(const std::string& title, const std::string& head,
                                           const std::string& base, const std::string& state,
                                           const std::vector<std::string>& labels) {
    std::lock_guard lock(m_mutex);
    FakeItem item;
    item.number = m_next_number++;
    item.title = title;
    item.state = state;
    item.labels = labels;
    item.is_pull_request = true;
    item.head = head;
    item.base = base;
    m_items.push_back(item);
    return item.number;
}

void FakeGitHub::close_pull_request(std::uint64_t number, CloseAs how) {
    std::lock_guard lock(m_mutex);
    for (auto& item : m_items) {
        if (item.number == number && item.is_pull_request) {
            item.state = "closed";
            item.merged = how == CloseAs::merged;
        }
    }
}

std::uint64_t FakeGitHub::add_workflow_run(FakeWorkflowRun run) {
    std::lock_guard lock(m_mutex);
    if (run.id == 0) {
        run.id = m_next_workflow_run_id++;
    }
    m_workflow_runs.push_back(run);
    return run.id;
}

void FakeGitHub::finish_workflow_run(std::uint64_t id, const std::string& conclusion) {
    std::lock_guard lock(m_mutex);
    for (FakeWorkflowRun& run : m_workflow_runs) {
        if (run.id == id) {
            run.status = "completed";
            run.conclusion = conclusion;
        }
    }
}

void FakeGitHub::set_ref_resolver(std::function<std::string(const std::string& ref)> resolve) {
    std::lock_guard lock(m_mutex);
    m_resolve_ref = std::move(resolve);
}

std::vector<FakeWorkflowRun> FakeGitHub::workflow_runs() const {
    std::lock_guard lock(m_mutex);
    return m_workflow_runs;
}

std::uint64_t FakeGitHub::add_issue(const std::string& title, const std::string& body,
                                    const std::vector<std::string>& labels, const std::string& state) {
    std::lock_guard lock(m_mutex);
    FakeItem item;
    item.number = m_next_number++;
    item.title = title;
    item.body = body;
    item.state = state;
    item.labels = labels;
    m_items.push_back(item);
    return item.number;
}

void FakeGitHub::add_label(const std::string& name, const std::string& color) {
    std::lock_guard lock(m_mutex);
    m_labels.push_back({name, color, ""});
}

void FakeGitHub::add_run(std::uint64_t run_id, std::vector<FakeJob> jobs) {
    std::lock_guard lock(m_mutex);
    for (auto& job : jobs) {
        if (job.id == 0) {
            job.id = m_next_job_id++;
        }
    }
    for (auto& run : m_runs) {
        if (run.id == run_id) {
            run.jobs = std::move(jobs);
            return;
        }
    }
    m_runs.push_back({run_id, std::move(jobs)});
}

std::vector<std::uint64_t> FakeGitHub::reruns() const {
    std::lock_guard lock(m_mutex);
    return m_reruns;
}

void FakeGitHub::add_workflow(const std::string& file) {
    std::lock_guard lock(m_mutex);
    m_workflows.push_back(file);
}

void FakeGitHub::set_wall_clock(std::chrono::system_clock::time_point now) {
    std::lock_guard lock(m_mutex);
    m_wall = now;
}

void FakeGitHub::fail_next(const std::string& route, int count, GitHubFault fault,
                           GitHubFaultOptions options) {
    Fault entry;
    const auto space = route.find(' ');
    if (space != std::string::npos) {
        entry.method = route.substr(0, space);
        entry.path_glob = route.substr(space + 1);
    } else {
        entry.path_glob = route;
    }
    entry.remaining = count;
    entry.kind = fault;
    entry.options = options;
    std::lock_guard lock(m_mutex);
    m_faults.push_back(entry);
}

std::vector<FakeItem> FakeGitHub::pull_requests() const {
    std::lock_guard lock(m_mutex);
    std::vector<FakeItem> out;
    std::copy_if(m_items.begin(), m_items.end(), std::back_inserter(out),
                 [](const FakeItem& item) { return item.is_pull_request; });
    return out;
}

std::vector<FakeItem> FakeGitHub::issues() const {
    std::lock_guard lock(m_mutex);
    std::vector<FakeItem> out;
    std::copy_if(m_items.begin(), m_items.end(), std::back_inserter(out),
                 [](const FakeItem& item) { return !item.is_pull_request; });
    return out;
}

std::optional<FakeItem> FakeGitHub::item(std::uint64_t number) const {
    std::lock_guard lock(m_mutex);
    for (const auto& item : m_items) {
        if (item.number == number) {
            return item;
        }
    }
    return std::nullopt;
}

std::vector<FakeLabel> FakeGitHub::labels() const {
    std::lock_guard lock(m_mutex);
    return m_labels;
}

std::vector<FakeDispatch> FakeGitHub::dispatches() const {
    std::lock_guard lock(m_mutex);
    return m_dispatches;
}

std::vector<RecordedRequest> FakeGitHub::requests() const {
    return m_api->requests();
}

std::vector<RecordedRequest> FakeGitHub::blob_requests() const {
    return m_blob->requests();
}

std::optional<FakeGitHub::Fault> FakeGitHub::take_fault(const std::string& method, const std::string& path) {
    for (auto& fault : m_faults) {
        if (fault.remaining > 0 && (fault.method.empty() || fault.method == method) &&
            glob_match(fault.path_glob, path)) {
            --fault.remaining;
            return fault;
        }
    }
    return std::nullopt;
}

ServedResponse FakeGitHub::fault_response(const Fault& fault) const {
    const auto now = m_wall.value_or(std::chrono::system_clock::now());
    const auto now_epoch = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const std::string retry_after = std::to_string(fault.options.retry_after_seconds);
    ServedResponse response;
    switch (fault.kind) {
    case GitHubFault::status_500:
        return error_reply(500, "Server Error");
    case GitHubFault::status_502:
        response = reply(502, json{{"message", "Server Error"}});
        return response;
    case GitHubFault::status_503:
        return error_reply(503, "Service Unavailable");
    case GitHubFault::rate_limit_429:
        response = error_reply(429, "API rate limit exceeded. Please retry your request again later.");
        response.headers.emplace_back("Retry-After", retry_after);
        return response;
    case GitHubFault::secondary_rate_limit_403:
        response =
            error_reply(403, "You have exceeded a secondary rate limit. Please wait a few minutes before "
                             "you try again. If you reach out to GitHub Support for help, please include "
                             "the request ID 0000:1111:2222.");
        response.headers.emplace_back("Retry-After", retry_after);
        return response;
    case GitHubFault::forbidden_403:
        return error_reply(403, "GitHub Actions is not permitted to create or approve pull requests.");
    case GitHubFault::primary_rate_limit_403: {
        response = error_reply(403, "API rate limit exceeded for installation ID 4242.");
        const std::int64_t reset =
            fault.options.reset_epoch != 0 ? fault.options.reset_epoch : now_epoch + 60;
        // GitHub repeats the rate headers: the last value of a header is the one that counts here.
        std::erase_if(response.headers,
                      [](const auto& header) { return header.first == "X-RateLimit-Remaining"; });
        response.headers.emplace_back("X-RateLimit-Remaining", "0");
        response.headers.emplace_back("X-RateLimit-Reset", std::to_string(reset));
        return response;
    }
    case GitHubFault::drop_connection:
    case GitHubFault::drop_after_processing:
        response.drop_connection = true;
        return response;
    }
    return response;
}

ServedResponse FakeGitHub::handle_blob(const RecordedRequest& request) {
    std::lock_guard lock(m_mutex);
    if (auto fault = take_fault(request.method, request.path)) {
        return fault_response(*fault);
    }
    if (!request.header("authorization").empty()) {
        // Azure Blob Storage refuses a signed URL that also carries an Authorization header.
        ServedResponse refused;
        refused.status = 403;
        refused.headers.emplace_back("Content-Type", "application/xml");
        refused.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>"
                       "<Message>Authorization header is not allowed with a SAS signature.</Message></Error>";
        return refused;
    }
    const auto parts = split_path(request.path);
    if (request.method == "GET" && parts.size() == 2 && parts[0] == "job-logs" &&
        parts[1].ends_with(".txt") && param(request, "sig") == "fake-signature") {
        const auto id = to_number(parts[1].substr(0, parts[1].size() - 4));
        for (const auto& run : m_runs) {
            for (const auto& job : run.jobs) {
                if (id && job.id == *id) {
                    ServedResponse served;
                    served.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
                    served.body = job.log;
                    return served;
                }
            }
        }
    }
    ServedResponse missing;
    missing.status = 404;
    missing.body = "<?xml version=\"1.0\"?><Error><Code>BlobNotFound</Code></Error>";
    return missing;
}

ServedResponse FakeGitHub::handle_api(const RecordedRequest& request) {
    std::lock_guard lock(m_mutex);
    const std::string& prefix = m_options.path_prefix;
    // GraphQL is beside the REST root: /graphql on github.com, /api/graphql under GHES's /api/v3.
    const std::string graphql_path =
        prefix.ends_with("/v3") ? prefix.substr(0, prefix.size() - 3) + "/graphql" : prefix + "/graphql";
    const bool graphql = request.path == graphql_path;
    if (!graphql && !request.path.starts_with(prefix + "/")) {
        return not_found();
    }
    const std::string path = graphql ? "/graphql" : request.path.substr(prefix.size());
    const std::string authorization = request.header("authorization");
    if (authorization.empty()) {
        return error_reply(401, "Requires authentication");
    }
    if (authorization != "Bearer " + m_options.token) {
        return error_reply(401, "Bad credentials");
    }
    const auto fault = take_fault(request.method, path);
    if (fault && fault->kind != GitHubFault::drop_after_processing) {
        return fault_response(*fault);
    }
    std::optional<ServedResponse> commands;
    if (!graphql) {
        commands = route_commands(request, path);
    }
    ServedResponse response = graphql    ? route_graphql(request)
                              : commands ? std::move(*commands)
                                         : route(request, path);
    if (fault) {
        return fault_response(*fault);
    }
    return response;
}

} // namespace autofix::testing
