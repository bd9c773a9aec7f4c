// Checks the client's workflow-run operations against the fake GitHub: a run's jobs with their steps and
// runners, the conclusion and attempt of the runs of a commit, and re-running a run's failed
// jobs (201 for a finished run, GitHub's 403 while it is in progress, 404 for an unknown run).
#include "adapters/github_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_github.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::FakeGitHub;
using testing::FakeJob;

class GitHubRunsTest : public ::testing::Test {
protected:
    GitHubRunsTest()
        : client({fake.api_url(), fake.options().repository, fake.options().token, "ua"}, transport, clock,
                 {1,
                  std::chrono::seconds(5),
                  {std::chrono::milliseconds(10), std::chrono::milliseconds(20), 0.0}}) {}

    FakeGitHub fake;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    adapters::GitHubClient client;
};

TEST_F(GitHubRunsTest, ListsTheJobsWithStepsAndRunners) {
    FakeJob test{"test", "failure", "log", 21};
    test.steps = {{"Set up job", "success"}, {"Run tests", "failure"}};
    FakeJob setup{"service", "failure", "", 22};
    setup.runner_name = "";
    fake.add_run(5, {test, setup});
    const auto jobs = client.list_run_jobs("5");
    ASSERT_TRUE(jobs) << jobs.error().message;
    ASSERT_EQ(jobs->size(), 2u);
    EXPECT_EQ((*jobs)[0].conclusion, "failure");
    EXPECT_EQ((*jobs)[0].runner_name, "GitHub Actions 2");
    ASSERT_EQ((*jobs)[0].steps.size(), 2u);
    EXPECT_EQ((*jobs)[0].steps[1].name, "Run tests");
    EXPECT_EQ((*jobs)[0].steps[1].conclusion, "failure");
    EXPECT_EQ((*jobs)[1].runner_name, "");
    EXPECT_FALSE(client.list_run_jobs("6"));
}

TEST_F(GitHubRunsTest, TheRunsOfACommitCarryTheirConclusionAndAttempt) {
    const std::string sha(40, 'a');
    fake.add_workflow_run({10, "ci.yml", "push", "main", sha, "completed", "failure", 2});
    fake.add_workflow_run({11, "ci.yml", "workflow_dispatch", "main", sha, "in_progress"});
    const auto runs = client.list_workflow_runs("ci.yml", "main", sha);
    ASSERT_TRUE(runs) << runs.error().message;
    ASSERT_EQ(runs->size(), 2u);
    EXPECT_EQ((*runs)[0].id, 11u); // newest first
    EXPECT_EQ((*runs)[0].conclusion, "");
    EXPECT_EQ((*runs)[1].conclusion, "failure");
    EXPECT_EQ((*runs)[1].run_attempt, 2);
    EXPECT_EQ((*runs)[1].path, ".github/workflows/ci.yml");
}

TEST_F(GitHubRunsTest, RerunsTheFailedJobsOfAFinishedRunOnly) {
    fake.add_workflow_run({30, "ci.yml", "push", "main", std::string(40, 'c'), "completed", "failure"});
    fake.add_workflow_run({31, "ci.yml", "push", "main", std::string(40, 'c'), "in_progress"});
    EXPECT_TRUE(client.rerun_failed_jobs("30"));
    const auto running = client.rerun_failed_jobs("31");
    ASSERT_FALSE(running);
    EXPECT_EQ(running.error().kind, core::ErrorKind::auth);
    EXPECT_NE(running.error().message.find("This workflow is already running"), std::string::npos)
        << running.error().message;
    EXPECT_FALSE(client.rerun_failed_jobs("32"));
    EXPECT_FALSE(client.rerun_failed_jobs("3x"));
    EXPECT_EQ(fake.reruns(), std::vector<std::uint64_t>{30});
    const auto again = client.list_workflow_runs("ci.yml", "main", std::string(40, 'c'));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->back().status, "queued"); // its next attempt
    EXPECT_EQ(again->back().run_attempt, 2);
}

} // namespace
} // namespace autofix
