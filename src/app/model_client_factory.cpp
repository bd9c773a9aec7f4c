#include "app/model_client_factory.hpp"

#include "adapters/anthropic_client.hpp"
#include "adapters/bedrock_client.hpp"
#include "adapters/google_token.hpp"
#include "adapters/openai_client.hpp"
#include "adapters/provider_client.hpp"
#include "adapters/vertex_client.hpp"

#include <fstream>
#include <sstream>

namespace autofix::app {
namespace {

core::Expected<std::unique_ptr<ports::ModelClient>>
vertex_client(const action::Settings& settings, ports::HttpTransport& transport, ports::Clock& clock) {
    const action::ProviderSettings& provider = settings.model_provider;
    std::string project = provider.vertex_project_id;
    std::unique_ptr<adapters::GoogleTokenSource> tokens;
    if (!provider.vertex_access_token.empty()) {
        tokens = std::make_unique<adapters::GoogleTokenSource>(provider.vertex_access_token);
    } else {
        // GOOGLE_APPLICATION_CREDENTIALS names the runner's path: the file is in the container's mount.
        const action::RunnerPaths paths = action::runner_paths(settings.github);
        const action::ResolvedPath resolved =
            action::resolve_input_path(provider.vertex_credentials_file, paths);
        std::ifstream file(resolved.path);
        if (!file) {
            return core::make_error(core::ErrorKind::invalid_input,
                                    action::missing_path_message("vertex-credentials-file",
                                                                 provider.vertex_credentials_file, resolved,
                                                                 paths));
        }
        std::ostringstream text;
        text << file.rdbuf();
        auto key = adapters::parse_service_account_key(text.str());
        if (!key) {
            return core::make_error(key.error().kind,
                                    key.error().message + " (" + provider.vertex_credentials_file + ")");
        }
        if (project.empty()) {
            project = key->project_id;
        }
        tokens = std::make_unique<adapters::GoogleTokenSource>(std::move(*key), transport, clock);
    }
    if (project.empty()) {
        return core::make_error(core::ErrorKind::invalid_input,
                                "provider vertex needs a project: set the vertex-project-id input or "
                                "ANTHROPIC_VERTEX_PROJECT_ID");
    }
    adapters::VertexSettings vertex{
        adapters::vertex_base_url(provider.vertex_base_url, provider.vertex_region), project,
        provider.vertex_region};
    return std::unique_ptr<ports::ModelClient>(std::make_unique<adapters::ProviderModelClient>(
        std::make_unique<adapters::VertexProtocol>(std::move(vertex), std::move(tokens)), transport, clock));
}

} // namespace

core::Expected<std::unique_ptr<ports::ModelClient>>
make_model_client(const action::Settings& settings, ports::HttpTransport& transport, ports::Clock& clock) {
    const action::ProviderSettings& provider = settings.model_provider;
    switch (provider.provider) {
    case action::Provider::anthropic: {
        adapters::AnthropicSettings model_settings;
        model_settings.base_url = settings.anthropic_base_url;
        model_settings.api_key = settings.anthropic_api_key;
        return std::unique_ptr<ports::ModelClient>(
            std::make_unique<adapters::AnthropicClient>(model_settings, transport, clock));
    }
    case action::Provider::bedrock: {
        adapters::BedrockSettings bedrock{
            adapters::bedrock_endpoint(provider.bedrock_endpoint_url, provider.aws_region),
            provider.aws_region,
            {provider.aws_access_key_id, provider.aws_secret_access_key, provider.aws_session_token}};
        return std::unique_ptr<ports::ModelClient>(std::make_unique<adapters::ProviderModelClient>(
            std::make_unique<adapters::BedrockProtocol>(std::move(bedrock), clock), transport, clock));
    }
    case action::Provider::vertex:
        return vertex_client(settings, transport, clock);
    case action::Provider::openai: {
        adapters::OpenAiSettings openai;
        if (!provider.openai_base_url.empty()) {
            openai.base_url = provider.openai_base_url;
        }
        openai.api_key = provider.openai_api_key;
        return std::unique_ptr<ports::ModelClient>(std::make_unique<adapters::ProviderModelClient>(
            std::make_unique<adapters::OpenAiProtocol>(std::move(openai)), transport, clock));
    }
    }
    return core::make_error(core::ErrorKind::internal, "unknown provider");
}

} // namespace autofix::app
