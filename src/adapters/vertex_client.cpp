#include "adapters/vertex_client.hpp"

#include "adapters/anthropic_json.hpp"
#include "adapters/platform_body.hpp"

#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

constexpr const char* vertex_version = "vertex-2023-10-16";

std::string trimmed_url(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

std::string string_field(const nlohmann::json& value, const char* key) {
    if (value.contains(key) && value[key].is_string()) {
        return value[key].get<std::string>();
    }
    return "";
}

} // namespace

std::string vertex_base_url(const std::string& override_url, const std::string& region) {
    if (!override_url.empty()) {
        return trimmed_url(override_url);
    }
    if (region == "global") {
        return "https://aiplatform.googleapis.com/v1";
    }
    return "https://" + region + "-aiplatform.googleapis.com/v1";
}

VertexProtocol::VertexProtocol(VertexSettings settings, std::unique_ptr<GoogleTokenSource> tokens)
    : m_settings(std::move(settings)), m_tokens(std::move(tokens)) {
    m_settings.base_url = trimmed_url(m_settings.base_url);
}

core::Expected<ports::HttpRequest> VertexProtocol::prepare(const ports::MessageRequest& request) {
    auto body = encode_platform_body(request, vertex_version);
    if (!body) {
        return body.error();
    }
    auto token = m_tokens->token();
    if (!token) {
        return token.error();
    }
    ports::HttpRequest http;
    http.method = "POST";
    http.url = m_settings.base_url + "/projects/" + encode_path_segment(m_settings.project_id) +
               "/locations/" + encode_path_segment(m_settings.region) + "/publishers/anthropic/models/" +
               encode_path_segment(request.model) + ":rawPredict";
    http.headers = {{"authorization", "Bearer " + *token},
                    {"content-type", "application/json"},
                    {"accept", "application/json"},
                    {"user-agent", "autofix-action"}};
    http.body = std::move(*body);
    return http;
}

core::Expected<ports::MessageResponse> VertexProtocol::decode(const ports::HttpResponse& response) const {
    auto decoded = decode_message_response(response.body);
    if (!decoded) {
        return core::make_error(decoded.error().kind, "Vertex AI rawPredict: " + decoded.error().message);
    }
    decoded->request_id = response.header("request-id");
    return decoded;
}

ProviderError VertexProtocol::decode_error(const ports::HttpResponse& response) const {
    ProviderError error;
    const ApiError anthropic = decode_api_error(response.body);
    error.request_id =
        response.header("request-id").empty() ? anthropic.request_id : response.header("request-id");
    if (!anthropic.type.empty()) {
        error.type = anthropic.type;
        error.message = anthropic.message;
        return error;
    }
    // Google's shape, sometimes wrapped in an array: {"error": {"code": 429, "message", "status"}}.
    nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_array() && !body.empty()) {
        body = body[0];
    }
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
        error.type = string_field(body["error"], "status");
        error.message = string_field(body["error"], "message");
    }
    return error;
}

std::vector<std::string> VertexProtocol::secrets() const {
    return m_tokens->secrets();
}

} // namespace autofix::adapters
