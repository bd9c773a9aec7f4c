#pragma once

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

} // namespace autofix::testing::github_json
