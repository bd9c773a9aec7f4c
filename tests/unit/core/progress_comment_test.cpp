// Checks the progress comment's pure parts: the body each state renders (marker first, status, attempt of
// max, model, links), and finding the comment again by its marker among others, only when it is the token's.
#include "core/progress_comment.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using core::CommentFacts;
using core::ProgressReport;
using core::ProgressState;

ProgressReport pushed(int attempt) {
    ProgressReport report;
    report.fix_id = "7001";
    report.state = ProgressState::attempt_pushed;
    report.attempt = attempt;
    report.max_attempts = 6;
    report.model = "claude-sonnet-4-5";
    report.fix_branch = "autonomous-fix-7001";
    report.fix_branch_url = "https://github.com/octo/inventory/tree/autonomous-fix-7001";
    report.run_url = "https://github.com/octo/inventory/actions/runs/7003";
    return report;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(ProgressComment, BodyOpensWithTheMarkerAndSaysTheAttemptOfMaxModelAndLinks) {
    const std::string body = core::render_progress_comment(pushed(2));
    EXPECT_EQ(body.substr(0, body.find('\n')), "<!-- autofix:progress fix-id=7001 -->");
    EXPECT_TRUE(contains(body, "**Status:** attempt 2 pushed, waiting for CI")) << body;
    EXPECT_TRUE(contains(body, "| Attempt | 2 of 6 |")) << body;
    EXPECT_TRUE(contains(body, "| Model | `claude-sonnet-4-5` |")) << body;
    EXPECT_TRUE(
        contains(body, "[autonomous-fix-7001](https://github.com/octo/inventory/tree/autonomous-fix-7001)"))
        << body;
    EXPECT_TRUE(contains(body, "(https://github.com/octo/inventory/actions/runs/7003)")) << body;
    EXPECT_FALSE(contains(body, "Pull request")) << body;
    EXPECT_TRUE(core::is_progress_comment(body, "7001"));
}

TEST(ProgressComment, EachStateHasItsStatusLine) {
    ProgressReport report = pushed(3);
    EXPECT_EQ(core::progress_status(report), "attempt 3 pushed, waiting for CI");
    report.state = ProgressState::fixed;
    report.result_number = 12;
    report.result_url = "https://github.com/octo/inventory/pull/12";
    EXPECT_EQ(core::progress_status(report), "fixed: PR #12");
    EXPECT_TRUE(contains(core::render_progress_comment(report),
                         "| Pull request | [#12](https://github.com/octo/inventory/pull/12) |"));
    report.state = ProgressState::escalated;
    report.result_number = 13;
    report.result_url = "https://github.com/octo/inventory/issues/13";
    EXPECT_EQ(core::progress_status(report), "escalated: issue #13");
    EXPECT_TRUE(contains(core::render_progress_comment(report),
                         "| Issue | [#13](https://github.com/octo/inventory/issues/13) |"));
    report.state = ProgressState::human_took_over;
    EXPECT_EQ(core::progress_status(report), "stopped: a human committed");
    report.state = ProgressState::failed;
    report.detail = "the push was refused (push_refused)";
    EXPECT_EQ(core::progress_status(report), "attempt 3 failed: the push was refused (push_refused)");
}

TEST(ProgressComment, RetriesPastTheMaxStopsAndKeptLinksAreSaid) {
    ProgressReport report = pushed(3);
    report.max_attempts = 2;
    report.command_retries = 1;
    report.issue_number = 2;
    report.issue_url = "https://github.com/octo/inventory/issues/2";
    std::string body = core::render_progress_comment(report);
    EXPECT_TRUE(contains(body, "| Attempt | 3 of 2 + 1 retry |")) << body;
    EXPECT_TRUE(contains(body, "| Issue | [#2](https://github.com/octo/inventory/issues/2) |")) << body;
    EXPECT_TRUE(contains(body, "`/autofix retry <guidance>`")) << body;
    EXPECT_TRUE(contains(body, "`/autofix stop`")) << body;
    EXPECT_TRUE(contains(body, "`/autofix explain`")) << body;
    report.command_retries = 2;
    EXPECT_TRUE(contains(core::render_progress_comment(report), "| Attempt | 3 of 2 + 2 retries |"));
    report.state = ProgressState::escalated;
    report.attempt_failed = true;
    report.result_number = 2;
    report.result_url = report.issue_url;
    EXPECT_EQ(core::progress_status(report), "attempt 3 failed; escalated: issue #2");
    body = core::render_progress_comment(report);
    EXPECT_EQ(body.find("| Issue |"), body.rfind("| Issue |")) << body; // one Issue row
    report.state = ProgressState::stopped;
    report.stopped_by = "ada";
    EXPECT_EQ(core::progress_status(report), "stopped by @ada (/autofix stop)");
    report.state = ProgressState::attempt_pushed;
    report.pr_number = 5;
    report.pr_url = "https://github.com/octo/inventory/pull/5";
    EXPECT_TRUE(contains(core::render_progress_comment(report),
                         "| Pull request | [#5](https://github.com/octo/inventory/pull/5) |"));
}

TEST(ProgressComment, TableCellsCannotBeBrokenByTheirValues) {
    ProgressReport report = pushed(1);
    report.model = "odd|model\nname";
    const std::string body = core::render_progress_comment(report);
    EXPECT_TRUE(contains(body, "| Model | `odd\\|model name` |")) << body;
}

TEST(ProgressComment, MarkerCountsOnlyAsTheFirstLineAndForItsOwnFix) {
    const std::string marker = core::progress_marker("7001");
    EXPECT_TRUE(core::is_progress_comment(marker + "\nstatus", "7001"));
    EXPECT_TRUE(core::is_progress_comment(marker + "\r\nstatus", "7001"));
    EXPECT_TRUE(core::is_progress_comment(marker, "7001"));
    EXPECT_FALSE(core::is_progress_comment("> " + marker + "\n> status", "7001")); // a quote
    EXPECT_FALSE(core::is_progress_comment("See this:\n" + marker, "7001"));
    EXPECT_FALSE(core::is_progress_comment(marker, "700"));
    EXPECT_FALSE(core::is_progress_comment(core::progress_marker("70011"), "7001"));
    EXPECT_FALSE(core::is_progress_comment(marker, ""));
}

TEST(ProgressComment, FindsOnlyTheTokensOwnCommentWithTheMarker) {
    const std::string ours = core::render_progress_comment(pushed(1));
    ProgressReport other_fix = pushed(1);
    other_fix.fix_id = "6999";
    const std::vector<CommentFacts> comments{
        {101, "octocat", "The build fails on my machine too."},
        {102, "octocat", ours},                                // a human pasted the whole body
        {103, "github-actions[bot]", "Thanks for the report"}, // the bot, without the marker
        {104, "github-actions[bot]", core::render_progress_comment(other_fix)},
        {105, "GitHub-Actions[bot]", ours}, // ours: logins compare without case
        {106, "github-actions[bot]", ours}, // a duplicate: the oldest one wins
    };
    EXPECT_EQ(core::find_progress_comment(comments, "7001", "github-actions[bot]"), 105U);
    EXPECT_EQ(core::find_progress_comment(comments, "7001", "octocat"), 102U);
    EXPECT_EQ(core::find_progress_comment(comments, "7001", "someone-else"), std::nullopt);
    EXPECT_EQ(core::find_progress_comment(comments, "7001", ""), std::nullopt);
    EXPECT_EQ(core::find_progress_comment(comments, "6999", "github-actions[bot]"), 104U);
    EXPECT_TRUE(core::any_progress_comment(comments, "7001"));
    EXPECT_FALSE(core::any_progress_comment({comments[0], comments[2]}, "7001"));
}

TEST(ProgressComment, NumberFromUrlReadsTheLastPathSegment) {
    EXPECT_EQ(core::number_from_url("https://github.com/octo/inventory/pull/12"), 12U);
    EXPECT_EQ(core::number_from_url("https://github.com/octo/inventory/issues/3"), 3U);
    EXPECT_EQ(core::number_from_url("https://github.com/octo/inventory/pull/"), 0U);
    EXPECT_EQ(core::number_from_url("12"), 0U);
    EXPECT_EQ(core::number_from_url(""), 0U);
    EXPECT_EQ(core::number_from_url("https://github.com/octo/inventory/pull/x12"), 0U);
}

} // namespace
} // namespace autofix
