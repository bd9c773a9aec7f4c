// Checks the triage question to the summary model: one request with the open signature and the excerpt, the
// class and reason read from the JSON reply, an unusable reply kept as code, an API error returned.
#include "agent/summaries.hpp"
#include "scripted_model.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

class FailureClassQuestionTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto loaded = PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");
        ASSERT_TRUE(loaded) << loaded.error().message;
        prompts = std::move(*loaded);
        config.model = "claude-haiku-4-5";
        config.max_tokens = 300;
    }
    testing::ScriptedModel model;
    PromptSet prompts;
    SummaryConfig config;
    const FailureClassQuestion question{
        "WARNING: Retrying (Retry(total=4)) ... ReadTimeoutError\nFAILED tests/t.py::test_x",
        "pip could not reach the package index: WARNING: Retrying (Retry(total=4))"};
};

TEST_F(FailureClassQuestionTest, AsksOnceWithTheSignatureAndReadsTheClass) {
    model.push_text(
        R"({"class": "infrastructure", "reason": "the test downloads from PyPI, which timed out"})");
    const auto answer = ask_failure_class(model, prompts, question, config);
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer->kind, "infrastructure");
    EXPECT_EQ(answer->reason, "the test downloads from PyPI, which timed out");
    EXPECT_FALSE(answer->fallback);
    EXPECT_EQ(answer->usage.input_tokens, 10);
    ASSERT_EQ(model.requests().size(), 1u);
    EXPECT_EQ(model.requests()[0].model, "claude-haiku-4-5");
    EXPECT_TRUE(model.requests()[0].tools.empty());
    const std::string& user = model.requests()[0].messages[0].content[0].text;
    EXPECT_NE(user.find("Infrastructure signature: pip could not reach"), std::string::npos) << user;
    EXPECT_NE(user.find("FAILED tests/t.py::test_x"), std::string::npos) << user;
}

TEST_F(FailureClassQuestionTest, AnUnknownClassIsKeptAsCode) {
    model.push_text(R"({"class": "cosmic rays", "reason": "?"})");
    model.push_text(R"({"class": "cosmic rays", "reason": "?"})");
    const auto answer = ask_failure_class(model, prompts, question, config);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->kind, "code");
    EXPECT_TRUE(answer->fallback);
}

TEST_F(FailureClassQuestionTest, AMalformedReplyIsAskedAgainOnce) {
    model.push_text("I think it is the network.");
    model.push_text(R"({"class": "code", "reason": "the assertion is about the code"})");
    const auto answer = ask_failure_class(model, prompts, question, config);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->kind, "code");
    EXPECT_FALSE(answer->fallback);
    EXPECT_EQ(model.requests().size(), 2u);
}

TEST_F(FailureClassQuestionTest, AnApiErrorIsReturned) {
    model.push(core::make_error(core::ErrorKind::model, "529 overloaded"));
    EXPECT_FALSE(ask_failure_class(model, prompts, question, config));
}

} // namespace
} // namespace autofix::agent
