// Checks the cost cap of a fix chain: the Autofix-Cost trailer's text, the chain's sum read back from the
// commits, and the decision at the cap.
#include "core/branch_history.hpp"
#include "core/budget.hpp"
#include "core/commit_message.hpp"

#include <gtest/gtest.h>
#include <limits>

namespace autofix::core {
namespace {

TEST(Budget, CostTextRoundTripsWithSixDecimals) {
    EXPECT_EQ(format_cost(0.0123456), "0.012346");
    EXPECT_EQ(format_cost(0.0123451), "0.012346"); // rounded up: the trailers never undercount the chain
    EXPECT_EQ(format_cost(0.25), "0.250000");
    EXPECT_EQ(format_cost(-1), "0.000000");
    EXPECT_EQ(format_cost(std::numeric_limits<double>::infinity()), "0.000000");
    EXPECT_DOUBLE_EQ(*parse_cost("0.012346"), 0.012346);
    EXPECT_DOUBLE_EQ(*parse_cost("3"), 3.0);
    for (const char* bad : {"", "-1", "1e3", "inf", "nan", "$1", "1,5", "0.1 USD"}) {
        EXPECT_FALSE(parse_cost(bad)) << bad;
    }
}

TEST(Budget, ReachedAtTheCapNotBelowIt) {
    const CostCap cap{0.50};
    EXPECT_FALSE(budget_reached(0.499999, cap));
    EXPECT_TRUE(budget_reached(0.50, cap));
    EXPECT_TRUE(budget_reached(7, cap));
    EXPECT_EQ(budget_reason(0.5123, cap),
              "budget reached: the fix chain spent $0.5123 of max-cost-usd $0.5000");
}

TEST(Budget, AtTheCapTheRouteEscalatesWithTheReason) {
    Route retry;
    retry.which = Case::retry;
    retry.action = Action::retry_fix;
    retry.fix_branch = "autonomous-fix-42";
    retry.model = "claude-sonnet-4-5";
    const Route route = route_budget_reached(retry, 3, 5.25, CostCap{5.0});
    EXPECT_EQ(route.which, Case::escalate);
    EXPECT_EQ(route.action, Action::open_escalation_issue);
    EXPECT_EQ(route.attempt, 3);
    EXPECT_EQ(route.model, "");
    EXPECT_EQ(route.fix_branch, "autonomous-fix-42");
    EXPECT_EQ(
        route.reason.rfind("budget reached: the fix chain spent $5.2500 of max-cost-usd $5.0000 after 3 "
                           "attempt(s)",
                           0),
        0U)
        << route.reason;
}

TEST(Budget, AttemptCommitsCarryTheirCostAndTheChainSumsThem) {
    AttemptCommit first{"42", 1, "add missing import", "why", "NameError: json", "main", "claude-sonnet-4-5"};
    first.cost_usd = 0.25;
    const std::string message = format_attempt_commit(first);
    EXPECT_NE(message.find("\nAutofix-Cost: 0.250000\n"), std::string::npos) << message;

    AttemptCommit stopped{"42", 2, "partial", "why", "", "main", "claude-sonnet-4-5"};
    stopped.budget_reached = true;
    stopped.cost_usd = 0.3;
    const std::string stopped_message = format_attempt_commit(stopped);
    EXPECT_NE(stopped_message.find("\nAutofix-Result: budget-reached\n"), std::string::npos)
        << stopped_message;

    const AgentIdentity agent{};
    const auto commit = [&](std::vector<std::pair<std::string, std::string>> trailers) {
        CommitFacts facts;
        facts.sha = "cccccccccccccccccccccccccccccccccccccccc";
        facts.author_name = agent.name;
        facts.author_email = agent.email;
        facts.subject = "s";
        facts.message = "s";
        facts.trailers = std::move(trailers);
        return facts;
    };
    const auto history = read_branch_history(
        {commit({{"Autofix-Id", "42"}, {"Autofix-Attempt", "1"}, {"Autofix-Cost", "0.250000"}}),
         commit({{"Autofix-Id", "42"}, {"Autofix-Attempt", "2"}}), // an attempt made before the trailer: $0
         commit({{"Autofix-Id", "42"}, {"Autofix-Attempt", "3"}, {"Autofix-Cost", "bogus"}}),
         commit({{"Autofix-Id", "42"},
                 {"Autofix-Attempt", "4"},
                 {"Autofix-Result", "budget-reached"},
                 {"Autofix-Cost", "0.300000"}}),
         commit({{"Autofix-Id", "7"}, {"Autofix-Attempt", "1"}, {"Autofix-Cost", "9.0"}})}, // another fix
        agent, "42");
    ASSERT_EQ(history.attempts.size(), 4U);
    EXPECT_DOUBLE_EQ(history.attempts[0].cost_usd, 0.25);
    EXPECT_DOUBLE_EQ(history.attempts[2].cost_usd, 0.0);
    EXPECT_TRUE(history.attempts[3].budget_reached);
    EXPECT_DOUBLE_EQ(history.spent_usd, 0.55);
}

} // namespace
} // namespace autofix::core
