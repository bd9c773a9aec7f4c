#pragma once

#include "adapters/openai_json.hpp"
#include "adapters/provider_client.hpp"

#include <string>

namespace autofix::adapters {

/// Where an OpenAI-compatible server is called.
struct OpenAiSettings {
    std::string base_url =
        "https://api.openai.com/v1"; // OPENAI_BASE_URL: includes the version, as the SDKs take it
    std::string api_key;             // OPENAI_API_KEY; empty: no Authorization header
};

/// Chat Completions, `POST {base_url}/chat/completions` with `Authorization: Bearer {api_key}`
/// (https://platform.openai.com/docs/api-reference/chat/create), on api.openai.com or any compatible
/// server. Errors read as `{"error": {"message", "type", "code"}}`; a 429 `insufficient_quota` is a spend
/// limit and is not retried.
class OpenAiProtocol final : public ModelProtocol {
public:
    explicit OpenAiProtocol(OpenAiSettings settings);

    std::string name() const override { return "Chat Completions API"; }
    core::Expected<ports::HttpRequest> prepare(const ports::MessageRequest& request) override;
    core::Expected<ports::MessageResponse> decode(const ports::HttpResponse& response) const override;
    ProviderError decode_error(const ports::HttpResponse& response) const override;
    std::vector<std::string> secrets() const override { return {m_settings.api_key}; }

private:
    OpenAiSettings m_settings;
    TokenLimitField m_limit;
};

} // namespace autofix::adapters
