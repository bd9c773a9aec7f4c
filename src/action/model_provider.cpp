#include "action/model_provider.hpp"

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

core::Status check_provider_settings(const ProviderSettings& settings) {
    const auto missing = [](const std::string& what) {
        return core::make_error(core::ErrorKind::invalid_input, what);
    };
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
        return {};
    }
    return {};
}

} // namespace autofix::action
