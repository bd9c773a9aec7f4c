// Checks the Poco transport against a local server: methods, headers, bodies, no redirect following,
// dropped connections as network errors, NO_PROXY matching.
#include "adapters/poco_http_transport.hpp"
#include "support/local_http_server.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::LocalHttpServer;
using testing::RecordedRequest;
using testing::ServedResponse;

TEST(PocoHttpTransport, SendsMethodHeadersAndBody) {
    LocalHttpServer server([](const RecordedRequest& request) {
        ServedResponse response = testing::json_response(201, R"({"echo":")" + request.body + "\"}");
        response.headers.emplace_back("X-Seen", request.header("x-custom"));
        return response;
    });
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    ports::HttpRequest request{"POST", server.url() + "/path/x?y=1", {{"X-Custom", "value"}}, "body", ""};
    const auto response = transport.send(request);
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->status, 201);
    EXPECT_EQ(response->header("x-seen"), "value");
    EXPECT_EQ(response->body, R"({"echo":"body"})");
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_EQ(seen[0].path, "/path/x");
    EXPECT_EQ(seen[0].query, "y=1");
}

TEST(PocoHttpTransport, ReturnsRedirectsWithoutFollowing) {
    LocalHttpServer server([](const RecordedRequest&) {
        ServedResponse response;
        response.status = 302;
        response.headers.emplace_back("Location", "http://127.0.0.1:1/elsewhere");
        return response;
    });
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    const auto response = transport.send({"GET", server.url() + "/logs", {}, "", ""});
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 302);
    EXPECT_EQ(response->header("location"), "http://127.0.0.1:1/elsewhere");
}

TEST(PocoHttpTransport, DroppedConnectionIsNetworkError) {
    LocalHttpServer server([](const RecordedRequest&) {
        ServedResponse response;
        response.drop_connection = true;
        return response;
    });
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    const auto response =
        transport.send({"GET", server.url() + "/x", {{"Authorization", "Bearer secret"}}, "", ""});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().kind, core::ErrorKind::network);
    EXPECT_EQ(response.error().message.find("secret"), std::string::npos);
}

TEST(PocoHttpTransport, StreamsBodyToFile) {
    LocalHttpServer server([](const RecordedRequest&) { return testing::json_response(200, "log line\n"); });
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    const auto path = std::filesystem::temp_directory_path() / "autofix-transport-test.log";
    const auto response = transport.send({"GET", server.url() + "/log", {}, "", path.string()});
    ASSERT_TRUE(response.has_value());
    EXPECT_TRUE(response->body.empty());
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);
    EXPECT_EQ(line, "log line");
    std::filesystem::remove(path);
}

TEST(BypassesProxy, MatchesHostsDomainsAndWildcard) {
    EXPECT_TRUE(adapters::bypasses_proxy("localhost", "localhost,127.0.0.1"));
    EXPECT_TRUE(adapters::bypasses_proxy("api.github.com", ".github.com"));
    EXPECT_TRUE(adapters::bypasses_proxy("api.github.com", "github.com"));
    EXPECT_TRUE(adapters::bypasses_proxy("anything", " * "));
    EXPECT_TRUE(adapters::bypasses_proxy("HOST.example", "host.example:8080"));
    EXPECT_FALSE(adapters::bypasses_proxy("notgithub.com", "github.com"));
    EXPECT_FALSE(adapters::bypasses_proxy("api.github.com", ""));
}

} // namespace
} // namespace autofix
