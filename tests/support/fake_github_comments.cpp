// FakeGitHub's single-comment endpoint (GET, PATCH and DELETE /repos/{owner}/{repo}/issues/comments/{id}),
// GraphQL's `viewer`, and the seeding of comments by other authors.
#include "support/fake_github.hpp"
#include "support/fake_github_json.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace autofix::testing {

using nlohmann::json;

using github_json::error_reply;
using github_json::reply;

std::uint64_t FakeGitHub::add_comment(std::uint64_t number, const std::string& author,
                                      const std::string& body) {
    std::lock_guard lock(m_mutex);
    for (auto& item : m_items) {
        if (item.number == number) {
            item.comments.push_back(body);
            item.comment_authors.resize(item.comments.size() - 1);
            item.comment_authors.push_back(author);
            return github_json::comment_id(number, item.comments.size() - 1);
        }
    }
    throw std::out_of_range("the fake GitHub has no issue or pull request #" + std::to_string(number));
}

void FakeGitHub::refuse_comment_writes(bool refuse) {
    std::lock_guard lock(m_mutex);
    m_refuse_comment_writes = refuse;
}

// GET answers the comment; PATCH {"body"} replaces its body and answers 200 with it; DELETE removes it (204).
// Like GitHub, the fake lets the token edit anyone's comment (write access may edit others' comments): only a
// token without the permission is refused, with 403.
ServedResponse FakeGitHub::route_comment(const RecordedRequest& request, const std::string& comment_id) {
    const std::string repo_api = m_api_base + m_options.path_prefix + "/repos/" + m_options.repository;
    const std::string repo_web = m_options.web_url + "/" + m_options.repository;
    const bool numeric =
        !comment_id.empty() && comment_id.size() < 19 &&
        std::all_of(comment_id.begin(), comment_id.end(), [](char c) { return c >= '0' && c <= '9'; });
    FakeItem* item = nullptr;
    std::size_t index = 0;
    if (numeric) {
        const std::uint64_t id = std::stoull(comment_id);
        for (auto& candidate : m_items) {
            if (candidate.number == id / 1000 && id % 1000 < candidate.comments.size()) {
                item = &candidate;
                index = id % 1000;
            }
        }
    }
    if (item == nullptr) {
        return error_reply(404, "Not Found");
    }
    if (request.method == "GET") {
        return reply(200, github_json::comment_json(repo_api, repo_web, *item, index, m_options.token_login));
    }
    if (request.method == "DELETE") {
        // As GitHub: 204 with no body. The fake numbers comments by position, so later comments' ids shift.
        if (m_refuse_comment_writes) {
            return error_reply(403, "Resource not accessible by integration");
        }
        item->comments.erase(item->comments.begin() + static_cast<std::ptrdiff_t>(index));
        if (index < item->comment_authors.size()) {
            item->comment_authors.erase(item->comment_authors.begin() + static_cast<std::ptrdiff_t>(index));
        }
        ServedResponse deleted = reply(204, nullptr);
        deleted.body.clear();
        return deleted;
    }
    if (request.method != "PATCH") {
        return error_reply(404, "Not Found");
    }
    json body;
    try {
        body = json::parse(request.body);
    } catch (const json::exception&) {
        return error_reply(400, "Problems parsing JSON");
    }
    if (!body.is_object() || !body.contains("body") || !body["body"].is_string()) {
        return error_reply(
            422, "Validation Failed",
            json::array({{{"resource", "IssueComment"}, {"field", "body"}, {"code", "missing_field"}}}));
    }
    if (m_refuse_comment_writes) {
        return error_reply(403, "Resource not accessible by integration");
    }
    item->comments[index] = body["body"].get<std::string>();
    return reply(200, github_json::comment_json(repo_api, repo_web, *item, index, m_options.token_login));
}

// POST /graphql {"query"}: only `viewer { login }` is known; anything else gets GraphQL's error shape.
ServedResponse FakeGitHub::route_graphql(const RecordedRequest& request) {
    if (request.method != "POST") {
        return error_reply(404, "Not Found");
    }
    std::string query;
    try {
        query = json::parse(request.body).value("query", std::string());
    } catch (const json::exception&) {
        return error_reply(400, "Problems parsing JSON");
    }
    if (query.find("viewer") == std::string::npos || query.find("login") == std::string::npos) {
        return reply(
            200,
            json{{"errors", json::array({{{"message", "the fake GitHub knows only viewer { login }"}}})}});
    }
    return reply(200, json{{"data", {{"viewer", {{"login", m_options.token_login}}}}}});
}

} // namespace autofix::testing
