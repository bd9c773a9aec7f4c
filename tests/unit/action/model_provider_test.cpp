// Checks the provider input and its settings: the four names, each value's input and the providers' own
// environment variables in the order their SDKs read them, what each provider requires, and that the new
// secrets are masked, hidden in --print-settings and refused in the config file.
#include "action/settings.hpp"

#include <gtest/gtest.h>

namespace autofix::action {
namespace {

using Variables = Environment::Variables;

core::Expected<Settings> resolve(Variables variables, const std::string& config_text = "") {
    variables.try_emplace("GITHUB_WORKSPACE", "/github/workspace");
    variables.try_emplace("INPUT_BUILD-STATUS", "failure");
    auto config = parse_config_file(config_text, ".github/autofix.yml");
    EXPECT_TRUE(config) << config.error().message;
    return resolve_settings(CommandLine{Request::run, {}}, Environment(std::move(variables)),
                            config ? *config : ConfigFile{});
}

TEST(ModelProvider, AnthropicByDefaultAndEveryNameParses) {
    const auto settings = resolve({});
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->model_provider.provider, Provider::anthropic);
    for (const Provider provider :
         {Provider::anthropic, Provider::bedrock, Provider::vertex, Provider::openai}) {
        EXPECT_EQ(parse_provider(to_string(provider)).value(), provider);
    }
    const auto wrong = resolve({{"INPUT_PROVIDER", "azure"}});
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message.find("provider 'azure' is not one of anthropic, bedrock, vertex, openai"),
              std::string::npos)
        << wrong.error().message;
    EXPECT_NE(wrong.error().message.find("INPUT_PROVIDER"), std::string::npos);
}

TEST(ModelProvider, ProviderFromTheConfigFile) {
    const auto settings = resolve({}, "provider: openai\nopenai-base-url: http://llm.internal:8000/v1\n");
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->model_provider.provider, Provider::openai);
    EXPECT_EQ(settings->model_provider.openai_base_url, "http://llm.internal:8000/v1");
}

TEST(ModelProvider, BedrockEndpointPrefersTheServiceVariableThenTheGeneralOneAndTheInputOverBoth) {
    Variables variables{{"AWS_ENDPOINT_URL", "http://general"},
                        {"AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://bedrock-runtime"},
                        {"AWS_DEFAULT_REGION", "eu-central-1"},
                        {"AWS_ACCESS_KEY_ID", "AKIA1"},
                        {"AWS_SECRET_ACCESS_KEY", "secret-1"},
                        {"AWS_SESSION_TOKEN", "token-1"}};
    auto settings = resolve(variables);
    ASSERT_TRUE(settings);
    EXPECT_EQ(settings->model_provider.bedrock_endpoint_url, "http://bedrock-runtime");
    EXPECT_EQ(settings->model_provider.aws_region, "eu-central-1");
    EXPECT_EQ(settings->model_provider.aws_access_key_id, "AKIA1");
    EXPECT_EQ(settings->model_provider.aws_session_token, "token-1");
    variables.erase("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
    variables["AWS_REGION"] = "us-west-2";
    settings = resolve(variables);
    EXPECT_EQ(settings->model_provider.bedrock_endpoint_url, "http://general");
    EXPECT_EQ(settings->model_provider.aws_region, "us-west-2");
    variables["INPUT_BEDROCK-ENDPOINT-URL"] = "http://from-input";
    variables["INPUT_AWS-REGION"] = "ap-south-1";
    settings = resolve(variables);
    EXPECT_EQ(settings->model_provider.bedrock_endpoint_url, "http://from-input");
    EXPECT_EQ(settings->model_provider.aws_region, "ap-south-1");
}

TEST(ModelProvider, VertexAndOpenAiReadTheVariablesTheirToolsRead) {
    const auto settings = resolve({{"ANTHROPIC_VERTEX_PROJECT_ID", "proj"},
                                   {"CLOUD_ML_REGION", "us-east5"},
                                   {"ANTHROPIC_VERTEX_BASE_URL", "https://gateway/v1"},
                                   {"CLOUDSDK_AUTH_ACCESS_TOKEN", "ya29.cloudsdk"},
                                   {"GOOGLE_APPLICATION_CREDENTIALS", "/home/runner/work/r/r/gha-creds.json"},
                                   {"OPENAI_BASE_URL", "http://localhost:11434/v1"},
                                   {"OPENAI_API_KEY", "sk-openai-1"}});
    ASSERT_TRUE(settings);
    const ProviderSettings& provider = settings->model_provider;
    EXPECT_EQ(provider.vertex_project_id, "proj");
    EXPECT_EQ(provider.vertex_region, "us-east5");
    EXPECT_EQ(provider.vertex_base_url, "https://gateway/v1");
    EXPECT_EQ(provider.vertex_access_token, "ya29.cloudsdk");
    EXPECT_EQ(provider.vertex_credentials_file, "/home/runner/work/r/r/gha-creds.json");
    EXPECT_EQ(provider.openai_base_url, "http://localhost:11434/v1");
    EXPECT_EQ(provider.openai_api_key, "sk-openai-1");
    const auto preferred = resolve(
        {{"CLOUDSDK_AUTH_ACCESS_TOKEN", "ya29.cloudsdk"}, {"GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.oauth"}});
    EXPECT_EQ(preferred->model_provider.vertex_access_token, "ya29.oauth");
}

TEST(ModelProvider, EachProviderRequiresItsOwnCredentialsInsteadOfTheAnthropicKey) {
    Variables base{{"GITHUB_TOKEN", "ghs_1"}, {"GITHUB_REPOSITORY", "o/r"}, {"INPUT_MODEL", "m"}};
    auto with = [&](Variables extra) {
        Variables all = base;
        all.insert(extra.begin(), extra.end());
        auto settings = resolve(all);
        EXPECT_TRUE(settings) << settings.error().message;
        return require_credentials(*settings);
    };
    EXPECT_NE(with({}).error().message.find("anthropic-api-key is required"), std::string::npos);
    EXPECT_NE(with({{"INPUT_PROVIDER", "bedrock"}}).error().message.find("needs a region"),
              std::string::npos);
    EXPECT_NE(with({{"INPUT_PROVIDER", "bedrock"}, {"AWS_REGION", "us-east-1"}})
                  .error()
                  .message.find("AWS_ACCESS_KEY_ID"),
              std::string::npos);
    EXPECT_TRUE(with({{"INPUT_PROVIDER", "bedrock"},
                      {"AWS_REGION", "us-east-1"},
                      {"AWS_ACCESS_KEY_ID", "AKIA"},
                      {"AWS_SECRET_ACCESS_KEY", "s"}}));
    EXPECT_NE(with({{"INPUT_PROVIDER", "vertex"}, {"CLOUD_ML_REGION", "global"}})
                  .error()
                  .message.find("access token"),
              std::string::npos);
    EXPECT_TRUE(with(
        {{"INPUT_PROVIDER", "vertex"}, {"CLOUD_ML_REGION", "global"}, {"INPUT_VERTEX-ACCESS-TOKEN", "t"}}));
    EXPECT_TRUE(with({{"INPUT_PROVIDER", "openai"}, {"INPUT_OPENAI-BASE-URL", "http://127.0.0.1:8000/v1"}}))
        << "a local server may need no key";
}

TEST(ModelProvider, BadEndpointsAMissingOpenAiKeyAndTheAnthropicDefaultModelAreRefusedUpFront) {
    Variables base{{"GITHUB_TOKEN", "ghs_1"}, {"GITHUB_REPOSITORY", "o/r"}, {"INPUT_MODEL", "m"}};
    auto message = [&](Variables extra, bool keep_model = true) {
        Variables all = base;
        if (!keep_model) {
            all.erase("INPUT_MODEL");
        }
        all.insert(extra.begin(), extra.end());
        auto settings = resolve(all);
        EXPECT_TRUE(settings) << settings.error().message;
        const core::Status status = require_credentials(*settings);
        return status ? std::string("ok") : status.error().message;
    };
    EXPECT_NE(message({{"INPUT_PROVIDER", "openai"}, {"INPUT_OPENAI-BASE-URL", "not-a-url"}})
                  .find("openai-base-url must be an http:// or https:// URL"),
              std::string::npos);
    EXPECT_NE(message({{"INPUT_PROVIDER", "openai"}}).find("needs an API key for api.openai.com"),
              std::string::npos);
    EXPECT_EQ(message({{"INPUT_PROVIDER", "openai"}, {"OPENAI_API_KEY", "sk-1"}}), "ok");
    EXPECT_NE(message({{"INPUT_PROVIDER", "bedrock"},
                       {"AWS_REGION", "us-east-1"},
                       {"AWS_ACCESS_KEY_ID", "AKIA"},
                       {"AWS_SECRET_ACCESS_KEY", "s"},
                       {"AWS_ENDPOINT_URL", "ftp://gateway"}})
                  .find("bedrock-endpoint-url must be"),
              std::string::npos);
    EXPECT_NE(message({{"INPUT_PROVIDER", "vertex"},
                       {"CLOUD_ML_REGION", "global"},
                       {"INPUT_VERTEX-ACCESS-TOKEN", "t"},
                       {"ANTHROPIC_VERTEX_BASE_URL", "https://"}})
                  .find("vertex-base-url must be"),
              std::string::npos);
    EXPECT_NE(
        message(
            {{"INPUT_PROVIDER", "vertex"}, {"CLOUD_ML_REGION", "global"}, {"INPUT_VERTEX-ACCESS-TOKEN", "t"}},
            false)
            .find("provider vertex needs the model input"),
        std::string::npos);
    EXPECT_NE(message({}, false).find("anthropic-api-key is required"), std::string::npos)
        << "the Anthropic API keeps its default model";
}

TEST(ModelProvider, NewSecretsAreMaskedHiddenAndRefusedInTheConfigFile) {
    const auto settings = resolve({{"AWS_SECRET_ACCESS_KEY", "aws-secret"},
                                   {"AWS_SESSION_TOKEN", "aws-token"},
                                   {"INPUT_VERTEX-ACCESS-TOKEN", "ya29.vertex"},
                                   {"INPUT_OPENAI-API-KEY", "sk-openai"}});
    ASSERT_TRUE(settings);
    const auto secrets = settings->secrets();
    for (const char* value : {"aws-secret", "aws-token", "ya29.vertex", "sk-openai"}) {
        EXPECT_NE(std::find(secrets.begin(), secrets.end(), value), secrets.end()) << value;
        EXPECT_EQ(describe_settings(*settings).find(value), std::string::npos) << value;
    }
    EXPECT_NE(describe_settings(*settings).find("openai-api-key: *** (input"), std::string::npos);
    for (const char* key : {"openai-api-key", "vertex-access-token"}) {
        const auto parsed = parse_config_file(std::string(key) + ": x\n", ".github/autofix.yml");
        ASSERT_FALSE(parsed) << key;
        EXPECT_NE(parsed.error().message.find("is a secret"), std::string::npos) << parsed.error().message;
    }
}

} // namespace
} // namespace autofix::action
