// Checks each provider's client over real HTTP against its fake on 127.0.0.1, which verifies requests the
// way the service does: Bedrock's SigV4 (a model id with ':' in the path, the session token), throttling
// retried and refusals not; the Vertex token exchange with a signed JWT and a refused token; an
// OpenAI-compatible server's key and its tool round trip.
#include "adapters/bedrock_client.hpp"
#include "adapters/openai_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "adapters/vertex_client.hpp"
#include "support/fake_clock.hpp"
#include "support/provider_fakes.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::FakeModelServer;

FakeModelServer::Handler echo() {
    return [](const nlohmann::json& body) {
        if (body.contains("tools")) {
            return testing::tool_use_reply({{"toolu_1", "list_files", {{"pattern", "**/*.py"}}}});
        }
        return testing::text_reply("model " + body.value("model", "") + " heard " +
                                   body["messages"].back()["content"][0].value("text", ""));
    };
}

ports::MessageRequest hello(const std::string& model) {
    ports::MessageRequest request;
    request.model = model;
    request.max_tokens = 64;
    request.messages.push_back({ports::Role::user, {ports::ContentBlock::make_text("hello")}});
    return request;
}

struct OverHttp : ::testing::Test {
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    const adapters::AwsCredentials credentials{"AKIAINTEGRATION0001", "integrationSecret/Key+0123456789",
                                               "integration-session-token"};

    adapters::ProviderModelClient client(std::unique_ptr<adapters::ModelProtocol> protocol) {
        return adapters::ProviderModelClient(std::move(protocol), transport, clock, 2, {},
                                             [] { return 0.0; });
    }
};

TEST_F(OverHttp, BedrockSignatureIsAcceptedAndThrottlingRetried) {
    testing::FakeBedrock bedrock(echo(), credentials, "ap-northeast-1");
    bedrock.throttle(2);
    auto model = client(std::make_unique<adapters::BedrockProtocol>(
        adapters::BedrockSettings{bedrock.url(), "ap-northeast-1", credentials}, clock));
    const auto reply = model.create_message(hello("apac.anthropic.claude-haiku-4-5-20251001-v1:0"));
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(reply->text(), "model apac.anthropic.claude-haiku-4-5-20251001-v1:0 heard hello");
    EXPECT_EQ(reply->request_id, "fake-bedrock-request");
    EXPECT_EQ(bedrock.requests().size(), 3U);
    EXPECT_EQ(clock.sleeps().size(), 2U);
    EXPECT_EQ(bedrock.refused(), 0);
}

TEST_F(OverHttp, BedrockRefusesAWrongSessionTokenAndItIsNotRetried) {
    testing::FakeBedrock bedrock(echo(), credentials, "us-east-1");
    adapters::AwsCredentials stale = credentials;
    stale.session_token = "an-expired-session-token";
    auto model = client(std::make_unique<adapters::BedrockProtocol>(
        adapters::BedrockSettings{bedrock.url(), "us-east-1", stale}, clock));
    const auto reply = model.create_message(hello("anthropic.claude-sonnet-4-5-20250929-v1:0"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().kind, core::ErrorKind::auth);
    EXPECT_NE(reply.error().message.find("403 UnrecognizedClientException"), std::string::npos)
        << reply.error().message;
    EXPECT_EQ(bedrock.requests().size(), 1U);
}

TEST_F(OverHttp, BedrockRefusesASignatureForAnotherRegion) {
    testing::FakeBedrock bedrock(echo(), credentials, "eu-west-1");
    auto model = client(std::make_unique<adapters::BedrockProtocol>(
        adapters::BedrockSettings{bedrock.url(), "eu-west-2", credentials}, clock));
    const auto reply = model.create_message(hello("m"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().kind, core::ErrorKind::auth);
    EXPECT_EQ(bedrock.refused(), 1);
}

TEST_F(OverHttp, VertexExchangesTheKeyOnceForSeveralRequests) {
    testing::FakeVertex vertex(echo(), "proj-1", "europe-west1");
    auto key = adapters::parse_service_account_key(vertex.key_file());
    ASSERT_TRUE(key) << key.error().message;
    auto model = client(std::make_unique<adapters::VertexProtocol>(
        adapters::VertexSettings{vertex.url() + "/v1", "proj-1", "europe-west1"},
        std::make_unique<adapters::GoogleTokenSource>(*key, transport, clock)));
    vertex.throttle(1);
    for (int i = 0; i < 2; ++i) {
        const auto reply = model.create_message(hello("claude-sonnet-4-5@20250929"));
        ASSERT_TRUE(reply) << reply.error().message;
        EXPECT_EQ(reply->text(), "model claude-sonnet-4-5@20250929 heard hello");
    }
    EXPECT_EQ(vertex.tokens_issued(), 1);
    EXPECT_EQ(vertex.refused(), 0);
}

TEST_F(OverHttp, VertexRefusesAnUnknownTokenAsAuth) {
    testing::FakeVertex vertex(echo(), "proj-1", "us-east5");
    vertex.accept_token("ya29.the-right-one");
    auto model = client(std::make_unique<adapters::VertexProtocol>(
        adapters::VertexSettings{vertex.url() + "/v1", "proj-1", "us-east5"},
        std::make_unique<adapters::GoogleTokenSource>("ya29.a-wrong-one")));
    const auto reply = model.create_message(hello("m"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().kind, core::ErrorKind::auth);
    EXPECT_NE(reply.error().message.find("401 UNAUTHENTICATED"), std::string::npos) << reply.error().message;
    EXPECT_EQ(reply.error().message.find("ya29.a-wrong-one"), std::string::npos);
}

TEST_F(OverHttp, OpenAiToolCallRoundTripAndAWrongKey) {
    testing::FakeOpenAi openai(echo(), "sk-right");
    auto model = client(std::make_unique<adapters::OpenAiProtocol>(
        adapters::OpenAiSettings{openai.url() + "/v1", "sk-right"}));
    ports::MessageRequest request = hello("llama");
    request.tools.push_back(
        {"list_files", "", "List", R"({"type":"object","properties":{"pattern":{"type":"string"}}})"});
    auto reply = model.create_message(request);
    ASSERT_TRUE(reply) << reply.error().message;
    ASSERT_EQ(reply->content.size(), 1U);
    EXPECT_EQ(reply->stop_reason, ports::StopReason::tool_use);
    EXPECT_EQ(reply->content[0].name, "list_files");
    EXPECT_EQ(reply->usage.input_tokens, 100);
    // The tool's answer goes back as a tool message, then the server answers in text.
    request.messages.push_back({ports::Role::assistant, reply->content});
    request.messages.push_back(
        {ports::Role::user, {ports::ContentBlock::make_tool_result("toolu_1", "a.py", false)}});
    request.tools.clear();
    reply = model.create_message(request);
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(openai.refused(), 0);

    auto wrong = client(std::make_unique<adapters::OpenAiProtocol>(
        adapters::OpenAiSettings{openai.url() + "/v1", "sk-wrong"}));
    const auto refused = wrong.create_message(hello("llama"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::auth);
    EXPECT_NE(refused.error().message.find("401 invalid_api_key"), std::string::npos)
        << refused.error().message;
}

} // namespace
} // namespace autofix
