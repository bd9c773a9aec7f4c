// Checks the price table: list prices, prefix matching of dated model ids, overrides from JSON.
#include "agent/pricing.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

TEST(PriceTable, EstimatesFromListPrices) {
    const auto table = PriceTable::defaults();
    ports::Usage usage;
    usage.input_tokens = 1'000'000;
    usage.output_tokens = 100'000;
    EXPECT_DOUBLE_EQ(table.estimate_cost("claude-sonnet-4-5", usage), 3.0 + 1.5);
    EXPECT_DOUBLE_EQ(table.estimate_cost("claude-opus-4-5-20251101", usage), 5.0 + 2.5);
    EXPECT_DOUBLE_EQ(table.estimate_cost("claude-opus-4-1-20250805", usage), 15.0 + 7.5);
    usage = {};
    usage.cache_read_input_tokens = 1'000'000;
    usage.cache_creation_input_tokens = 1'000'000;
    EXPECT_DOUBLE_EQ(table.estimate_cost("claude-sonnet-4-5-20250929", usage), 0.3 + 3.75);
    EXPECT_DOUBLE_EQ(table.estimate_cost("unknown-model", usage), 0.0);
}

TEST(PriceTable, OverridesFromJson) {
    auto table = PriceTable::defaults();
    ASSERT_TRUE(
        table
            .apply_overrides(
                R"({"claude-sonnet-4-5": {"input": 1, "output": 2}, "my-model": {"input": 4, "output": 8, "cache_read": 0}})")
            .has_value());
    ports::Usage usage;
    usage.input_tokens = 1'000'000;
    usage.output_tokens = 1'000'000;
    EXPECT_DOUBLE_EQ(table.estimate_cost("claude-sonnet-4-5", usage), 3.0);
    EXPECT_DOUBLE_EQ(table.estimate_cost("my-model", usage), 12.0);
    EXPECT_DOUBLE_EQ(table.find("my-model")->cache_write, 5.0);
    EXPECT_TRUE(table.apply_overrides("").has_value());
}

TEST(PriceTable, MalformedOverridesAreConfigErrors) {
    auto table = PriceTable::defaults();
    EXPECT_EQ(table.apply_overrides("[1]").error().kind, core::ErrorKind::config);
    EXPECT_FALSE(table.apply_overrides(R"({"m": {"input": 1}})").has_value());
    EXPECT_FALSE(table.apply_overrides(R"({"m": {"input": -1, "output": 2}})").has_value());
    EXPECT_FALSE(table.apply_overrides("{nope").has_value());
}

} // namespace
} // namespace autofix::agent

namespace autofix::agent {
namespace {

// Bedrock ids (with or without a cross-region prefix) and Vertex AI ids cost what the Anthropic model does.
TEST(PriceTable, BedrockAndVertexIdsTakeTheAnthropicPrice) {
    const PriceTable table = PriceTable::defaults();
    const auto sonnet = table.find("claude-sonnet-4-5");
    ASSERT_TRUE(sonnet);
    for (const char* id : {"anthropic.claude-sonnet-4-5-20250929-v1:0",
                           "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5@20250929"}) {
        const auto price = table.find(id);
        ASSERT_TRUE(price) << id;
        EXPECT_EQ(price->input, sonnet->input) << id;
    }
    EXPECT_FALSE(table.find("gpt-4.1"));
    EXPECT_FALSE(table.find("arn:aws:bedrock:us-east-1:1:inference-profile/x.anthropic.claude-sonnet-4-5"));
}

} // namespace
} // namespace autofix::agent
