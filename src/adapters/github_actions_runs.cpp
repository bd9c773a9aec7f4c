// The GitHubClient's operations on workflow runs used by the triage: the jobs of a run with their steps and
// runners, and re-running a run's failed jobs.
#include "adapters/github_client.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

using nlohmann::json;

std::string text_of(const json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

bool is_run_id(const std::string& run_id) {
    return !run_id.empty() &&
           std::all_of(run_id.begin(), run_id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

core::Expected<std::vector<ports::WorkflowJob>> GitHubClient::list_run_jobs(const std::string& run_id) {
    const std::string context = "listing the jobs of run " + run_id;
    if (!is_run_id(run_id)) {
        return core::make_error(core::ErrorKind::invalid_input, context + ": run id is not a number");
    }
    std::vector<ports::WorkflowJob> jobs;
    // GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs: {"total_count", "jobs": [{"id", "name", "status",
    // "conclusion", "runner_name", "steps": [{"name", "status", "conclusion", "number"}]}]}.
    const std::string url =
        m_api.url(m_api.repo_path() + "/actions/runs/" + run_id + "/jobs", "filter=latest&per_page=100");
    const auto listed = m_api.for_each_page(url, [&](const json& page) -> core::Expected<bool> {
        try {
            for (const auto& item : page.at("jobs")) {
                ports::WorkflowJob job;
                job.id = item.at("id").get<std::uint64_t>();
                job.name = text_of(item, "name");
                job.status = text_of(item, "status");
                job.conclusion = text_of(item, "conclusion");
                job.runner_name = text_of(item, "runner_name");
                if (const auto steps = item.find("steps"); steps != item.end() && steps->is_array()) {
                    for (const auto& step : *steps) {
                        job.steps.push_back({text_of(step, "name"), text_of(step, "conclusion")});
                    }
                }
                jobs.push_back(std::move(job));
            }
        } catch (const json::exception& error) {
            return core::make_error(core::ErrorKind::http,
                                    "unexpected jobs JSON: " + std::string(error.what()));
        }
        return true;
    });
    if (!listed) {
        return m_api.fail(listed.error(), context);
    }
    return jobs;
}

core::Status GitHubClient::rerun_failed_jobs(const std::string& run_id) {
    const std::string context = "re-running the failed jobs of run " + run_id;
    if (!is_run_id(run_id)) {
        return core::make_error(core::ErrorKind::invalid_input, context + ": run id is not a number");
    }
    // POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs answers 201 Created. While the run
    // is still in progress GitHub refuses with 403 Forbidden, {"message": "This workflow is already
    // running"} (reproduced in cli/cli#9221, "gh run rerun --failed fails ... when workflow not finished
    // yet"), which is why a job of the failing run itself dispatches the workflow instead.
    const auto response =
        m_api.send({"POST", m_api.url(m_api.repo_path() + "/actions/runs/" + run_id + "/rerun-failed-jobs"),
                    "{}", "", Replay::status_only});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 201) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    return {};
}

} // namespace autofix::adapters
