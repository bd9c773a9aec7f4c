#pragma once

#include "support/fake_github.hpp"
#include "support/local_http_server.hpp"

#include <Poco/URI.h>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace autofix::testing::github_json {

/// GitHub's documentation URL, as error bodies carry it.
inline constexpr const char* docs = "https://docs.github.com/rest";

/// A JSON response with the headers GitHub sends on every REST answer.
inline ServedResponse reply(int status, const nlohmann::json& body) {
    ServedResponse response = json_response(status, body.dump());
    response.headers.emplace_back("X-GitHub-Api-Version-Selected", "2022-11-28");
    response.headers.emplace_back("X-RateLimit-Limit", "5000");
    response.headers.emplace_back("X-RateLimit-Remaining", "4999");
    return response;
}

/// GitHub's error body `{"message", "documentation_url", "status"[, "errors"]}` with `status`.
inline ServedResponse error_reply(int status, const std::string& message, nlohmann::json errors = nullptr) {
    nlohmann::json body = {
        {"message", message}, {"documentation_url", docs}, {"status", std::to_string(status)}};
    if (!errors.is_null()) {
        body["errors"] = std::move(errors);
    }
    return reply(status, body);
}

/// The decoded query parameters of `raw` in order (`+` is a space, as GitHub reads form-encoded queries).
inline std::vector<std::pair<std::string, std::string>> query_params(const std::string& raw) {
    std::vector<std::pair<std::string, std::string>> params;
    std::size_t start = 0;
    while (start < raw.size()) {
        const auto end = std::min(raw.find('&', start), raw.size());
        const std::string pair = raw.substr(start, end - start);
        const auto eq = pair.find('=');
        std::string encoded = eq == std::string::npos ? "" : pair.substr(eq + 1);
        std::replace(encoded.begin(), encoded.end(), '+', ' ');
        std::string name;
        std::string value;
        Poco::URI::decode(pair.substr(0, eq), name);
        Poco::URI::decode(encoded, value);
        params.emplace_back(name, value);
        start = end + 1;
    }
    return params;
}

/// The first query parameter `name` of `request`, or `fallback` when absent.
inline std::string param(const RecordedRequest& request, const std::string& name,
                         const std::string& fallback = "") {
    for (const auto& [key, value] : query_params(request.query)) {
        if (key == name) {
            return value;
        }
    }
    return fallback;
}

/// The id of comment `index` of item `number` (the fake numbers comments number * 1000 + index).
inline std::uint64_t comment_id(std::uint64_t number, std::size_t index) {
    return number * 1000 + index;
}

/// Comment `index` of `item` as the issue comments API answers it: id, URLs, body, and `user` with
/// `performed_via_github_app` when an app's bot wrote it (`token_login` for comments the token made).
inline nlohmann::json comment_json(const std::string& repo_api, const std::string& repo_web,
                                   const FakeItem& item, std::size_t index, const std::string& token_login) {
    const std::uint64_t id = comment_id(item.number, index);
    std::string author = index < item.comment_authors.size() ? item.comment_authors[index] : "";
    if (author.empty()) {
        author = token_login;
    }
    const bool bot = author.ends_with("[bot]");
    const nlohmann::json app =
        bot ? nlohmann::json{{"slug", author.substr(0, author.size() - 5)}, {"owner", {{"login", "github"}}}}
            : nlohmann::json(nullptr);
    return nlohmann::json{{"id", id},
                          {"url", repo_api + "/issues/comments/" + std::to_string(id)},
                          {"html_url", repo_web + (item.is_pull_request ? "/pull/" : "/issues/") +
                                           std::to_string(item.number) + "#issuecomment-" +
                                           std::to_string(id)},
                          {"body", item.comments[index]},
                          {"user",
                           {{"login", author},
                            {"id", 41898282 + std::hash<std::string>{}(author) % 1000},
                            {"type", bot ? "Bot" : "User"}}},
                          {"author_association", bot ? "NONE" : "MEMBER"},
                          {"performed_via_github_app", app}};
}

} // namespace autofix::testing::github_json
