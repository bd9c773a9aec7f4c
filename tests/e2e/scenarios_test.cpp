// Runs the seed's scenarios through the real binary in the workflow sandbox: a developer breaks test-project,
// CI fails, autofix repairs it attempt by attempt until a PR, an escalation issue, or a human takes over.
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::describe;
using testing::fix_session_models;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

std::string recording(const std::string& name) {
    return std::string(AUTOFIX_SOURCE_DIR) + "/tests/e2e/recordings/" + name;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

TEST(Scenario, SingleAttemptFixesMissingImportAndOpensPullRequest) {
    WorkflowSandbox sandbox(testing::replay(testing::load_recorded_replies(recording("bug-simple.json"))));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    ASSERT_FALSE(sandbox.tests_pass_on("main"));

    const auto runs = sandbox.run_until_settled("main");
    ASSERT_EQ(runs.size(), 2U) << describe(runs);
    const WorkflowRun& first = runs[0];
    EXPECT_EQ(first.exit_code, 0) << describe(runs);
    EXPECT_EQ(first.output("case"), "1");
    EXPECT_EQ(first.output("action-taken"), "fix_attempted");
    const std::string fix_branch = first.output("fix-branch");
    EXPECT_EQ(fix_branch, "autonomous-fix-" + std::to_string(first.run_id));
    EXPECT_EQ(first.output("attempt"), "1");
    EXPECT_EQ(first.output("model"), "claude-sonnet-4-5");

    const WorkflowRun& second = runs[1];
    EXPECT_EQ(second.branch, fix_branch);
    EXPECT_TRUE(second.build_passed);
    EXPECT_EQ(second.exit_code, 0) << describe(runs) << sandbox.origin_log(fix_branch, "%B%n--- %an <%ae>");
    EXPECT_EQ(second.output("case"), "3");
    EXPECT_EQ(second.output("action-taken"), "pr_created");
    EXPECT_TRUE(sandbox.tests_pass_on(fix_branch));

    // The branch: attempt 1 with the original error and trailers, then the lesson.
    const std::string subjects = sandbox.origin_log(fix_branch, "%s%n%an <%ae>");
    EXPECT_NE(subjects.find("\xF0\x9F\xA4\x96 Autonomous Fix Attempt 1: Import json in inventory/report.py"),
              std::string::npos)
        << subjects;
    const std::string attempt =
        sandbox.origin_log(fix_branch + "~1", "%B")
            .substr(0, sandbox.origin_log(fix_branch + "~1", "%B").find("\nInitial import"));
    EXPECT_NE(attempt.find("Original error:"), std::string::npos) << attempt;
    EXPECT_NE(attempt.find("NameError: name 'json' is not defined"), std::string::npos) << attempt;
    EXPECT_NE(attempt.find("Autofix-Id: " + std::to_string(first.run_id)), std::string::npos);
    EXPECT_NE(attempt.find("Autofix-Attempt: 1"), std::string::npos);
    EXPECT_NE(attempt.find("Autofix-Base: main"), std::string::npos);
    EXPECT_NE(sandbox.origin_log(fix_branch + "~0", "%B").find("Autofix-Kind: skill"), std::string::npos);

    // The PR: title and body from the summary, the labels, the lesson in SKILL.md.
    const auto pulls = sandbox.github().pull_requests();
    ASSERT_EQ(pulls.size(), 1U);
    EXPECT_EQ(pulls[0].title, "Fix NameError in report_json: restore the json import");
    EXPECT_EQ(pulls[0].head, fix_branch);
    EXPECT_EQ(pulls[0].base, "main");
    EXPECT_NE(pulls[0].body.find("## What failed"), std::string::npos);
    const std::string id = std::to_string(first.run_id);
    EXPECT_TRUE(contains(pulls[0].labels, "autonomous-fix-" + id));
    EXPECT_TRUE(contains(pulls[0].labels, "attempt-count-1"));
    EXPECT_TRUE(contains(pulls[0].labels, "autonomous-fix-" + id + "-attempt-1"));
    EXPECT_EQ(second.output("pr-url"),
              "https://github.com/octo/inventory/pull/" + std::to_string(pulls[0].number));
    const std::string skill = testing::git_in(sandbox.origin_path(), {"show", fix_branch + ":SKILL.md"});
    EXPECT_NE(skill.find("dropped `import X`"), std::string::npos) << skill;

    // CI was started on the fix branch with workflow_dispatch (an installation token's push starts no run).
    const auto dispatches = sandbox.github().dispatches();
    ASSERT_EQ(dispatches.size(), 1U);
    EXPECT_EQ(dispatches[0].workflow, "test-and-autofix.yml");
    EXPECT_EQ(dispatches[0].ref, fix_branch);
}

TEST(Scenario, ThreeAttemptsEachSeeTheEarlierOnes) {
    WorkflowSandbox sandbox(testing::replay(testing::load_recorded_replies(recording("bug-complex.json"))));
    sandbox.break_project("bug-complex.py", "inventory/pricing.py");

    const auto runs = sandbox.run_until_settled("main");
    ASSERT_EQ(runs.size(), 4U) << describe(runs);
    EXPECT_EQ(runs[0].output("action-taken"), "fix_attempted");
    EXPECT_EQ(runs[1].output("action-taken"), "retry_attempted");
    EXPECT_EQ(runs[1].output("attempt"), "2");
    EXPECT_EQ(runs[2].output("attempt"), "3");
    EXPECT_EQ(runs[3].output("action-taken"), "pr_created") << describe(runs);
    const auto pulls = sandbox.github().pull_requests();
    ASSERT_EQ(pulls.size(), 1U);
    EXPECT_TRUE(contains(pulls[0].labels, "attempt-count-3"));

    // Attempts 2 and 3 were shown the earlier attempts and the failure after each.
    std::vector<std::string> first_messages;
    for (const auto& body : sandbox.model().bodies()) {
        if (body.contains("tools") && body["messages"].size() == 1) {
            first_messages.push_back(body["messages"][0].dump());
        }
    }
    ASSERT_EQ(first_messages.size(), 3U);
    EXPECT_EQ(first_messages[0].find("Add the missing colon"), std::string::npos);
    EXPECT_NE(first_messages[1].find("Add the missing colon to apply_discount"), std::string::npos);
    EXPECT_NE(first_messages[2].find("Add the missing colon to apply_discount"), std::string::npos);
    EXPECT_NE(first_messages[2].find("Import math for round_up_cents"), std::string::npos);
    EXPECT_NE(first_messages[2].find("price_including_tax"), std::string::npos);
    EXPECT_EQ(fix_session_models(sandbox.model().bodies()),
              (std::vector<std::string>{"claude-sonnet-4-5", "claude-sonnet-4-5", "claude-sonnet-4-5"}));
}

} // namespace
} // namespace autofix
