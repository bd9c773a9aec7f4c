#pragma once

#include "core/backoff.hpp"
#include "ports/clock.hpp"
#include "ports/http_transport.hpp"
#include "ports/model_client.hpp"

#include <functional>
#include <string>

namespace autofix::adapters {

/// Where and how the Anthropic client talks to the Messages API.
struct AnthropicSettings {
    std::string base_url = "https://api.anthropic.com"; // ANTHROPIC_BASE_URL
    std::string api_key;                                // only ever sent as the x-api-key header
    int max_retries = 2;                                // retries after the first try, clamped to 0..8
    core::BackoffPolicy backoff{};                      // 0.5 s doubling to 8 s, jitter a quarter

    /// Returns settings with `api_key` and ANTHROPIC_BASE_URL from the environment (default when unset or
    /// empty).
    static AnthropicSettings from_environment(std::string api_key);
};

/// A source of random numbers in [0, 1), for backoff jitter.
using RandomUnit = std::function<double()>;

/// Returns a RandomUnit backed by a seeded Mersenne twister.
RandomUnit make_random_unit();

/// ModelClient over the Messages API (`POST {base_url}/v1/messages`) with the official SDKs' retry rules.
class AnthropicClient final : public ports::ModelClient {
public:
    /// Keeps references to `transport` and `clock`, which must outlive the client.
    AnthropicClient(AnthropicSettings settings, ports::HttpTransport& transport, ports::Clock& clock,
                    RandomUnit random_unit = make_random_unit());

    /// Sends the request, retrying 408/409/429/5xx/529 and network failures up to max_retries times;
    /// the error names the status, error.type, message and request_id, never the API key.
    core::Expected<ports::MessageResponse> create_message(const ports::MessageRequest& request) override;

private:
    core::Error scrubbed(core::Error error) const;

    AnthropicSettings m_settings;
    ports::HttpTransport& m_transport;
    ports::Clock& m_clock;
    RandomUnit m_random_unit;
};

} // namespace autofix::adapters
