#pragma once

#include "adapters/google_token.hpp"
#include "adapters/provider_client.hpp"

#include <memory>
#include <string>

namespace autofix::adapters {

/// Where Claude on Vertex AI is called.
struct VertexSettings {
    std::string base_url;   // ends with the API version, e.g. https://us-east5-aiplatform.googleapis.com/v1
    std::string project_id; // ANTHROPIC_VERTEX_PROJECT_ID
    std::string region;     // CLOUD_ML_REGION, e.g. us-east5 or global
};

/// Returns the base URL the Anthropic Vertex SDKs use: `override_url` (ANTHROPIC_VERTEX_BASE_URL, or the
/// input) when set, else https://aiplatform.googleapis.com/v1 for the global region and
/// https://{region}-aiplatform.googleapis.com/v1 for the others.
std::string vertex_base_url(const std::string& override_url, const std::string& region);

/// Anthropic models on Vertex AI through rawPredict,
/// `POST {base}/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict` with
/// `anthropic_version: vertex-2023-10-16` in the body and an OAuth bearer token
/// (https://docs.anthropic.com/en/api/claude-on-vertex-ai). Errors come in Anthropic's shape or Google's
/// (`{"error": {"code", "message", "status"}}`, e.g. 429 RESOURCE_EXHAUSTED, which is retried).
class VertexProtocol final : public ModelProtocol {
public:
    /// Uses `tokens` for the Authorization header of every attempt.
    VertexProtocol(VertexSettings settings, std::unique_ptr<GoogleTokenSource> tokens);

    std::string name() const override { return "Vertex AI rawPredict"; }
    core::Expected<ports::HttpRequest> prepare(const ports::MessageRequest& request) override;
    core::Expected<ports::MessageResponse> decode(const ports::HttpResponse& response) const override;
    ProviderError decode_error(const ports::HttpResponse& response) const override;
    std::vector<std::string> secrets() const override;

private:
    VertexSettings m_settings;
    std::unique_ptr<GoogleTokenSource> m_tokens;
};

} // namespace autofix::adapters
