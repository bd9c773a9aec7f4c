#pragma once

#include "adapters/sigv4.hpp"
#include "support/fake_model_server.hpp"
#include "support/local_http_server.hpp"

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace autofix::testing {

// Fakes of the other model providers on 127.0.0.1. Each checks a request the way its service does
// (signature, token, headers, body shape), answers refused requests with the service's own error shape,
// and otherwise hands the conversation, in Messages API form, to a FakeModelServer::Handler (a scripted
// model) and sends its reply back in the provider's shape. `throttle(n)` makes the next n valid requests
// answer with the provider's throttling error.

/// Amazon Bedrock's runtime: `POST /model/{modelId}/invoke`, SigV4 for service bedrock recomputed from the
/// request as received (403 InvalidSignatureException when it differs), the session token checked (403
/// UnrecognizedClientException), a body with `anthropic_version: bedrock-2023-05-31` and no model (400
/// ValidationException); throttling is 429 ThrottlingException.
class FakeBedrock {
public:
    FakeBedrock(FakeModelServer::Handler model, adapters::AwsCredentials credentials, std::string region);
    std::string url() const { return m_server->url(); }
    std::vector<RecordedRequest> requests() const { return m_server->requests(); }
    void throttle(int count) { m_throttle = count; }
    int refused() const { return m_refused; }

private:
    ServedResponse answer(const RecordedRequest& request);
    FakeModelServer::Handler m_model;
    adapters::AwsCredentials m_credentials;
    std::string m_region;
    std::atomic<int> m_throttle{0};
    std::atomic<int> m_refused{0};
    std::unique_ptr<LocalHttpServer> m_server;
};

/// Vertex AI with Google's token endpoint: `POST /token` takes a JWT bearer grant whose RS256 signature is
/// checked with the public half of the key it made (key_file()), and gives an access token;
/// `POST /v1/projects/{p}/locations/{r}/publishers/anthropic/models/{m}:rawPredict` takes that token (or
/// the one given to accept_token) and a body with `anthropic_version: vertex-2023-10-16` and no model;
/// errors in Google's shape, throttling as 429 RESOURCE_EXHAUSTED.
class FakeVertex {
public:
    FakeVertex(FakeModelServer::Handler model, std::string project, std::string region);
    ~FakeVertex();
    std::string url() const;
    std::vector<RecordedRequest> requests() const;
    /// A service-account key file (JSON) whose token_uri is this fake's /token.
    std::string key_file() const;
    /// Accepts `token` as an access token as well.
    void accept_token(std::string token) { m_static_token = std::move(token); }
    void throttle(int count) { m_throttle = count; }
    int tokens_issued() const { return m_issued; }
    int refused() const { return m_refused; }

private:
    struct Keys;
    ServedResponse answer(const RecordedRequest& request);
    ServedResponse exchange(const RecordedRequest& request);
    FakeModelServer::Handler m_model;
    std::string m_project;
    std::string m_region;
    std::string m_static_token;
    std::unique_ptr<Keys> m_keys;
    std::atomic<int> m_throttle{0};
    std::atomic<int> m_issued{0};
    std::atomic<int> m_refused{0};
    std::unique_ptr<LocalHttpServer> m_server;
};

/// An OpenAI-compatible server: `POST /v1/chat/completions` with `Authorization: Bearer {key}` (401
/// invalid_api_key), function tools only, tool messages answering the assistant's tool_calls (400 otherwise);
/// replies as chat.completion objects with tool_calls and usage; throttling is 429 rate_limit_exceeded.
class FakeOpenAi {
public:
    FakeOpenAi(FakeModelServer::Handler model, std::string api_key);
    std::string url() const { return m_server->url(); }
    std::vector<RecordedRequest> requests() const { return m_server->requests(); }
    void throttle(int count) { m_throttle = count; }
    int refused() const { return m_refused; }

private:
    ServedResponse answer(const RecordedRequest& request);
    FakeModelServer::Handler m_model;
    std::string m_api_key;
    std::atomic<int> m_throttle{0};
    std::atomic<int> m_refused{0};
    std::unique_ptr<LocalHttpServer> m_server;
};

/// Returns the Messages API form of a Chat Completions request body (system, user, assistant tool_use,
/// tool_result blocks, tools with input_schema), or an "error" string member when it is malformed.
nlohmann::json chat_to_messages(const nlohmann::json& chat);

/// Returns a Chat Completions response for a Messages API reply body.
nlohmann::json messages_to_chat(const nlohmann::json& message);

} // namespace autofix::testing
