// Checks the fake Messages API's stand-in for Anthropic's prompt cache, which the e2e tests and
// scripts/bench-caching rely on: misplaced or too many cache_control marks are refused as the API refuses
// them, a breakpoint's prefix is written once it reaches the model's minimum and read by later requests.
#include "support/prompt_cache.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using nlohmann::json;

json text(const std::string& value, bool marked = false) {
    json block{{"type", "text"}, {"text", value}};
    if (marked) {
        block["cache_control"] = {{"type", "ephemeral"}};
    }
    return block;
}

json request(const std::string& system, std::vector<json> first, std::vector<json> later = {}) {
    json body{{"model", "claude-sonnet-4-5"},
              {"max_tokens", 100},
              {"system", json::array({text(system, true)})},
              {"messages", json::array({{{"role", "user"}, {"content", first}}})}};
    if (!later.empty()) {
        body["messages"].push_back({{"role", "assistant"}, {"content", json::array({text("ok")})}});
        body["messages"].push_back({{"role", "user"}, {"content", later}});
    }
    return body;
}

TEST(PromptCacheFake, RefusesWhatTheApiRefuses) {
    const std::string big(8000, 'x');
    EXPECT_EQ(testing::cache_control_problem(request(big, {text("a", true)})), "");
    json wrong = request(big, {text("a")});
    wrong["system"][0]["cache_control"] = {{"type", "persistent"}};
    EXPECT_NE(testing::cache_control_problem(wrong).find("ephemeral"), std::string::npos);
    json thinking = request(big, {text("a")});
    thinking["messages"][0]["content"].push_back(
        {{"type", "thinking"}, {"thinking", "t"}, {"cache_control", {{"type", "ephemeral"}}}});
    EXPECT_NE(testing::cache_control_problem(thinking).find("thinking"), std::string::npos);
    EXPECT_EQ(testing::cache_control_problem(
                  request(big, {text("a", true), text("b", true), text("c", true), text("d", true)})),
              "A maximum of 4 blocks with cache_control may be provided. Found 5.");
}

TEST(PromptCacheFake, WritesPrefixesFromTheMinimumAndReadsThemLater) {
    testing::PromptCache cache;
    const std::string system(6000, 's'); // about 1,500 tokens: cacheable on Sonnet (1024)
    const auto first = cache.account(request(system, {text(std::string(2000, 'f'), true)}));
    EXPECT_EQ(first.cache_read_input_tokens, 0);
    EXPECT_GT(first.cache_creation_input_tokens, 1500 + 400);
    EXPECT_LT(first.input_tokens, 10);

    const auto second =
        cache.account(request(system, {text(std::string(2000, 'f'), true)}, {text("turn 2", true)}));
    EXPECT_EQ(second.cache_read_input_tokens, first.cache_creation_input_tokens);
    EXPECT_GT(second.cache_creation_input_tokens, 0); // the conversation after it

    // Another first message: only the tools and system prompt are read.
    const auto other = cache.account(request(system, {text(std::string(2000, 'g'), true)}));
    EXPECT_GT(other.cache_read_input_tokens, 1400);
    EXPECT_LT(other.cache_read_input_tokens, first.cache_creation_input_tokens);

    // Below the minimum nothing is written, and after expiry nothing is read.
    testing::PromptCache small;
    const auto tiny = small.account(request("short", {text("tiny", true)}));
    EXPECT_EQ(tiny.cache_creation_input_tokens, 0);
    EXPECT_GT(tiny.input_tokens, 0);
    cache.clear();
    EXPECT_EQ(cache.account(request(system, {text(std::string(2000, 'f'), true)})).cache_read_input_tokens,
              0);
}

} // namespace
} // namespace autofix
