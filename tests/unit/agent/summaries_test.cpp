// Checks the PR and escalation summaries: bare and fenced JSON replies, a malformed reply asked again once,
// then the fallback built from the inputs; API errors are returned.
#include "agent/summaries.hpp"
#include "unit/agent/scripted_model.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

struct SummaryTest : ::testing::Test {
    testing::ScriptedModel model;
    PromptSet prompts = *PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");
    SummaryConfig config{"claude-sonnet-4-5", 2048, {}, no_redaction()};
    PrSummaryInput pr{"NameError: name 'json' is not defined",
                      "+import json",
                      2,
                      {{1, "Add missing import", "", "+import js", "ImportError"},
                       {2, "Import json", "", "+import json", ""}},
                      "autonomous-fix-42",
                      "main"};
};

TEST(ParseSummaryReply, BareFencedAndEmbedded) {
    const std::vector<std::string> keys{"title", "body"};
    EXPECT_EQ((*parse_summary_reply(R"({"title": "T", "body": "B"})", keys))["title"], "T");
    EXPECT_EQ((*parse_summary_reply("Here it is:\n```json\n{\"title\": \"T\", \"body\": \"B\"}\n```\nThanks",
                                    keys))["body"],
              "B");
    EXPECT_EQ((*parse_summary_reply("```\n{\"title\": \"T2\", \"body\": \"B\"}\n```", keys))["title"], "T2");
    EXPECT_EQ((*parse_summary_reply("Sure! {\"title\": \"T3\", \"body\": \"B\"}", keys))["title"], "T3");
    EXPECT_FALSE(parse_summary_reply("{\"title\": \"T\"}", keys));                  // missing body
    EXPECT_FALSE(parse_summary_reply("{\"title\": 1, \"body\": \"B\"}", keys));     // not a string
    EXPECT_FALSE(parse_summary_reply("{\"title\": \" \", \"body\": \"B\"}", keys)); // empty title
    EXPECT_FALSE(parse_summary_reply("no json here", keys));
}

TEST_F(SummaryTest, PrSummaryFromBareJson) {
    model.push_text(
        R"({"title": "Import json in app", "body": "## Problem\n...", "skill": "### Imports\n- check"})");
    const auto summary = summarize_for_pr(model, prompts, pr, config);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    EXPECT_FALSE(summary->fallback);
    EXPECT_EQ(summary->title, "Import json in app");
    EXPECT_EQ(summary->skill, "### Imports\n- check");
    EXPECT_EQ(summary->usage.input_tokens, 10);
    ASSERT_EQ(model.requests().size(), 1U);
    const auto& request = model.requests()[0];
    EXPECT_TRUE(request.tools.empty());
    EXPECT_EQ(request.model, "claude-sonnet-4-5");
    const auto& user = request.messages[0].content[0].text;
    EXPECT_NE(user.find("NameError: name 'json' is not defined"), std::string::npos);
    EXPECT_NE(user.find("+import json"), std::string::npos);
    EXPECT_NE(user.find("### Attempt 1: Add missing import"), std::string::npos);
    EXPECT_NE(user.find("autonomous-fix-42 into main"), std::string::npos);
}

TEST_F(SummaryTest, MalformedReplyIsAskedAgainOnce) {
    model.push_text("The fix adds an import.");
    model.push_text("```json\n{\"title\": \"Import json\", \"body\": \"B\", \"skill\": \"S\"}\n```");
    const auto summary = summarize_for_pr(model, prompts, pr, config);
    ASSERT_TRUE(summary.has_value());
    EXPECT_FALSE(summary->fallback);
    EXPECT_EQ(summary->title, "Import json");
    EXPECT_EQ(summary->usage.input_tokens, 20);
    ASSERT_EQ(model.requests().size(), 2U);
    const auto& again = model.requests()[1].messages;
    ASSERT_EQ(again.size(), 3U);
    EXPECT_NE(again[2].content[0].text.find("\"title\", \"body\", \"skill\""), std::string::npos);
}

TEST_F(SummaryTest, TwiceMalformedUsesFallback) {
    model.push_text("nope");
    model.push_text("{still not json");
    const auto summary = summarize_for_pr(model, prompts, pr, config);
    ASSERT_TRUE(summary.has_value());
    EXPECT_TRUE(summary->fallback);
    EXPECT_EQ(summary->title, "🤖 Import json");
    EXPECT_NE(summary->body.find("NameError: name 'json' is not defined"), std::string::npos);
    EXPECT_NE(summary->body.find("- Attempt 2: Import json"), std::string::npos);
    EXPECT_FALSE(summary->skill.empty());
    EXPECT_EQ(model.requests().size(), 2U);
}

TEST_F(SummaryTest, EscalationSummaryAndFallback) {
    EscalationInput input{"TypeError: boom",
                          {{1, "Try A", "", "+a", "TypeError"}, {2, "Try B", "", "+b", "TypeError"}},
                          6,
                          "autonomous-fix-7"};
    model.push_text(R"({"title": "Build broken: TypeError in boom", "body": "## Failure\n..."})");
    auto summary = summarize_escalation(model, prompts, input, config);
    ASSERT_TRUE(summary.has_value());
    EXPECT_EQ(summary->title, "Build broken: TypeError in boom");
    EXPECT_NE(model.requests()[0].messages[0].content[0].text.find("6 automated fix attempts"),
              std::string::npos);

    model.push_text("x");
    model.push_text("y");
    summary = summarize_escalation(model, prompts, input, config);
    ASSERT_TRUE(summary.has_value());
    EXPECT_TRUE(summary->fallback);
    EXPECT_NE(summary->title.find("after 6 attempts"), std::string::npos);
    EXPECT_NE(summary->body.find("- Attempt 2: Try B"), std::string::npos);
}

TEST_F(SummaryTest, ApiErrorIsReturned) {
    model.push(core::make_error(core::ErrorKind::rate_limited, "spend limit"));
    const auto summary = summarize_for_pr(model, prompts, pr, config);
    ASSERT_FALSE(summary.has_value());
    EXPECT_EQ(summary.error().kind, core::ErrorKind::rate_limited);
}

TEST(RenderAttempts, FencesOutgrowTheBackticksOfADiffOrLog) {
    // A diff of a Markdown file holds a fence of its own: the issue body's blocks must not end inside it.
    const std::vector<PreviousAttempt> attempts{
        {1, "Fix the README example", "", "+```yaml\n+key: value\n+```", "error: ````` in the log"}};
    const std::string rendered = render_attempts(attempts, ContextLimits{});
    EXPECT_NE(rendered.find("````diff\n+```yaml"), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("\n+```\n````\n"), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("``````\nerror: ````` in the log\n``````\n"), std::string::npos) << rendered;
}

} // namespace
} // namespace autofix::agent
