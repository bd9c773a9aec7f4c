#include "support/fake_results_service.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>
#include <Poco/URI.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace autofix::testing {
namespace {

constexpr const char* twirp_prefix = "/twirp/github.actions.results.api.v1.ArtifactService/";
constexpr const char* blob_path = "/blob/actions-results/run/agent-result.zip";
constexpr const char* signature = "sig=fake-signature%3D&se=2030-01-01";

using nlohmann::json;

// Returns the decoded value of query parameter `name` in `query`, or "".
std::string query_value(const std::string& query, const std::string& name) {
    Poco::URI uri("/?" + query);
    for (const auto& [key, value] : uri.getQueryParameters()) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

std::string sha256_hex(const std::string& bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string base64_decode(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    return out;
}

ServedResponse blob_status(int status) {
    ServedResponse response;
    response.status = status;
    response.headers.emplace_back("x-ms-version", "2023-11-03");
    return response;
}

} // namespace

std::string base64url(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::string make_runtime_token(const std::string& run_id, const std::string& job_id) {
    const json header = {{"typ", "JWT"}, {"alg", "RS256"}, {"x5t", "fake"}};
    const json payload = {{"nameid", "dddddddd-dddd-dddd-dddd-dddddddddddd"},
                          {"scp", "Actions.ExampleScope Actions.Results:" + run_id + ":" + job_id},
                          {"iss", "vstoken.actions.githubusercontent.example"},
                          {"exp", 1'900'000'000}};
    return base64url(header.dump()) + "." + base64url(payload.dump()) + "." + base64url("not-a-signature");
}

FakeResultsService::FakeResultsService(FakeResultsServiceOptions options)
    : m_options(std::move(options)), m_create_failures_left(m_options.create_failures),
      m_server([this](const RecordedRequest& request) { return handle(request); }) {}

std::string FakeResultsService::results_url() const {
    return m_server.url() + "/some/path/";
}

std::vector<std::string> FakeResultsService::problems() const {
    std::lock_guard lock(m_mutex);
    return m_problems;
}

std::string FakeResultsService::blob() const {
    std::lock_guard lock(m_mutex);
    return m_blob;
}

std::vector<std::string> FakeResultsService::committed_block_ids() const {
    std::lock_guard lock(m_mutex);
    return m_committed_ids;
}

std::string FakeResultsService::finalized_size() const {
    std::lock_guard lock(m_mutex);
    return m_finalized_size;
}

std::string FakeResultsService::finalized_hash() const {
    std::lock_guard lock(m_mutex);
    return m_finalized_hash;
}

std::vector<RecordedRequest> FakeResultsService::requests() const {
    return m_server.requests();
}

void FakeResultsService::problem(std::string text) {
    m_problems.push_back(std::move(text));
}

ServedResponse FakeResultsService::handle(const RecordedRequest& request) {
    std::lock_guard lock(m_mutex);
    if (request.path.rfind(twirp_prefix, 0) == 0) {
        return twirp(request, request.path.substr(std::string(twirp_prefix).size()));
    }
    if (request.path == blob_path) {
        return blob_put(request);
    }
    problem("unexpected request " + request.method + " " + request.target);
    return json_response(404, R"({"code":"not_found","msg":"no such route"})");
}

ServedResponse FakeResultsService::twirp(const RecordedRequest& request, const std::string& method) {
    if (request.method != "POST") {
        problem(method + ": method " + request.method);
    }
    if (request.header("Authorization") != "Bearer " + m_options.token) {
        problem(method + ": Authorization is not the Bearer runtime token");
        return json_response(401, R"({"code":"unauthenticated","msg":"bad token"})");
    }
    if (request.header("Content-Type").rfind("application/json", 0) != 0) {
        problem(method + ": Content-Type " + request.header("Content-Type"));
    }
    const auto body = json::parse(request.body, nullptr, false);
    if (!body.is_object()) {
        problem(method + ": body is not JSON");
        return json_response(400, R"({"code":"malformed","msg":"bad json"})");
    }
    if (body.value("workflow_run_backend_id", "") != m_options.run_backend_id ||
        body.value("workflow_job_run_backend_id", "") != m_options.job_backend_id) {
        problem(method + ": backend ids " + body.dump());
    }
    if (body.value("name", "").empty()) {
        problem(method + ": no artifact name");
    }
    const bool camel = m_options.camel_case;

    if (method == "CreateArtifact") {
        if (!body.contains("version") || body["version"] != 4) {
            problem("CreateArtifact: version is not 4");
        }
        if (m_create_failures_left > 0) {
            --m_create_failures_left;
            return json_response(503, R"({"code":"unavailable","msg":"try again"})");
        }
        m_created = true;
        const std::string url = m_server.url() + blob_path + "?" + signature;
        return json_response(
            200, json{{"ok", true}, {camel ? "signedUploadUrl" : "signed_upload_url", url}}.dump());
    }
    if (method == "FinalizeArtifact") {
        if (!m_committed) {
            problem("FinalizeArtifact before the block list was committed");
        }
        m_finalized_size = body.value("size", "");
        m_finalized_hash = body.value("hash", "");
        if (m_finalized_size != std::to_string(m_blob.size())) {
            problem("FinalizeArtifact: size " + m_finalized_size + " but the blob has " +
                    std::to_string(m_blob.size()) + " bytes");
        }
        if (m_finalized_hash != "sha256:" + sha256_hex(m_blob)) {
            problem("FinalizeArtifact: hash " + m_finalized_hash + " does not match the blob");
        }
        return json_response(
            200, json{{"ok", true}, {camel ? "artifactId" : "artifact_id", m_options.artifact_id}}.dump());
    }
    problem("unexpected Twirp method " + method);
    return json_response(404, R"({"code":"bad_route","msg":"no such method"})");
}

ServedResponse FakeResultsService::blob_put(const RecordedRequest& request) {
    if (!m_created) {
        problem("blob upload before CreateArtifact");
    }
    if (request.method != "PUT") {
        problem("blob: method " + request.method);
    }
    if (!request.header("Authorization").empty()) {
        problem("blob: the runtime token was sent to the blob URL");
        return blob_status(403);
    }
    if (request.header("x-ms-version").empty()) {
        problem("blob: no x-ms-version header");
    }
    if (query_value(request.query, "sig") != "fake-signature=" || query_value(request.query, "se").empty()) {
        problem("blob: the signed URL's query was not kept: " + request.query);
        return blob_status(403);
    }
    const std::string comp = query_value(request.query, "comp");
    if (comp == "block") {
        const std::string id = query_value(request.query, "blockid");
        const std::string raw = base64_decode(id);
        if (id.empty() || raw.empty()) {
            problem("Put Block: blockid is not base64: " + id);
            return blob_status(400);
        }
        if (!m_staged.empty() && base64_decode(m_staged.front().first).size() != raw.size()) {
            problem("Put Block: block ids of different lengths");
        }
        m_staged.emplace_back(id, request.body);
        return blob_status(201);
    }
    if (comp == "blocklist") {
        if (request.header("Content-Type").find("xml") == std::string::npos) {
            problem("Put Block List: Content-Type " + request.header("Content-Type"));
        }
        if (request.body.rfind("<?xml", 0) != 0 || request.body.find("<BlockList>") == std::string::npos) {
            problem("Put Block List: not a BlockList document: " + request.body);
        }
        static const std::regex latest("<Latest>([^<]*)</Latest>");
        m_blob.clear();
        m_committed_ids.clear();
        for (auto it = std::sregex_iterator(request.body.begin(), request.body.end(), latest);
             it != std::sregex_iterator(); ++it) {
            const std::string id = (*it)[1];
            auto staged =
                std::find_if(m_staged.begin(), m_staged.end(), [&](const auto& b) { return b.first == id; });
            if (staged == m_staged.end()) {
                problem("Put Block List: block " + id + " was never staged");
                return blob_status(400);
            }
            m_committed_ids.push_back(id);
            m_blob += staged->second;
        }
        if (m_committed_ids.empty()) {
            problem("Put Block List: no blocks");
        }
        m_committed = true;
        return blob_status(201);
    }
    problem("blob: unexpected comp=" + comp);
    return blob_status(400);
}

} // namespace autofix::testing
