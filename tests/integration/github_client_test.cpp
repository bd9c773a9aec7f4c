// Checks each GitHub operation of the client against the fake GitHub over real HTTP: headers, JSON shapes,
// 422-existing-PR reuse, label creation, issue search over open and closed issues, pagination, the GHES path
// prefix, and that errors carry GitHub's message but never the token.
#include "adapters/github_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_github.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::FakeGitHub;
using testing::FakeGitHubOptions;

adapters::GitHubSettings settings_for(const FakeGitHub& fake) {
    return {fake.api_url(), fake.options().repository, fake.options().token, "autofix-action-test"};
}

class GitHubClientTest : public ::testing::Test {
protected:
    explicit GitHubClientTest(FakeGitHubOptions options = {})
        : fake(std::move(options)),
          client(settings_for(fake), transport, clock, {3, std::chrono::seconds(60)}) {}

    FakeGitHub fake;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    adapters::GitHubClient client;
};

TEST_F(GitHubClientTest, SendsGitHubsHeadersOnEveryRequest) {
    ASSERT_TRUE(client.find_open_pull_request("autonomous-fix-42").has_value());
    ASSERT_TRUE(client.dispatch_workflow("ci.yml", "autonomous-fix-42").has_value());
    const auto requests = fake.requests();
    ASSERT_EQ(requests.size(), 2U);
    for (const auto& request : requests) {
        EXPECT_EQ(request.header("authorization"), "Bearer " + fake.options().token);
        EXPECT_EQ(request.header("accept"), "application/vnd.github+json");
        EXPECT_EQ(request.header("x-github-api-version"), "2022-11-28");
        EXPECT_EQ(request.header("user-agent"), "autofix-action-test");
    }
    EXPECT_EQ(requests[0].query, "head=octo%3Aautonomous-fix-42&state=open&per_page=100");
    EXPECT_EQ(requests[1].header("content-type"), "application/json; charset=utf-8");
}

TEST_F(GitHubClientTest, CreatesPullRequestAndFindsItByHeadBranch) {
    const auto created = client.create_pull_request({"Fix the build", "Body", "autonomous-fix-42", "main"});
    ASSERT_TRUE(created.has_value()) << created.error().message;
    EXPECT_EQ(created->number, 1U);
    EXPECT_EQ(created->html_url, "https://github.com/octo/repo/pull/1");
    EXPECT_EQ(created->state, "open");
    EXPECT_EQ(created->head, "autonomous-fix-42");
    EXPECT_EQ(created->base, "main");
    EXPECT_FALSE(created->reused);
    ASSERT_EQ(fake.pull_requests().size(), 1U);
    EXPECT_EQ(fake.pull_requests()[0].body, "Body");

    const auto found = client.find_open_pull_request("autonomous-fix-42");
    ASSERT_TRUE(found.has_value());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->number, 1U);
    EXPECT_EQ((*found)->title, "Fix the build");
    const auto other = client.find_open_pull_request("autonomous-fix-43");
    ASSERT_TRUE(other.has_value());
    EXPECT_FALSE(other->has_value());
}

TEST_F(GitHubClientTest, ExistingPullRequestIsReusedAfter422) {
    fake.add_issue("unrelated", "", {});
    const auto existing = fake.add_pull_request("Earlier", "autonomous-fix-42", "main");
    const auto result = client.create_pull_request({"Again", "Body", "autonomous-fix-42", "main"});
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_TRUE(result->reused);
    EXPECT_EQ(result->number, existing);
    EXPECT_EQ(result->title, "Earlier");
    EXPECT_EQ(fake.pull_requests().size(), 1U);
}

TEST_F(GitHubClientTest, ClosedPullRequestsAreNotFound) {
    fake.add_pull_request("Old", "autonomous-fix-42", "main", "closed");
    const auto found = client.find_open_pull_request("autonomous-fix-42");
    ASSERT_TRUE(found.has_value());
    EXPECT_FALSE(found->has_value());
}

TEST_F(GitHubClientTest, AddLabelsCreatesMissingLabelsWithAColourFirst) {
    fake.add_label("attempt-count-2", "000000");
    const auto number = fake.add_pull_request("Fix", "autonomous-fix-42", "main");
    ASSERT_TRUE(client.add_labels(number, {"autonomous-fix-42", "attempt-count-2"}).has_value());
    ASSERT_TRUE(client.add_labels(number, {"autonomous-fix-42"}).has_value()); // again: nothing new, no error
    EXPECT_EQ(fake.item(number)->labels, (std::vector<std::string>{"autonomous-fix-42", "attempt-count-2"}));
    const auto labels = fake.labels();
    ASSERT_EQ(labels.size(), 2U);
    EXPECT_EQ(labels[0].color, "000000"); // an existing label is left as it is
    EXPECT_EQ(labels[1].name, "autonomous-fix-42");
    EXPECT_EQ(labels[1].color, adapters::label_color("autonomous-fix-42"));
    const auto requests = fake.requests();
    ASSERT_GE(requests.size(), 3U);
    EXPECT_EQ(requests[0].path, "/repos/octo/repo/labels");
    EXPECT_EQ(requests[2].path, "/repos/octo/repo/issues/1/labels");
}

TEST_F(GitHubClientTest, LabelsOnAMissingIssueFailWithContext) {
    const auto status = client.add_labels(99, {"x"});
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().kind, core::ErrorKind::http);
    EXPECT_EQ(status.error().message, "adding labels to #99: 404 Not Found: Not Found");
}

TEST_F(GitHubClientTest, CreatesIssueWithLabelsAndFindsItByLabel) {
    const auto issue = client.create_issue("Build failure escalation", "History",
                                           {"autonomous-fix-7-escalation", "needs-human"});
    ASSERT_TRUE(issue.has_value()) << issue.error().message;
    EXPECT_EQ(issue->html_url, "https://github.com/octo/repo/issues/1");
    EXPECT_EQ(issue->labels, (std::vector<std::string>{"autonomous-fix-7-escalation", "needs-human"}));
    EXPECT_EQ(fake.labels()[1].color, "d93f0b");

    const auto found = client.find_issue_by_label("autonomous-fix-7-escalation");
    ASSERT_TRUE(found.has_value());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->number, issue->number);
    const auto none = client.find_issue_by_label("autonomous-fix-8-escalation");
    ASSERT_TRUE(none.has_value());
    EXPECT_FALSE(none->has_value());
}

TEST_F(GitHubClientTest, FindIssueByLabelSeesClosedIssuesAndSkipsPullRequests) {
    const auto closed = fake.add_issue("Escalated earlier", "", {"autonomous-fix-7-escalation"}, "closed");
    fake.add_pull_request("A PR with the label", "autonomous-fix-7", "main", "open",
                          {"autonomous-fix-7-escalation"});
    const auto found = client.find_issue_by_label("autonomous-fix-7-escalation");
    ASSERT_TRUE(found.has_value());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->number, closed);
    EXPECT_EQ((*found)->state, "closed");
    EXPECT_EQ(fake.requests()[0].query, "labels=autonomous-fix-7-escalation&state=all&per_page=100");
}

TEST_F(GitHubClientTest, CommentsOnAnIssue) {
    const auto number = fake.add_issue("Issue", "", {});
    ASSERT_TRUE(client.comment(number, "Attempt 2 failed").has_value());
    EXPECT_EQ(fake.item(number)->comments, (std::vector<std::string>{"Attempt 2 failed"}));
}

TEST_F(GitHubClientTest, DispatchesTheWorkflowOnTheFixBranch) {
    fake.add_workflow("ci.yml");
    ASSERT_TRUE(client.dispatch_workflow("ci.yml", "autonomous-fix-42").has_value());
    ASSERT_EQ(fake.dispatches().size(), 1U);
    EXPECT_EQ(fake.dispatches()[0].workflow, "ci.yml");
    EXPECT_EQ(fake.dispatches()[0].ref, "autonomous-fix-42");
    EXPECT_EQ(fake.requests()[0].body, R"({"ref":"autonomous-fix-42"})");

    const auto unknown = client.dispatch_workflow("other.yml", "autonomous-fix-42");
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().message,
              "dispatching workflow other.yml on autonomous-fix-42: 404 Not Found: Not Found");
}

TEST_F(GitHubClientTest, ValidationErrorsCarryGitHubsMessage) {
    const auto result = client.create_pull_request({"", "Body", "autonomous-fix-42", "main"});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().kind, core::ErrorKind::http);
    EXPECT_EQ(
        result.error().message,
        "creating pull request for autonomous-fix-42: 422 Unprocessable Entity: Validation Failed: title "
        "missing_field");
}

TEST_F(GitHubClientTest, RefusedTokenIsAnAuthErrorThatDoesNotNameTheToken) {
    const std::string wrong = "ghs_wrongToken9876543210";
    adapters::GitHubClient stranger({fake.api_url(), "octo/repo", wrong, "ua"}, transport, clock, {});
    const auto result = stranger.create_pull_request({"t", "b", "autonomous-fix-1", "main"});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().kind, core::ErrorKind::auth);
    EXPECT_EQ(result.error().message,
              "creating pull request for autonomous-fix-1: 401 Unauthorized: Bad credentials");
    EXPECT_TRUE(fake.pull_requests().empty());
    EXPECT_TRUE(clock.sleeps().empty());
}

class GitHubPaginationTest : public GitHubClientTest {
protected:
    GitHubPaginationTest()
        : GitHubClientTest(FakeGitHubOptions{"octo/repo", "ghs_pages", "", "https://github.com", 30, 2}) {}
};

TEST_F(GitHubPaginationTest, FollowsLinkHeadersAcrossPages) {
    const auto oldest = fake.add_issue("Oldest", "", {"autonomous-fix-7-escalation"}, "closed");
    for (int i = 0; i < 4; ++i) {
        fake.add_pull_request("PR " + std::to_string(i), "b" + std::to_string(i), "main", "open",
                              {"autonomous-fix-7-escalation"});
    }
    const auto found = client.find_issue_by_label("autonomous-fix-7-escalation");
    ASSERT_TRUE(found.has_value()) << found.error().message;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->number, oldest);
    const auto requests = fake.requests();
    ASSERT_EQ(requests.size(), 3U);
    EXPECT_EQ(requests[1].query, "labels=autonomous-fix-7-escalation&state=all&per_page=2&page=2");
    EXPECT_EQ(requests[2].query, "labels=autonomous-fix-7-escalation&state=all&per_page=2&page=3");
    EXPECT_EQ(requests[2].header("authorization"), "Bearer ghs_pages");
}

TEST_F(GitHubPaginationTest, StopsAtTheFirstMatch) {
    for (int i = 0; i < 6; ++i) {
        fake.add_pull_request("PR " + std::to_string(i), "b" + std::to_string(i), "main");
    }
    const auto found = client.find_open_pull_request("b5");
    ASSERT_TRUE(found.has_value());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(fake.requests().size(), 1U); // filtered by head on the server: one page
}

class GitHubEnterpriseTest : public GitHubClientTest {
protected:
    GitHubEnterpriseTest()
        : GitHubClientTest(
              FakeGitHubOptions{"corp/app", "ghs_ghes", "/api/v3", "https://ghe.example.com", 30, 1}) {}
};

TEST_F(GitHubEnterpriseTest, WorksUnderThePathPrefix) {
    fake.add_issue("First", "", {"needs-human"});
    fake.add_pull_request("Second", "x", "main", "open", {"needs-human"});
    const auto pr = client.create_pull_request({"Fix", "Body", "autonomous-fix-9", "main"});
    ASSERT_TRUE(pr.has_value()) << pr.error().message;
    EXPECT_EQ(pr->html_url, "https://ghe.example.com/corp/app/pull/3");
    ASSERT_TRUE(client.add_labels(pr->number, {"autonomous-fix-9"}).has_value());
    const auto found = client.find_issue_by_label("needs-human"); // per_page 1: follows next links
    ASSERT_TRUE(found.has_value()) << found.error().message;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->number, 1U);
    for (const auto& request : fake.requests()) {
        EXPECT_TRUE(request.path.starts_with("/api/v3/repos/corp/app/")) << request.path;
    }
}

} // namespace
} // namespace autofix
