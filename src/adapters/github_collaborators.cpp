// The GitHubClient's look-ups for `/autofix` comment commands: the commenter's permission on the repository,
// a pull request by number (an issue comment's payload does not name the branch) and the fix branches.
#include "adapters/github_client.hpp"

#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

using nlohmann::json;

constexpr std::string_view heads = "refs/heads/";

// A GitHub login: letters, digits and hyphens (bots add `[bot]`); anything else cannot go into a path.
bool is_login(const std::string& login) {
    if (login.empty() || login.size() > 100) {
        return false;
    }
    for (const char c : login) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '_' || c == '[' || c == ']' || c == '.';
        if (!plain) {
            return false;
        }
    }
    return true;
}

} // namespace

// GET /repos/{owner}/{repo}/collaborators/{username}/permission: {"permission":
// "admin"|"write"|"read"|"none", "role_name": "admin"|"maintain"|"write"|"triage"|"read"|<custom>, "user":
// {...}}; 404 when the user is not a collaborator (or does not exist), which is no permission at all.
core::Expected<ports::RepositoryPermission> GitHubClient::repository_permission(const std::string& login) {
    const std::string context = "reading the repository permission of @" + login;
    if (!is_login(login)) {
        return core::make_error(core::ErrorKind::invalid_input, context + ": not a GitHub login");
    }
    const std::string url =
        m_api.url(m_api.repo_path() + "/collaborators/" + url_encode(login) + "/permission");
    auto response = m_api.send({"GET", url, "", "", Replay::safe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status == 404) {
        return ports::RepositoryPermission{"none", ""};
    }
    if (response->status != 200) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    auto parsed = parse_json(response->body, "the permission");
    if (!parsed || !parsed->is_object()) {
        return m_api.fail(parsed ? core::make_error(core::ErrorKind::http, "the permission is not an object")
                                 : parsed.error(),
                          context);
    }
    ports::RepositoryPermission permission;
    if (const auto found = parsed->find("permission"); found != parsed->end() && found->is_string()) {
        permission.permission = found->get<std::string>();
    }
    if (const auto found = parsed->find("role_name"); found != parsed->end() && found->is_string()) {
        permission.role_name = found->get<std::string>();
    }
    return permission;
}

// GET /repos/{owner}/{repo}/pulls/{pull_number}.
core::Expected<ports::PullRequest> GitHubClient::get_pull_request(std::uint64_t number) {
    const std::string context = "reading pull request #" + std::to_string(number);
    auto response = m_api.send(
        {"GET", m_api.url(m_api.repo_path() + "/pulls/" + std::to_string(number)), "", "", Replay::safe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 200) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    auto parsed = parse_json(response->body, "the pull request");
    if (!parsed) {
        return m_api.fail(parsed.error(), context);
    }
    auto pull = to_pull_request(*parsed);
    if (!pull) {
        return m_api.fail(pull.error(), context);
    }
    return pull;
}

// GET /repos/{owner}/{repo}/git/matching-refs/heads/{prefix}: [{"ref": "refs/heads/...", "object": {...}}],
// an empty array when no branch matches.
core::Expected<std::vector<std::string>> GitHubClient::list_branches(const std::string& prefix) {
    const std::string context = "listing the branches " + prefix + "*";
    std::vector<std::string> names;
    const std::string url = m_api.url(m_api.repo_path() + "/git/matching-refs/heads/" + url_encode(prefix));
    const auto listed = m_api.for_each_page(url, [&](const json& page) -> core::Expected<bool> {
        if (!page.is_array()) {
            return core::make_error(core::ErrorKind::http, "the ref list is not an array");
        }
        for (const auto& item : page) {
            if (!item.is_object()) {
                continue;
            }
            const std::string ref = item.value("ref", std::string());
            if (ref.starts_with(heads)) {
                names.push_back(ref.substr(heads.size()));
            }
        }
        return true;
    });
    if (!listed) {
        return m_api.fail(listed.error(), context);
    }
    return names;
}

} // namespace autofix::adapters
