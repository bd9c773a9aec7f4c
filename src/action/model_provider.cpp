#include "action/model_provider.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace autofix::action {

std::vector<std::string> ProviderSettings::secrets() const {
    std::vector<std::string> values;
    for (const auto* secret :
         {&aws_secret_access_key, &aws_session_token, &vertex_access_token, &openai_api_key}) {
        if (!secret->empty()) {
            values.push_back(*secret);
        }
    }
    return values;
}

core::Expected<Provider> parse_provider(std::string_view name) {
    if (name == "anthropic") {
        return Provider::anthropic;
    }
    if (name == "bedrock") {
        return Provider::bedrock;
    }
    if (name == "vertex") {
        return Provider::vertex;
    }
    if (name == "openai") {
        return Provider::openai;
    }
    return core::make_error(core::ErrorKind::invalid_input,
                            "provider '" + std::string(name) +
                                "' is not one of anthropic, bedrock, vertex, openai");
}

const char* to_string(Provider provider) {
    switch (provider) {
    case Provider::anthropic:
        return "anthropic";
    case Provider::bedrock:
        return "bedrock";
    case Provider::vertex:
        return "vertex";
    case Provider::openai:
        return "openai";
    }
    return "anthropic";
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& provider_input_variables() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> variables{
        {"aws-region", {"AWS_REGION", "AWS_DEFAULT_REGION"}},
        {"bedrock-endpoint-url", {"AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL"}},
        {"vertex-project-id", {"ANTHROPIC_VERTEX_PROJECT_ID"}},
        {"vertex-region", {"CLOUD_ML_REGION"}},
        {"vertex-base-url", {"ANTHROPIC_VERTEX_BASE_URL"}},
        {"vertex-access-token", {"GOOGLE_OAUTH_ACCESS_TOKEN", "CLOUDSDK_AUTH_ACCESS_TOKEN"}},
        {"vertex-credentials-file", {"GOOGLE_APPLICATION_CREDENTIALS"}},
        {"openai-base-url", {"OPENAI_BASE_URL"}},
        {"openai-api-key", {"OPENAI_API_KEY"}}};
    return variables;
}

ProviderSettings make_provider_settings(Provider provider, const std::map<std::string, std::string>& inputs,
                                        const Environment& environment) {
    const auto input = [&inputs](const char* name) {
        const auto found = inputs.find(name);
        return found == inputs.end() ? std::string() : found->second;
    };
    ProviderSettings settings;
    settings.provider = provider;
    settings.aws_region = input("aws-region");
    settings.bedrock_endpoint_url = input("bedrock-endpoint-url");
    settings.aws_access_key_id = environment.value_or("AWS_ACCESS_KEY_ID", "");
    settings.aws_secret_access_key = environment.value_or("AWS_SECRET_ACCESS_KEY", "");
    settings.aws_session_token = environment.value_or("AWS_SESSION_TOKEN", "");
    settings.vertex_project_id = input("vertex-project-id");
    settings.vertex_region = input("vertex-region");
    settings.vertex_base_url = input("vertex-base-url");
    settings.vertex_access_token = input("vertex-access-token");
    settings.vertex_credentials_file = input("vertex-credentials-file");
    settings.openai_base_url = input("openai-base-url");
    settings.openai_api_key = input("openai-api-key");
    return settings;
}

std::vector<std::pair<std::string, std::string>> describe_provider(const ProviderSettings& settings) {
    return {{"provider", to_string(settings.provider)},
            {"aws-region", settings.aws_region},
            {"bedrock-endpoint-url", settings.bedrock_endpoint_url},
            {"vertex-project-id", settings.vertex_project_id},
            {"vertex-region", settings.vertex_region},
            {"vertex-base-url", settings.vertex_base_url},
            {"vertex-access-token", settings.vertex_access_token.empty() ? "" : "***"},
            {"vertex-credentials-file", settings.vertex_credentials_file},
            {"openai-base-url", settings.openai_base_url},
            {"openai-api-key", settings.openai_api_key.empty() ? "" : "***"}};
}

core::Status check_provider_settings(const ProviderSettings& settings) {
    const auto missing = [](const std::string& what) {
        return core::make_error(core::ErrorKind::invalid_input, what);
    };
    // An endpoint override is a base URL: http or https, with a host (as the providers' SDKs take it).
    for (const auto& [name, url] : {std::pair{"bedrock-endpoint-url", &settings.bedrock_endpoint_url},
                                    {"vertex-base-url", &settings.vertex_base_url},
                                    {"openai-base-url", &settings.openai_base_url}}) {
        if (url->empty()) {
            continue;
        }
        bool valid = false;
        try {
            const Poco::URI uri(*url);
            valid = (uri.getScheme() == "http" || uri.getScheme() == "https") && !uri.getHost().empty();
        } catch (const Poco::Exception&) {
            valid = false;
        }
        if (!valid) {
            return missing(std::string(name) + " must be an http:// or https:// URL with a host, got '" +
                           *url + "'");
        }
    }
    switch (settings.provider) {
    case Provider::anthropic:
        return {};
    case Provider::bedrock:
        if (settings.aws_region.empty()) {
            return missing("provider bedrock needs a region: set the aws-region input or AWS_REGION (as "
                           "aws-actions/configure-aws-credentials does)");
        }
        if (settings.aws_access_key_id.empty() || settings.aws_secret_access_key.empty()) {
            return missing(
                "provider bedrock needs AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                "(and AWS_SESSION_TOKEN for temporary ones), as aws-actions/configure-aws-credentials "
                "exports them");
        }
        return {};
    case Provider::vertex:
        if (settings.vertex_region.empty()) {
            return missing("provider vertex needs a region: set the vertex-region input or CLOUD_ML_REGION "
                           "(e.g. us-east5 or global)");
        }
        if (settings.vertex_access_token.empty() && settings.vertex_credentials_file.empty()) {
            return missing(
                "provider vertex needs an access token (vertex-access-token, e.g. the access_token "
                "output of google-github-actions/auth) or a service-account key file "
                "(vertex-credentials-file or GOOGLE_APPLICATION_CREDENTIALS)");
        }
        return {};
    case Provider::openai:
        // A local server (vLLM, llama.cpp, Ollama) may need no key; OpenAI's own API always does.
        if (settings.openai_api_key.empty() &&
            (settings.openai_base_url.empty() ||
             settings.openai_base_url.find("://api.openai.com") != std::string::npos)) {
            return missing(
                "provider openai needs an API key for api.openai.com: set the openai-api-key input "
                "(or OPENAI_API_KEY), or openai-base-url for a server that needs none");
        }
        return {};
    }
    return {};
}

} // namespace autofix::action
