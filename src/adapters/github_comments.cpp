// The GitHubClient's comment operations: posting a comment or a reply in a review thread, and behind the
// progress comment, listing an issue's or pull request's comments, editing one, and asking who the token is.
#include "adapters/github_client.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

using nlohmann::json;

// True when the failure leaves open whether a write took effect: no answer, or a 5xx.
bool is_ambiguous(const core::Expected<ports::HttpResponse>& response) {
    return response ? response->status >= 500 : response.error().kind == core::ErrorKind::network;
}

// GET /repos/{owner}/{repo}/issues/{number}/comments and PATCH .../issues/comments/{id} answer comments as
// {"id", "body", "html_url", "user": {"login", "type"} | null, "performed_via_github_app": {...} | null}.
core::Expected<ports::IssueComment> to_comment(const json& item) {
    try {
        ports::IssueComment comment;
        comment.id = item.at("id").get<std::uint64_t>();
        comment.body = item.value("body", std::string());
        comment.html_url = item.value("html_url", std::string());
        if (const auto user = item.find("user"); user != item.end() && user->is_object()) {
            comment.author = user->value("login", std::string());
        }
        return comment;
    } catch (const json::exception& error) {
        return core::make_error(core::ErrorKind::http,
                                "unexpected comment JSON: " + std::string(error.what()));
    }
}

// The GraphQL endpoint beside the REST root: https://api.github.com/graphql on github.com, and
// https://HOST/api/graphql on GitHub Enterprise Server, whose REST root is https://HOST/api/v3.
std::string graphql_url(const std::string& api_url) {
    constexpr std::string_view v3 = "/api/v3";
    if (api_url.ends_with(v3)) {
        return api_url.substr(0, api_url.size() - v3.size()) + "/api/graphql";
    }
    return api_url + "/graphql";
}

} // namespace

core::Expected<std::optional<ports::IssueComment>> GitHubClient::find_comment(std::uint64_t number,
                                                                              const std::string& body) {
    std::optional<ports::IssueComment> found;
    const std::string url =
        m_api.url(m_api.repo_path() + "/issues/" + std::to_string(number) + "/comments", "per_page=100");
    const auto status = m_api.for_each_page(url, [&](const json& page) -> core::Expected<bool> {
        for (const auto& item : page) {
            if (item.is_object() && item.value("body", std::string()) == body) {
                auto comment = to_comment(item);
                if (!comment) {
                    return comment.error();
                }
                found = std::move(*comment);
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

core::Expected<ports::IssueComment> GitHubClient::post_comment(std::uint64_t number,
                                                               const std::string& body) {
    const std::string context = "commenting on #" + std::to_string(number);
    // POST /repos/{owner}/{repo}/issues/{number}/comments {"body"} answers 201 with the comment.
    const json payload = {{"body", body}};
    const ApiRequest request{"POST",
                             m_api.url(m_api.repo_path() + "/issues/" + std::to_string(number) + "/comments"),
                             payload.dump(), "", Replay::unsafe};
    std::chrono::milliseconds waited{0};
    auto response = m_api.send(request);
    for (int resend = 0; is_ambiguous(response); ++resend) {
        auto existing = find_comment(number, body);
        if (!existing) {
            return m_api.fail(existing.error(), context + " (checking for it after a failure)");
        }
        if (*existing) {
            return std::move(**existing);
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
    auto parsed = parse_json(response->body, "the new comment");
    if (!parsed) {
        return m_api.fail(parsed.error(), context);
    }
    auto comment = to_comment(*parsed);
    return comment ? comment : m_api.fail(comment.error(), context);
}

core::Expected<ports::IssueComment> GitHubClient::reply_to_review_comment(std::uint64_t pull_number,
                                                                          std::uint64_t comment_id,
                                                                          const std::string& body) {
    const std::string context =
        "replying to review comment " + std::to_string(comment_id) + " on #" + std::to_string(pull_number);
    // POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies {"body"} answers 201 with
    // the review comment, in the thread of `comment_id`. Not resent: the caller falls back to the
    // conversation, and a resend could post the reply twice.
    const json payload = {{"body", body}};
    auto response = m_api.send({"POST",
                                m_api.url(m_api.repo_path() + "/pulls/" + std::to_string(pull_number) +
                                          "/comments/" + std::to_string(comment_id) + "/replies"),
                                payload.dump(), "", Replay::unsafe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 201) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    auto parsed = parse_json(response->body, "the reply");
    if (!parsed) {
        return m_api.fail(parsed.error(), context);
    }
    auto comment = to_comment(*parsed);
    return comment ? comment : m_api.fail(comment.error(), context);
}

core::Expected<std::vector<ports::IssueComment>> GitHubClient::list_comments(std::uint64_t number) {
    const std::string context = "listing the comments of #" + std::to_string(number);
    std::vector<ports::IssueComment> comments;
    const std::string url =
        m_api.url(m_api.repo_path() + "/issues/" + std::to_string(number) + "/comments", "per_page=100");
    const auto listed = m_api.for_each_page(url, [&](const json& page) -> core::Expected<bool> {
        if (!page.is_array()) {
            return core::make_error(core::ErrorKind::http, "comment list is not an array");
        }
        for (const auto& item : page) {
            auto comment = to_comment(item);
            if (!comment) {
                return comment.error();
            }
            comments.push_back(std::move(*comment));
        }
        return true;
    });
    if (!listed) {
        return m_api.fail(listed.error(), context);
    }
    return comments;
}

core::Expected<ports::IssueComment> GitHubClient::edit_comment(std::uint64_t comment_id,
                                                               const std::string& body) {
    const std::string context = "editing comment " + std::to_string(comment_id);
    // PATCH /repos/{owner}/{repo}/issues/comments/{comment_id} {"body"} answers 200 with the comment. Setting
    // the same body twice gives the same comment, so it is resent like any idempotent request.
    const json payload = {{"body", body}};
    auto response =
        m_api.send({"PATCH", m_api.url(m_api.repo_path() + "/issues/comments/" + std::to_string(comment_id)),
                    payload.dump(), "", Replay::safe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 200) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    auto parsed = parse_json(response->body, "the edited comment");
    if (!parsed) {
        return m_api.fail(parsed.error(), context);
    }
    auto comment = to_comment(*parsed);
    return comment ? comment : m_api.fail(comment.error(), context);
}

core::Expected<std::string> GitHubClient::authenticated_login() {
    const std::string context = "asking GitHub which account the token is";
    // REST GET /user answers 403 "Resource not accessible by integration" to installation tokens (the
    // workflow's GITHUB_TOKEN), while GraphQL's `viewer` answers every kind of token: a user's login, or
    // `<app-slug>[bot]` for an app.
    const json query = {{"query", "query { viewer { login } }"}};
    auto response =
        m_api.send({"POST", graphql_url(m_api.settings().api_url), query.dump(), "", Replay::safe});
    if (!response) {
        return m_api.fail(response.error(), context);
    }
    if (response->status != 200) {
        return m_api.fail(m_api.status_error(*response), context);
    }
    auto parsed = parse_json(response->body, "the GraphQL answer");
    if (!parsed) {
        return m_api.fail(parsed.error(), context);
    }
    const json* login = nullptr;
    if (parsed->is_object() && parsed->contains("data") && (*parsed)["data"].is_object() &&
        (*parsed)["data"].contains("viewer") && (*parsed)["data"]["viewer"].is_object() &&
        (*parsed)["data"]["viewer"].contains("login")) {
        login = &(*parsed)["data"]["viewer"]["login"];
    }
    if (login == nullptr || !login->is_string() || login->get<std::string>().empty()) {
        std::string why = "no data.viewer.login in the answer";
        if (parsed->is_object() && parsed->contains("errors") && (*parsed)["errors"].is_array() &&
            !(*parsed)["errors"].empty() && (*parsed)["errors"][0].is_object()) {
            why = (*parsed)["errors"][0].value("message", why);
        }
        return m_api.fail(core::make_error(core::ErrorKind::http, why), context);
    }
    return login->get<std::string>();
}

} // namespace autofix::adapters
