// Checks the client's workflow-run operations against the fake GitHub: a run's jobs with their steps and
// runners, the runs of a commit filtered by head_sha (all workflows or one), and re-running a run's failed
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
using testing::FakeRunDetails;

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

FakeRunDetails details(const std::string& sha, const std::string& conclusion, const std::string& path,
                       const std::string& status = "completed") {
    FakeRunDetails run;
    run.head_sha = sha;
    run.head_branch = "main";
    run.path = path;
    run.status = status;
    run.conclusion = conclusion;
    return run;
}

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

TEST_F(GitHubRunsTest, ListsTheRunsOfACommitByHeadSha) {
    const std::string sha(40, 'a');
    fake.set_run_details(10, details(sha, "failure", ".github/workflows/ci.yml"));
    fake.set_run_details(11, details(sha, "", ".github/workflows/ci.yml", "in_progress"));
    fake.set_run_details(12, details(std::string(40, 'b'), "success", ".github/workflows/ci.yml"));
    fake.set_run_details(13, details(sha, "success", ".github/workflows/lint.yml"));
    const auto ci = client.list_runs_for_commit("ci.yml", sha);
    ASSERT_TRUE(ci) << ci.error().message;
    ASSERT_EQ(ci->size(), 2u);
    EXPECT_EQ((*ci)[0].id, 11u); // newest first
    EXPECT_EQ((*ci)[0].conclusion, "");
    EXPECT_EQ((*ci)[1].conclusion, "failure");
    EXPECT_EQ((*ci)[1].head_branch, "main");
    const auto all = client.list_runs_for_commit("", sha);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 3u);
    bool filtered = false;
    for (const auto& request : fake.requests()) {
        filtered = filtered || request.query.find("head_sha=" + sha) != std::string::npos;
    }
    EXPECT_TRUE(filtered);
}

TEST_F(GitHubRunsTest, RerunsTheFailedJobsOfAFinishedRunOnly) {
    fake.set_run_details(30, details(std::string(40, 'c'), "failure", ".github/workflows/ci.yml"));
    fake.set_run_details(31, details(std::string(40, 'c'), "", ".github/workflows/ci.yml", "in_progress"));
    EXPECT_TRUE(client.rerun_failed_jobs("30"));
    const auto running = client.rerun_failed_jobs("31");
    ASSERT_FALSE(running);
    EXPECT_EQ(running.error().kind, core::ErrorKind::auth);
    EXPECT_NE(running.error().message.find("This workflow is already running"), std::string::npos)
        << running.error().message;
    EXPECT_FALSE(client.rerun_failed_jobs("32"));
    EXPECT_FALSE(client.rerun_failed_jobs("3x"));
    EXPECT_EQ(fake.reruns(), std::vector<std::uint64_t>{30});
}

} // namespace
} // namespace autofix
