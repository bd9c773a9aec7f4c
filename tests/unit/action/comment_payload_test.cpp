// Checks the comment events read from real-shaped payloads (field names from GitHub's webhook documentation
// for issue_comment and pull_request_review_comment): body, author and type, the number, whether it is a pull
// request, its labels and head branch, and the fix the comment is about; build-status is not asked for.
#include "action/event_payload.hpp"
#include "action/settings.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using action::Environment;

Environment::Variables comment_environment(const std::string& event, const std::string& payload) {
    return {
        {"GITHUB_EVENT_NAME", event},
        {"GITHUB_EVENT_PATH", std::string(AUTOFIX_SOURCE_DIR) + "/tests/fixtures/events/" + payload},
        {"GITHUB_REPOSITORY", "octo/inventory"},
        {"GITHUB_RUN_ID", "9200000001"},
        {"GITHUB_REF_NAME", "main"},
        {"GITHUB_SHA", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"},
        {"GITHUB_WORKFLOW_REF", "octo/inventory/.github/workflows/autofix-comments.yml@refs/heads/main"},
    };
}

core::RunContext derive(const Environment::Variables& variables) {
    const auto facts = action::read_event_facts(Environment(variables));
    EXPECT_TRUE(facts) << facts.error().message;
    return facts ? core::derive_run_context(*facts, {}) : core::RunContext{};
}

TEST(CommentPayload, AnIssueCommentOnTheFixPullRequest) {
    const core::RunContext context = derive(comment_environment("issue_comment", "issue_comment_pr.json"));
    ASSERT_TRUE(context.comment);
    const core::CommentEvent& comment = *context.comment;
    EXPECT_EQ(comment.event_name, "issue_comment");
    EXPECT_EQ(comment.action, "created");
    EXPECT_EQ(comment.comment_id, 2000000001u);
    EXPECT_EQ(comment.author_login, "ada");
    EXPECT_EQ(comment.author_type, "User");
    EXPECT_EQ(comment.number, 17u);
    EXPECT_TRUE(comment.on_pull_request);
    EXPECT_EQ(comment.head_ref, ""); // an issue comment's payload does not say the branch
    EXPECT_EQ(comment.labels.size(), 3u);
    const auto command = core::winning_command(core::parse_comment_commands(comment.body));
    ASSERT_TRUE(command);
    EXPECT_EQ(command->kind, core::CommandKind::retry);
    EXPECT_EQ(command->guidance, "the report must keep ISO dates");
    const auto target = core::command_target(comment, comment.head_ref);
    ASSERT_TRUE(target);
    EXPECT_EQ(target->fix_branch, "autonomous-fix-9100000001");
    EXPECT_EQ(context.commit, "");        // GITHUB_SHA is the default branch's, not a failure
    EXPECT_EQ(context.workflow_file, ""); // the running workflow answers comments; CI is ci-workflow's
    EXPECT_NE(context.source.find("@ada"), std::string::npos);
}

TEST(CommentPayload, ABotsCommentOnTheEscalationIssue) {
    const core::RunContext context =
        derive(comment_environment("issue_comment", "issue_comment_escalation.json"));
    ASSERT_TRUE(context.comment);
    EXPECT_FALSE(context.comment->on_pull_request);
    EXPECT_EQ(context.comment->number, 18u);
    EXPECT_TRUE(core::is_bot_author(context.comment->author_login, context.comment->author_type));
    const auto target = core::command_target(*context.comment, "");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->fix_branch, "autonomous-fix-9100000001");
}

TEST(CommentPayload, AReviewCommentNamesThePullRequestsBranch) {
    const core::RunContext context =
        derive(comment_environment("pull_request_review_comment", "pull_request_review_comment.json"));
    ASSERT_TRUE(context.comment);
    EXPECT_EQ(context.comment->event_name, "pull_request_review_comment");
    EXPECT_EQ(context.comment->author_login, "grace");
    EXPECT_EQ(context.comment->number, 17u);
    EXPECT_TRUE(context.comment->on_pull_request);
    EXPECT_EQ(context.comment->head_ref, "autonomous-fix-9100000001");
    EXPECT_EQ(context.comment->body, "/autofix explain");
    EXPECT_EQ(context.stop, core::EventStop::none);
}

TEST(CommentPayload, ACommentRunNeedsNoBuildStatus) {
    auto variables = comment_environment("issue_comment", "issue_comment_pr.json");
    variables["INPUT_GITHUB-TOKEN"] = "ghs_token";
    const auto settings = action::load_settings({}, Environment(variables));
    ASSERT_TRUE(settings) << settings.error().message;
    ASSERT_TRUE(settings->run.comment);
    EXPECT_EQ(settings->run.comment->number, 17u);
}

TEST(CommentPayload, TheCiWorkflowComesFromTheInput) {
    const auto facts =
        action::read_event_facts(Environment(comment_environment("issue_comment", "issue_comment_pr.json")));
    ASSERT_TRUE(facts);
    EXPECT_EQ(core::derive_run_context(*facts, {"", "", "ci.yml"}).workflow_file, "ci.yml");
}

TEST(CommentPayload, AnotherEventCarriesNoComment) {
    auto variables = comment_environment("push", "issue_comment_pr.json");
    EXPECT_FALSE(derive(variables).comment);
}

} // namespace
} // namespace autofix
