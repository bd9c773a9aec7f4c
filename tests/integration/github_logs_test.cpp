// Checks downloading the failed jobs' logs of a run against the fake GitHub: jobs listed across pages,
// the logs endpoint's redirect followed to the blob host without the token, one header line per job, the
// byte count, and the failures (unknown run, blob errors retried, a malformed run id).
#include "adapters/github_client.hpp"
#include "adapters/poco_http_transport.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_github.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace autofix {
namespace {

using testing::FakeGitHub;
using testing::FakeGitHubOptions;
using testing::FakeJob;

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class GitHubLogsTest : public ::testing::Test {
protected:
    explicit GitHubLogsTest(FakeGitHubOptions options = {})
        : fake(std::move(options)),
          client({fake.api_url(), fake.options().repository, fake.options().token, "ua"}, transport, clock,
                 {3,
                  std::chrono::seconds(60),
                  {std::chrono::milliseconds(1000), std::chrono::milliseconds(8000), 0.0}}) {}

    ~GitHubLogsTest() override { std::filesystem::remove(destination); }

    FakeGitHub fake;
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;
    adapters::GitHubClient client;
    std::filesystem::path destination = std::filesystem::temp_directory_path() /
                                        ("autofix-github-logs-" + std::to_string(::getpid()) + ".log");
};

TEST_F(GitHubLogsTest, WritesEachFailedJobsLogAfterAHeaderLine) {
    fake.add_run(77, {FakeJob{"build", "success", "all good\n", 11},
                      FakeJob{"test", "failure", "FAILED test_add\n", 12},
                      FakeJob{"lint", "failure", "E501 line too long", 13}, FakeJob{"autofix", "", "", 14}});
    const auto written = client.download_failed_job_logs("77", destination.string());
    ASSERT_TRUE(written.has_value()) << written.error().message;
    const std::string text = read_file(destination);
    EXPECT_EQ(text, "===== job: test (id 12, failure) =====\nFAILED test_add\n"
                    "===== job: lint (id 13, failure) =====\nE501 line too long\n");
    EXPECT_EQ(*written, text.size());
    EXPECT_FALSE(std::filesystem::exists(destination.string() + ".part"));
}

TEST_F(GitHubLogsTest, FollowsTheRedirectWithoutTheToken) {
    fake.add_run(5, {FakeJob{"test", "failure", "boom\n", 0}});
    ASSERT_TRUE(client.download_failed_job_logs("5", destination.string()).has_value());
    const auto api = fake.requests();
    ASSERT_EQ(api.size(), 2U);
    EXPECT_EQ(api[0].path, "/repos/octo/repo/actions/runs/5/jobs");
    EXPECT_EQ(api[0].query, "filter=latest&per_page=100");
    EXPECT_EQ(api[1].path, "/repos/octo/repo/actions/jobs/1000/logs");
    EXPECT_EQ(api[1].header("authorization"), "Bearer " + fake.options().token);
    const auto blob = fake.blob_requests();
    ASSERT_EQ(blob.size(), 1U);
    EXPECT_EQ(blob[0].path, "/job-logs/1000.txt");
    EXPECT_EQ(blob[0].header("authorization"), "");
    for (const auto& [name, value] : blob[0].headers) {
        EXPECT_EQ(value.find(fake.options().token), std::string::npos) << name;
    }
}

TEST_F(GitHubLogsTest, NoFailedJobGivesAnEmptyFile) {
    fake.add_run(6, {FakeJob{"build", "success", "fine\n", 0}});
    const auto written = client.download_failed_job_logs("6", destination.string());
    ASSERT_TRUE(written.has_value());
    EXPECT_EQ(*written, 0U);
    EXPECT_EQ(read_file(destination), "");
}

TEST_F(GitHubLogsTest, UnknownRunFailsWithContext) {
    const auto written = client.download_failed_job_logs("404404", destination.string());
    ASSERT_FALSE(written.has_value());
    EXPECT_EQ(written.error().message,
              "downloading the failed jobs' logs of run 404404: listing jobs: 404 Not Found: Not Found");
}

TEST_F(GitHubLogsTest, MalformedRunIdIsInvalidInput) {
    const auto written = client.download_failed_job_logs("12/../../x", destination.string());
    ASSERT_FALSE(written.has_value());
    EXPECT_EQ(written.error().kind, core::ErrorKind::invalid_input);
    EXPECT_TRUE(fake.requests().empty());
}

TEST_F(GitHubLogsTest, BlobErrorsAreRetried) {
    fake.add_run(8, {FakeJob{"test", "failure", "boom\n", 0}});
    fake.fail_next("GET /job-logs/*", 1, testing::GitHubFault::status_503);
    fake.fail_next("GET /job-logs/*", 1, testing::GitHubFault::drop_connection);
    const auto written = client.download_failed_job_logs("8", destination.string());
    ASSERT_TRUE(written.has_value()) << written.error().message;
    EXPECT_EQ(read_file(destination), "===== job: test (id 1000, failure) =====\nboom\n");
    EXPECT_EQ(fake.blob_requests().size(), 3U);
    EXPECT_EQ(clock.sleeps(), (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(1000),
                                                                      std::chrono::milliseconds(2000)}));
}

TEST_F(GitHubLogsTest, ExpiredBlobUrlIsAskedForAgainOnce) {
    fake.add_run(9, {FakeJob{"test", "failure", "boom\n", 0}});
    fake.fail_next("GET /job-logs/*", 1, testing::GitHubFault::status_500);
    fake.fail_next("GET /job-logs/*", 3, testing::GitHubFault::status_503);
    const auto written = client.download_failed_job_logs("9", destination.string());
    ASSERT_TRUE(written.has_value()) << written.error().message;
    EXPECT_EQ(fake.requests().size(), 3U); // jobs, logs, logs again after the blob retries ran out
    EXPECT_EQ(fake.blob_requests().size(), 5U);
}

class GitHubLogsPaginationTest : public GitHubLogsTest {
protected:
    GitHubLogsPaginationTest()
        : GitHubLogsTest(FakeGitHubOptions{"octo/repo", "ghs_t", "/api/v3", "https://ghe", 30, 2}) {}
};

TEST_F(GitHubLogsPaginationTest, ListsJobsAcrossPages) {
    std::vector<FakeJob> jobs;
    for (int i = 0; i < 5; ++i) {
        jobs.push_back({"job" + std::to_string(i), i == 4 ? "failure" : "success",
                        "log " + std::to_string(i) + "\n", 0});
    }
    fake.add_run(10, jobs);
    const auto written = client.download_failed_job_logs("10", destination.string());
    ASSERT_TRUE(written.has_value()) << written.error().message;
    EXPECT_EQ(read_file(destination), "===== job: job4 (id 1004, failure) =====\nlog 4\n");
    const auto api = fake.requests();
    ASSERT_EQ(api.size(), 4U);
    EXPECT_EQ(api[2].query, "filter=latest&per_page=2&page=3");
    EXPECT_EQ(api[3].path, "/api/v3/repos/octo/repo/actions/jobs/1004/logs");
}

} // namespace
} // namespace autofix
