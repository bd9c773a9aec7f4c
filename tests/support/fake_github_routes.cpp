// The endpoints of FakeGitHub: GitHub's request validation and JSON shapes for pulls, issues, labels,
// comments, workflow dispatches and a workflow's runs, run jobs and job logs.
#include "support/fake_github.hpp"
#include "support/fake_github_json.hpp"

#include <Poco/String.h>
#include <Poco/URI.h>
#include <algorithm>
#include <nlohmann/json.hpp>

namespace autofix::testing {
namespace {

using nlohmann::json;

using github_json::error_reply;
using github_json::param;
using github_json::query_params;
using github_json::reply;

ServedResponse validation_failed(json error) {
    return error_reply(422, "Validation Failed", json::array({std::move(error)}));
}

int int_param(const RecordedRequest& request, const std::string& name, int fallback) {
    try {
        return std::stoi(param(request, name, std::to_string(fallback)));
    } catch (const std::exception&) {
        return fallback;
    }
}

std::string encode(const std::string& value) {
    std::string out;
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
    return out;
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) {
            return parts;
        }
        start = end + 1;
    }
}

bool is_number(const std::string& text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One page of `items` as GitHub serves it: per_page (default, capped), page, and a Link header with
// first/prev/next/last URLs that repeat the other query parameters. `wrapper` names the array inside an
// object ({"total_count": n, "jobs": [...]}) or is empty for a bare array.
ServedResponse page_of(const RecordedRequest& request, const std::string& base_url,
                       const std::vector<json>& items, int default_per_page, int max_per_page,
                       const std::string& wrapper) {
    const int per_page = std::clamp(int_param(request, "per_page", default_per_page), 1, max_per_page);
    const int page = std::max(int_param(request, "page", 1), 1);
    const int last = std::max(1, static_cast<int>((items.size() + per_page - 1) / per_page));
    json slice = json::array();
    for (std::size_t i = static_cast<std::size_t>(page - 1) * per_page;
         i < items.size() && i < static_cast<std::size_t>(page) * per_page; ++i) {
        slice.push_back(items[i]);
    }
    ServedResponse response =
        reply(200, wrapper.empty() ? slice : json{{"total_count", items.size()}, {wrapper, slice}});
    std::string others;
    for (const auto& [name, value] : query_params(request.query)) {
        if (name != "page" && name != "per_page") {
            others += encode(name) + "=" + encode(value) + "&";
        }
    }
    const auto link = [&](int target, const char* rel) {
        return "<" + base_url + request.path + "?" + others + "per_page=" + std::to_string(per_page) +
               "&page=" + std::to_string(target) + ">; rel=\"" + rel + "\"";
    };
    std::vector<std::string> links;
    if (page > 1) {
        links.push_back(link(page - 1, "prev"));
    }
    if (page < last) {
        links.push_back(link(page + 1, "next"));
        links.push_back(link(last, "last"));
    }
    if (page > 1) {
        links.push_back(link(1, "first"));
    }
    if (!links.empty()) {
        std::string header;
        for (const auto& entry : links) {
            header += (header.empty() ? "" : ", ") + entry;
        }
        response.headers.emplace_back("Link", header);
    }
    return response;
}

json steps_json(const FakeJob& job) {
    json steps = json::array();
    int number = 1;
    for (const auto& step : job.steps) {
        steps.push_back({{"name", step.name},
                         {"status", step.conclusion.empty() ? "in_progress" : "completed"},
                         {"conclusion", step.conclusion.empty() ? json(nullptr) : json(step.conclusion)},
                         {"number", number++}});
    }
    return steps;
}

} // namespace

ServedResponse FakeGitHub::route(const RecordedRequest& request, const std::string& path) {
    const auto parts = split(path.substr(1), '/');
    const std::string& method = request.method;
    const std::string api = m_api_base + m_options.path_prefix;
    const std::string repo_api = api + "/repos/" + m_options.repository;
    const std::string repo_web = m_options.web_url + "/" + m_options.repository;
    const std::string owner = m_options.repository.substr(0, m_options.repository.find('/'));
    const json user = {{"login", "github-actions[bot]"}, {"id", 41898282}, {"type", "Bot"}};
    if (parts.size() < 4 || parts[0] != "repos" || parts[1] + "/" + parts[2] != m_options.repository) {
        return error_reply(404, "Not Found");
    }
    const std::vector<std::string> rest(parts.begin() + 3, parts.end());
    const auto label_json = [&](const std::string& name) {
        std::string color = "ededed";
        std::string description;
        for (const auto& label : m_labels) {
            if (label.name == name) {
                color = label.color;
                description = label.description;
            }
        }
        return json{{"id", 208045946 + std::hash<std::string>{}(name) % 100000},
                    {"node_id", "LA_" + name},
                    {"url", repo_api + "/labels/" + encode(name)},
                    {"name", name},
                    {"color", color},
                    {"default", false},
                    {"description", description}};
    };
    const auto ensure_label = [&](const std::string& name) {
        const bool known = std::any_of(m_labels.begin(), m_labels.end(), [&](const FakeLabel& label) {
            return Poco::icompare(label.name, name) == 0;
        });
        if (!known) {
            m_labels.push_back({name, "ededed", ""}); // GitHub creates unknown labels on use
        }
    };
    const auto labels_json = [&](const FakeItem& item) {
        json out = json::array();
        for (const auto& name : item.labels) {
            out.push_back(label_json(name));
        }
        return out;
    };
    const auto branch_json = [&](const std::string& ref) {
        return json{{"label", owner + ":" + ref},
                    {"ref", ref},
                    {"sha", std::string(40, 'a')},
                    {"repo", {{"full_name", m_options.repository}}}};
    };
    const auto pull_json = [&](const FakeItem& item) {
        const std::string number = std::to_string(item.number);
        return json{{"url", repo_api + "/pulls/" + number},
                    {"id", 1000000 + item.number},
                    {"node_id", "PR_" + number},
                    {"html_url", repo_web + "/pull/" + number},
                    {"number", item.number},
                    {"state", item.state},
                    {"locked", false},
                    {"title", item.title},
                    {"body", item.body},
                    {"user", user},
                    {"labels", labels_json(item)},
                    {"head", branch_json(item.head)},
                    {"base", branch_json(item.base)},
                    {"draft", false},
                    {"merged", item.merged},
                    {"closed_at", item.state == "closed" ? json("2026-01-02T03:04:05Z") : json(nullptr)},
                    {"merged_at", item.merged ? json("2026-01-02T03:04:05Z") : json(nullptr)}};
    };
    const auto issue_json = [&](const FakeItem& item) {
        const std::string number = std::to_string(item.number);
        json out = {{"url", repo_api + "/issues/" + number},
                    {"id", 2000000 + item.number},
                    {"node_id", "I_" + number},
                    {"html_url", repo_web + (item.is_pull_request ? "/pull/" : "/issues/") + number},
                    {"number", item.number},
                    {"state", item.state},
                    {"title", item.title},
                    {"body", item.body},
                    {"user", user},
                    {"labels", labels_json(item)},
                    {"comments", item.comments.size()}};
        if (item.is_pull_request) {
            out["pull_request"] = {{"url", repo_api + "/pulls/" + number},
                                   {"html_url", repo_web + "/pull/" + number},
                                   {"diff_url", repo_web + "/pull/" + number + ".diff"},
                                   {"patch_url", repo_web + "/pull/" + number + ".patch"}};
        }
        return out;
    };
    const auto find_item = [&](const std::string& number) -> FakeItem* {
        for (auto& item : m_items) {
            if (is_number(number) && std::to_string(item.number) == number) {
                return &item;
            }
        }
        return nullptr;
    };
    const auto body_json = [&]() -> std::optional<json> {
        try {
            auto parsed = json::parse(request.body);
            if (parsed.is_object()) {
                return parsed;
            }
        } catch (const json::exception&) {
        }
        return std::nullopt;
    };
    const auto bad_json = [] {
        return error_reply(400, "Problems parsing JSON");
    };
    const auto missing_field = [](const char* resource, const char* field) {
        return validation_failed({{"resource", resource}, {"field", field}, {"code", "missing_field"}});
    };
    const auto state_matches = [](const std::string& wanted, const std::string& state) {
        return wanted == "all" || wanted == state;
    };

    // /pulls
    if (rest.size() == 1 && rest[0] == "pulls" && method == "GET") {
        const std::string state = param(request, "state", "open");
        std::string head = param(request, "head");
        if (const auto colon = head.find(':'); colon != std::string::npos) {
            if (head.substr(0, colon) != owner) {
                head = "\n"; // another owner's fork: nothing here matches
            } else {
                head = head.substr(colon + 1);
            }
        }
        const std::string base = param(request, "base");
        std::vector<json> items;
        for (auto it = m_items.rbegin(); it != m_items.rend(); ++it) {
            if (it->is_pull_request && state_matches(state, it->state) &&
                (head.empty() || it->head == head) && (base.empty() || it->base == base)) {
                items.push_back(pull_json(*it));
            }
        }
        return page_of(request, m_api_base, items, m_options.default_per_page, m_options.max_per_page, "");
    }
    if (rest.size() == 1 && rest[0] == "pulls" && method == "POST") {
        const auto body = body_json();
        if (!body) {
            return bad_json();
        }
        for (const char* field : {"title", "head", "base"}) {
            if (!body->contains(field) || !(*body)[field].is_string() ||
                (*body)[field].get<std::string>().empty()) {
                return missing_field("PullRequest", field);
            }
        }
        std::string head = (*body)["head"].get<std::string>();
        if (const auto colon = head.find(':'); colon != std::string::npos) {
            head = head.substr(colon + 1);
        }
        const std::string base = (*body)["base"].get<std::string>();
        for (const auto& item : m_items) {
            if (item.is_pull_request && item.state == "open" && item.head == head && item.base == base) {
                return validation_failed(
                    {{"resource", "PullRequest"},
                     {"code", "custom"},
                     {"message", "A pull request already exists for " + owner + ":" + head + "."}});
            }
        }
        FakeItem item;
        item.number = m_next_number++;
        item.title = (*body)["title"].get<std::string>();
        item.body = body->value("body", std::string());
        item.is_pull_request = true;
        item.head = head;
        item.base = base;
        m_items.push_back(item);
        return reply(201, pull_json(item));
    }
    if (rest.size() == 2 && rest[0] == "pulls" && method == "GET") {
        const FakeItem* item = find_item(rest[1]);
        return item && item->is_pull_request ? reply(200, pull_json(*item)) : error_reply(404, "Not Found");
    }

    // /issues
    if (rest.size() == 3 && rest[0] == "issues" && rest[1] == "comments") {
        return route_comment(request, rest[2]);
    }
    if (rest.size() == 1 && rest[0] == "issues" && method == "GET") {
        const std::string state = param(request, "state", "open");
        const std::string wanted = param(request, "labels");
        std::vector<json> items;
        for (auto it = m_items.rbegin(); it != m_items.rend(); ++it) { // sort=created, direction=desc
            bool has_all = true;
            if (!wanted.empty()) {
                for (const auto& label : split(wanted, ',')) {
                    has_all =
                        has_all && std::find(it->labels.begin(), it->labels.end(), label) != it->labels.end();
                }
            }
            if (state_matches(state, it->state) && has_all) {
                items.push_back(issue_json(*it));
            }
        }
        return page_of(request, m_api_base, items, m_options.default_per_page, m_options.max_per_page, "");
    }
    if (rest.size() == 1 && rest[0] == "issues" && method == "POST") {
        const auto body = body_json();
        if (!body) {
            return bad_json();
        }
        if (!body->contains("title") || !(*body)["title"].is_string() ||
            (*body)["title"].get<std::string>().empty()) {
            return missing_field("Issue", "title");
        }
        FakeItem item;
        item.number = m_next_number++;
        item.title = (*body)["title"].get<std::string>();
        item.body = body->value("body", std::string());
        for (const auto& label : body->value("labels", json::array())) {
            if (label.is_string()) {
                ensure_label(label.get<std::string>());
                item.labels.push_back(label.get<std::string>());
            }
        }
        m_items.push_back(item);
        return reply(201, issue_json(item));
    }
    if (rest.size() == 2 && rest[0] == "issues" && method == "GET") {
        const FakeItem* item = find_item(rest[1]);
        return item ? reply(200, issue_json(*item)) : error_reply(404, "Not Found");
    }
    if (rest.size() == 3 && rest[0] == "issues" && rest[2] == "labels" && method == "POST") {
        FakeItem* item = find_item(rest[1]);
        if (!item) {
            return error_reply(404, "Not Found");
        }
        std::optional<json> labels;
        try {
            const auto parsed = json::parse(request.body);
            labels = parsed.is_array() ? parsed : parsed.value("labels", json());
        } catch (const json::exception&) {
            return bad_json();
        }
        if (!labels || !labels->is_array()) {
            return validation_failed({{"resource", "Label"}, {"field", "labels"}, {"code", "invalid"}});
        }
        for (const auto& label : *labels) {
            const std::string name = label.is_string() ? label.get<std::string>() : label.value("name", "");
            ensure_label(name);
            if (std::find(item->labels.begin(), item->labels.end(), name) == item->labels.end()) {
                item->labels.push_back(name);
            }
        }
        return reply(200, labels_json(*item));
    }
    if (rest.size() == 3 && rest[0] == "issues" && rest[2] == "comments") {
        FakeItem* item = find_item(rest[1]);
        if (!item) {
            return error_reply(404, "Not Found");
        }
        const auto comment_json = [&](std::size_t index) {
            return github_json::comment_json(repo_api, repo_web, *item, index, m_options.token_login);
        };
        if (method == "GET") {
            std::vector<json> items;
            for (std::size_t i = 0; i < item->comments.size(); ++i) {
                items.push_back(comment_json(i));
            }
            return page_of(request, m_api_base, items, m_options.default_per_page, m_options.max_per_page,
                           "");
        }
        if (method == "POST") {
            const auto body = body_json();
            if (!body) {
                return bad_json();
            }
            if (!body->contains("body") || !(*body)["body"].is_string()) {
                return missing_field("IssueComment", "body");
            }
            if (m_refuse_comment_writes) {
                return error_reply(403, "Resource not accessible by integration");
            }
            item->comments.push_back((*body)["body"].get<std::string>());
            item->comment_authors.resize(item->comments.size()); // "": the token's own
            return reply(201, comment_json(item->comments.size() - 1));
        }
    }

    // /labels
    if (rest.size() == 1 && rest[0] == "labels" && method == "POST") {
        const auto body = body_json();
        if (!body) {
            return bad_json();
        }
        if (!body->contains("name") || !(*body)["name"].is_string() ||
            (*body)["name"].get<std::string>().empty()) {
            return missing_field("Label", "name");
        }
        const std::string name = (*body)["name"].get<std::string>();
        for (const auto& label : m_labels) {
            if (Poco::icompare(label.name, name) == 0) {
                return validation_failed(
                    {{"resource", "Label"}, {"code", "already_exists"}, {"field", "name"}});
            }
        }
        m_labels.push_back(
            {name, body->value("color", std::string("ededed")), body->value("description", std::string())});
        return reply(201, label_json(name));
    }

    // /actions
    if (rest.size() == 4 && rest[0] == "actions" && rest[1] == "workflows" && rest[3] == "dispatches" &&
        method == "POST") {
        if (!m_workflows.empty() &&
            std::find(m_workflows.begin(), m_workflows.end(), rest[2]) == m_workflows.end()) {
            return error_reply(404, "Not Found");
        }
        const auto body = body_json();
        if (!body) {
            return bad_json();
        }
        if (!body->contains("ref") || !(*body)["ref"].is_string() ||
            (*body)["ref"].get<std::string>().empty()) {
            return error_reply(422, "Invalid request.\n\n\"ref\" wasn't supplied.");
        }
        const std::string ref = (*body)["ref"].get<std::string>();
        m_dispatches.push_back({rest[2], ref});
        // The run it starts builds the ref's head at this moment.
        FakeWorkflowRun run;
        run.id = m_next_workflow_run_id++;
        run.workflow = rest[2];
        run.head_branch = ref;
        run.head_sha = m_resolve_ref ? m_resolve_ref(ref) : "";
        m_workflow_runs.push_back(run);
        ServedResponse accepted;
        accepted.status = 204;
        return accepted;
    }
    // GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs, filtered by branch, event, status and
    // head_sha, newest first: {"total_count": n, "workflow_runs": [...]}
    // (https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow).
    if (rest.size() == 4 && rest[0] == "actions" && rest[1] == "workflows" && rest[3] == "runs" &&
        method == "GET") {
        if (!m_workflows.empty() &&
            std::find(m_workflows.begin(), m_workflows.end(), rest[2]) == m_workflows.end()) {
            return error_reply(404, "Not Found");
        }
        const std::string branch = param(request, "branch");
        const std::string event = param(request, "event");
        const std::string status = param(request, "status");
        const std::string head_sha = param(request, "head_sha");
        std::vector<json> items;
        for (auto it = m_workflow_runs.rbegin(); it != m_workflow_runs.rend(); ++it) {
            if (it->workflow != rest[2] || (!branch.empty() && it->head_branch != branch) ||
                (!event.empty() && it->event != event) || (!status.empty() && it->status != status) ||
                (!head_sha.empty() && it->head_sha != head_sha)) {
                continue;
            }
            const std::string id = std::to_string(it->id);
            items.push_back({{"id", it->id},
                             {"name", "CI"},
                             {"head_branch", it->head_branch},
                             {"head_sha", it->head_sha},
                             {"path", ".github/workflows/" + it->workflow},
                             {"run_attempt", it->run_attempt},
                             {"event", it->event},
                             {"status", it->status},
                             {"conclusion", it->conclusion.empty() ? json(nullptr) : json(it->conclusion)},
                             {"url", repo_api + "/actions/runs/" + id},
                             {"html_url", repo_web + "/actions/runs/" + id}});
        }
        return page_of(request, m_api_base, items, m_options.default_per_page, m_options.max_per_page,
                       "workflow_runs");
    }
    if (rest.size() == 4 && rest[0] == "actions" && rest[1] == "runs" && rest[3] == "jobs" &&
        method == "GET") {
        for (const auto& run : m_runs) {
            if (std::to_string(run.id) != rest[2]) {
                continue;
            }
            std::vector<json> items;
            for (const auto& job : run.jobs) {
                items.push_back(
                    {{"id", job.id},
                     {"run_id", run.id},
                     {"run_url", repo_api + "/actions/runs/" + rest[2]},
                     {"html_url", repo_web + "/actions/runs/" + rest[2] + "/job/" + std::to_string(job.id)},
                     {"status", job.conclusion.empty() ? "in_progress" : "completed"},
                     {"conclusion", job.conclusion.empty() ? json(nullptr) : json(job.conclusion)},
                     {"name", job.name},
                     {"workflow_name", "CI"},
                     {"labels", json::array({"ubuntu-latest"})},
                     {"runner_name", job.runner_name.empty() ? json(nullptr) : json(job.runner_name)},
                     {"steps", steps_json(job)}});
            }
            return page_of(request, m_api_base, items, m_options.default_per_page, m_options.max_per_page,
                           "jobs");
        }
        return error_reply(404, "Not Found");
    }
    // POST /actions/runs/{id}/rerun-failed-jobs: 201 {} for a finished run; 403 "This workflow is already
    // running" while it is in progress (as GitHub answers, cli/cli#9221); 404 for an unknown run. A run
    // known from the runs list goes back to `queued`, its next attempt.
    if (rest.size() == 4 && rest[0] == "actions" && rest[1] == "runs" && rest[3] == "rerun-failed-jobs" &&
        method == "POST") {
        const auto listed =
            std::find_if(m_workflow_runs.begin(), m_workflow_runs.end(),
                         [&](const FakeWorkflowRun& run) { return std::to_string(run.id) == rest[2]; });
        const bool has_jobs = std::any_of(m_runs.begin(), m_runs.end(),
                                          [&](const Run& run) { return std::to_string(run.id) == rest[2]; });
        if (listed == m_workflow_runs.end() && !has_jobs) {
            return error_reply(404, "Not Found");
        }
        if (listed != m_workflow_runs.end()) {
            if (listed->status != "completed") {
                return error_reply(403, "This workflow is already running");
            }
            listed->status = "queued";
            listed->conclusion.clear();
            ++listed->run_attempt;
        }
        m_reruns.push_back(std::stoull(rest[2]));
        return reply(201, json::object());
    }
    if (rest.size() == 4 && rest[0] == "actions" && rest[1] == "jobs" && rest[3] == "logs" &&
        method == "GET") {
        for (const auto& run : m_runs) {
            for (const auto& job : run.jobs) {
                if (std::to_string(job.id) == rest[2]) {
                    ServedResponse redirect;
                    redirect.status = 302;
                    redirect.headers.emplace_back("Location",
                                                  m_blob->url() + "/job-logs/" + rest[2] +
                                                      ".txt?sv=2021-08-06&se=2099-01-01&sig=fake-signature");
                    return redirect;
                }
            }
        }
        return error_reply(404, "Not Found");
    }
    return error_reply(404, "Not Found");
}

} // namespace autofix::testing
