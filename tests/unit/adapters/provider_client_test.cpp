// Checks the provider protocols and the retry loop they share, with a scripted transport: the Bedrock
// request (URL, platform body, SigV4 headers with the session token), Bedrock's, Vertex's and OpenAI's
// error shapes, their mapping to the retry rules (throttling retried, validation and auth not, a quota
// never), the Vertex URL and base-URL defaults, and credentials scrubbed from every message.
#include "adapters/bedrock_client.hpp"
#include "adapters/openai_client.hpp"
#include "adapters/vertex_client.hpp"
#include "support/fake_clock.hpp"

#include <Poco/Crypto/RSAKey.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace autofix::adapters {
namespace {

using nlohmann::json;

class ScriptedTransport final : public ports::HttpTransport {
public:
    std::vector<core::Expected<ports::HttpResponse>> answers;
    std::vector<ports::HttpRequest> sent;
    core::Expected<ports::HttpResponse> send(const ports::HttpRequest& request) override {
        sent.push_back(request);
        if (answers.empty()) {
            return core::make_error(core::ErrorKind::network, "no answer scripted");
        }
        auto answer = answers.front();
        answers.erase(answers.begin());
        return answer;
    }
};

ports::HttpResponse message(const std::string& text = "ok") {
    const json body{{"id", "msg_1"},
                    {"type", "message"},
                    {"role", "assistant"},
                    {"model", "claude"},
                    {"content", {{{"type", "text"}, {"text", text}}}},
                    {"stop_reason", "end_turn"},
                    {"usage", {{"input_tokens", 7}, {"output_tokens", 3}}}};
    return {200, "OK", {{"x-amzn-RequestId", "rid-ok"}}, body.dump()};
}

ports::HttpResponse bedrock_error(int status, const std::string& type, const std::string& text) {
    return {status,
            "",
            {{"x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/"},
             {"x-amzn-RequestId", "rid-" + type}},
            json{{"message", text}}.dump()};
}

ports::MessageRequest hello(const std::string& model) {
    ports::MessageRequest request;
    request.model = model;
    request.max_tokens = 100;
    request.messages.push_back({ports::Role::user, {ports::ContentBlock::make_text("hello")}});
    return request;
}

const BedrockSettings bedrock_settings{
    "https://bedrock-runtime.us-east-1.amazonaws.com/",
    "us-east-1",
    {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-1"}};

struct Loop {
    ScriptedTransport transport;
    testing::FakeClock clock;
    ProviderModelClient client(std::unique_ptr<ModelProtocol> protocol) {
        return ProviderModelClient(std::move(protocol), transport, clock, 2, {}, [] { return 0.0; });
    }
};

TEST(BedrockProtocol, InvokeModelRequestIsSignedForBedrockWithTheSessionToken) {
    testing::FakeClock clock;
    clock.set_wall(std::chrono::system_clock::from_time_t(1440938160));
    BedrockProtocol protocol(bedrock_settings, clock);
    const auto http = protocol.prepare(hello("anthropic.claude-sonnet-4-5-20250929-v1:0"));
    ASSERT_TRUE(http) << http.error().message;
    EXPECT_EQ(http->url, "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                         "anthropic.claude-sonnet-4-5-20250929-v1:0/invoke");
    const json body = json::parse(http->body);
    EXPECT_EQ(body["anthropic_version"], "bedrock-2023-05-31");
    EXPECT_FALSE(body.contains("model"));
    EXPECT_EQ(body["max_tokens"], 100);
    EXPECT_EQ(ports::find_header(http->headers, "host"), "bedrock-runtime.us-east-1.amazonaws.com");
    EXPECT_EQ(ports::find_header(http->headers, "x-amz-date"), "20150830T123600Z");
    EXPECT_EQ(ports::find_header(http->headers, "x-amz-security-token"), "session-token-1");
    const std::string authorization = ports::find_header(http->headers, "authorization");
    EXPECT_EQ(authorization.rfind(
                  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "
                  "SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token, Signature=",
                  0),
              0U)
        << authorization;
    // The signature is the one SigV4 gives for the request as sent.
    SigV4Request signing{
        "POST", "/model/anthropic.claude-sonnet-4-5-20250929-v1:0/invoke", "", {}, http->body};
    for (const char* name : {"accept", "content-type", "host", "x-amz-date", "x-amz-security-token"}) {
        signing.headers.emplace_back(name, ports::find_header(http->headers, name));
    }
    EXPECT_EQ(authorization,
              sigv4_sign(signing, bedrock_settings.credentials, "us-east-1", "bedrock", "20150830T123600Z")
                  .authorization);
    EXPECT_EQ(protocol.secrets(),
              (std::vector<std::string>{bedrock_settings.credentials.secret_access_key, "session-token-1"}));
}

TEST(BedrockProtocol, EndpointOverrideAndDefault) {
    EXPECT_EQ(bedrock_endpoint("", "eu-west-3"), "https://bedrock-runtime.eu-west-3.amazonaws.com");
    EXPECT_EQ(bedrock_endpoint("http://127.0.0.1:4566/", "eu-west-3"), "http://127.0.0.1:4566");
}

TEST(BedrockProtocol, ErrorTypeFromTheHeaderOrTheBody) {
    testing::FakeClock clock;
    BedrockProtocol protocol(bedrock_settings, clock);
    const ProviderError throttled =
        protocol.decode_error(bedrock_error(429, "ThrottlingException", "Too many requests"));
    EXPECT_EQ(throttled.type, "ThrottlingException");
    EXPECT_EQ(throttled.message, "Too many requests");
    EXPECT_EQ(throttled.request_id, "rid-ThrottlingException");
    const ProviderError expired = protocol.decode_error(
        {403,
         "",
         {},
         R"({"__type":"com.amazon.coral.service#ExpiredTokenException","Message":"The security token included in the request is expired"})"});
    EXPECT_EQ(expired.type, "ExpiredTokenException");
    EXPECT_EQ(expired.message, "The security token included in the request is expired");
}

TEST(ProviderModelClient, ThrottlingAndUnavailableAreRetriedWithBackoff) {
    Loop loop;
    loop.transport.answers = {bedrock_error(429, "ThrottlingException", "slow down"),
                              bedrock_error(503, "ServiceUnavailableException", "busy"), message("fixed")};
    auto client = loop.client(std::make_unique<BedrockProtocol>(bedrock_settings, loop.clock));
    const auto reply = client.create_message(hello("m"));
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(reply->text(), "fixed");
    EXPECT_EQ(reply->usage.input_tokens, 7);
    EXPECT_EQ(reply->request_id, "rid-ok");
    EXPECT_EQ(loop.transport.sent.size(), 3U);
    EXPECT_EQ(loop.clock.sleeps(), (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(500),
                                                                           std::chrono::milliseconds(1000)}));
    EXPECT_NE(ports::find_header(loop.transport.sent[0].headers, "authorization"), "")
        << "each attempt is signed";
}

TEST(ProviderModelClient, ThrottlingThatOutlastsTheRetriesIsRateLimited) {
    Loop loop;
    for (int i = 0; i < 3; ++i) {
        loop.transport.answers.push_back(bedrock_error(429, "ThrottlingException", "Too many tokens"));
    }
    auto client = loop.client(std::make_unique<BedrockProtocol>(bedrock_settings, loop.clock));
    const auto reply = client.create_message(hello("m"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().kind, core::ErrorKind::rate_limited);
    EXPECT_EQ(reply.error().message, "Bedrock InvokeModel answered 429 ThrottlingException: Too many tokens "
                                     "(request id rid-ThrottlingException) after 3 attempts");
}

TEST(ProviderModelClient, ValidationAndAccessDeniedAreNotRetried) {
    Loop loop;
    loop.transport.answers = {bedrock_error(400, "ValidationException", "max_tokens too large")};
    auto client = loop.client(std::make_unique<BedrockProtocol>(bedrock_settings, loop.clock));
    auto reply = client.create_message(hello("m"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().kind, core::ErrorKind::model);
    EXPECT_EQ(loop.transport.sent.size(), 1U);
    loop.transport.answers = {
        bedrock_error(403, "AccessDeniedException", "You don't have access to the model")};
    reply = client.create_message(hello("m"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().kind, core::ErrorKind::auth);
    EXPECT_EQ(loop.transport.sent.size(), 2U);
}

TEST(ProviderModelClient, CredentialsAreScrubbedFromMessages) {
    Loop loop;
    const std::string secret = bedrock_settings.credentials.secret_access_key;
    loop.transport.answers = {
        bedrock_error(400, "ValidationException", "echo " + secret + " and session-token-1")};
    auto client = loop.client(std::make_unique<BedrockProtocol>(bedrock_settings, loop.clock));
    const auto reply = client.create_message(hello("m"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().message.find(secret), std::string::npos);
    EXPECT_EQ(reply.error().message.find("session-token-1"), std::string::npos);
    EXPECT_NE(reply.error().message.find("echo *** and ***"), std::string::npos) << reply.error().message;
}

TEST(ProviderModelClient, NetworkFailuresAreRetriedThenReported) {
    Loop loop;
    auto client =
        loop.client(std::make_unique<OpenAiProtocol>(OpenAiSettings{"http://127.0.0.1:9/v1", "sk-x"}));
    const auto reply = client.create_message(hello("m"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().kind, core::ErrorKind::network);
    EXPECT_EQ(loop.transport.sent.size(), 3U);
    EXPECT_NE(reply.error().message.find("Chat Completions API: no response after 3 attempts"),
              std::string::npos);
}

TEST(VertexProtocol, RawPredictUrlBodyAndBearerToken) {
    VertexProtocol protocol({vertex_base_url("", "us-east5"), "my-project", "us-east5"},
                            std::make_unique<GoogleTokenSource>("ya29.token"));
    const auto http = protocol.prepare(hello("claude-sonnet-4-5@20250929"));
    ASSERT_TRUE(http) << http.error().message;
    EXPECT_EQ(http->url,
              "https://us-east5-aiplatform.googleapis.com/v1/projects/my-project/locations/us-east5/"
              "publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict");
    EXPECT_EQ(ports::find_header(http->headers, "authorization"), "Bearer ya29.token");
    const json body = json::parse(http->body);
    EXPECT_EQ(body["anthropic_version"], "vertex-2023-10-16");
    EXPECT_FALSE(body.contains("model"));
    EXPECT_EQ(vertex_base_url("", "global"), "https://aiplatform.googleapis.com/v1");
    EXPECT_EQ(vertex_base_url("https://gw.corp/vertex/v1/", "global"), "https://gw.corp/vertex/v1");
}

TEST(VertexProtocol, ATokenEndpointThatDoesNotAnswerIsTriedAgain) {
    Loop loop;
    ServiceAccountKey key{"a@p.iam.gserviceaccount.com", "", "", "http://127.0.0.1:1/token", "p"};
    {
        std::ostringstream public_key;
        std::ostringstream private_key;
        Poco::Crypto::RSAKey(Poco::Crypto::RSAKey::KL_1024, Poco::Crypto::RSAKey::EXP_LARGE)
            .save(&public_key, &private_key);
        key.private_key = private_key.str();
    }
    loop.transport.answers = {
        core::make_error(core::ErrorKind::network, "connection refused"),
        ports::HttpResponse{200, "OK", {}, R"({"access_token":"ya29.t","expires_in":3600})"},
        message("through")};
    auto client = loop.client(std::make_unique<VertexProtocol>(
        VertexSettings{"https://x/v1", "p", "r"},
        std::make_unique<GoogleTokenSource>(key, loop.transport, loop.clock)));
    const auto reply = client.create_message(hello("claude-haiku-4-5@20251001"));
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(reply->text(), "through");
    ASSERT_EQ(loop.transport.sent.size(), 3U);
    EXPECT_EQ(loop.transport.sent[1].url, "http://127.0.0.1:1/token");
    EXPECT_EQ(ports::find_header(loop.transport.sent[2].headers, "authorization"), "Bearer ya29.t");
}

TEST(VertexProtocol, GoogleAndAnthropicErrorShapes) {
    VertexProtocol protocol({"https://x/v1", "p", "r"}, std::make_unique<GoogleTokenSource>("t"));
    const ProviderError quota = protocol.decode_error(
        {429,
         "",
         {},
         R"([{"error":{"code":429,"message":"Quota exceeded for online_prediction_requests","status":"RESOURCE_EXHAUSTED"}}])"});
    EXPECT_EQ(quota.type, "RESOURCE_EXHAUSTED");
    EXPECT_EQ(quota.message, "Quota exceeded for online_prediction_requests");
    const ProviderError overloaded = protocol.decode_error(
        {529,
         "",
         {{"request-id", "req_v"}},
         R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"});
    EXPECT_EQ(overloaded.type, "overloaded_error");
    EXPECT_EQ(overloaded.request_id, "req_v");
    EXPECT_EQ(protocol.secrets(), std::vector<std::string>{"t"});
}

TEST(OpenAiProtocol, BearerKeyUrlAndTheLimitFieldOfTheServer) {
    OpenAiProtocol official(OpenAiSettings{});
    auto http = official.prepare(hello("gpt-4.1"));
    ASSERT_TRUE(http);
    EXPECT_EQ(http->url, "https://api.openai.com/v1/chat/completions");
    EXPECT_EQ(ports::find_header(http->headers, "authorization"), "");
    EXPECT_TRUE(json::parse(http->body).contains("max_completion_tokens"));
    OpenAiProtocol local(OpenAiSettings{"http://localhost:8080/v1/", "sk-local"});
    http = local.prepare(hello("qwen"));
    EXPECT_EQ(http->url, "http://localhost:8080/v1/chat/completions");
    EXPECT_EQ(ports::find_header(http->headers, "authorization"), "Bearer sk-local");
    EXPECT_TRUE(json::parse(http->body).contains("max_tokens"));
}

TEST(OpenAiProtocol, InsufficientQuotaIsASpendLimitAndNotRetried) {
    Loop loop;
    loop.transport.answers = {ports::HttpResponse{
        429,
        "",
        {{"x-request-id", "req_q"}},
        R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})"}};
    auto client =
        loop.client(std::make_unique<OpenAiProtocol>(OpenAiSettings{"https://api.openai.com/v1", "sk-q"}));
    const auto reply = client.create_message(hello("m"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().kind, core::ErrorKind::rate_limited);
    EXPECT_EQ(loop.transport.sent.size(), 1U);
    EXPECT_NE(reply.error().message.find(
                  "insufficient_quota: You exceeded your current quota (quota or spend limit reached"),
              std::string::npos)
        << reply.error().message;
    const ProviderError plain =
        OpenAiProtocol(OpenAiSettings{}).decode_error({500, "", {}, R"({"error":"model crashed"})"});
    EXPECT_EQ(plain.message, "model crashed");
}

} // namespace
} // namespace autofix::adapters
