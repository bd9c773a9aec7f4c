// Checks the GitHub client's request building and response mapping with a mocked transport: URLs under a
// path prefix with encoded values, JSON bodies, error mapping (403 as auth, non-JSON bodies, malformed JSON),
// and that the token never leaves the API host nor appears in an error.
#include "adapters/github_client.hpp"
#include "support/fake_clock.hpp"

#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace autofix {
namespace {

using ::testing::_;
using ::testing::Return;

const std::string token = "ghp_unitTokenABCDEF123456";

class MockTransport : public ports::HttpTransport {
public:
    MOCK_METHOD(core::Expected<ports::HttpResponse>, send, (const ports::HttpRequest& request), (override));
};

ports::HttpResponse answer(int status, std::string body, ports::HttpHeaders headers = {}) {
    ports::HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers = std::move(headers);
    return response;
}

class GitHubClientUnitTest : public ::testing::Test {
protected:
    MockTransport transport;
    testing::FakeClock clock;
    adapters::GitHubClient client{{"https://ghe.example.com/api/v3/", "corp/app", token, "autofix-test"},
                                  transport,
                                  clock,
                                  {2, std::chrono::seconds(30)}};
};

TEST_F(GitHubClientUnitTest, BuildsUrlsUnderThePrefixWithEncodedValues) {
    EXPECT_CALL(transport, send(_)).WillOnce([](const ports::HttpRequest& request) {
        EXPECT_EQ(request.method, "GET");
        EXPECT_EQ(request.url, "https://ghe.example.com/api/v3/repos/corp/app/"
                               "pulls?head=corp%3Afeature%2Fx%20y&state=open&per_page=100");
        EXPECT_EQ(ports::find_header(request.headers, "authorization"), "Bearer " + token);
        EXPECT_TRUE(request.body.empty());
        return answer(200, "[]");
    });
    const auto found = client.find_open_pull_request("feature/x y");
    ASSERT_TRUE(found.has_value());
    EXPECT_FALSE(found->has_value());
}

TEST_F(GitHubClientUnitTest, SendsPullRequestFieldsAsJson) {
    EXPECT_CALL(transport, send(_)).WillOnce([](const ports::HttpRequest& request) {
        EXPECT_EQ(request.method, "POST");
        EXPECT_EQ(request.url, "https://ghe.example.com/api/v3/repos/corp/app/pulls");
        const auto body = nlohmann::json::parse(request.body);
        EXPECT_EQ(body, (nlohmann::json{
                            {"title", "T \"q\""}, {"body", "B\nline"}, {"head", "h"}, {"base", "main"}}));
        return answer(201,
                      R"({"number":12,"html_url":"https://ghe.example.com/corp/app/pull/12","title":"T",)"
                      R"("state":"open","head":{"ref":"h"},"base":{"ref":"main"}})");
    });
    const auto pr = client.create_pull_request({"T \"q\"", "B\nline", "h", "main"});
    ASSERT_TRUE(pr.has_value()) << pr.error().message;
    EXPECT_EQ(pr->number, 12U);
    EXPECT_EQ(pr->html_url, "https://ghe.example.com/corp/app/pull/12");
}

TEST_F(GitHubClientUnitTest, PlainForbiddenIsAnAuthErrorAndNotRetried) {
    EXPECT_CALL(transport, send(_))
        .WillOnce(
            Return(answer(403, R"({"message":"Resource not accessible by integration","status":"403"})")));
    const auto status = client.comment(3, "hi");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().kind, core::ErrorKind::auth);
    EXPECT_EQ(status.error().message,
              "commenting on #3: 403 Forbidden: Resource not accessible by integration");
    EXPECT_TRUE(clock.sleeps().empty());
}

TEST_F(GitHubClientUnitTest, NonJsonErrorBodiesKeepTheStatus) {
    EXPECT_CALL(transport, send(_)).WillOnce(Return(answer(404, "<html>nope</html>")));
    const auto status = client.dispatch_workflow("ci.yml", "main");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().message, "dispatching workflow ci.yml on main: 404 Not Found");
}

TEST_F(GitHubClientUnitTest, MalformedJsonIsAnHttpError) {
    EXPECT_CALL(transport, send(_)).WillOnce(Return(answer(201, "{not json")));
    const auto issue = client.create_issue("t", "b", {});
    ASSERT_FALSE(issue.has_value());
    EXPECT_EQ(issue.error().kind, core::ErrorKind::http);
    EXPECT_NE(issue.error().message.find("creating issue 't': malformed JSON in the created issue"),
              std::string::npos);
}

TEST_F(GitHubClientUnitTest, PaginationNeverFollowsALinkToAnotherHost) {
    EXPECT_CALL(transport, send(_))
        .WillOnce(
            Return(answer(200, "[]", {{"Link", R"(<https://evil.example.com/steal?page=2>; rel="next")"}})));
    const auto found = client.find_issue_by_label("x");
    ASSERT_FALSE(found.has_value());
    EXPECT_NE(found.error().message.find("pagination link leaves the API host: https://evil.example.com"),
              std::string::npos);
}

TEST_F(GitHubClientUnitTest, RedirectedLogDownloadCarriesNoToken) {
    const auto destination = std::filesystem::temp_directory_path() / "autofix-github-unit.log";
    EXPECT_CALL(transport, send(_))
        .WillOnce(Return(
            answer(200, R"({"total_count":1,"jobs":[{"id":7,"name":"test","conclusion":"failure"}]})")))
        .WillOnce([](const ports::HttpRequest& request) {
            EXPECT_EQ(request.url, "https://ghe.example.com/api/v3/repos/corp/app/actions/jobs/7/logs");
            EXPECT_EQ(ports::find_header(request.headers, "authorization"), "Bearer " + token);
            return answer(302, "", {{"Location", "https://blob.example.net/logs/7.txt?sig=abc"}});
        })
        .WillOnce([](const ports::HttpRequest& request) {
            EXPECT_EQ(request.url, "https://blob.example.net/logs/7.txt?sig=abc");
            for (const auto& [name, value] : request.headers) {
                EXPECT_NE(name, "Authorization");
                EXPECT_EQ(value.find(token), std::string::npos) << name;
            }
            std::ofstream(request.response_file) << "boom";
            return answer(200, "");
        });
    const auto written = client.download_failed_job_logs("99", destination.string());
    ASSERT_TRUE(written.has_value()) << written.error().message;
    EXPECT_EQ(*written, std::string("===== job: test (id 7, failure) =====\nboom\n").size());
    std::filesystem::remove(destination);
}

TEST_F(GitHubClientUnitTest, TransportErrorsAreScrubbedOfTheToken) {
    EXPECT_CALL(transport, send(_))
        .WillOnce(
            Return(core::make_error(core::ErrorKind::network, "proxy said: bad header Bearer " + token)));
    const auto status = client.dispatch_workflow("ci.yml", "main");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().kind, core::ErrorKind::network);
    EXPECT_EQ(status.error().message.find(token), std::string::npos);
    EXPECT_NE(status.error().message.find("Bearer ***"), std::string::npos);
}

TEST_F(GitHubClientUnitTest, RetriesAreBoundedByTheLimits) {
    EXPECT_CALL(transport, send(_))
        .Times(3)
        .WillRepeatedly(Return(answer(500, R"({"message":"Server Error"})")));
    const auto found = client.find_open_pull_request("b");
    ASSERT_FALSE(found.has_value());
    EXPECT_EQ(found.error().kind, core::ErrorKind::http);
    EXPECT_EQ(clock.sleeps().size(), 2U);
}

} // namespace
} // namespace autofix
