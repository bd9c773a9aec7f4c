#include "adapters/provider_client.hpp"

#include "adapters/anthropic_retry.hpp"

#include <algorithm>

namespace autofix::adapters {
namespace {

core::ErrorKind kind_for_status(int status, const ProviderError& error) {
    if (status == 401 || status == 403) {
        return core::ErrorKind::auth;
    }
    if (status == 429 || error.spend_limit) {
        return core::ErrorKind::rate_limited;
    }
    return core::ErrorKind::model;
}

std::string describe(const std::string& api, const ports::HttpResponse& response,
                     const ProviderError& error) {
    std::string text = api + " answered " + std::to_string(response.status);
    if (!error.type.empty()) {
        text += " " + error.type;
    }
    if (!error.message.empty()) {
        text += ": " + error.message;
    } else if (error.type.empty() && !response.body.empty()) {
        text += ": " + response.body.substr(0, 200);
    }
    if (error.spend_limit) {
        text += " (quota or spend limit reached: not retried)";
    }
    if (!error.request_id.empty()) {
        text += " (request id " + error.request_id + ")";
    }
    return text;
}

} // namespace

ProviderModelClient::ProviderModelClient(std::unique_ptr<ModelProtocol> protocol,
                                         ports::HttpTransport& transport, ports::Clock& clock,
                                         int max_retries, core::BackoffPolicy backoff, RandomUnit random_unit)
    : m_protocol(std::move(protocol)), m_transport(transport), m_clock(clock),
      m_max_retries(std::clamp(max_retries, 0, 8)), m_backoff(backoff),
      m_random_unit(std::move(random_unit)) {}

core::Error ProviderModelClient::scrubbed(core::Error error) const {
    for (const auto& secret : m_protocol->secrets()) {
        if (secret.empty()) {
            continue;
        }
        for (auto at = error.message.find(secret); at != std::string::npos;
             at = error.message.find(secret, at)) {
            error.message.replace(at, secret.size(), "***");
        }
    }
    return error;
}

core::Expected<ports::MessageResponse>
ProviderModelClient::create_message(const ports::MessageRequest& request) {
    const std::string api = m_protocol->name();
    const int attempts = m_max_retries + 1;
    for (int attempt = 0;; ++attempt) {
        const bool last = attempt + 1 >= attempts;
        const std::string tries = " after " + std::to_string(attempt + 1) + " attempt" + (attempt ? "s" : "");
        auto http = m_protocol->prepare(request);
        if (!http) {
            // A token endpoint that did not answer is tried again like the API itself.
            if (http.error().kind == core::ErrorKind::network && !last) {
                m_clock.sleep_for(core::backoff_delay(m_backoff, attempt, m_random_unit()));
                continue;
            }
            return scrubbed(http.error());
        }
        auto response = m_transport.send(*http);
        if (!response) {
            if (last) {
                return scrubbed(
                    core::make_error(core::ErrorKind::network,
                                     api + ": no response" + tries + ": " + response.error().message));
            }
            m_clock.sleep_for(core::backoff_delay(m_backoff, attempt, m_random_unit()));
            continue;
        }
        if (response->status >= 200 && response->status < 300) {
            auto decoded = m_protocol->decode(*response);
            if (!decoded) {
                return scrubbed(decoded.error());
            }
            return decoded;
        }
        const ProviderError error = m_protocol->decode_error(*response);
        ApiError as_api;
        as_api.type = error.type;
        as_api.message = error.message;
        const bool give_up = error.spend_limit || decide_retry(response->status, response->headers, as_api) ==
                                                      RetryVerdict::give_up;
        if (last || give_up) {
            return scrubbed(core::make_error(kind_for_status(response->status, error),
                                             describe(api, *response, error) + (attempt ? tries : "")));
        }
        m_clock.sleep_for(
            retry_delay(response->headers, m_backoff, attempt, m_random_unit(), m_clock.wall_now()));
    }
}

} // namespace autofix::adapters
