// Checks the Anthropic client against a fake Messages API on 127.0.0.1: headers, request and reply shapes,
// and every retry rule of the official SDKs (what is retried, for how long, and when it gives up).
#include "adapters/anthropic_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_model_server.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using std::chrono::milliseconds;
using testing::FakeModelServer;

constexpr const char* key = "sk-ant-test-key";

struct ClientFixture : ::testing::Test {
    FakeModelServer server;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;

    adapters::AnthropicClient client(int max_retries = 2) {
        adapters::AnthropicSettings settings;
        settings.base_url = server.url() + "/";
        settings.api_key = key;
        settings.max_retries = max_retries;
        return adapters::AnthropicClient(settings, transport, clock, [] { return 0.0; });
    }

    static ports::MessageRequest hello() {
        ports::MessageRequest request;
        request.model = "claude-sonnet-4-5";
        request.system = "be brief";
        request.max_tokens = 256;
        request.messages.push_back({ports::Role::user, {ports::ContentBlock::make_text("hello")}});
        return request;
    }
};

TEST_F(ClientFixture, SendsHeadersAndBodyAndParsesReply) {
    server.push(testing::text_reply("hi there"));
    auto request = hello();
    request.tools.push_back({"str_replace_based_edit_tool", "text_editor_20250728", "", ""});
    request.tools.push_back({"submit_fix", "", "Ends the session", R"({"type":"object","properties":{}})"});
    const auto reply = client().create_message(request);
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(reply->text(), "hi there");
    EXPECT_EQ(reply->stop_reason, ports::StopReason::end_turn);
    EXPECT_EQ(reply->usage.input_tokens, 100);
    EXPECT_EQ(reply->usage.output_tokens, 50);
    EXPECT_EQ(reply->request_id, "req_fake_1");

    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1U);
    EXPECT_EQ(requests[0].path, "/v1/messages");
    EXPECT_EQ(requests[0].header("x-api-key"), key);
    EXPECT_EQ(requests[0].header("anthropic-version"), "2023-06-01");
    EXPECT_EQ(requests[0].header("content-type"), "application/json");
    const auto body = server.bodies().at(0);
    EXPECT_EQ(body["model"], "claude-sonnet-4-5");
    EXPECT_EQ(body["system"], "be brief");
    EXPECT_EQ(body["max_tokens"], 256);
    EXPECT_EQ(body["messages"][0]["content"][0]["text"], "hello");
    EXPECT_EQ(body["tools"][0],
              (nlohmann::json{{"type", "text_editor_20250728"}, {"name", "str_replace_based_edit_tool"}}));
    EXPECT_EQ(body["tools"][1]["input_schema"]["type"], "object");
    EXPECT_FALSE(body.contains("temperature"));
}

TEST_F(ClientFixture, ParsesToolUseAndSendsToolResults) {
    server.push(testing::tool_use_reply({{"toolu_1", "list_files", {{"pattern", "**/*.cpp"}}}}, "Looking."));
    server.push(testing::text_reply("done"));
    auto c = client();
    auto request = hello();
    const auto first = c.create_message(request);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(first->stop_reason, ports::StopReason::tool_use);
    ASSERT_EQ(first->content.size(), 2U);
    EXPECT_EQ(first->content[1].type, ports::BlockType::tool_use);
    EXPECT_EQ(first->content[1].name, "list_files");
    EXPECT_EQ(nlohmann::json::parse(first->content[1].input_json)["pattern"], "**/*.cpp");

    request.messages.push_back({ports::Role::assistant, first->content});
    request.messages.push_back(
        {ports::Role::user, {ports::ContentBlock::make_tool_result("toolu_1", "refused: .git", true)}});
    const auto second = c.create_message(request);
    ASSERT_TRUE(second.has_value()) << second.error().message;
    const auto sent = server.bodies().at(1)["messages"][2]["content"][0];
    EXPECT_EQ(sent["type"], "tool_result");
    EXPECT_EQ(sent["tool_use_id"], "toolu_1");
    EXPECT_EQ(sent["is_error"], true);
    EXPECT_EQ(sent["content"], "refused: .git");
}

TEST_F(ClientFixture, RetriesOverloadedWithBackoff) {
    server.push(testing::error_reply(529, "overloaded_error", "Overloaded"));
    server.push(testing::error_reply(500, "api_error", "Internal server error"));
    server.push(testing::text_reply("ok"));
    const auto reply = client().create_message(hello());
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(server.requests().size(), 3U);
    EXPECT_EQ(clock.sleeps(), (std::vector<milliseconds>{milliseconds(500), milliseconds(1000)}));
}

TEST_F(ClientFixture, RetriesRequestTimeoutConflictAndDroppedConnection) {
    server.push(testing::error_reply(408, "timeout_error", "Request timed out"));
    server.push(testing::error_reply(409, "conflict_error", "Conflict"));
    server.push(testing::dropped_connection());
    server.push(testing::text_reply("ok"));
    const auto reply = client(3).create_message(hello());
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(server.requests().size(), 4U);
}

TEST_F(ClientFixture, HonoursRetryAfterMsBeforeRetryAfter) {
    server.push(testing::error_reply(429, "rate_limit_error",
                                     "Number of request tokens has exceeded your rate limit",
                                     {{"retry-after-ms", "1234"}, {"retry-after", "30"}}));
    server.push(testing::error_reply(429, "rate_limit_error", "slow down", {{"retry-after", "7"}}));
    server.push(testing::text_reply("ok"));
    const auto reply = client().create_message(hello());
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(clock.sleeps(), (std::vector<milliseconds>{milliseconds(1234), milliseconds(7000)}));
}

TEST_F(ClientFixture, IgnoresRetryAfterAboveSixtySeconds) {
    server.push(testing::error_reply(429, "rate_limit_error", "slow down", {{"retry-after", "3600"}}));
    server.push(testing::text_reply("ok"));
    ASSERT_TRUE(client().create_message(hello()).has_value());
    EXPECT_EQ(clock.sleeps(), (std::vector<milliseconds>{milliseconds(500)}));
}

TEST_F(ClientFixture, GivesUpAfterMaxRetriesWithTypeAndRequestId) {
    for (int i = 0; i < 3; ++i) {
        server.push(testing::error_reply(529, "overloaded_error", "Overloaded"));
    }
    server.push(testing::text_reply("never reached"));
    const auto reply = client(2).create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().kind, core::ErrorKind::model);
    EXPECT_NE(reply.error().message.find("529 overloaded_error: Overloaded"), std::string::npos);
    EXPECT_NE(reply.error().message.find("request_id req_error_529"), std::string::npos);
    EXPECT_NE(reply.error().message.find("after 3 attempts"), std::string::npos);
    EXPECT_EQ(server.requests().size(), 3U);
    EXPECT_EQ(server.remaining(), 1U);
}

TEST_F(ClientFixture, RateLimitExhaustedIsRateLimited) {
    server.push(testing::error_reply(429, "rate_limit_error", "slow down"));
    server.push(testing::error_reply(429, "rate_limit_error", "slow down"));
    const auto reply = client(1).create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().kind, core::ErrorKind::rate_limited);
}

TEST_F(ClientFixture, NetworkFailureAfterRetriesIsNetworkError) {
    for (int i = 0; i < 3; ++i) {
        server.push(testing::dropped_connection());
    }
    const auto reply = client(2).create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().kind, core::ErrorKind::network);
    EXPECT_EQ(server.requests().size(), 3U);
    EXPECT_EQ(reply.error().message.find(key), std::string::npos);
}

TEST_F(ClientFixture, NeverRetriesBadRequest) {
    server.push(testing::error_reply(400, "invalid_request_error", "max_tokens: Field required"));
    server.push(testing::text_reply("never reached"));
    const auto reply = client().create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().kind, core::ErrorKind::model);
    EXPECT_NE(reply.error().message.find("400 invalid_request_error: max_tokens: Field required"),
              std::string::npos);
    EXPECT_EQ(server.requests().size(), 1U);
    EXPECT_TRUE(clock.sleeps().empty());
}

TEST_F(ClientFixture, NeverRetriesUnauthorizedAndNeverShowsTheKey) {
    adapters::AnthropicSettings settings;
    settings.base_url = server.url();
    settings.api_key = "sk-ant-wrong-secret";
    adapters::AnthropicClient wrong(settings, transport, clock, [] { return 0.0; });
    const auto reply = wrong.create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().kind, core::ErrorKind::auth);
    EXPECT_NE(reply.error().message.find("authentication_error"), std::string::npos);
    EXPECT_EQ(reply.error().message.find("sk-ant-wrong-secret"), std::string::npos);
    EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(ClientFixture, NeverRetriesForbidden) {
    server.push(testing::error_reply(403, "permission_error", "no access to model"));
    const auto reply = client().create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().kind, core::ErrorKind::auth);
    EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(ClientFixture, NeverRetriesSpendLimit) {
    server.push(testing::spend_limit_reply());
    server.push(testing::text_reply("never reached"));
    const auto reply = client().create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().kind, core::ErrorKind::rate_limited);
    EXPECT_NE(reply.error().message.find("spend limit"), std::string::npos);
    EXPECT_NE(reply.error().message.find("req_spend"), std::string::npos);
    EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(ClientFixture, ShouldRetryHeaderWins) {
    server.push(testing::error_reply(500, "api_error", "boom", {{"x-should-retry", "false"}}));
    const auto reply = client().create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(server.requests().size(), 1U);

    server.push(
        testing::error_reply(400, "invalid_request_error", "transient", {{"x-should-retry", "true"}}));
    server.push(testing::text_reply("ok"));
    EXPECT_TRUE(client().create_message(hello()).has_value());
    EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(ClientFixture, ErrorEchoingTheKeyIsScrubbed) {
    server.push(testing::error_reply(400, "invalid_request_error", std::string("bad header value ") + key));
    const auto reply = client().create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().message.find(key), std::string::npos);
    EXPECT_NE(reply.error().message.find("***"), std::string::npos);
}

TEST_F(ClientFixture, UnreadableReplyIsModelError) {
    server.push(testing::json_response(200, "<html>gateway</html>"));
    const auto reply = client().create_message(hello());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().kind, core::ErrorKind::model);
}

} // namespace
} // namespace autofix
