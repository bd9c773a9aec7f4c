#include "adapters/bedrock_client.hpp"

#include "adapters/anthropic_json.hpp"
#include "adapters/platform_body.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html
constexpr const char* bedrock_version = "bedrock-2023-05-31";
// The signing name of bedrock-runtime (its endpoints are bedrock-runtime.*, its scope is bedrock).
constexpr const char* signing_service = "bedrock";

std::string trimmed_url(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

} // namespace

std::string bedrock_endpoint(const std::string& override_url, const std::string& region) {
    if (!override_url.empty()) {
        return trimmed_url(override_url);
    }
    return "https://bedrock-runtime." + region + ".amazonaws.com";
}

BedrockProtocol::BedrockProtocol(BedrockSettings settings, ports::Clock& clock)
    : m_settings(std::move(settings)), m_clock(clock) {
    m_settings.endpoint = trimmed_url(m_settings.endpoint);
}

core::Expected<ports::HttpRequest> BedrockProtocol::prepare(const ports::MessageRequest& request) {
    auto body = encode_platform_body(request, bedrock_version);
    if (!body) {
        return body.error();
    }
    ports::HttpRequest http;
    http.method = "POST";
    http.url = m_settings.endpoint + "/model/" + encode_path_segment(request.model) + "/invoke";
    http.body = std::move(*body);
    SigV4Request signing;
    signing.method = http.method;
    try {
        // Sign the path and Host exactly as the transport (Poco) will send them.
        const Poco::URI uri(http.url);
        const std::string path_etc = uri.getPathEtc();
        const auto question = path_etc.find('?');
        signing.path = path_etc.substr(0, question);
        signing.query = question == std::string::npos ? "" : path_etc.substr(question + 1);
        std::string host = uri.getHost();
        if (uri.getPort() != 80 && uri.getPort() != 443) {
            host += ":" + std::to_string(uri.getPort());
        }
        signing.headers.emplace_back("host", host);
    } catch (const Poco::Exception& error) {
        return core::make_error(core::ErrorKind::invalid_input, "the Bedrock endpoint '" +
                                                                    m_settings.endpoint +
                                                                    "' is not a URL: " + error.displayText());
    }
    const std::string date = amz_date(m_clock.wall_now());
    signing.headers.emplace_back("content-type", "application/json");
    signing.headers.emplace_back("accept", "application/json");
    signing.headers.emplace_back("x-amz-date", date);
    if (!m_settings.credentials.session_token.empty()) {
        signing.headers.emplace_back("x-amz-security-token", m_settings.credentials.session_token);
    }
    signing.payload = http.body;
    const SigV4Signature signature =
        sigv4_sign(signing, m_settings.credentials, m_settings.region, signing_service, date);
    http.headers = signing.headers;
    http.headers.emplace_back("authorization", signature.authorization);
    http.headers.emplace_back("user-agent", "autofix-action");
    return http;
}

core::Expected<ports::MessageResponse> BedrockProtocol::decode(const ports::HttpResponse& response) const {
    auto decoded = decode_message_response(response.body);
    if (!decoded) {
        return core::make_error(decoded.error().kind, "Bedrock InvokeModel: " + decoded.error().message);
    }
    decoded->request_id = response.header("x-amzn-RequestId");
    return decoded;
}

ProviderError BedrockProtocol::decode_error(const ports::HttpResponse& response) const {
    ProviderError error;
    error.request_id = response.header("x-amzn-RequestId");
    // The type is "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/" in the
    // header, or "com.amazon.coral.service#ExpiredTokenException" as the body's __type.
    error.type = response.header("x-amzn-ErrorType");
    const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object()) {
        for (const char* key : {"message", "Message"}) {
            if (body.contains(key) && body[key].is_string()) {
                error.message = body[key].get<std::string>();
                break;
            }
        }
        if (error.type.empty() && body.contains("__type") && body["__type"].is_string()) {
            error.type = body["__type"].get<std::string>();
        }
    }
    if (const auto colon = error.type.find(':'); colon != std::string::npos) {
        error.type.erase(colon);
    }
    if (const auto hash = error.type.rfind('#'); hash != std::string::npos) {
        error.type.erase(0, hash + 1);
    }
    return error;
}

std::vector<std::string> BedrockProtocol::secrets() const {
    return {m_settings.credentials.secret_access_key, m_settings.credentials.session_token};
}

} // namespace autofix::adapters
