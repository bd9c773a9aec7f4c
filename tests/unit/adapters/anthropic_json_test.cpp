// Checks the Messages API JSON codec (request encoding, reply and error decoding) and the pure retry
// decisions: spend limits, x-should-retry, retryable statuses and the retry-after delays.
#include "adapters/anthropic_json.hpp"
#include "adapters/anthropic_retry.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

TEST(EncodeMessageRequest, WritesBlocksToolsAndOptionalFields) {
    ports::MessageRequest request;
    request.model = "claude-sonnet-4-5";
    request.max_tokens = 100;
    request.temperature = 0.0;
    request.messages.push_back({ports::Role::user, {ports::ContentBlock::make_text("fix it")}});
    request.messages.push_back(
        {ports::Role::assistant,
         {ports::ContentBlock::make_tool_use("toolu_1", "list_files", R"({"pattern":"*"})")}});
    request.messages.push_back(
        {ports::Role::user, {ports::ContentBlock::make_tool_result("toolu_1", "a.py\n", false)}});
    const auto body = encode_message_request(request);
    ASSERT_TRUE(body.has_value());
    const json value = json::parse(*body);
    EXPECT_FALSE(value.contains("system"));
    EXPECT_EQ(value["temperature"], 0.0);
    EXPECT_EQ(
        value["messages"][1]["content"][0],
        (json{
            {"type", "tool_use"}, {"id", "toolu_1"}, {"name", "list_files"}, {"input", {{"pattern", "*"}}}}));
    EXPECT_EQ(value["messages"][2]["content"][0],
              (json{{"type", "tool_result"}, {"tool_use_id", "toolu_1"}, {"content", "a.py\n"}}));
}

TEST(EncodeMessageRequest, CacheBreakpointsGoWhereTheApiAcceptsThemAndAtMostFour) {
    ports::MessageRequest request;
    request.model = "claude-sonnet-4-5";
    request.system = "You fix builds.";
    request.cache_system = true;
    request.tools.push_back({"list_files", "", "List files.", R"({"type":"object"})"});
    auto first = ports::ContentBlock::make_text("the failure and the files");
    first.cache_breakpoint = true;
    auto empty = ports::ContentBlock::make_text("");
    empty.cache_breakpoint = true; // an empty text block cannot be cached: not marked
    request.messages.push_back({ports::Role::user, {empty, first}});
    ports::ContentBlock thinking;
    thinking.type = ports::BlockType::other;
    thinking.raw_json = R"({"type":"thinking","thinking":"hm","signature":"s"})";
    thinking.cache_breakpoint = true; // thinking blocks cannot carry cache_control: not marked
    auto call = ports::ContentBlock::make_tool_use("toolu_1", "list_files", "{}");
    call.cache_breakpoint = true;
    request.messages.push_back({ports::Role::assistant, {thinking, call}});
    auto result = ports::ContentBlock::make_tool_result("toolu_1", "a.py", false);
    result.cache_breakpoint = true;
    auto later = ports::ContentBlock::make_text("and one more");
    later.cache_breakpoint = true; // the fifth breakpoint: dropped
    request.messages.push_back({ports::Role::user, {result, later}});
    const auto body = encode_message_request(request);
    ASSERT_TRUE(body.has_value());
    const json value = json::parse(*body);
    EXPECT_EQ(value["system"], json::parse(R"([{"type":"text","text":"You fix builds.",
                                                 "cache_control":{"type":"ephemeral"}}])"));
    const json ephemeral{{"type", "ephemeral"}};
    EXPECT_FALSE(value["messages"][0]["content"][0].contains("cache_control"));
    EXPECT_EQ(value["messages"][0]["content"][1]["cache_control"], ephemeral);
    EXPECT_FALSE(value["messages"][1]["content"][0].contains("cache_control"));
    EXPECT_EQ(value["messages"][1]["content"][1]["cache_control"], ephemeral);
    EXPECT_EQ(value["messages"][2]["content"][0]["cache_control"], ephemeral);
    EXPECT_FALSE(value["messages"][2]["content"][1].contains("cache_control"));
    std::size_t marks = 0;
    for (auto at = body->find("cache_control"); at != std::string::npos;
         at = body->find("cache_control", at + 1)) {
        ++marks;
    }
    EXPECT_EQ(marks, 4U);

    // Without the flags the system prompt stays a string and no block is marked.
    ports::MessageRequest plain;
    plain.model = "claude-sonnet-4-5";
    plain.system = "You fix builds.";
    plain.messages.push_back({ports::Role::user, {ports::ContentBlock::make_text("x")}});
    const auto plain_body = encode_message_request(plain);
    ASSERT_TRUE(plain_body.has_value());
    EXPECT_EQ(json::parse(*plain_body)["system"], "You fix builds.");
    EXPECT_EQ(plain_body->find("cache_control"), std::string::npos);
}

TEST(EncodeMessageRequest, InvalidToolInputIsAnError) {
    ports::MessageRequest request;
    request.messages.push_back(
        {ports::Role::assistant, {ports::ContentBlock::make_tool_use("t", "x", "{not json")}});
    EXPECT_FALSE(encode_message_request(request).has_value());
}

TEST(DecodeMessageResponse, ReadsContentStopReasonAndUsage) {
    const auto reply = decode_message_response(R"({"id":"msg_1","type":"message","role":"assistant",
        "model":"claude-sonnet-4-5","stop_reason":"pause_turn","content":[{"type":"text","text":"hi"},
        {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}],
        "usage":{"input_tokens":12,"output_tokens":3,"cache_creation_input_tokens":4,"cache_read_input_tokens":5}})");
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->stop_reason, ports::StopReason::pause_turn);
    EXPECT_EQ(reply->content[1].type, ports::BlockType::other);
    EXPECT_EQ(json::parse(reply->content[1].raw_json)["id"], "srvtoolu_1");
    EXPECT_EQ(reply->usage.total(), 24);
    EXPECT_FALSE(decode_message_response(R"({"type":"error"})").has_value());
}

TEST(DecodeApiError, ReadsTypeMessageCodeAndRequestId) {
    const auto error =
        decode_api_error(R"({"type":"error","error":{"type":"rate_limit_error","message":"limit",
        "details":{"error_code":"enforced_spend_limit_reached"}},"request_id":"req_1"})");
    EXPECT_EQ(error.type, "rate_limit_error");
    EXPECT_EQ(error.message, "limit");
    EXPECT_EQ(error.error_code, "enforced_spend_limit_reached");
    EXPECT_EQ(error.request_id, "req_1");
    EXPECT_TRUE(decode_api_error("<html>").type.empty());
}

TEST(DecideRetry, FollowsTheSdkRules) {
    const ApiError none;
    for (const int status : {408, 409, 429, 500, 502, 503, 529}) {
        EXPECT_EQ(decide_retry(status, {}, none), RetryVerdict::retry) << status;
    }
    for (const int status : {400, 401, 403, 404, 413}) {
        EXPECT_EQ(decide_retry(status, {}, none), RetryVerdict::give_up) << status;
    }
    EXPECT_EQ(decide_retry(500, {{"X-Should-Retry", "false"}}, none), RetryVerdict::give_up);
    EXPECT_EQ(decide_retry(400, {{"x-should-retry", "true"}}, none), RetryVerdict::retry);
}

TEST(DecideRetry, NeverRetriesSpendLimit) {
    ApiError coded{"rate_limit_error", "limit", "enforced_spend_limit_reached", ""};
    EXPECT_EQ(decide_retry(429, {{"x-should-retry", "true"}}, coded), RetryVerdict::give_up);
    ApiError worded{"rate_limit_error", "You have reached your specified API usage limits.", "", ""};
    EXPECT_TRUE(is_spend_limit(429, worded));
    ApiError rate{"rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", "",
                  ""};
    EXPECT_FALSE(is_spend_limit(429, rate));
    EXPECT_FALSE(is_spend_limit(400, coded));
}

TEST(RetryDelay, PrefersHeadersWithinSixtySeconds) {
    const core::BackoffPolicy policy;
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    EXPECT_EQ(retry_delay({{"retry-after-ms", "250"}, {"retry-after", "9"}}, policy, 0, 0.0, now),
              milliseconds(250));
    EXPECT_EQ(retry_delay({{"retry-after", "9"}}, policy, 0, 0.0, now), milliseconds(9000));
    EXPECT_EQ(retry_delay({{"retry-after", "61"}}, policy, 0, 0.0, now), milliseconds(500));
    EXPECT_EQ(retry_delay({{"retry-after", "0"}}, policy, 1, 0.0, now), milliseconds(1000));
    EXPECT_EQ(retry_delay({}, policy, 5, 0.0, now), milliseconds(8000));
    EXPECT_EQ(retry_delay({}, policy, 0, 1.0, now), milliseconds(375));
}

} // namespace
} // namespace autofix::adapters
