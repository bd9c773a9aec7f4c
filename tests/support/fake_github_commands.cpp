// The endpoints of FakeGitHub that `/autofix` comment commands use, with GitHub's shapes: a user's
// permission on the repository (GET .../collaborators/{username}/permission: 200 {permission, role_name,
// user}, 404 for a user who is not a collaborator) and the branches matching a prefix (GET
// .../git/matching-refs/heads/{prefix}: an array of refs, empty when none matches), and replies in a review
// comment's thread (POST .../pulls/{pull_number}/comments/{comment_id}/replies {"body"}: 201 with the review
// comment, 404 when the comment is not a review comment of that pull request).
#include "support/fake_github.hpp"
#include "support/fake_github_json.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace autofix::testing {
namespace {

using nlohmann::json;

std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// The legacy `permission` GitHub reports beside `role_name`: maintain reads as write, triage as read.
std::string legacy_permission(const std::string& role, const std::string& custom_base) {
    if (role == "admin") {
        return "admin";
    }
    if (role == "maintain" || role == "write") {
        return "write";
    }
    if (role == "triage" || role == "read") {
        return "read";
    }
    return legacy_permission(custom_base, "read");
}

} // namespace

void FakeGitHub::set_collaborator(const std::string& login, const std::string& role,
                                  const std::string& custom_base) {
    std::lock_guard lock(m_mutex);
    m_collaborators.push_back({login, {role, custom_base}});
}

void FakeGitHub::set_branch_lister(std::function<std::vector<std::string>()> list) {
    std::lock_guard lock(m_mutex);
    m_list_branches = std::move(list);
}

std::uint64_t FakeGitHub::add_review_comment(std::uint64_t number) {
    std::lock_guard lock(m_mutex);
    for (auto& item : m_items) {
        if (item.number == number && item.is_pull_request) {
            item.review_comments.push_back(3000000000ULL + number * 1000 + item.review_comments.size());
            return item.review_comments.back();
        }
    }
    throw std::out_of_range("the fake GitHub has no pull request #" + std::to_string(number));
}

std::optional<ServedResponse> FakeGitHub::route_commands(const RecordedRequest& request,
                                                         const std::string& path) {
    const auto parts = segments(path);
    if (parts.size() < 5 || parts[0] != "repos" || parts[1] + "/" + parts[2] != m_options.repository) {
        return std::nullopt;
    }
    const std::string repo_api = m_api_base + m_options.path_prefix + "/repos/" + m_options.repository;
    if (request.method == "POST" && parts.size() == 8 && parts[3] == "pulls" && parts[5] == "comments" &&
        parts[7] == "replies") {
        const auto item = std::find_if(m_items.begin(), m_items.end(), [&](const FakeItem& candidate) {
            return candidate.is_pull_request && std::to_string(candidate.number) == parts[4];
        });
        if (item == m_items.end() || std::find(item->review_comments.begin(), item->review_comments.end(),
                                               std::stoull("0" + parts[6])) == item->review_comments.end()) {
            return github_json::error_reply(404, "Not Found");
        }
        const json body = json::parse(request.body, nullptr, false);
        if (!body.is_object() || !body.contains("body") || !body["body"].is_string()) {
            return github_json::error_reply(422, "Invalid request.\n\n\"body\" wasn't supplied.");
        }
        if (m_refuse_comment_writes) {
            return github_json::error_reply(403, "Resource not accessible by integration");
        }
        const std::uint64_t in_reply_to = std::stoull(parts[6]);
        item->review_replies.emplace_back(in_reply_to, body["body"].get<std::string>());
        const std::uint64_t id = 4000000000ULL + item->number * 1000 + item->review_replies.size();
        return github_json::reply(201,
                                  {{"id", id},
                                   {"in_reply_to_id", in_reply_to},
                                   {"pull_request_review_id", 1},
                                   {"body", body["body"]},
                                   {"url", repo_api + "/pulls/comments/" + std::to_string(id)},
                                   {"html_url", m_options.web_url + "/" + m_options.repository + "/pull/" +
                                                    parts[4] + "#discussion_r" + std::to_string(id)},
                                   {"user", {{"login", m_options.token_login}, {"type", "Bot"}}}});
    }
    if (request.method != "GET") {
        return std::nullopt;
    }
    if (parts.size() == 6 && parts[3] == "collaborators" && parts[5] == "permission") {
        const std::string& login = parts[4];
        for (auto it = m_collaborators.rbegin(); it != m_collaborators.rend(); ++it) {
            if (it->first == login) {
                const auto& [role, base] = it->second;
                return github_json::reply(200, {{"permission", legacy_permission(role, base)},
                                                {"role_name", role},
                                                {"user", {{"login", login}, {"type", "User"}}}});
            }
        }
        return github_json::error_reply(404, "Not Found");
    }
    if (parts.size() >= 6 && parts[3] == "git" && parts[4] == "matching-refs" && parts[5] == "heads") {
        std::string prefix;
        for (std::size_t index = 6; index < parts.size(); ++index) {
            prefix += (index > 6 ? "/" : "") + parts[index];
        }
        json refs = json::array();
        const auto branches = m_list_branches ? m_list_branches() : std::vector<std::string>{};
        for (const std::string& branch : branches) {
            if (!branch.starts_with(prefix)) {
                continue;
            }
            const std::string sha = m_resolve_ref ? m_resolve_ref(branch) : std::string(40, '0');
            refs.push_back(
                {{"ref", "refs/heads/" + branch},
                 {"node_id", "REF_" + branch},
                 {"url", repo_api + "/git/refs/heads/" + branch},
                 {"object", {{"sha", sha}, {"type", "commit"}, {"url", repo_api + "/git/commits/" + sha}}}});
        }
        return github_json::reply(200, refs);
    }
    return std::nullopt;
}

} // namespace autofix::testing
