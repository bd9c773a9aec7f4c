// Checks the client's retry rules against the fake GitHub with faults on: 5xx with backoff, 429 and
// secondary-rate-limit 403 honouring retry-after, primary-rate-limit 403 waiting for x-ratelimit-reset,
// giving up on the count and on the total wait, dropped connections (retried for reads, checked before
// resending writes that could duplicate, never resent for dispatches), and no token in any error.
#include "adapters/github_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_github.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using namespace std::chrono_literals;
using testing::FakeGitHub;
using testing::GitHubFault;
using Sleeps = std::vector<std::chrono::milliseconds>;

class GitHubRetryTest : public ::testing::Test {
protected:
    GitHubRetryTest()
        : client({fake.api_url(), fake.options().repository, fake.options().token, "ua"}, transport, clock,
                 limits()) {
        fake.set_wall_clock(clock.wall_now());
    }

    static adapters::RetryLimits limits() {
        adapters::RetryLimits limits;
        limits.max_retries = 3;
        limits.max_total_wait = 120s;
        limits.backoff = {1000ms, 8000ms, 0.0};
        limits.rate_limit_minimum = 60s;
        return limits;
    }

    void expect_no_token(const core::Error& error) const {
        EXPECT_EQ(error.message.find(fake.options().token), std::string::npos) << error.message;
    }

    FakeGitHub fake;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    adapters::GitHubClient client;
};

TEST_F(GitHubRetryTest, ServerErrorsAreRetriedWithExponentialBackoff) {
    fake.fail_next("GET /repos/octo/repo/pulls", 1, GitHubFault::status_500);
    fake.fail_next("GET /repos/octo/repo/pulls", 1, GitHubFault::status_502);
    fake.fail_next("GET /repos/octo/repo/pulls", 1, GitHubFault::status_503);
    fake.add_pull_request("Fix", "autonomous-fix-1", "main");
    const auto found = client.find_open_pull_request("autonomous-fix-1");
    ASSERT_TRUE(found.has_value()) << found.error().message;
    EXPECT_TRUE(found->has_value());
    EXPECT_EQ(clock.sleeps(), (Sleeps{1000ms, 2000ms, 4000ms}));
    EXPECT_EQ(fake.requests().size(), 4U);
}

TEST_F(GitHubRetryTest, TooManyRequestsHonoursRetryAfter) {
    fake.fail_next("POST /repos/octo/repo/pulls", 1, GitHubFault::rate_limit_429, {7, 0});
    const auto created = client.create_pull_request({"Fix", "Body", "autonomous-fix-1", "main"});
    ASSERT_TRUE(created.has_value()) << created.error().message;
    EXPECT_EQ(clock.sleeps(), (Sleeps{7000ms}));
    EXPECT_EQ(fake.pull_requests().size(), 1U);
}

TEST_F(GitHubRetryTest, SecondaryRateLimitHonoursRetryAfter) {
    fake.fail_next("POST /repos/octo/repo/issues", 1, GitHubFault::secondary_rate_limit_403, {3, 0});
    const auto issue = client.create_issue("Escalation", "Body", {});
    ASSERT_TRUE(issue.has_value()) << issue.error().message;
    EXPECT_EQ(clock.sleeps(), (Sleeps{3000ms}));
    EXPECT_EQ(fake.issues().size(), 1U);
}

TEST_F(GitHubRetryTest, PrimaryRateLimitWaitsUntilTheReset) {
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(clock.wall_now().time_since_epoch()).count();
    fake.fail_next("POST /repos/octo/repo/actions/workflows/*", 1, GitHubFault::primary_rate_limit_403,
                   {0, now + 42});
    ASSERT_TRUE(client.dispatch_workflow("ci.yml", "autonomous-fix-1").has_value());
    EXPECT_EQ(clock.sleeps(), (Sleeps{42000ms}));
    EXPECT_EQ(fake.dispatches().size(), 1U);
}

TEST_F(GitHubRetryTest, GivesUpAfterTheRetryCount) {
    fake.fail_next("GET *", 10, GitHubFault::status_503);
    const auto found = client.find_issue_by_label("x");
    ASSERT_FALSE(found.has_value());
    EXPECT_EQ(found.error().kind, core::ErrorKind::http);
    EXPECT_EQ(found.error().message, "finding the issue labelled 'x': 503 Service Unavailable: Service "
                                     "Unavailable (gave up after 3 retries)");
    EXPECT_EQ(fake.requests().size(), 4U);
    EXPECT_EQ(clock.sleeps(), (Sleeps{1000ms, 2000ms, 4000ms}));
}

TEST_F(GitHubRetryTest, RateLimitsGiveUpAsRateLimited) {
    fake.fail_next("POST /repos/octo/repo/issues/1/comments", 10, GitHubFault::rate_limit_429, {2, 0});
    fake.add_issue("Issue", "", {});
    const auto status = client.comment(1, "hello");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().kind, core::ErrorKind::rate_limited);
    EXPECT_NE(status.error().message.find("429 Too Many Requests"), std::string::npos)
        << status.error().message;
    EXPECT_EQ(clock.sleeps(), (Sleeps{2000ms, 2000ms, 2000ms}));
    expect_no_token(status.error());
}

TEST_F(GitHubRetryTest, GivesUpAtOnceWhenTheResetIsBeyondTheWaitBudget) {
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(clock.wall_now().time_since_epoch()).count();
    fake.fail_next("GET *", 1, GitHubFault::primary_rate_limit_403, {0, now + 3600});
    const auto found = client.find_open_pull_request("autonomous-fix-1");
    ASSERT_FALSE(found.has_value());
    EXPECT_EQ(found.error().kind, core::ErrorKind::rate_limited);
    EXPECT_NE(found.error().message.find("API rate limit exceeded"), std::string::npos);
    EXPECT_NE(found.error().message.find("x-ratelimit-reset asks to wait 3600s"), std::string::npos);
    EXPECT_TRUE(clock.sleeps().empty());
    EXPECT_EQ(fake.requests().size(), 1U);
}

TEST_F(GitHubRetryTest, SecondaryRateLimitsStopWhenTheTotalWaitRunsOut) {
    fake.fail_next("GET *", 10, GitHubFault::secondary_rate_limit_403, {50, 0});
    const auto found = client.find_open_pull_request("autonomous-fix-1");
    ASSERT_FALSE(found.has_value());
    EXPECT_EQ(found.error().kind, core::ErrorKind::rate_limited);
    EXPECT_EQ(clock.sleeps(), (Sleeps{50000ms, 50000ms})); // a third wait would pass 120 s
}

TEST_F(GitHubRetryTest, DroppedConnectionsAreRetriedForReads) {
    fake.fail_next("GET /repos/octo/repo/issues", 2, GitHubFault::drop_connection);
    const auto found = client.find_issue_by_label("x");
    ASSERT_TRUE(found.has_value()) << found.error().message;
    EXPECT_EQ(fake.requests().size(), 3U);
}

TEST_F(GitHubRetryTest, DroppedConnectionsExhaustedAreNetworkErrors) {
    fake.fail_next("GET *", 10, GitHubFault::drop_connection);
    const auto found = client.find_issue_by_label("x");
    ASSERT_FALSE(found.has_value());
    EXPECT_EQ(found.error().kind, core::ErrorKind::network);
    EXPECT_EQ(fake.requests().size(), 4U);
    expect_no_token(found.error());
}

TEST_F(GitHubRetryTest, PullRequestCreatedBeforeADropIsReusedNotDuplicated) {
    fake.fail_next("POST /repos/octo/repo/pulls", 1, GitHubFault::drop_after_processing);
    const auto created = client.create_pull_request({"Fix", "Body", "autonomous-fix-1", "main"});
    ASSERT_TRUE(created.has_value()) << created.error().message;
    EXPECT_TRUE(created->reused);
    EXPECT_EQ(fake.pull_requests().size(), 1U);
}

TEST_F(GitHubRetryTest, IssueCreatedBeforeADropIsFoundNotDuplicated) {
    fake.fail_next("POST /repos/octo/repo/issues", 1, GitHubFault::drop_after_processing);
    const auto issue =
        client.create_issue("Escalation", "Body", {"autonomous-fix-1-escalation", "needs-human"});
    ASSERT_TRUE(issue.has_value()) << issue.error().message;
    EXPECT_EQ(issue->title, "Escalation");
    EXPECT_EQ(fake.issues().size(), 1U);
}

TEST_F(GitHubRetryTest, IssueLostBeforeProcessingIsSentAgain) {
    fake.fail_next("POST /repos/octo/repo/issues", 1, GitHubFault::drop_connection);
    fake.fail_next("POST /repos/octo/repo/issues", 1, GitHubFault::status_502);
    const auto issue = client.create_issue("Escalation", "Body", {"autonomous-fix-1-escalation"});
    ASSERT_TRUE(issue.has_value()) << issue.error().message;
    EXPECT_EQ(fake.issues().size(), 1U);
    EXPECT_EQ(clock.sleeps(), (Sleeps{1000ms, 2000ms}));
}

TEST_F(GitHubRetryTest, IssueWithoutLabelsIsNotSentAgainAfterADrop) {
    fake.fail_next("POST /repos/octo/repo/issues", 1, GitHubFault::drop_connection);
    const auto issue = client.create_issue("Escalation", "Body", {});
    ASSERT_FALSE(issue.has_value());
    EXPECT_EQ(issue.error().kind, core::ErrorKind::network);
    EXPECT_TRUE(fake.issues().empty());
}

TEST_F(GitHubRetryTest, CommentPostedBeforeADropIsNotPostedTwice) {
    const auto number = fake.add_issue("Issue", "", {});
    fake.fail_next("POST /repos/octo/repo/issues/*/comments", 1, GitHubFault::drop_after_processing);
    ASSERT_TRUE(client.comment(number, "Attempt 3 failed").has_value());
    EXPECT_EQ(fake.item(number)->comments.size(), 1U);
}

TEST_F(GitHubRetryTest, APostedCommentFoundAfterADropIsReturnedWithItsUrl) {
    const auto number = fake.add_issue("Issue", "", {});
    fake.fail_next("POST /repos/octo/repo/issues/*/comments", 1, GitHubFault::drop_after_processing);
    const auto posted = client.post_comment(number, "Stopped");
    ASSERT_TRUE(posted.has_value()) << posted.error().message;
    EXPECT_EQ(fake.item(number)->comments.size(), 1U);
    EXPECT_EQ(posted->body, "Stopped");
    EXPECT_NE(posted->html_url.find("/issues/" + std::to_string(number) + "#issuecomment-"),
              std::string::npos)
        << posted->html_url;
}

TEST_F(GitHubRetryTest, AReviewThreadReplyIsNeverResentAfterADrop) {
    const auto pull = fake.add_pull_request("Feature", "feature", "main");
    const auto review_comment = fake.add_review_comment(pull);
    fake.fail_next("POST /repos/octo/repo/pulls/*", 1, GitHubFault::drop_after_processing);
    const auto reply = client.reply_to_review_comment(pull, review_comment, "Stopped");
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(fake.item(pull)->review_replies.size(), 1U);
}

TEST_F(GitHubRetryTest, DispatchIsNeverResentAfterADrop) {
    fake.fail_next("POST *", 1, GitHubFault::drop_after_processing);
    const auto status = client.dispatch_workflow("ci.yml", "autonomous-fix-1");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().kind, core::ErrorKind::network);
    EXPECT_NE(status.error().message.find("dispatching workflow ci.yml on autonomous-fix-1: "),
              std::string::npos);
    EXPECT_EQ(fake.dispatches().size(), 1U); // it took effect once; a resend would have started a second run
    EXPECT_EQ(fake.requests().size(), 1U);
    expect_no_token(status.error());
}

TEST_F(GitHubRetryTest, DispatchIsResentAfterAServerError) {
    fake.fail_next("POST *", 1, GitHubFault::status_502);
    ASSERT_TRUE(client.dispatch_workflow("ci.yml", "autonomous-fix-1").has_value());
    EXPECT_EQ(fake.dispatches().size(), 1U);
}

TEST_F(GitHubRetryTest, LabelCreationSurvivesADropAfterProcessing) {
    const auto number = fake.add_issue("Issue", "", {});
    fake.fail_next("POST /repos/octo/repo/labels", 1, GitHubFault::drop_after_processing);
    ASSERT_TRUE(client.add_labels(number, {"autonomous-fix-1"}).has_value());
    EXPECT_EQ(fake.labels().size(), 1U);
    EXPECT_EQ(fake.item(number)->labels, (std::vector<std::string>{"autonomous-fix-1"}));
}

} // namespace
} // namespace autofix
