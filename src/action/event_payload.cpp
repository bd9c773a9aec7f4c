#include "action/event_payload.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace autofix::action {
namespace {

using nlohmann::json;

// The string at `path` under `value` (numbers as their decimal text); "" when absent or null.
std::string text_at(const json& value, std::initializer_list<const char*> path) {
    const json* node = &value;
    for (const char* key : path) {
        if (!node->is_object()) {
            return {};
        }
        const auto found = node->find(key);
        if (found == node->end()) {
            return {};
        }
        node = &*found;
    }
    if (node->is_string()) {
        return node->get<std::string>();
    }
    if (node->is_number_integer()) {
        return std::to_string(node->get<long long>());
    }
    return {};
}

int number_at(const json& value, std::initializer_list<const char*> path, int fallback) {
    const std::string text = text_at(value, path);
    int number = 0;
    const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), number);
    return code == std::errc() && end == text.data() + text.size() ? number : fallback;
}

} // namespace

core::Status read_event_payload(std::string_view text, core::EventFacts& facts) {
    const json payload = json::parse(text, nullptr, false);
    if (!payload.is_object()) {
        return core::make_error(core::ErrorKind::config, "the event payload is not a JSON object");
    }
    if (const auto pull = payload.find("pull_request"); pull != payload.end() && pull->is_object()) {
        core::PullRequestEvent event;
        event.number = number_at(*pull, {"number"}, 0);
        event.head_ref = text_at(*pull, {"head", "ref"});
        event.head_sha = text_at(*pull, {"head", "sha"});
        event.head_repository = text_at(*pull, {"head", "repo", "full_name"});
        event.base_ref = text_at(*pull, {"base", "ref"});
        event.base_repository = text_at(*pull, {"base", "repo", "full_name"});
        facts.pull_request = std::move(event);
    }
    if (const auto run = payload.find("workflow_run"); run != payload.end() && run->is_object()) {
        core::WorkflowRunEvent event;
        event.id = text_at(*run, {"id"});
        event.run_attempt = number_at(*run, {"run_attempt"}, 1);
        event.path = text_at(*run, {"path"});
        event.head_branch = text_at(*run, {"head_branch"});
        event.head_sha = text_at(*run, {"head_sha"});
        event.conclusion = text_at(*run, {"conclusion"});
        event.head_repository = text_at(*run, {"head_repository", "full_name"});
        facts.workflow_run = std::move(event);
    }
    if (const auto group = payload.find("merge_group"); group != payload.end() && group->is_object()) {
        core::MergeGroupEvent event;
        event.head_sha = text_at(*group, {"head_sha"});
        event.head_ref = text_at(*group, {"head_ref"});
        event.base_ref = text_at(*group, {"base_ref"});
        facts.merge_group = std::move(event);
    }
    return {};
}

core::Expected<core::EventFacts> read_event_facts(const Environment& environment) {
    core::EventFacts facts;
    facts.name = environment.value_or("GITHUB_EVENT_NAME", "");
    facts.repository = environment.value_or("GITHUB_REPOSITORY", "");
    facts.ref_name = environment.value_or("GITHUB_REF_NAME", "");
    facts.head_ref = environment.value_or("GITHUB_HEAD_REF", "");
    facts.sha = environment.value_or("GITHUB_SHA", "");
    facts.run_id = environment.value_or("GITHUB_RUN_ID", "");
    facts.workflow_ref = environment.value_or("GITHUB_WORKFLOW_REF", "");
    const std::string attempt = environment.value_or("GITHUB_RUN_ATTEMPT", "1");
    if (std::from_chars(attempt.data(), attempt.data() + attempt.size(), facts.run_attempt).ec !=
        std::errc()) {
        facts.run_attempt = 1;
    }
    const std::string path = environment.value_or("GITHUB_EVENT_PATH", "");
    std::error_code missing;
    if (path.empty() || !std::filesystem::exists(path, missing)) {
        return facts;
    }
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    if (!file && !file.eof()) {
        return core::make_error(core::ErrorKind::config, "cannot read the event payload " + path);
    }
    if (const core::Status read = read_event_payload(text.str(), facts); !read) {
        return core::with_context(read.error(), "GITHUB_EVENT_PATH " + path);
    }
    return facts;
}

} // namespace autofix::action
