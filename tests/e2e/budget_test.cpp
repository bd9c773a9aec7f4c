// Runs the cost cap and prompt caching through the real binary in the workflow sandbox: a session stopped
// at max-cost-usd keeps its work in a counted attempt and the run escalates with "budget reached"; a chain
// whose attempts already spent the cap makes no model call; cache_control blocks stand where the API
// accepts them and the cache usage the fake Messages API reports is counted and priced.
#include "core/budget.hpp"
#include "support/hardening.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <gtest/gtest.h>
#include <memory>
#include <mutex>

namespace autofix {
namespace {

using nlohmann::json;
using testing::describe_runs;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

constexpr std::int64_t costly_input = 100'000; // $0.30 per reply at Sonnet 4.5's $3 per million
constexpr std::int64_t reply_output = 50;      // $0.00075 per reply at $15 per million

double reply_cost() {
    return (static_cast<double>(costly_input) * 3 + static_cast<double>(reply_output) * 15) / 1e6;
}

// A model whose fix session edits inventory/report.py, then (`submits`) submits, or keeps viewing files
// for ever; every reply bills `costly_input` input tokens. Summary requests are answered too.
testing::FakeModelServer::Handler costly_model(bool submits) {
    auto calls = std::make_shared<int>(0);
    auto mutex = std::make_shared<std::mutex>();
    return [calls, mutex, submits](const json& body) {
        std::lock_guard lock(*mutex);
        const std::string id = "toolu_costly_" + std::to_string(++*calls);
        if (!body.contains("tools")) {
            return testing::text_reply(
                R"({"title": "Summary", "body": "Summary body.", "skill": "- lesson"})");
        }
        json call;
        if (body["messages"].size() == 1) {
            const testing::ScriptedEdit edit = testing::harmless_edit(1);
            call = {{"type", "tool_use"},
                    {"id", id},
                    {"name", "str_replace_based_edit_tool"},
                    {"input",
                     {{"command", "str_replace"},
                      {"path", edit.path},
                      {"old_str", edit.old_str},
                      {"new_str", edit.new_str}}}};
        } else if (submits) {
            call = {{"type", "tool_use"},
                    {"id", id},
                    {"name", "submit_fix"},
                    {"input", {{"description", "Note in the README"}, {"explanation", "Costly."}}}};
        } else {
            call = {{"type", "tool_use"},
                    {"id", id},
                    {"name", "str_replace_based_edit_tool"},
                    {"input", {{"command", "view"}, {"path", "inventory/report.py"}}}};
        }
        return testing::message_reply(json::array({call}), "tool_use", costly_input, reply_output);
    };
}

std::size_t model_requests(WorkflowSandbox& sandbox) {
    return sandbox.model().requests().size();
}

TEST(Budget, CapReachedMidSessionCommitsTheWorkAndEscalates) {
    WorkflowSandbox sandbox(costly_model(false));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options;
    options.env["INPUT_MAX-COST-USD"] = "1";
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    const WorkflowRun& run = runs.back();
    EXPECT_EQ(run.exit_code, 0) << describe_runs(runs);
    EXPECT_EQ(run.output("case"), "5") << describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "escalated") << describe_runs(runs);
    // Four replies: $0.9023 after the third, $1.2030 after the fourth; then no call, not even a summary.
    EXPECT_EQ(model_requests(sandbox), 4U);
    const std::string spent = core::dollars(4 * reply_cost());
    EXPECT_EQ(spent, "$1.2030");

    // The work is kept: attempt 1 is on the fix branch with its change, its cost and the budget mark.
    const std::string fix_branch = run.output("fix-branch");
    const std::string message = sandbox.origin_log(fix_branch, "%B");
    EXPECT_NE(message.find("Attempt 1: Stopped at the cost cap"), std::string::npos) << message;
    EXPECT_NE(message.find("Autofix-Result: budget-reached"), std::string::npos) << message;
    EXPECT_NE(message.find("Autofix-Cost: " + core::format_cost(4 * reply_cost())), std::string::npos)
        << message;
    const std::string readme = testing::git_in(sandbox.origin_path(), {"show", fix_branch + ":README.md"});
    EXPECT_NE(readme.find("note from attempt 1"), std::string::npos) << readme;
    EXPECT_TRUE(sandbox.github().dispatches().empty()); // no CI run for work stopped at the cap

    // The escalation names the reason; the summary shows the chain's spend against the cap.
    ASSERT_EQ(sandbox.github().issues().size(), 1U);
    EXPECT_NE(sandbox.github().issues()[0].body.find("cost cap was reached: " + spent), std::string::npos)
        << sandbox.github().issues()[0].body;
    EXPECT_NE(
        run.step_summary.find("budget reached: the fix chain spent " + spent + " of max-cost-usd $1.0000"),
        std::string::npos)
        << run.step_summary;
    EXPECT_NE(
        run.step_summary.find("**Fix chain spend:** " + spent + " of max-cost-usd $1.0000 (budget reached)"),
        std::string::npos)
        << run.step_summary;
    EXPECT_NE(run.stdout_text.find("budget reached"), std::string::npos) << run.stdout_text;
}

TEST(Budget, ChainWhoseAttemptsSpentTheCapMakesNoModelCall) {
    WorkflowSandbox sandbox(costly_model(true));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options;
    options.env["INPUT_MAX-COST-USD"] = "0.5";
    // Attempt 1: $0.30 after the edit, then the reply that crosses the cap submits: the fix is pushed.
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << describe_runs(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    EXPECT_NE(
        sandbox.origin_log(fix_branch, "%B").find("Autofix-Cost: " + core::format_cost(2 * reply_cost())),
        std::string::npos);
    const std::size_t before = model_requests(sandbox);
    EXPECT_EQ(before, 2U);

    // CI fails again on the fix branch: the chain has spent $0.6015 of $0.50, so the run escalates at once.
    runs.push_back(sandbox.run_workflow(fix_branch, options));
    const WorkflowRun& run = runs.back();
    EXPECT_EQ(run.exit_code, 0) << describe_runs(runs);
    EXPECT_EQ(run.output("case"), "5") << describe_runs(runs);
    EXPECT_EQ(run.output("action-taken"), "escalated") << describe_runs(runs);
    EXPECT_EQ(model_requests(sandbox), before); // no model call at all
    EXPECT_EQ(run.output("cost-usd"), "0.0000");
    EXPECT_NE(run.step_summary.find("budget reached: the fix chain spent $0.6015 of max-cost-usd $0.5000"),
              std::string::npos)
        << run.step_summary;
    EXPECT_EQ(testing::text_lines(sandbox.origin_log("main.." + fix_branch, "%s")).size(), 1U);
    ASSERT_EQ(sandbox.github().issues().size(), 1U);

    // A re-run of that run finds the issue and still calls nothing.
    runs.push_back(sandbox.run_workflow(fix_branch, options));
    EXPECT_EQ(runs.back().output("action-taken"), "already_escalated") << describe_runs(runs);
    EXPECT_EQ(model_requests(sandbox), before);
}

// Counts the cache_control marks in a request body.
int cache_marks(const json& value) {
    int count = 0;
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            count += key == "cache_control" ? 1 : cache_marks(item);
        }
    } else if (value.is_array()) {
        for (const auto& item : value) {
            count += cache_marks(item);
        }
    }
    return count;
}

TEST(PromptCaching, StablePrefixIsMarkedAndCacheUsageIsCountedAndPriced) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.model().simulate_prompt_cache(true);
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    const WorkflowRun& run = runs.back();
    ASSERT_EQ(run.output("action-taken"), "fix_attempted") << describe_runs(runs);

    // The fake refuses misplaced or too many marks as the API does: both requests were accepted.
    const auto bodies = sandbox.model().bodies();
    ASSERT_EQ(bodies.size(), 2U);
    const json ephemeral{{"type", "ephemeral"}};
    for (const json& body : bodies) {
        ASSERT_TRUE(body["system"].is_array()) << body["system"];
        EXPECT_EQ(body["system"].back()["cache_control"], ephemeral); // tools and system prompt
        EXPECT_EQ(body["messages"][0]["content"].back()["cache_control"], ephemeral); // failure and files
    }
    EXPECT_EQ(cache_marks(bodies[0]), 2);
    EXPECT_EQ(cache_marks(bodies[1]), 3);
    EXPECT_EQ(bodies[1]["messages"].back()["content"].back()["cache_control"], ephemeral); // the turn so far

    // The first request writes the prefix, the second reads it.
    const auto usages = sandbox.model().usages();
    ASSERT_EQ(usages.size(), 2U);
    EXPECT_GT(usages[0]["cache_creation_input_tokens"].get<std::int64_t>(), 1024);
    EXPECT_EQ(usages[0]["cache_read_input_tokens"].get<std::int64_t>(), 0);
    EXPECT_EQ(usages[1]["cache_read_input_tokens"], usages[0]["cache_creation_input_tokens"]);

    // Every kind of input token is counted, and priced at its own rate (Sonnet 4.5: 3, 3.75, 0.30, 15).
    std::int64_t input = 0;
    double cost = 0;
    for (const json& usage : usages) {
        const auto count = [&usage](const char* key) {
            return usage[key].get<std::int64_t>();
        };
        input +=
            count("input_tokens") + count("cache_creation_input_tokens") + count("cache_read_input_tokens");
        cost += (3.0 * static_cast<double>(count("input_tokens")) +
                 3.75 * static_cast<double>(count("cache_creation_input_tokens")) +
                 0.30 * static_cast<double>(count("cache_read_input_tokens")) +
                 15.0 * static_cast<double>(count("output_tokens"))) /
                1e6;
    }
    EXPECT_EQ(run.output("input-tokens"), std::to_string(input));
    EXPECT_EQ(run.result["usage"]["input_tokens"], input);
    EXPECT_NEAR(run.result["usage"]["cost_usd"].get<double>(), cost, 1e-9);
    const std::string fix_branch = run.output("fix-branch");
    EXPECT_NE(sandbox.origin_log(fix_branch, "%B").find("Autofix-Cost: " + core::format_cost(cost)),
              std::string::npos)
        << sandbox.origin_log(fix_branch, "%B");
    EXPECT_NE(
        run.step_summary.find("**Fix chain spend:** " + core::dollars(cost) + " of max-cost-usd $5.0000"),
        std::string::npos)
        << run.step_summary;
}

TEST(PromptCaching, OffSendsNoCacheControl) {
    WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options;
    options.env["INPUT_PROMPT-CACHING"] = "false";
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", options)};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << describe_runs(runs);
    for (const json& body : sandbox.model().bodies()) {
        EXPECT_EQ(cache_marks(body), 0);
        EXPECT_TRUE(body["system"].is_string());
    }
}

} // namespace
} // namespace autofix

namespace autofix {
namespace {

TEST(Budget, PricesFromTheConfigFileSetTheCostAndABadTableStopsBeforeTheModel) {
    WorkflowSandbox sandbox(costly_model(true));
    sandbox.commit_as_human("main", ".github/autofix.yml",
                            "model-prices:\n  claude-sonnet-4-5: {input: 30, output: 150}\n");
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main")};
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << describe_runs(runs);
    // Ten times the bundled Sonnet 4.5 prices: two replies of 100,000 input and 50 output tokens.
    const double cost = 2 * (100'000 * 30.0 + 50 * 150.0) / 1e6;
    EXPECT_EQ(runs.back().output("cost-usd"), "6.0150");
    EXPECT_NE(sandbox.origin_log(runs.back().output("fix-branch"), "%B")
                  .find("Autofix-Cost: " + core::format_cost(cost)),
              std::string::npos);

    // A model the table does not know stops the run before any model call: the cap could not count its cost.
    testing::RunOptions unknown;
    unknown.env["INPUT_MODEL"] = "claude-unknown-7";
    const std::size_t requests_before = sandbox.model().requests().size();
    sandbox.break_project("bug-simple.py", "inventory/report.py", "feature");
    runs.push_back(sandbox.run_workflow("feature", unknown));
    EXPECT_NE(runs.back().exit_code, 0) << describe_runs(runs);
    EXPECT_EQ(runs.back().output("action-taken"), "failed") << describe_runs(runs);
    EXPECT_NE(runs.back().stdout_text.find("the model claude-unknown-7 has no price"), std::string::npos)
        << runs.back().stdout_text;
    EXPECT_EQ(sandbox.model().requests().size(), requests_before) << "no model call without a price";

    WorkflowSandbox broken(costly_model(true));
    broken.commit_as_human("main", ".github/autofix.yml", "model-prices:\n  claude-sonnet-4-5: {input: 3}\n");
    broken.break_project("bug-simple.py", "inventory/report.py");
    runs.push_back(broken.run_workflow("main"));
    EXPECT_NE(runs.back().exit_code, 0) << describe_runs(runs);
    EXPECT_NE(runs.back().stdout_text.find("model-prices"), std::string::npos) << describe_runs(runs);
    EXPECT_TRUE(broken.model().requests().empty());
}

} // namespace
} // namespace autofix
