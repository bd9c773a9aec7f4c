// Checks the client's comment operations against the fake GitHub over real HTTP: listing every page of a
// pull request's comments with their authors, editing one in place (PATCH, 200), GitHub's 404 for an unknown
// comment and 403 for a token without write permission, posting a comment or a reply in a review thread, and
// the token's login from GraphQL's viewer on github.com and under a GHES prefix.
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

FakeGitHubOptions small_pages() {
    FakeGitHubOptions options;
    options.max_per_page = 2; // five comments take three pages
    return options;
}

class GitHubCommentsTest : public ::testing::Test {
protected:
    explicit GitHubCommentsTest(FakeGitHubOptions options = small_pages())
        : fake(std::move(options)),
          client(settings_for(fake), transport, clock, {3, std::chrono::seconds(60)}) {}

    FakeGitHub fake;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    adapters::GitHubClient client;
};

TEST_F(GitHubCommentsTest, ListsEveryPageOfCommentsWithTheirAuthorsOldestFirst) {
    const auto pull = fake.add_pull_request("Feature", "feature", "main");
    fake.add_comment(pull, "octocat", "first");
    ASSERT_TRUE(client.comment(pull, "second").has_value());
    fake.add_comment(pull, "hubot", "third");
    fake.add_comment(pull, "octocat", "fourth");
    ASSERT_TRUE(client.comment(pull, "fifth").has_value());

    const auto comments = client.list_comments(pull);
    ASSERT_TRUE(comments.has_value()) << comments.error().message;
    ASSERT_EQ(comments->size(), 5U);
    std::vector<std::string> seen;
    for (const auto& comment : *comments) {
        seen.push_back(comment.author + ": " + comment.body);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"octocat: first", "github-actions[bot]: second", "hubot: third",
                                              "octocat: fourth", "github-actions[bot]: fifth"}));
    EXPECT_NE((*comments)[1].id, (*comments)[4].id);
    EXPECT_NE((*comments)[1].html_url.find("/pull/1#issuecomment-"), std::string::npos);
    int pages = 0;
    for (const auto& request : fake.requests()) {
        pages += request.method == "GET" && request.path == "/repos/octo/repo/issues/1/comments";
    }
    EXPECT_EQ(pages, 3);
}

TEST_F(GitHubCommentsTest, PostsACommentAndReturnsItsUrl) {
    const auto pull = fake.add_pull_request("Feature", "feature", "main");
    const auto posted = client.post_comment(pull, "Stopped: no further fix attempts");
    ASSERT_TRUE(posted.has_value()) << posted.error().message;
    EXPECT_NE(posted->id, 0U);
    EXPECT_EQ(posted->author, "github-actions[bot]");
    EXPECT_NE(posted->html_url.find("/pull/1#issuecomment-"), std::string::npos) << posted->html_url;
    EXPECT_EQ(fake.item(pull)->comments, std::vector<std::string>{"Stopped: no further fix attempts"});
}

TEST_F(GitHubCommentsTest, RepliesInAReviewCommentsThread) {
    const auto pull = fake.add_pull_request("Feature", "feature", "main");
    const auto review_comment = fake.add_review_comment(pull);
    const auto reply = client.reply_to_review_comment(pull, review_comment, "Stopped");
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_NE(reply->html_url.find("/pull/1#discussion_r"), std::string::npos) << reply->html_url;
    ASSERT_EQ(fake.item(pull)->review_replies.size(), 1U);
    EXPECT_EQ(fake.item(pull)->review_replies[0], std::make_pair(review_comment, std::string("Stopped")));
    EXPECT_TRUE(fake.item(pull)->comments.empty());
    bool threaded = false;
    for (const auto& request : fake.requests()) {
        threaded |= request.method == "POST" && request.path == "/repos/octo/repo/pulls/1/comments/" +
                                                                    std::to_string(review_comment) +
                                                                    "/replies";
    }
    EXPECT_TRUE(threaded);

    // A comment that is not a review comment of the pull request: GitHub's 404, nothing posted.
    const auto unknown = client.reply_to_review_comment(pull, review_comment + 1, "Stopped");
    ASSERT_FALSE(unknown.has_value());
    EXPECT_NE(unknown.error().message.find("404"), std::string::npos) << unknown.error().message;
    EXPECT_EQ(fake.item(pull)->review_replies.size(), 1U);
}

TEST_F(GitHubCommentsTest, EditsACommentInPlace) {
    const auto pull = fake.add_pull_request("Feature", "feature", "main");
    ASSERT_TRUE(client.comment(pull, "attempt 1").has_value());
    const auto listed = client.list_comments(pull);
    ASSERT_TRUE(listed.has_value() && listed->size() == 1U);

    const auto edited = client.edit_comment(listed->front().id, "attempt 2");
    ASSERT_TRUE(edited.has_value()) << edited.error().message;
    EXPECT_EQ(edited->id, listed->front().id);
    EXPECT_EQ(edited->body, "attempt 2");
    EXPECT_EQ(fake.item(pull)->comments, (std::vector<std::string>{"attempt 2"}));
    const auto last = fake.requests().back();
    EXPECT_EQ(last.method, "PATCH");
    EXPECT_EQ(last.path, "/repos/octo/repo/issues/comments/" + std::to_string(listed->front().id));
    EXPECT_EQ(last.body, R"({"body":"attempt 2"})");
}

TEST_F(GitHubCommentsTest, AnUnknownCommentIs404) {
    fake.add_pull_request("Feature", "feature", "main");
    const auto edited = client.edit_comment(1999, "x");
    ASSERT_FALSE(edited.has_value());
    EXPECT_NE(edited.error().message.find("editing comment 1999: 404"), std::string::npos)
        << edited.error().message;
}

TEST_F(GitHubCommentsTest, ATokenWithoutWritePermissionIsRefusedWith403AndNothingChanges) {
    const auto pull = fake.add_pull_request("Feature", "feature", "main");
    const auto id = fake.add_comment(pull, "", "attempt 1");
    fake.refuse_comment_writes();
    const auto edited = client.edit_comment(id, "attempt 2");
    ASSERT_FALSE(edited.has_value());
    EXPECT_EQ(edited.error().kind, core::ErrorKind::auth);
    EXPECT_NE(edited.error().message.find("Resource not accessible by integration"), std::string::npos)
        << edited.error().message;
    EXPECT_FALSE(client.comment(pull, "another").has_value());
    EXPECT_EQ(fake.item(pull)->comments, (std::vector<std::string>{"attempt 1"}));
}

TEST_F(GitHubCommentsTest, TheTokensLoginComesFromGraphqlsViewer) {
    const auto login = client.authenticated_login();
    ASSERT_TRUE(login.has_value()) << login.error().message;
    EXPECT_EQ(*login, "github-actions[bot]");
    const auto request = fake.requests().back();
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.path, "/graphql");
    EXPECT_EQ(request.header("authorization"), "Bearer " + fake.options().token);
}

TEST(GitHubCommentsGhes, GraphqlIsBesideTheRestRootUnderTheEnterprisePrefix) {
    FakeGitHubOptions options;
    options.path_prefix = "/api/v3";
    options.token_login = "octo-fixer";
    FakeGitHub fake(options);
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    adapters::GitHubClient client(settings_for(fake), transport, clock, {3, std::chrono::seconds(60)});
    const auto login = client.authenticated_login();
    ASSERT_TRUE(login.has_value()) << login.error().message;
    EXPECT_EQ(*login, "octo-fixer");
    EXPECT_EQ(fake.requests().back().path, "/api/graphql");
}

} // namespace
} // namespace autofix
