#include "adapters/openai_client.hpp"

#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

std::string string_field(const nlohmann::json& value, const char* key) {
    if (value.is_object() && value.contains(key) && value[key].is_string()) {
        return value[key].get<std::string>();
    }
    return "";
}

} // namespace

OpenAiProtocol::OpenAiProtocol(OpenAiSettings settings) : m_settings(std::move(settings)) {
    while (!m_settings.base_url.empty() && m_settings.base_url.back() == '/') {
        m_settings.base_url.pop_back();
    }
    m_limit = m_settings.base_url.find("://api.openai.com") != std::string::npos
                  ? TokenLimitField::max_completion_tokens
                  : TokenLimitField::max_tokens;
}

core::Expected<ports::HttpRequest> OpenAiProtocol::prepare(const ports::MessageRequest& request) {
    auto body = encode_chat_request(request, m_limit);
    if (!body) {
        return body.error();
    }
    ports::HttpRequest http;
    http.method = "POST";
    http.url = m_settings.base_url + "/chat/completions";
    http.headers = {{"content-type", "application/json"},
                    {"accept", "application/json"},
                    {"user-agent", "autofix-action"}};
    if (!m_settings.api_key.empty()) {
        http.headers.emplace_back("authorization", "Bearer " + m_settings.api_key);
    }
    http.body = std::move(*body);
    return http;
}

core::Expected<ports::MessageResponse> OpenAiProtocol::decode(const ports::HttpResponse& response) const {
    auto decoded = decode_chat_response(response.body);
    if (decoded) {
        decoded->request_id = response.header("x-request-id");
    }
    return decoded;
}

ProviderError OpenAiProtocol::decode_error(const ports::HttpResponse& response) const {
    ProviderError error;
    error.request_id = response.header("x-request-id");
    const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("error")) {
        const nlohmann::json& inner = body["error"];
        if (inner.is_string()) {
            error.message = inner.get<std::string>(); // some compatible servers send {"error": "text"}
        } else {
            error.message = string_field(inner, "message");
            error.type = string_field(inner, "code");
            if (error.type.empty()) {
                error.type = string_field(inner, "type");
            }
        }
    }
    error.spend_limit = response.status == 429 && error.type == "insufficient_quota";
    return error;
}

} // namespace autofix::adapters
