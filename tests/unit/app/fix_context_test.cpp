// Checks that a run's fix-session settings keep the whole failure excerpt the log budget allows.
#include "app/fix_context.hpp"
#include "logs/token_estimate.hpp"

#include <gtest/gtest.h>

namespace autofix::app {
namespace {

TEST(MakeSessionConfig, ExcerptCapFollowsTheLogBudget) {
    action::Settings settings;
    settings.max_turns = 12;
    for (const int budget : {100, 8000, 50000}) {
        settings.log_budget_tokens = budget;
        const auto config = make_session_config(settings, "claude-sonnet-4-5", agent::no_redaction());
        EXPECT_GE(config.context.max_excerpt_chars,
                  logs::token_budget_bytes(static_cast<std::size_t>(budget)));
        // The windows of the referenced files share a budget of the same size.
        EXPECT_EQ(config.context.max_referenced_chars,
                  logs::token_budget_bytes(static_cast<std::size_t>(budget)));
        EXPECT_EQ(config.limits.max_turns, 12);
        EXPECT_EQ(config.context.max_tree_chars, config.context.max_referenced_chars / 4);
        EXPECT_EQ(config.model, "claude-sonnet-4-5");
    }
}

} // namespace
} // namespace autofix::app
