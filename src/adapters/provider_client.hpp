#pragma once

#include "adapters/anthropic_client.hpp"
#include "core/backoff.hpp"
#include "ports/clock.hpp"
#include "ports/http_transport.hpp"
#include "ports/model_client.hpp"

#include <memory>
#include <string>
#include <vector>

namespace autofix::adapters {

/// An error as a provider reported it, reduced to what messages and the retry rules need.
struct ProviderError {
    std::string type;         // e.g. "ThrottlingException", "rate_limit_exceeded", "RESOURCE_EXHAUSTED"
    std::string message;      // the provider's message
    std::string request_id;   // the provider's request id, from a header or the body
    bool spend_limit = false; // a quota or budget no wait will lift (never retried)
};

/// How one provider's HTTP API carries a Messages request: the URL, headers and body of each attempt, and
/// how its answers read. The retry loop around it is ProviderModelClient's, shared by every provider.
class ModelProtocol {
public:
    virtual ~ModelProtocol() = default;

    /// The API's name for messages, e.g. "Bedrock InvokeModel".
    virtual std::string name() const = 0;

    /// Builds the HTTP request of one attempt (signed or authorised afresh each time); fails (internal)
    /// when the request cannot be encoded, (auth) when no credential can be had.
    virtual core::Expected<ports::HttpRequest> prepare(const ports::MessageRequest& request) = 0;

    /// Reads a 2xx answer; fails (model) when it is not a reply of the expected shape.
    virtual core::Expected<ports::MessageResponse> decode(const ports::HttpResponse& response) const = 0;

    /// Reads an error answer; never fails (an unreadable body gives empty fields).
    virtual ProviderError decode_error(const ports::HttpResponse& response) const = 0;

    /// Every credential the protocol sends, to be scrubbed from messages.
    virtual std::vector<std::string> secrets() const = 0;
};

/// ModelClient over any ModelProtocol with the official SDKs' retry rules (anthropic_retry.hpp): retries
/// 408, 409, 429 and 5xx and network failures with backoff, never 400/401/403 or a spend limit.
class ProviderModelClient final : public ports::ModelClient {
public:
    /// Keeps references to `transport` and `clock`, which must outlive the client.
    ProviderModelClient(std::unique_ptr<ModelProtocol> protocol, ports::HttpTransport& transport,
                        ports::Clock& clock, int max_retries = 2, core::BackoffPolicy backoff = {},
                        RandomUnit random_unit = make_random_unit());

    /// Sends the request; fails with auth (401/403), rate_limited (429 after retries or a spend limit),
    /// network (no response after retries) or model (anything else), naming the provider's error type,
    /// message and request id, never a credential.
    core::Expected<ports::MessageResponse> create_message(const ports::MessageRequest& request) override;

private:
    core::Error scrubbed(core::Error error) const;

    std::unique_ptr<ModelProtocol> m_protocol;
    ports::HttpTransport& m_transport;
    ports::Clock& m_clock;
    int m_max_retries;
    core::BackoffPolicy m_backoff;
    RandomUnit m_random_unit;
};

} // namespace autofix::adapters
