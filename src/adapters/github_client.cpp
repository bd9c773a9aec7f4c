#include "adapters/github_client.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace autofix::adapters {
namespace {

using nlohmann::json;

std::string quote(const std::string& text) {
    return "'" + text + "'";
}

} // namespace

core::Expected<ports::PullRequest> to_pull_request(const json& item) {
    try {
        ports::PullRequest pr;
        pr.number = item.at("number").get<std::uint64_t>();
        pr.html_url = item.value("html_url", std::string());
        pr.title = item.value("title", std::string());
        pr.state = item.value("state", std::string());
        if (item.contains("head") && item["head"].is_object()) {
            pr.head = item["head"].value("ref", std::string());
        }
        if (item.contains("base") && item["base"].is_object()) {
            pr.base = item["base"].value("ref", std::string());
        }
        // The list answers carry `merged_at` (null until merged); a single pull request also `merged`.
        pr.merged = (item.contains("merged_at") && item["merged_at"].is_string()) ||
                    (item.contains("merged") && item["merged"].is_boolean() && item["merged"].get<bool>());
        return pr;
    } catch (const json::exception& error) {
        return core::make_error(core::ErrorKind::http,
                                "unexpected pull request JSON: " + std::string(error.what()));
    }
}

namespace {

core::Expected<ports::Issue> to_issue(const json& item) {
    try {
        ports::Issue issue;
        issue.number = item.at("number").get<std::uint64_t>();
        issue.html_url = item.value("html_url", std::string());
        issue.title = item.value("title", std::string());
        issue.state = item.value("state", std::string());
        if (item.contains("labels") && item["labels"].is_array()) {
            for (const auto& label : item["labels"]) {
                issue.labels.push_back(label.is_string() ? label.get<std::string>()
                                                         : label.value("name", std::string()));
            }
        }
        return issue;
    } catch (const json::exception& error) {
        return core::make_error(core::ErrorKind::http, "unexpected issue JSON: " + std::string(error.what()));
    }
}

// True when a 422 body says a pull request for the head already exists.
bool is_existing_pull_request(const std::string& body) {
    try {
        const auto parsed = json::parse(body);
        for (const auto& error : parsed.value("errors", json::array())) {
            if (error.is_object() &&
                error.value("message", std::string()).find("already exists") != std::string::npos) {
                return true;
            }
        }
    } catch (const json::exception&) {
    }
    return false;
}

// True when a 422 body says the label already exists.
bool is_existing_label(const std::string& body) {
    try {
        const auto parsed = json::parse(body);
        for (const auto& error : parsed.value("errors", json::array())) {
            if (error.is_object() && error.value("code", std::string()) == "already_exists") {
                return true;
            }
        }
    } catch (const json::exception&) {
    }
    return false;
}

// True when the failure leaves open whether a write took effect: no answer, or a 5xx.
bool is_ambiguous(const core::Expected<ports::HttpResponse>& response) {
    return response ? response->status >= 500 : response.error().kind == core::ErrorKind::network;
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

} // namespace

std::string label_color(const std::string& label) {
    if (label == "needs-human" || label.ends_with("-escalation")) {
        return "d93f0b";
    }
    return "5319e7";
}

GitHubClient::GitHubClient(GitHubSettings settings, ports::HttpTransport& transport, ports::Clock& clock,
                           RetryLimits limits)
    : m_api(std::move(settings), transport, clock, limits) {}

core::Expected<std::optional<ports::PullRequest>>
GitHubClient::find_open_pull_request(const std::string& head_branch) {
    const std::string& repository = m_api.settings().repository;
    const std::string owner = repository.substr(0, repository.find('/'));
    const std::string url =
        m_api.url(m_api.repo_path() + "/pulls",
                  "head=" + url_encode(owner + ":" + head_branch) + "&state=open&per_page=100");
    std::optional<ports::PullRequest> found;
    const auto status = m_api.for_each_page(url, [&](const json& page) -> core::Expected<bool> {
        if (!page.is_array()) {
            return core::make_error(core::ErrorKind::http, "pull request list is not an array");
        }
        for (const auto& item : page) {
            auto pr = to_pull_request(item);
            if (!pr) {
                return pr.error();
            }
            if (pr->head == head_branch && pr->state == "open") {
                found = *pr;
                return false;
            }
        }
        return true;
    });
    if (!status) {
        return m_api.fail(status.error(), "finding the open pull request for " + head_branch);
    }
    return found;
}

// GET /repos/{owner}/{repo}/pulls?head=owner:branch&state=all: sorted by creation, newest first, each with
// `state` and `merged_at` (https://docs.github.com/en/rest/pulls/pulls#list-pull-requests).
core::Expected<std::vector<ports::PullRequest>>
GitHubClient::list_pull_requests(const std::string& head_branch) {
    const std::string context = "listing the pull requests of " + head_branch;
    const std::string& repository = m_api.settings().repository;
    const std::string owner = repository.substr(0, repository.find('/'));
    const std::string url =
        m_api.url(m_api.repo_path() + "/pulls", "head=" + url_encode(owner + ":" + head_branch) +
                                                    "&state=all&sort=created&direction=desc&per_page=100");
    auto response = m_api.send({"GET", url, "", "", Replay::safe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 200) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    auto parsed = parse_json(response->body, "the pull request list");
    if (!parsed || !parsed->is_array()) {
        return m_api.fail(parsed
                              ? core::make_error(core::ErrorKind::http, "pull request list is not an array")
                              : parsed.error(),
                          context);
    }
    std::vector<ports::PullRequest> pulls;
    for (const auto& item : *parsed) {
        auto pr = to_pull_request(item);
        if (!pr) {
            return m_api.fail(pr.error(), context);
        }
        if (pr->head == head_branch) {
            pulls.push_back(std::move(*pr));
        }
    }
    return pulls;
}

core::Expected<ports::PullRequest> GitHubClient::create_pull_request(const ports::NewPullRequest& request) {
    const std::string context = "creating pull request for " + request.head;
    const json body = {
        {"title", request.title}, {"body", request.body}, {"head", request.head}, {"base", request.base}};
    auto response =
        m_api.send({"POST", m_api.url(m_api.repo_path() + "/pulls"), body.dump(), "", Replay::safe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status == 201) {
        auto parsed = parse_json(response->body, "the created pull request");
        if (!parsed) {
            return m_api.fail(parsed.error(), context);
        }
        auto pr = to_pull_request(*parsed);
        return pr ? pr : m_api.fail(pr.error(), context);
    }
    if (response->status == 422 && is_existing_pull_request(response->body)) {
        auto existing = find_open_pull_request(request.head);
        if (!existing) {
            return m_api.fail(existing.error(), context);
        }
        if (*existing) {
            ports::PullRequest pr = **existing;
            pr.reused = true;
            return pr;
        }
    }
    return m_api.fail(m_api.status_error(*response), context);
}

core::Status GitHubClient::ensure_labels(const std::vector<std::string>& labels) {
    for (const auto& label : labels) {
        const json body = {
            {"name", label}, {"color", label_color(label)}, {"description", "Managed by autofix-action"}};
        auto response =
            m_api.send({"POST", m_api.url(m_api.repo_path() + "/labels"), body.dump(), "", Replay::safe});
        if (!response) {
            return m_api.fail(response.error(), "creating label " + quote(label));
        }
        if (response->status == 201 || (response->status == 422 && is_existing_label(response->body))) {
            continue;
        }
        return m_api.fail(m_api.status_error(*response), "creating label " + quote(label));
    }
    return {};
}

core::Status GitHubClient::add_labels(std::uint64_t number, const std::vector<std::string>& labels) {
    const std::string context = "adding labels to #" + std::to_string(number);
    if (labels.empty()) {
        return {};
    }
    if (auto created = ensure_labels(labels); !created) {
        return m_api.fail(created.error(), context);
    }
    const json body = {{"labels", labels}};
    auto response =
        m_api.send({"POST", m_api.url(m_api.repo_path() + "/issues/" + std::to_string(number) + "/labels"),
                    body.dump(), "", Replay::safe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 200) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    return {};
}

core::Expected<std::optional<ports::Issue>> GitHubClient::find_issue(const std::string& label,
                                                                     const std::string& title) {
    const std::string url =
        m_api.url(m_api.repo_path() + "/issues", "labels=" + url_encode(label) + "&state=all&per_page=100");
    std::optional<ports::Issue> found;
    const auto status = m_api.for_each_page(url, [&](const json& page) -> core::Expected<bool> {
        if (!page.is_array()) {
            return core::make_error(core::ErrorKind::http, "issue list is not an array");
        }
        for (const auto& item : page) {
            if (!item.is_object() || item.contains("pull_request")) {
                continue; // the issues list includes pull requests
            }
            auto issue = to_issue(item);
            if (!issue) {
                return issue.error();
            }
            if (title.empty() || issue->title == title) {
                found = *issue;
                return false;
            }
        }
        return true;
    });
    if (!status) {
        return status.error();
    }
    return found;
}

core::Expected<ports::Issue> GitHubClient::create_issue(const std::string& title, const std::string& body,
                                                        const std::vector<std::string>& labels) {
    const std::string context = "creating issue " + quote(title);
    if (auto created = ensure_labels(labels); !created) {
        return m_api.fail(created.error(), context);
    }
    const json payload = {{"title", title}, {"body", body}, {"labels", labels}};
    const ApiRequest request{"POST", m_api.url(m_api.repo_path() + "/issues"), payload.dump(), "",
                             Replay::unsafe};
    std::chrono::milliseconds waited{0};
    auto response = m_api.send(request);
    for (int resend = 0; is_ambiguous(response) && !labels.empty(); ++resend) {
        // The issue may have been created before the failure: look before sending it again.
        auto existing = find_issue(labels.front(), title);
        if (!existing) {
            return m_api.fail(existing.error(), context + " (checking for it after a failure)");
        }
        if (*existing) {
            return **existing;
        }
        if (!m_api.wait_before_resend(resend, waited)) {
            break;
        }
        response = m_api.send(request);
    }
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 201) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    auto parsed = parse_json(response->body, "the created issue");
    if (!parsed) {
        return m_api.fail(parsed.error(), context);
    }
    auto issue = to_issue(*parsed);
    return issue ? issue : m_api.fail(issue.error(), context);
}

core::Expected<std::optional<ports::Issue>> GitHubClient::find_issue_by_label(const std::string& label) {
    auto found = find_issue(label, "");
    if (!found) {
        return m_api.fail(found.error(), "finding the issue labelled " + quote(label));
    }
    return found;
}

// GET /repos/{owner}/{repo}/issues?labels=<label>&state=open&per_page=1: newest first by default; the list
// holds pull requests too (https://docs.github.com/en/rest/issues/issues#list-repository-issues). One call,
// whatever the number of open issues.
core::Expected<std::optional<ports::Issue>> GitHubClient::find_open_issue_by_label(const std::string& label) {
    const std::string context = "looking for an open issue labelled " + quote(label);
    const std::string url =
        m_api.url(m_api.repo_path() + "/issues", "labels=" + url_encode(label) + "&state=open&per_page=1");
    auto response = m_api.send({"GET", url, "", "", Replay::safe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status == 410) {
        return std::optional<ports::Issue>(); // issues are disabled in the repository: none can be open
    }
    if (response->status != 200) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    auto parsed = parse_json(response->body, "the issue list");
    if (!parsed || !parsed->is_array()) {
        return m_api.fail(parsed ? core::make_error(core::ErrorKind::http, "issue list is not an array")
                                 : parsed.error(),
                          context);
    }
    if (parsed->empty()) {
        return std::optional<ports::Issue>();
    }
    auto issue = to_issue(parsed->front());
    if (!issue) {
        return m_api.fail(issue.error(), context);
    }
    return std::optional<ports::Issue>(std::move(*issue));
}

core::Status GitHubClient::comment(std::uint64_t number, const std::string& body) {
    const auto posted = post_comment(number, body);
    if (!posted) {
        return posted.error();
    }
    return {};
}

core::Status GitHubClient::dispatch_workflow(const std::string& workflow_file, const std::string& ref) {
    const std::string context = "dispatching workflow " + workflow_file + " on " + ref;
    const json payload = {{"ref", ref}};
    auto response = m_api.send(
        {"POST",
         m_api.url(m_api.repo_path() + "/actions/workflows/" + url_encode(workflow_file) + "/dispatches"),
         payload.dump(), "", Replay::status_only});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 204) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    return {};
}

core::Expected<std::uintmax_t> GitHubClient::append_job_log(std::uint64_t job_id, const std::string& job_name,
                                                            const std::string& conclusion, std::ofstream& out,
                                                            const std::string& part_path) {
    const std::string logs_url =
        m_api.url(m_api.repo_path() + "/actions/jobs/" + std::to_string(job_id) + "/logs");
    core::Expected<ports::HttpResponse> response = core::make_error(core::ErrorKind::internal, "not sent");
    // The redirect target is short-lived: when it fails, ask the API for a fresh one once.
    for (int round = 0; round < 2; ++round) {
        response = m_api.send({"GET", logs_url, "", part_path, Replay::safe, Credentials::token});
        for (int hops = 0; response && is_redirect(response->status) && hops < 5; ++hops) {
            const std::string location = response->header("location");
            if (location.empty()) {
                return core::make_error(core::ErrorKind::http,
                                        std::to_string(response->status) + " without Location");
            }
            // The log lives on blob storage: the token must not go there.
            response = m_api.send({"GET", location, "", part_path, Replay::safe, Credentials::none});
        }
        if (response && response->status == 200) {
            break;
        }
    }
    if (!response) {
        return response.error();
    }
    if (response->status != 200) {
        return m_api.status_error(*response);
    }
    const std::string header =
        "===== job: " + job_name + " (id " + std::to_string(job_id) + ", " + conclusion + ") =====\n";
    out << header;
    std::uintmax_t written = header.size();
    char last = '\n';
    if (std::ifstream part(part_path, std::ios::binary); part) {
        char buffer[1 << 16];
        while (part.read(buffer, sizeof buffer) || part.gcount() > 0) {
            const auto count = part.gcount();
            out.write(buffer, count);
            written += static_cast<std::uintmax_t>(count);
            last = buffer[count - 1];
        }
    } else {
        // A 200 straight from the API (no redirect) may hold its body in memory when no file was written.
        out << response->body;
        written += response->body.size();
        if (!response->body.empty()) {
            last = response->body.back();
        }
    }
    if (last != '\n') {
        out << '\n';
        ++written;
    }
    if (!out) {
        return core::make_error(core::ErrorKind::io, "writing the log failed");
    }
    return written;
}

core::Expected<std::uintmax_t> GitHubClient::download_failed_job_logs(const std::string& run_id,
                                                                      const std::string& destination_path) {
    const std::string context = "downloading the failed jobs' logs of run " + run_id;
    if (run_id.empty() ||
        !std::all_of(run_id.begin(), run_id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return core::make_error(core::ErrorKind::invalid_input, context + ": run id is not a number");
    }
    struct FailedJob {
        std::uint64_t id;
        std::string name;
        std::string conclusion;
    };
    std::vector<FailedJob> failed;
    const std::string url =
        m_api.url(m_api.repo_path() + "/actions/runs/" + run_id + "/jobs", "filter=latest&per_page=100");
    const auto listed = m_api.for_each_page(url, [&](const json& page) -> core::Expected<bool> {
        try {
            for (const auto& job : page.at("jobs")) {
                const std::string conclusion =
                    job.value("conclusion", json()).is_string() ? job["conclusion"].get<std::string>() : "";
                if (conclusion == "failure" || conclusion == "timed_out") {
                    failed.push_back(
                        {job.at("id").get<std::uint64_t>(), job.value("name", std::string()), conclusion});
                }
            }
        } catch (const json::exception& error) {
            return core::make_error(core::ErrorKind::http,
                                    "unexpected jobs JSON: " + std::string(error.what()));
        }
        return true;
    });
    if (!listed) {
        return m_api.fail(listed.error(), context + ": listing jobs");
    }
    std::ofstream out(destination_path, std::ios::binary | std::ios::trunc);
    if (!out) {
        return core::make_error(core::ErrorKind::io, context + ": cannot write " + destination_path);
    }
    const std::string part_path = destination_path + ".part";
    std::uintmax_t total = 0;
    for (const auto& job : failed) {
        auto written = append_job_log(job.id, job.name, job.conclusion, out, part_path);
        std::error_code ignored;
        std::filesystem::remove(part_path, ignored);
        if (!written) {
            return m_api.fail(written.error(),
                              context + ": job " + std::to_string(job.id) + " (" + job.name + ")");
        }
        total += *written;
    }
    out.flush();
    if (!out) {
        return core::make_error(core::ErrorKind::io, context + ": writing " + destination_path + " failed");
    }
    return total;
}

// GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs?branch=&head_sha=: newest first, as
// {"total_count": n, "workflow_runs": [{"id", "event", "status", "head_branch", "head_sha", "html_url",
// ...}]} (https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow).
core::Expected<std::vector<ports::WorkflowRunInfo>>
GitHubClient::list_workflow_runs(const std::string& workflow_file, const std::string& branch,
                                 const std::string& head_sha) {
    const std::string context = "listing the runs of " + workflow_file + " for " + head_sha.substr(0, 12);
    const std::string url =
        m_api.url(m_api.repo_path() + "/actions/workflows/" + url_encode(workflow_file) + "/runs",
                  "branch=" + url_encode(branch) + "&head_sha=" + url_encode(head_sha) + "&per_page=10");
    auto response = m_api.send({"GET", url, "", "", Replay::safe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 200) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    auto parsed = parse_json(response->body, "the workflow run list");
    if (!parsed) {
        return m_api.fail(parsed.error(), context);
    }
    std::vector<ports::WorkflowRunInfo> runs;
    try {
        for (const auto& item : parsed->at("workflow_runs")) {
            ports::WorkflowRunInfo run;
            run.id = item.at("id").get<std::uint64_t>();
            run.event = item.value("event", std::string());
            run.status = item.value("status", json()).is_string() ? item["status"].get<std::string>() : "";
            run.head_branch =
                item.value("head_branch", json()).is_string() ? item["head_branch"].get<std::string>() : "";
            run.head_sha = item.value("head_sha", std::string());
            run.html_url = item.value("html_url", std::string());
            run.conclusion =
                item.value("conclusion", json()).is_string() ? item["conclusion"].get<std::string>() : "";
            run.run_attempt = item.value("run_attempt", 1);
            run.path = item.value("path", std::string());
            if (run.head_sha == head_sha) {
                runs.push_back(std::move(run));
            }
        }
    } catch (const json::exception& error) {
        return m_api.fail(core::make_error(core::ErrorKind::http,
                                           "unexpected workflow runs JSON: " + std::string(error.what())),
                          context);
    }
    return runs;
}

} // namespace autofix::adapters
