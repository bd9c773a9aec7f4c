// Checks the fix session's chain cost cap (checked before every model call, the work kept at the cap), its
// wall-time limit on a fake clock, and the prompt-cache breakpoints it sets on every request.
#include "agent/fix_session.hpp"
#include "agent/pricing.hpp"
#include "support/fake_clock.hpp"
#include "unit/agent/scripted_model.hpp"
#include "unit/agent/temp_tree.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

using namespace std::chrono_literals;

// A model that takes `delay` of the fake clock to answer each request.
class SlowModel final : public ports::ModelClient {
public:
    SlowModel(testing::ScriptedModel& inner, testing::FakeClock& clock, std::chrono::milliseconds delay)
        : m_inner(inner), m_clock(clock), m_delay(delay) {}
    core::Expected<ports::MessageResponse> create_message(const ports::MessageRequest& request) override {
        m_clock.sleep_for(m_delay);
        return m_inner.create_message(request);
    }

private:
    testing::ScriptedModel& m_inner;
    testing::FakeClock& m_clock;
    std::chrono::milliseconds m_delay;
};

struct SessionLimitsTest : ::testing::Test {
    testing::TempTree tree;
    testing::ScriptedModel model;
    std::optional<Workspace> workspace;
    PromptSet prompts = *PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");
    FixSessionConfig config;
    FixContext context;

    void SetUp() override {
        tree.write("calc.py", "def add(a, b):\n    return a - b\n");
        workspace.emplace(std::move(*Workspace::open(tree.root())));
        config.model = "claude-sonnet-4-5";
        context.failure_excerpt = "AssertionError: add(1, 2) == -1";
        context.referenced_files = {{"calc.py", 2}};
    }

    // Every reply costs $0.10: 10 input tokens at $10,000 per million.
    void cap_at(double max_usd, double spent_before) {
        config.budget.max_usd = max_usd;
        config.budget.spent_before_usd = spent_before;
        config.budget.price = [](const ports::Usage& usage) {
            return static_cast<double>(usage.input_tokens) * 0.01;
        };
    }

    void push_view(int index) {
        model.push_tool("v" + std::to_string(index), "str_replace_based_edit_tool",
                        {{"command", "view"}, {"path", "calc.py"}});
    }
};

TEST_F(SessionLimitsTest, StopsAtTheCapMidSessionAndKeepsTheWork) {
    cap_at(1.00, 0.65); // $0.35 left: the fourth reply crosses the cap
    model.push_tool(
        "e", "str_replace_based_edit_tool",
        {{"command", "str_replace"}, {"path", "calc.py"}, {"old_str", "a - b"}, {"new_str", "a + b"}});
    for (int index = 0; index < 10; ++index) {
        push_view(index); // the model never submits
    }
    const auto outcome = run_fix_session(model, *workspace, prompts, context, config);
    EXPECT_TRUE(outcome.budget_reached);
    EXPECT_FALSE(outcome.succeeded());
    EXPECT_EQ(outcome.turns, 4);
    EXPECT_EQ(model.requests().size(), 4U);
    EXPECT_EQ(outcome.failure_reason, "budget reached: the fix chain spent $1.0500 of max-cost-usd $1.0000");
    EXPECT_EQ(outcome.files_changed, std::vector<std::string>{"calc.py"});
    EXPECT_EQ(tree.read("calc.py"), "def add(a, b):\n    return a + b\n"); // the work so far is kept
}

TEST_F(SessionLimitsTest, ChainAlreadyAtTheCapMakesNoModelCall) {
    cap_at(1.00, 1.00);
    push_view(0);
    const auto outcome = run_fix_session(model, *workspace, prompts, context, config);
    EXPECT_TRUE(outcome.budget_reached);
    EXPECT_EQ(outcome.turns, 0);
    EXPECT_TRUE(model.requests().empty());
}

TEST_F(SessionLimitsTest, ASubmitInTheReplyThatCrossesTheCapIsTheFix) {
    cap_at(0.15, 0.0);
    model.push_tool(
        "e", "str_replace_based_edit_tool",
        {{"command", "str_replace"}, {"path", "calc.py"}, {"old_str", "a - b"}, {"new_str", "a + b"}});
    model.push_tool("s", "submit_fix", {{"description", "Sum"}, {"explanation", "It subtracted."}});
    const auto outcome = run_fix_session(model, *workspace, prompts, context, config);
    EXPECT_TRUE(outcome.succeeded()) << outcome.failure_reason;
    EXPECT_FALSE(outcome.budget_reached);
    EXPECT_EQ(outcome.turns, 2);
}

TEST_F(SessionLimitsTest, PricesFromTheTableCountCacheTokensAtTheirOwnPrices) {
    PriceTable table = PriceTable::defaults();
    ports::Usage usage;
    usage.input_tokens = 1'000'000;
    usage.cache_creation_input_tokens = 1'000'000;
    usage.cache_read_input_tokens = 1'000'000;
    usage.output_tokens = 1'000'000;
    // Sonnet 4.5: $3 input, $3.75 cache write, $0.30 cache read, $15 output per million tokens.
    EXPECT_NEAR(table.estimate_cost("claude-sonnet-4-5", usage), 3 + 3.75 + 0.30 + 15, 1e-9);
}

TEST_F(SessionLimitsTest, TimeoutStopsBeforeTheNextCallWithoutSleeping) {
    testing::FakeClock clock;
    SlowModel slow(model, clock, 70s);
    config.clock = &clock;
    config.limits.timeout = 180s;
    for (int index = 0; index < 10; ++index) {
        push_view(index);
    }
    const auto outcome = run_fix_session(slow, *workspace, prompts, context, config);
    EXPECT_TRUE(outcome.timed_out);
    EXPECT_FALSE(outcome.budget_reached);
    EXPECT_EQ(outcome.turns, 3); // 0s, 70s, 140s started; at 210s the limit has passed
    EXPECT_NE(outcome.failure_reason.find("session-timeout of 180s"), std::string::npos)
        << outcome.failure_reason;
}

TEST_F(SessionLimitsTest, StablePrefixAndConversationAreMarkedForCaching) {
    push_view(0);
    push_view(1);
    model.push_text("thinking aloud"); // end_turn: nudged
    push_view(2);
    const auto outcome = run_fix_session(model, *workspace, prompts, context, config);
    (void)outcome;
    const auto& requests = model.requests();
    ASSERT_EQ(requests.size(), 5U); // the fifth finds the script empty and fails the session
    for (const auto& request : requests) {
        EXPECT_TRUE(request.cache_system);
        ASSERT_FALSE(request.messages.empty());
        EXPECT_TRUE(request.messages.front().content.back().cache_breakpoint); // failure and file context
        int marked = 0;
        for (std::size_t index = 1; index < request.messages.size(); ++index) {
            for (const auto& block : request.messages[index].content) {
                marked += block.cache_breakpoint ? 1 : 0;
            }
        }
        // One more breakpoint, on the newest block, once there is a conversation after the first message.
        EXPECT_EQ(marked, request.messages.size() > 1 ? 1 : 0);
        if (request.messages.size() > 1) {
            EXPECT_TRUE(request.messages.back().content.back().cache_breakpoint);
        }
    }

    config.cache = PromptCache::off;
    const auto first = first_request(*workspace, prompts, context, config);
    ASSERT_TRUE(first.has_value());
    EXPECT_FALSE(first->cache_system);
    EXPECT_FALSE(first->messages.front().content.back().cache_breakpoint);
}

} // namespace
} // namespace autofix::agent
