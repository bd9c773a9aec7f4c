// Checks the artifact upload of the result JSON against a local fake of the results service and blob store:
// every protocol step, both JSON spellings, retries, and the failures a user would meet.
#include "action/artifact_upload.hpp"
#include "action/runtime_token.hpp"
#include "adapters/poco_http_transport.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_results_service.hpp"

#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <random>
#include <sstream>

namespace autofix {
namespace {

namespace fs = std::filesystem;

// A temporary directory removed at the end of the test.
class TempDir {
public:
    TempDir() {
        std::random_device random;
        m_path = fs::temp_directory_path() / ("autofix-artifact-" + std::to_string(random()));
        fs::create_directories(m_path);
    }
    ~TempDir() { fs::remove_all(m_path); }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

// Writes `content` to `path`.
void write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

// The entries of the zip `bytes`, name -> content.
std::map<std::string, std::string> unzip(const std::string& bytes) {
    std::map<std::string, std::string> entries;
    std::istringstream archive_stream(bytes);
    const Poco::Zip::ZipArchive archive(archive_stream);
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        std::istringstream entry_stream(bytes);
        Poco::Zip::ZipInputStream zip_in(entry_stream, it->second);
        entries[it->first] =
            std::string(std::istreambuf_iterator<char>(zip_in), std::istreambuf_iterator<char>());
    }
    return entries;
}

std::string sample_result() {
    std::string result = R"({"schema_version":1,"status":"ok","case":4,"action_taken":"nothing","notes":")";
    for (int i = 0; i < 200; ++i) {
        result += "line " + std::to_string(i) + " of a long result; ";
    }
    return result + "\"}\n";
}

struct Fixture {
    std::string token = testing::make_runtime_token("run-backend-21", "job-backend-49");
    TempDir dir;
    fs::path file = dir.path() / "agent-result.json";
    adapters::PocoHttpTransport transport{adapters::HttpTransportOptions{}};
    testing::FakeClock clock;

    Fixture() { write_file(file, sample_result()); }

    testing::FakeResultsServiceOptions service_options() const {
        testing::FakeResultsServiceOptions options;
        options.token = token;
        options.run_backend_id = "run-backend-21";
        options.job_backend_id = "job-backend-49";
        return options;
    }

    action::ArtifactUploadSettings settings(const testing::FakeResultsService& service) const {
        action::ArtifactUploadSettings settings;
        settings.runtime_token = token;
        settings.results_url = service.results_url();
        settings.block_size = 64;
        return settings;
    }
};

TEST(ArtifactUpload, UploadsTheZippedFileThroughEveryStep) {
    Fixture fixture;
    testing::FakeResultsService service(fixture.service_options());

    auto result = action::upload_artifact("agent-result", fixture.file.string(), fixture.settings(service),
                                          fixture.transport, fixture.clock);

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(service.problems(), std::vector<std::string>{});
    EXPECT_EQ(result->artifact_id, "4242");
    EXPECT_EQ(result->size, service.blob().size());
    EXPECT_EQ(service.finalized_size(), std::to_string(service.blob().size()));
    EXPECT_EQ(service.finalized_hash(), "sha256:" + action::sha256_hex(service.blob()));
    EXPECT_EQ(result->sha256, action::sha256_hex(service.blob()));
    const auto entries = unzip(service.blob());
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries.begin()->first, "agent-result.json");
    EXPECT_EQ(entries.begin()->second, sample_result());
    EXPECT_GE(service.committed_block_ids().size(), 2U)
        << "a zip above the block size goes in several blocks";
    EXPECT_TRUE(fixture.clock.sleeps().empty());
}

TEST(ArtifactUpload, SendsTheTokenOnlyToTheResultsService) {
    Fixture fixture;
    testing::FakeResultsService service(fixture.service_options());

    ASSERT_TRUE(action::upload_artifact("agent-result", fixture.file.string(), fixture.settings(service),
                                        fixture.transport, fixture.clock));

    const auto requests = service.requests();
    ASSERT_GE(requests.size(), 4U);
    EXPECT_EQ(requests.front().path, "/twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact")
        << "only the origin of ACTIONS_RESULTS_URL is used";
    EXPECT_EQ(requests.back().path, "/twirp/github.actions.results.api.v1.ArtifactService/FinalizeArtifact");
    for (const auto& request : requests) {
        const bool twirp = request.path.rfind("/twirp/", 0) == 0;
        EXPECT_EQ(!request.header("Authorization").empty(), twirp) << request.target;
    }
    const auto& list = requests[requests.size() - 2];
    EXPECT_NE(list.query.find("comp=blocklist"), std::string::npos);
    EXPECT_NE(list.body.find("<Latest>" + service.committed_block_ids().front() + "</Latest>"),
              std::string::npos);
}

TEST(ArtifactUpload, AcceptsCamelCaseResponsesAsActServesThem) {
    Fixture fixture;
    auto options = fixture.service_options();
    options.camel_case = true;
    options.artifact_id = "77";
    testing::FakeResultsService service(options);

    auto result = action::upload_artifact("agent-result", fixture.file.string(), fixture.settings(service),
                                          fixture.transport, fixture.clock);

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(service.problems(), std::vector<std::string>{});
    EXPECT_EQ(result->artifact_id, "77");
    EXPECT_FALSE(service.blob().empty());
}

TEST(ArtifactUpload, RetriesCreateArtifactWhenTheServiceIsUnavailable) {
    Fixture fixture;
    auto options = fixture.service_options();
    options.create_failures = 1;
    testing::FakeResultsService service(options);

    auto result = action::upload_artifact("agent-result", fixture.file.string(), fixture.settings(service),
                                          fixture.transport, fixture.clock);

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(fixture.clock.sleeps().size(), 1U);
    EXPECT_EQ(service.problems(), std::vector<std::string>{});
}

TEST(ArtifactUpload, RefusedTokenFailsAsAuthWithoutUploading) {
    Fixture fixture;
    auto options = fixture.service_options();
    options.token = testing::make_runtime_token("run-backend-21", "job-backend-49") + "x";
    testing::FakeResultsService service(options);

    auto result = action::upload_artifact("agent-result", fixture.file.string(), fixture.settings(service),
                                          fixture.transport, fixture.clock);

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, core::ErrorKind::auth);
    EXPECT_NE(result.error().message.find("CreateArtifact: 401"), std::string::npos)
        << result.error().message;
    EXPECT_EQ(result.error().message.find(fixture.token), std::string::npos) << "the token is never printed";
    EXPECT_TRUE(service.blob().empty());
}

TEST(ArtifactUpload, MissingFileFailsAsIoBeforeAnyRequest) {
    Fixture fixture;
    testing::FakeResultsService service(fixture.service_options());

    auto result = action::upload_artifact("agent-result", (fixture.dir.path() / "absent.json").string(),
                                          fixture.settings(service), fixture.transport, fixture.clock);

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, core::ErrorKind::io);
    EXPECT_TRUE(service.requests().empty());
}

TEST(RuntimeToken, BackendIdsComeFromTheResultsScope) {
    auto ids = action::backend_ids_from_token(testing::make_runtime_token("123", "456"));

    ASSERT_TRUE(ids) << ids.error().message;
    EXPECT_EQ(ids->workflow_run_backend_id, "123");
    EXPECT_EQ(ids->workflow_job_run_backend_id, "456");
}

TEST(RuntimeToken, TokensWithoutTheResultsScopeAreRefused) {
    const std::string no_scope = testing::base64url(R"({"alg":"none"})") + "." +
                                 testing::base64url(R"({"scp":"Actions.GenericRead:1"})") + ".sig";

    for (const std::string& token : {std::string("not-a-jwt"), no_scope, std::string("a.!!!.c")}) {
        auto ids = action::backend_ids_from_token(token);
        ASSERT_FALSE(ids) << token;
        EXPECT_EQ(ids.error().kind, core::ErrorKind::invalid_input);
        EXPECT_EQ(ids.error().message.find(token), std::string::npos);
    }
}

TEST(ArtifactUploadSettings, UnavailableWithoutTheRunnerVariables) {
    const std::map<std::string, std::string> runner = {{"ACTIONS_RUNTIME_TOKEN", "t.o.k"},
                                                       {"ACTIONS_RESULTS_URL", "https://results.example/"}};
    auto lookup_in = [](const std::map<std::string, std::string>& env) {
        return [env](const std::string& name) -> std::optional<std::string> {
            auto found = env.find(name);
            return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
        };
    };

    EXPECT_TRUE(action::artifact_upload_available(action::artifact_settings_from(lookup_in(runner))));
    EXPECT_FALSE(action::artifact_upload_available(action::artifact_settings_from(lookup_in({}))));
    EXPECT_FALSE(action::artifact_upload_available(
        action::artifact_settings_from(lookup_in({{"ACTIONS_RUNTIME_TOKEN", "t.o.k"}}))));
}

} // namespace
} // namespace autofix
