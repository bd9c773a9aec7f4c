// Checks the GitHub calls the runaway guards make, against the fake GitHub over real HTTP: a fix branch's
// pull requests in every state with their merged flag, the newest open issue carrying the pause label (closed
// ones and other labels ignored, one request), and a workflow's runs for one commit on one branch.
#include "adapters/github_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_github.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::FakeGitHub;

class GuardCallsTest : public ::testing::Test {
protected:
    FakeGitHub fake;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    adapters::GitHubClient client{
        {fake.api_url(), fake.options().repository, fake.options().token, "autofix-action-test"},
        transport,
        clock,
        {3, std::chrono::seconds(60)}};
};

TEST_F(GuardCallsTest, ListsAFixBranchsPullRequestsInEveryStateWithTheMergedFlag) {
    const auto refused = fake.add_pull_request("First try", "autonomous-fix-42", "main");
    fake.close_pull_request(refused);
    const auto merged = fake.add_pull_request("Second try", "autonomous-fix-42", "main");
    fake.close_pull_request(merged, testing::CloseAs::merged);
    fake.add_pull_request("Other", "autonomous-fix-43", "main");
    const auto pulls = client.list_pull_requests("autonomous-fix-42");
    ASSERT_TRUE(pulls.has_value()) << pulls.error().message;
    ASSERT_EQ(pulls->size(), 2U);
    EXPECT_EQ((*pulls)[0].number, merged); // newest first
    EXPECT_EQ((*pulls)[0].state, "closed");
    EXPECT_TRUE((*pulls)[0].merged);
    EXPECT_EQ((*pulls)[1].number, refused);
    EXPECT_FALSE((*pulls)[1].merged);
    EXPECT_EQ(fake.requests().back().query,
              "head=octo%3Aautonomous-fix-42&state=all&sort=created&direction=desc&per_page=100");
}

TEST_F(GuardCallsTest, FindsOnlyAnOpenIssueWithThePauseLabelInOneRequest) {
    fake.add_issue("Paused last month", "", {"autofix-pause"}, "closed");
    fake.add_issue("Unrelated", "", {"bug"});
    auto none = client.find_open_issue_by_label("autofix-pause");
    ASSERT_TRUE(none.has_value()) << none.error().message;
    EXPECT_FALSE(none->has_value());
    const auto number = fake.add_issue("Hold the bot", "", {"autofix-pause", "infra"});
    const auto found = client.find_open_issue_by_label("autofix-pause");
    ASSERT_TRUE(found.has_value()) << found.error().message;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->number, number);
    EXPECT_EQ((*found)->title, "Hold the bot");
    EXPECT_EQ(fake.requests().size(), 2U);
    EXPECT_EQ(fake.requests().back().query, "labels=autofix-pause&state=open&per_page=1");
}

TEST_F(GuardCallsTest, ListsAWorkflowsRunsForOneCommitOnOneBranch) {
    const std::string sha(40, 'c');
    fake.add_workflow_run({0, "ci.yml", "push", "main", sha, "completed"});
    fake.add_workflow_run({0, "lint.yml", "workflow_dispatch", "autonomous-fix-42", sha, "queued"});
    fake.add_workflow_run({0, "ci.yml", "workflow_dispatch", "autonomous-fix-42", std::string(40, 'd')});
    EXPECT_TRUE(client.list_workflow_runs("ci.yml", "autonomous-fix-42", sha)->empty());
    const auto id = fake.add_workflow_run({0, "ci.yml", "workflow_dispatch", "autonomous-fix-42", sha});
    const auto runs = client.list_workflow_runs("ci.yml", "autonomous-fix-42", sha);
    ASSERT_TRUE(runs.has_value()) << runs.error().message;
    ASSERT_EQ(runs->size(), 1U);
    EXPECT_EQ((*runs)[0].id, id);
    EXPECT_EQ((*runs)[0].event, "workflow_dispatch");
    EXPECT_EQ((*runs)[0].status, "queued");
    EXPECT_EQ((*runs)[0].html_url, "https://github.com/octo/repo/actions/runs/" + std::to_string(id));
}

} // namespace
} // namespace autofix
