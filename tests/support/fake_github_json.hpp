#pragma once

#include "support/local_http_server.hpp"

#include <nlohmann/json.hpp>
#include <string>

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

} // namespace autofix::testing::github_json
