#pragma once

#include "adapters/provider_client.hpp"
#include "adapters/sigv4.hpp"
#include "ports/clock.hpp"

#include <string>

namespace autofix::adapters {

/// Where and as whom Bedrock is called.
struct BedrockSettings {
    std::string endpoint; // e.g. https://bedrock-runtime.us-east-1.amazonaws.com (no path)
    std::string region;   // AWS_REGION, part of the signature's scope
    AwsCredentials credentials;
};

/// Returns the Bedrock runtime endpoint the AWS SDKs use: `override_url` (AWS_ENDPOINT_URL_BEDROCK_RUNTIME,
/// then AWS_ENDPOINT_URL, or the input) when set, else https://bedrock-runtime.{region}.amazonaws.com.
std::string bedrock_endpoint(const std::string& override_url, const std::string& region);

/// Anthropic models on Amazon Bedrock through InvokeModel, `POST /model/{modelId}/invoke`
/// (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html), the body in
/// Messages format with `anthropic_version: bedrock-2023-05-31`, signed with SigV4 for service `bedrock`.
/// Errors read as Bedrock sends them: the type in `x-amzn-ErrorType`, `{"message": ...}` in the body
/// (ThrottlingException 429, ServiceUnavailableException 503, ModelTimeoutException 408 ... are retried).
class BedrockProtocol final : public ModelProtocol {
public:
    /// Keeps a reference to `clock` (the signing time), which must outlive the protocol.
    BedrockProtocol(BedrockSettings settings, ports::Clock& clock);

    std::string name() const override { return "Bedrock InvokeModel"; }
    core::Expected<ports::HttpRequest> prepare(const ports::MessageRequest& request) override;
    core::Expected<ports::MessageResponse> decode(const ports::HttpResponse& response) const override;
    ProviderError decode_error(const ports::HttpResponse& response) const override;
    std::vector<std::string> secrets() const override;

private:
    BedrockSettings m_settings;
    ports::Clock& m_clock;
};

} // namespace autofix::adapters
