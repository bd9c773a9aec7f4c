#include "action/event_payload.hpp"

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <vector>

namespace autofix::action {
namespace {

using nlohmann::json;

// Reads the fields of one payload, keeping the first field whose type or shape is wrong.
class FieldReader {
public:
    // The string at `path` under `value` (whole numbers as their decimal text); "" when absent or null. A
    // value of another type is an error, named by its dotted path.
    std::string text(const json& value, std::initializer_list<const char*> path, const std::string& where) {
        const json* node = &value;
        std::string name = where;
        for (const char* key : path) {
            name += std::string(".") + key;
            if (node->is_null()) {
                return {};
            }
            if (!node->is_object()) {
                fail(name.substr(0, name.rfind('.')) + " is not an object");
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
        if (!node->is_null()) {
            fail(name + " is not a string");
        }
        return {};
    }

    // The same for a commit id: empty, or 40 (SHA-1) or 64 (SHA-256) hexadecimal digits.
    std::string commit(const json& value, std::initializer_list<const char*> path, const std::string& where) {
        std::string sha = text(value, path, where);
        const bool hex = sha.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
        if (!sha.empty() && (!hex || (sha.size() != 40 && sha.size() != 64))) {
            std::string name = where;
            for (const char* key : path) {
                name += std::string(".") + key;
            }
            fail(name + " is not a commit id: " + sha.substr(0, 80));
        }
        return sha;
    }

    // The whole number at `path`, or `fallback` when absent; another value is an error.
    int number(const json& value, std::initializer_list<const char*> path, const std::string& where,
               int fallback) {
        const std::string digits = text(value, path, where);
        if (digits.empty()) {
            return fallback;
        }
        int result = 0;
        const auto [end, code] = std::from_chars(digits.data(), digits.data() + digits.size(), result);
        if (code != std::errc() || end != digits.data() + digits.size()) {
            fail(where + "." + *std::prev(path.end()) + " is not a whole number");
            return fallback;
        }
        return result;
    }

    // The first problem found, if any.
    const std::optional<std::string>& problem() const { return m_problem; }

private:
    void fail(std::string message) {
        if (!m_problem) {
            m_problem = std::move(message);
        }
    }

    std::optional<std::string> m_problem;
};

// The names of a `labels` array of label objects (`[{"name": ...}]`); other entries are skipped.
std::vector<std::string> label_names(const json& owner) {
    std::vector<std::string> names;
    const auto labels = owner.find("labels");
    if (labels == owner.end() || !labels->is_array()) {
        return names;
    }
    for (const json& label : *labels) {
        if (label.is_object()) {
            if (const auto name = label.find("name"); name != label.end() && name->is_string()) {
                names.push_back(name->get<std::string>());
            }
        }
    }
    return names;
}

// The comment of an `issue_comment` or `pull_request_review_comment` payload: the comment, its author, and
// the issue or pull request it is on (GitHub's webhook payloads: `comment`, `issue`, `pull_request`).
core::CommentEvent read_comment(const json& payload, const json& comment, const std::string& event_name,
                                FieldReader& read) {
    core::CommentEvent event;
    event.event_name = event_name;
    event.action = read.text(payload, {"action"}, "payload");
    const std::string id = read.text(comment, {"id"}, "comment");
    std::from_chars(id.data(), id.data() + id.size(), event.comment_id);
    event.body = read.text(comment, {"body"}, "comment");
    event.author_login = read.text(comment, {"user", "login"}, "comment");
    event.author_type = read.text(comment, {"user", "type"}, "comment");
    event.html_url = read.text(comment, {"html_url"}, "comment");
    if (const auto issue = payload.find("issue"); issue != payload.end() && issue->is_object()) {
        event.number = static_cast<std::uint64_t>(read.number(*issue, {"number"}, "issue", 0));
        // An issue that is a pull request carries a `pull_request` object of links.
        const auto links = issue->find("pull_request");
        event.on_pull_request = links != issue->end() && links->is_object();
        event.labels = label_names(*issue);
    } else if (const auto pull = payload.find("pull_request"); pull != payload.end() && pull->is_object()) {
        event.number = static_cast<std::uint64_t>(read.number(*pull, {"number"}, "pull_request", 0));
        event.on_pull_request = true;
        event.labels = label_names(*pull);
        event.head_ref = read.text(*pull, {"head", "ref"}, "pull_request");
    }
    return event;
}

} // namespace

core::Status read_event_payload(std::string_view text, core::EventFacts& facts) {
    json payload;
    try {
        payload = json::parse(text);
    } catch (const json::parse_error& error) {
        return core::make_error(core::ErrorKind::config, "the event payload is not valid JSON (byte " +
                                                             std::to_string(error.byte) + ")");
    }
    if (!payload.is_object()) {
        return core::make_error(core::ErrorKind::config, "the event payload is not a JSON object");
    }
    FieldReader read;
    if (const auto pull = payload.find("pull_request"); pull != payload.end() && pull->is_object()) {
        core::PullRequestEvent event;
        const std::string where = "pull_request";
        event.number = read.number(*pull, {"number"}, where, 0);
        event.head_ref = read.text(*pull, {"head", "ref"}, where);
        event.head_sha = read.commit(*pull, {"head", "sha"}, where);
        event.head_repository = read.text(*pull, {"head", "repo", "full_name"}, where);
        event.base_ref = read.text(*pull, {"base", "ref"}, where);
        event.base_repository = read.text(*pull, {"base", "repo", "full_name"}, where);
        facts.pull_request = std::move(event);
    }
    if (const auto run = payload.find("workflow_run"); run != payload.end() && run->is_object()) {
        core::WorkflowRunEvent event;
        const std::string where = "workflow_run";
        event.id = read.text(*run, {"id"}, where);
        event.run_attempt = read.number(*run, {"run_attempt"}, where, 1);
        event.path = read.text(*run, {"path"}, where);
        event.head_branch = read.text(*run, {"head_branch"}, where);
        event.head_sha = read.commit(*run, {"head_sha"}, where);
        event.conclusion = read.text(*run, {"conclusion"}, where);
        event.head_repository = read.text(*run, {"head_repository", "full_name"}, where);
        // pull_requests: [{"number", "head": {"ref", "sha", "repo"}, "base": {...}}], empty for forks' PRs.
        if (const auto pulls = run->find("pull_requests"); pulls != run->end() && pulls->is_array()) {
            for (const auto& pull : *pulls) {
                if (pull.is_object() && read.text(pull, {"head", "ref"}, where) == event.head_branch) {
                    event.pull_request = read.number(pull, {"number"}, where + ".pull_requests[]", 0);
                    break;
                }
            }
        }
        facts.workflow_run = std::move(event);
    }
    if (const auto group = payload.find("merge_group"); group != payload.end() && group->is_object()) {
        core::MergeGroupEvent event;
        const std::string where = "merge_group";
        event.head_sha = read.commit(*group, {"head_sha"}, where);
        event.head_ref = read.text(*group, {"head_ref"}, where);
        event.base_ref = read.text(*group, {"base_ref"}, where);
        facts.merge_group = std::move(event);
    }
    if (const auto comment = payload.find("comment"); comment != payload.end() && comment->is_object()) {
        facts.comment = read_comment(payload, *comment, facts.name, read);
    }
    if (read.problem()) {
        return core::make_error(core::ErrorKind::config, "the event payload's " + *read.problem());
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
    if (path.empty()) {
        return facts; // a local run: the GITHUB_* variables alone
    }
    if (std::error_code missing; !std::filesystem::is_regular_file(path, missing)) {
        return core::make_error(
            core::ErrorKind::config,
            "GITHUB_EVENT_PATH names " + path +
                ", which is not a file: unset it for a local run, or point it at the event's "
                "JSON payload");
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
