#include "adapters/anthropic_client.hpp"

#include "adapters/anthropic_json.hpp"
#include "adapters/anthropic_retry.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <random>

namespace autofix::adapters {
namespace {

constexpr const char* api_version = "2023-06-01";

core::ErrorKind kind_for_status(int status, const ApiError& error) {
    if (status == 401 || status == 403) {
        return core::ErrorKind::auth;
    }
    if (status == 429 || is_spend_limit(status, error)) {
        return core::ErrorKind::rate_limited;
    }
    return core::ErrorKind::model;
}

std::string describe(const ports::HttpResponse& response, const ApiError& error) {
    std::string text = "Messages API answered " + std::to_string(response.status);
    if (!error.type.empty()) {
        text += " " + error.type;
    }
    if (!error.message.empty()) {
        text += ": " + error.message;
    } else if (error.type.empty() && !response.body.empty()) {
        text += ": " + response.body.substr(0, 200);
    }
    if (is_spend_limit(response.status, error)) {
        text += " (spend limit reached: not retried)";
    }
    std::string request_id = response.header("request-id");
    if (request_id.empty()) {
        request_id = error.request_id;
    }
    if (!request_id.empty()) {
        text += " (request_id " + request_id + ")";
    }
    return text;
}

} // namespace

AnthropicSettings AnthropicSettings::from_environment(std::string api_key) {
    AnthropicSettings settings;
    settings.api_key = std::move(api_key);
    if (const char* url = std::getenv("ANTHROPIC_BASE_URL"); url != nullptr && *url != '\0') {
        settings.base_url = url;
    }
    return settings;
}

RandomUnit make_random_unit() {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    return [engine]() {
        return std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
    };
}

AnthropicClient::AnthropicClient(AnthropicSettings settings, ports::HttpTransport& transport,
                                 ports::Clock& clock, RandomUnit random_unit)
    : m_settings(std::move(settings)), m_transport(transport), m_clock(clock),
      m_random_unit(std::move(random_unit)) {
    m_settings.max_retries = std::clamp(m_settings.max_retries, 0, 8);
    while (!m_settings.base_url.empty() && m_settings.base_url.back() == '/') {
        m_settings.base_url.pop_back();
    }
}

core::Error AnthropicClient::scrubbed(core::Error error) const {
    if (m_settings.api_key.empty()) {
        return error;
    }
    for (auto at = error.message.find(m_settings.api_key); at != std::string::npos;
         at = error.message.find(m_settings.api_key, at)) {
        error.message.replace(at, m_settings.api_key.size(), "***");
    }
    return error;
}

core::Expected<ports::MessageResponse> AnthropicClient::create_message(const ports::MessageRequest& request) {
    auto body = encode_message_request(request);
    if (!body) {
        return body.error();
    }
    ports::HttpRequest http;
    http.method = "POST";
    http.url = m_settings.base_url + "/v1/messages";
    http.headers = {{"x-api-key", m_settings.api_key},
                    {"anthropic-version", api_version},
                    {"content-type", "application/json"},
                    {"accept", "application/json"},
                    {"user-agent", "autofix-action"}};
    http.body = std::move(*body);

    const int attempts = m_settings.max_retries + 1;
    for (int attempt = 0;; ++attempt) {
        const bool last = attempt + 1 >= attempts;
        const std::string tries = " after " + std::to_string(attempt + 1) + " attempt" + (attempt ? "s" : "");
        auto response = m_transport.send(http);
        if (!response) {
            if (last) {
                return scrubbed(
                    core::make_error(core::ErrorKind::network,
                                     "Messages API: no response" + tries + ": " + response.error().message));
            }
            m_clock.sleep_for(core::backoff_delay(m_settings.backoff, attempt, m_random_unit()));
            continue;
        }
        if (response->status >= 200 && response->status < 300) {
            auto decoded = decode_message_response(response->body);
            if (!decoded) {
                return scrubbed(decoded.error());
            }
            decoded->request_id = response->header("request-id");
            return decoded;
        }
        const ApiError error = decode_api_error(response->body);
        if (last || decide_retry(response->status, response->headers, error) == RetryVerdict::give_up) {
            return scrubbed(core::make_error(kind_for_status(response->status, error),
                                             describe(*response, error) + (attempt ? tries : "")));
        }
        m_clock.sleep_for(
            retry_delay(response->headers, m_settings.backoff, attempt, m_random_unit(), m_clock.wall_now()));
    }
}

} // namespace autofix::adapters
