// Checks the PR and escalation summaries through the real Anthropic client and a fake Messages API on
// 127.0.0.1: a fenced JSON reply, a malformed reply asked again then the fallback, and redaction.
#include "adapters/anthropic_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "agent/summaries.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_model_server.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

struct SummaryOverHttp : ::testing::Test {
    testing::FakeModelServer server;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    agent::PromptSet prompts =
        *agent::PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");
    agent::SummaryConfig config{"claude-sonnet-4-5", 2048, {}, agent::no_redaction()};

    adapters::AnthropicClient client() {
        adapters::AnthropicSettings settings;
        settings.base_url = server.url();
        settings.api_key = "sk-ant-test-key";
        return adapters::AnthropicClient(settings, transport, clock, [] { return 0.0; });
    }
};

TEST_F(SummaryOverHttp, PrSummaryFromFencedJson) {
    server.push(
        testing::text_reply("Here you go:\n```json\n{\"title\": \"Import json in calculator\", \"body\": "
                            "\"## Problem\\nNameError\", \"skill\": \"### Imports\\n- check\"}\n```"));
    auto anthropic = client();
    agent::PrSummaryInput input{"NameError: json (token ghp_abc123)",
                                "+import json",
                                1,
                                {{1, "Import json", "why", "+import json", ""}},
                                "autonomous-fix-9",
                                "main"};
    config.redact = [](std::string_view text) {
        std::string out(text);
        const auto at = out.find("ghp_abc123");
        return at == std::string::npos ? out : out.replace(at, 10, "***");
    };
    const auto summary = agent::summarize_for_pr(anthropic, prompts, input, config);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    EXPECT_FALSE(summary->fallback);
    EXPECT_EQ(summary->title, "Import json in calculator");
    EXPECT_EQ(summary->body, "## Problem\nNameError");
    EXPECT_EQ(summary->skill, "### Imports\n- check");
    const auto body = server.bodies().at(0);
    EXPECT_FALSE(body.contains("tools"));
    EXPECT_EQ(server.requests().at(0).body.find("ghp_abc123"), std::string::npos);
    EXPECT_NE(body["messages"][0]["content"][0]["text"].get<std::string>().find("(token ***)"),
              std::string::npos);
}

TEST_F(SummaryOverHttp, EscalationMalformedTwiceFallsBack) {
    server.push(testing::text_reply("I cannot produce JSON."));
    server.push(testing::text_reply("{\"title\": \"only a title\"}"));
    auto anthropic = client();
    agent::EscalationInput input{
        "TypeError: boom", {{1, "Try A", "", "+a", "TypeError"}}, 6, "autonomous-fix-3"};
    const auto summary = agent::summarize_escalation(anthropic, prompts, input, config);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    EXPECT_TRUE(summary->fallback);
    EXPECT_NE(summary->body.find("TypeError: boom"), std::string::npos);
    const auto bodies = server.bodies();
    ASSERT_EQ(bodies.size(), 2U);
    EXPECT_EQ(bodies[1]["messages"].size(), 3U);
    EXPECT_EQ(bodies[1]["messages"][1]["role"], "assistant");
}

} // namespace
} // namespace autofix
