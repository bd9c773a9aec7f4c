// Checks which model client the provider setting makes and what it refuses before any request: a Vertex
// key file that is missing or of the wrong type, a Vertex project named nowhere (the key file's counts).
#include "app/model_client_factory.hpp"
#include "support/fake_clock.hpp"
#include "support/repo_builder.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace autofix::app {
namespace {

class NoTransport final : public ports::HttpTransport {
public:
    int sent = 0;
    core::Expected<ports::HttpResponse> send(const ports::HttpRequest&) override {
        ++sent;
        return core::make_error(core::ErrorKind::network, "no network in this test");
    }
};

core::Expected<action::Settings> settings(action::Environment::Variables variables) {
    variables.try_emplace("INPUT_BUILD-STATUS", "failure");
    return action::resolve_settings(action::CommandLine{action::Request::run, {}},
                                    action::Environment(std::move(variables)), action::ConfigFile{});
}

TEST(ModelClientFactory, MakesAClientForEveryProvider) {
    testing::TempDir workspace;
    NoTransport transport;
    testing::FakeClock clock;
    for (const char* provider : {"anthropic", "bedrock", "vertex", "openai"}) {
        auto resolved = settings({{"GITHUB_WORKSPACE", workspace.path()},
                                  {"INPUT_PROVIDER", provider},
                                  {"CLOUD_ML_REGION", "us-east5"},
                                  {"ANTHROPIC_VERTEX_PROJECT_ID", "p"},
                                  {"GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.t"}});
        ASSERT_TRUE(resolved) << resolved.error().message;
        const auto client = make_model_client(*resolved, transport, clock);
        ASSERT_TRUE(client) << provider << ": " << client.error().message;
        EXPECT_NE(client->get(), nullptr);
    }
    EXPECT_EQ(transport.sent, 0) << "making a client sends nothing";
}

TEST(ModelClientFactory, VertexKeyFileMustExistAndBeAServiceAccountKey) {
    testing::TempDir workspace;
    NoTransport transport;
    testing::FakeClock clock;
    action::Environment::Variables variables{{"GITHUB_WORKSPACE", workspace.path()},
                                             {"INPUT_PROVIDER", "vertex"},
                                             {"CLOUD_ML_REGION", "global"},
                                             {"INPUT_VERTEX-CREDENTIALS-FILE", "gha-creds-1.json"}};
    auto missing = make_model_client(*settings(variables), transport, clock);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, core::ErrorKind::invalid_input);
    EXPECT_NE(missing.error().message.find("vertex-credentials-file"), std::string::npos)
        << missing.error().message;

    std::ofstream(workspace / "gha-creds-1.json") << R"({"type":"external_account","audience":"//iam"})";
    auto external = make_model_client(*settings(variables), transport, clock);
    ASSERT_FALSE(external);
    EXPECT_NE(external.error().message.find("token_format: access_token"), std::string::npos);

    std::ofstream(workspace / "gha-creds-1.json")
        << R"({"type":"service_account","project_id":"from-key","private_key":"PEM","client_email":"a@b"})";
    EXPECT_TRUE(make_model_client(*settings(variables), transport, clock))
        << "the key file names the project";
    EXPECT_EQ(transport.sent, 0) << "the token is fetched with the first request, not before";
}

TEST(ModelClientFactory, VertexWithoutAProjectIsRefused) {
    testing::TempDir workspace;
    NoTransport transport;
    testing::FakeClock clock;
    const auto client = make_model_client(*settings({{"GITHUB_WORKSPACE", workspace.path()},
                                                     {"INPUT_PROVIDER", "vertex"},
                                                     {"CLOUD_ML_REGION", "global"},
                                                     {"INPUT_VERTEX-ACCESS-TOKEN", "ya29.t"}}),
                                          transport, clock);
    ASSERT_FALSE(client);
    EXPECT_NE(client.error().message.find("vertex-project-id"), std::string::npos) << client.error().message;
}

} // namespace
} // namespace autofix::app
