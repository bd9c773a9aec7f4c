#pragma once

#include "action/environment.hpp"
#include "core/error.hpp"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace autofix::action {

/// The `provider` input: which API the model is reached through.
enum class Provider { anthropic, bedrock, vertex, openai };

/// Everything the non-Anthropic providers need, from inputs and the providers' own environment variables.
struct ProviderSettings {
    Provider provider = Provider::anthropic;
    // Amazon Bedrock: the variables aws-actions/configure-aws-credentials exports.
    std::string aws_region; // aws-region, AWS_REGION, AWS_DEFAULT_REGION
    std::string
        bedrock_endpoint_url;      // bedrock-endpoint-url, AWS_ENDPOINT_URL_BEDROCK_RUNTIME, AWS_ENDPOINT_URL
    std::string aws_access_key_id; // AWS_ACCESS_KEY_ID
    std::string aws_secret_access_key; // AWS_SECRET_ACCESS_KEY
    std::string aws_session_token;     // AWS_SESSION_TOKEN
    // Google Vertex AI: the variables Claude Code reads, and what google-github-actions/auth gives.
    std::string vertex_project_id; // vertex-project-id, ANTHROPIC_VERTEX_PROJECT_ID (else the key's)
    std::string vertex_region;     // vertex-region, CLOUD_ML_REGION
    std::string vertex_base_url;   // vertex-base-url, ANTHROPIC_VERTEX_BASE_URL
    std::string
        vertex_access_token; // vertex-access-token, GOOGLE_OAUTH_ACCESS_TOKEN, CLOUDSDK_AUTH_ACCESS_TOKEN
    std::string vertex_credentials_file; // vertex-credentials-file, GOOGLE_APPLICATION_CREDENTIALS
    // OpenAI-compatible servers.
    std::string openai_base_url; // openai-base-url, OPENAI_BASE_URL (default https://api.openai.com/v1)
    std::string openai_api_key;  // openai-api-key, OPENAI_API_KEY

    /// Every non-empty secret value: AWS secret key and session token, access token, OpenAI key.
    std::vector<std::string> secrets() const;
};

/// Returns the Provider named `name` (anthropic, bedrock, vertex, openai); fails (invalid_input) otherwise.
core::Expected<Provider> parse_provider(std::string_view name);

/// The input's value for `provider`.
const char* to_string(Provider provider);

/// Each provider input with the environment variables that stand in for it when it is not set, in the order
/// the providers' own tools read them (AWS_ENDPOINT_URL_BEDROCK_RUNTIME before AWS_ENDPOINT_URL, ...).
const std::vector<std::pair<std::string, std::vector<std::string>>>& provider_input_variables();

/// Returns the settings of `provider` from the resolved texts of the provider inputs (keyed by input name)
/// and the AWS credentials of `environment`.
ProviderSettings make_provider_settings(Provider provider, const std::map<std::string, std::string>& inputs,
                                        const Environment& environment);

/// One `name: value` pair per provider setting for `--print-settings`, secrets shown as `***`.
std::vector<std::pair<std::string, std::string>> describe_provider(const ProviderSettings& settings);

/// Checks that `settings` hold what their provider needs to be called (region and keys for Bedrock,
/// project, region and a token or key file for Vertex); fails (invalid_input) naming the first missing.
core::Status check_provider_settings(const ProviderSettings& settings);

} // namespace autofix::action
