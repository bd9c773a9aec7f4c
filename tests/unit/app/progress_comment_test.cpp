// Checks that the progress comment says only what happened: "pushed" only with a pushed commit, "fixed" only
// with the fix PR's URL, "escalated" only with the issue's, a failure with what failed; and that runs without
// a pull request behind the chain, dry runs and stops that change nothing write no comment.
#include "app/progress_comment.hpp"

#include <gtest/gtest.h>

namespace autofix::app {
namespace {

action::Settings settings() {
    action::Settings settings;
    settings.max_attempts = 6;
    settings.github.server_url = "https://github.com";
    settings.github.repository = "octo/inventory";
    settings.run.log_run_id = "7003";
    return settings;
}

Outcome retry(const std::string& commit_sha) {
    Outcome outcome;
    outcome.route_decided = true;
    outcome.route.which = core::Case::retry;
    outcome.route.action = core::Action::retry_fix;
    outcome.route.fix_id = "7001";
    outcome.route.fix_branch = "autonomous-fix-7001";
    outcome.route.attempt = 2;
    outcome.route.model = "claude-sonnet-4-5";
    outcome.commit_sha = commit_sha;
    outcome.pull_request = 12;
    return outcome;
}

TEST(ProgressReport, PushedOnlyWithAPushedCommit) {
    const auto report = progress_report(retry("abc123"), settings());
    ASSERT_TRUE(report);
    EXPECT_EQ(core::progress_status(*report), "attempt 2 pushed, waiting for CI");
    EXPECT_EQ(report->max_attempts, 6);
    EXPECT_EQ(report->model, "claude-sonnet-4-5");
    EXPECT_EQ(report->fix_branch_url, "https://github.com/octo/inventory/tree/autonomous-fix-7001");
    EXPECT_EQ(report->run_url, "https://github.com/octo/inventory/actions/runs/7003");

    // Committed but not pushed (push failed: commit-sha is cleared): the comment says what failed.
    Outcome unpushed = step_failed(retry(""), taken::push_refused,
                                   core::make_error(core::ErrorKind::push_rejected, "GH013"));
    const auto failed = progress_report(unpushed, settings());
    ASSERT_TRUE(failed);
    EXPECT_EQ(failed->state, core::ProgressState::failed);
    EXPECT_NE(core::progress_status(*failed).find("refused the push"), std::string::npos)
        << core::progress_status(*failed);

    // Pushed, but CI could not be started: not "waiting for CI".
    Outcome undispatched =
        step_failed(retry("abc123"), taken::dispatch_failed, core::make_error(core::ErrorKind::http, "422"));
    const auto stuck = progress_report(undispatched, settings());
    ASSERT_TRUE(stuck);
    EXPECT_EQ(core::progress_status(*stuck).find("waiting for CI"), std::string::npos);
    EXPECT_NE(core::progress_status(*stuck).find("CI could not be started"), std::string::npos);
}

TEST(ProgressReport, FixedOnlyOnceThePullRequestExists) {
    Outcome outcome = retry("");
    outcome.route.which = core::Case::fixed;
    outcome.route.action = core::Action::open_pull_request;
    outcome.route.model.clear();
    outcome.attempts.push_back({2, "claude-opus-4-5", "fix", {}, "fixed"});
    outcome = step_failed(outcome, taken::pr_failed, core::make_error(core::ErrorKind::http, "422"));
    const auto not_yet = progress_report(outcome, settings());
    ASSERT_TRUE(not_yet);
    EXPECT_EQ(not_yet->state, core::ProgressState::failed);

    outcome.error.reset();
    outcome.action_taken.clear();
    outcome.pr_url = "https://github.com/octo/inventory/pull/14";
    const auto fixed = progress_report(outcome, settings());
    ASSERT_TRUE(fixed);
    EXPECT_EQ(core::progress_status(*fixed), "fixed: PR #14");
    EXPECT_EQ(fixed->model, "claude-opus-4-5"); // the last attempt's
}

TEST(ProgressReport, EscalatedWithTheIssueAndStoppedForAHuman) {
    Outcome outcome = retry("");
    outcome.route.which = core::Case::escalate;
    outcome.route.action = core::Action::open_escalation_issue;
    outcome.issue_url = "https://github.com/octo/inventory/issues/15";
    const auto escalated = progress_report(outcome, settings());
    ASSERT_TRUE(escalated);
    EXPECT_EQ(core::progress_status(*escalated), "escalated: issue #15");

    Outcome human = retry("");
    human.route.action = core::Action::stop_human_took_over;
    const auto stopped = progress_report(human, settings());
    ASSERT_TRUE(stopped);
    EXPECT_EQ(core::progress_status(*stopped), "stopped: a human committed");
    Outcome raced = retry("");
    raced.action_taken = "human_took_over"; // a human pushed while the attempt ran
    EXPECT_EQ(progress_report(raced, settings())->state, core::ProgressState::human_took_over);
}

TEST(ProgressReport, NothingToSayWritesNoComment) {
    Outcome no_pull_request = retry("abc123");
    no_pull_request.pull_request = 0;
    EXPECT_FALSE(progress_report(no_pull_request, settings()));

    action::Settings dry = settings();
    dry.dry_run = action::DryRun::on;
    EXPECT_FALSE(progress_report(retry("abc123"), dry));

    Outcome superseded = retry("");
    superseded.action_taken = "superseded";
    EXPECT_FALSE(progress_report(superseded, settings()));

    Outcome guard = retry("");
    guard.route.action = core::Action::stop_guard;
    EXPECT_FALSE(progress_report(guard, settings()));
}

TEST(ProgressReport, CiOnAnEscalatedOrFixedOrStoppedChainSaysItsStateAgain) {
    Outcome already = retry("");
    already.route.action = core::Action::stop_already_escalated;
    already.route.attempt = 3;
    already.facts.command_retries = 1;
    already.issue_url = "https://github.com/octo/inventory/issues/15";
    auto report = progress_report(already, settings());
    ASSERT_TRUE(report);
    EXPECT_EQ(core::progress_status(*report), "attempt 3 failed; escalated: issue #15");
    EXPECT_EQ(report->command_retries, 1);

    Outcome open = retry("");
    open.route.action = core::Action::stop_pull_request_open;
    open.pr_url = "https://github.com/octo/inventory/pull/16";
    report = progress_report(open, settings());
    ASSERT_TRUE(report);
    EXPECT_EQ(core::progress_status(*report), "fixed: PR #16");

    Outcome stopped = retry("");
    stopped.route.action = core::Action::stop_commanded;
    stopped.facts.stopped_by = "ada";
    report = progress_report(stopped, settings());
    ASSERT_TRUE(report);
    EXPECT_EQ(core::progress_status(*report), "stopped by @ada (/autofix stop)");
    stopped.facts.stopped_by.clear(); // who stopped it unknown: nothing untrue is written
    EXPECT_FALSE(progress_report(stopped, settings()));
}

TEST(ProgressReport, ACommentRunLinksTheCiRunItStartedNeverItsOwn) {
    Outcome commanded = retry("abc123");
    commanded.route.action = core::Action::command_retry;
    auto report = progress_report(commanded, settings());
    ASSERT_TRUE(report);
    EXPECT_EQ(report->run_url, "");
    commanded.facts.ci_run_url = "https://github.com/octo/inventory/actions/runs/99";
    commanded.facts.open_pr_url = "https://github.com/octo/inventory/pull/16";
    report = progress_report(commanded, settings());
    ASSERT_TRUE(report);
    EXPECT_EQ(report->run_url, "https://github.com/octo/inventory/actions/runs/99");
    EXPECT_EQ(report->pr_number, 16U);
}

TEST(ProgressReport, ARetryAskedForInACommentShowsItsAttempt) {
    Outcome commanded = retry("abc123");
    commanded.route.action = core::Action::command_retry;
    commanded.route.attempt = 7;
    const auto report = progress_report(commanded, settings());
    ASSERT_TRUE(report);
    EXPECT_EQ(core::progress_status(*report), "attempt 7 pushed, waiting for CI");
    commanded.route.action = core::Action::command_stopped; // a stop or an explain changes no attempt
    EXPECT_FALSE(progress_report(commanded, settings()));
}

} // namespace
} // namespace autofix::app
