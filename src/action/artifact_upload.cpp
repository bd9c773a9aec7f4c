#include "action/artifact_upload.hpp"

#include "action/runtime_token.hpp"
#include "core/backoff.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/DateTime.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SHA2Engine.h>
#include <Poco/URI.h>
#include <Poco/Zip/Compress.h>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace autofix::action {
namespace {

constexpr const char* twirp_service = "/twirp/github.actions.results.api.v1.ArtifactService/";
constexpr const char* blob_api_version = "2023-11-03"; // x-ms-version of the toolkit's storage client

using nlohmann::json;

// The scheme, host and port of `url` (the toolkit keeps only the origin of ACTIONS_RESULTS_URL).
core::Expected<std::string> origin_of(const std::string& url) {
    try {
        const Poco::URI uri(url);
        if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty()) {
            return core::make_error(core::ErrorKind::invalid_input,
                                    "ACTIONS_RESULTS_URL is not an http(s) URL: " + url);
        }
        return uri.getScheme() + "://" + uri.getAuthority();
    } catch (const Poco::Exception& error) {
        return core::make_error(core::ErrorKind::invalid_input,
                                "ACTIONS_RESULTS_URL is not a URL: " + error.displayText());
    }
}

// The first of `names` present in `object` (snake_case and camelCase spellings of one field).
const json* field(const json& object, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        const auto found = object.find(name);
        if (found != object.end() && !found->is_null()) {
            return &*found;
        }
    }
    return nullptr;
}

// Sends `request`, retrying network errors, 429 and 5xx up to `max_attempts` times.
core::Expected<ports::HttpResponse> send_with_retries(const ports::HttpRequest& request, int max_attempts,
                                                      ports::HttpTransport& transport, ports::Clock& clock) {
    const core::BackoffPolicy policy;
    for (int attempt = 1;; ++attempt) {
        auto response = transport.send(request);
        const bool retryable = !response || response->status == 429 || response->status >= 500;
        if (!retryable || attempt >= max_attempts) {
            return response;
        }
        clock.sleep_for(core::backoff_delay(policy, attempt - 1, 0.5));
    }
}

// The error for a failed results-service or blob call: auth for 401/403, http otherwise.
core::Error status_error(const std::string& step, const ports::HttpResponse& response) {
    std::string detail = response.body.substr(0, 300);
    const auto body = json::parse(response.body, nullptr, false);
    if (body.is_object()) {
        if (const json* message = field(body, {"msg", "message"}); message && message->is_string()) {
            detail = message->get<std::string>();
        }
    }
    const auto kind =
        (response.status == 401 || response.status == 403) ? core::ErrorKind::auth : core::ErrorKind::http;
    return core::make_error(kind, step + ": " + std::to_string(response.status) + " " + response.reason +
                                      (detail.empty() ? "" : " " + detail));
}

// POSTs one Twirp JSON request to the results service and returns the response object.
core::Expected<json> call_twirp(const std::string& origin, const std::string& method, const json& body,
                                const ArtifactUploadSettings& settings, ports::HttpTransport& transport,
                                ports::Clock& clock) {
    ports::HttpRequest request;
    request.method = "POST";
    request.url = origin + twirp_service + method;
    request.headers = {{"Content-Type", "application/json"},
                       {"Accept", "application/json"},
                       {"Authorization", "Bearer " + settings.runtime_token},
                       {"User-Agent", "autofix-action"}};
    request.body = body.dump();
    auto response = send_with_retries(request, settings.max_attempts, transport, clock);
    if (!response) {
        return core::with_context(response.error(), method);
    }
    if (response->status != 200) {
        return status_error(method, *response);
    }
    auto parsed = json::parse(response->body, nullptr, false);
    if (!parsed.is_object()) {
        return core::make_error(core::ErrorKind::http, method + ": the response is not a JSON object");
    }
    const json* ok = field(parsed, {"ok"});
    if (ok == nullptr || !ok->is_boolean() || !ok->get<bool>()) {
        return core::make_error(core::ErrorKind::http, method + ": the results service answered ok=false");
    }
    return parsed;
}

// Standard base64 of `bytes` on one line.
std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

// `url` with `query` appended after its existing query, if any.
std::string with_query(const std::string& url, const std::string& query) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + query;
}

// Block id number `index`: base64 of a fixed-width name, since Azure wants ids of one length per blob.
std::string block_id(std::size_t index) {
    char name[32];
    std::snprintf(name, sizeof name, "autofix-block-%06zu", index);
    return base64(name);
}

// Put Block for each chunk of `zip`, then Put Block List; the signed URL is the only credential.
core::Status upload_blocks(const std::string& signed_url, const std::string& zip,
                           const ArtifactUploadSettings& settings, ports::HttpTransport& transport,
                           ports::Clock& clock) {
    const std::size_t block_size = settings.block_size == 0 ? zip.size() : settings.block_size;
    std::string block_list = R"(<?xml version="1.0" encoding="utf-8"?><BlockList>)";
    std::size_t index = 0;
    for (std::size_t offset = 0; offset < zip.size() || index == 0; offset += block_size, ++index) {
        const std::string id = block_id(index);
        std::string encoded_id;
        Poco::URI::encode(id, "+/=", encoded_id);
        ports::HttpRequest request;
        request.method = "PUT";
        request.url = with_query(signed_url, "comp=block&blockid=" + encoded_id);
        request.headers = {{"x-ms-version", blob_api_version},
                           {"x-ms-blob-type", "BlockBlob"},
                           {"Content-Type", "application/octet-stream"}};
        request.body = zip.substr(offset, block_size);
        auto response = send_with_retries(request, settings.max_attempts, transport, clock);
        if (!response) {
            return core::with_context(response.error(), "uploading block " + std::to_string(index));
        }
        if (response->status != 201 && response->status != 200) {
            return status_error("uploading block " + std::to_string(index), *response);
        }
        block_list += "<Latest>" + id + "</Latest>";
    }
    block_list += "</BlockList>";

    ports::HttpRequest request;
    request.method = "PUT";
    request.url = with_query(signed_url, "comp=blocklist");
    request.headers = {{"x-ms-version", blob_api_version},
                       {"x-ms-blob-content-type", "zip"},
                       {"Content-Type", "application/xml"}};
    request.body = block_list;
    auto response = send_with_retries(request, settings.max_attempts, transport, clock);
    if (!response) {
        return core::with_context(response.error(), "committing the block list");
    }
    if (response->status != 201 && response->status != 200) {
        return status_error("committing the block list", *response);
    }
    return {};
}

} // namespace

ArtifactUploadSettings artifact_settings_from(const EnvironmentLookup& lookup) {
    ArtifactUploadSettings settings;
    settings.runtime_token = lookup("ACTIONS_RUNTIME_TOKEN").value_or("");
    settings.results_url = lookup("ACTIONS_RESULTS_URL").value_or("");
    return settings;
}

bool artifact_upload_available(const ArtifactUploadSettings& settings) {
    return !settings.runtime_token.empty() && !settings.results_url.empty();
}

std::string sha256_hex(const std::string& bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

core::Expected<std::string> zip_single_file(const std::string& file_path, const std::string& entry_name) {
    std::ifstream input(file_path, std::ios::binary);
    if (!input) {
        return core::make_error(core::ErrorKind::io, "cannot read " + file_path);
    }
    try {
        Poco::DateTime modified(Poco::File(file_path).getLastModified());
        std::ostringstream out(std::ios::binary);
        Poco::Zip::Compress compress(out, true);
        compress.addFile(input, modified, Poco::Path(entry_name, Poco::Path::PATH_UNIX));
        compress.close();
        return out.str();
    } catch (const Poco::Exception& error) {
        return core::make_error(core::ErrorKind::io, "zipping " + file_path + ": " + error.displayText());
    }
}

core::Expected<ArtifactUploadResult> upload_artifact(const std::string& name, const std::string& file_path,
                                                     const ArtifactUploadSettings& settings,
                                                     ports::HttpTransport& transport, ports::Clock& clock) {
    const std::string context = "uploading artifact " + name;
    auto ids = backend_ids_from_token(settings.runtime_token);
    if (!ids) {
        return core::with_context(ids.error(), context);
    }
    auto origin = origin_of(settings.results_url);
    if (!origin) {
        return core::with_context(origin.error(), context);
    }
    auto zip = zip_single_file(file_path, Poco::Path(file_path).getFileName());
    if (!zip) {
        return core::with_context(zip.error(), context);
    }

    const json create_request = {{"workflow_run_backend_id", ids->workflow_run_backend_id},
                                 {"workflow_job_run_backend_id", ids->workflow_job_run_backend_id},
                                 {"name", name},
                                 {"version", 4}};
    auto created = call_twirp(*origin, "CreateArtifact", create_request, settings, transport, clock);
    if (!created) {
        return core::with_context(created.error(), context);
    }
    const json* signed_url = field(*created, {"signed_upload_url", "signedUploadUrl"});
    if (signed_url == nullptr || !signed_url->is_string() || signed_url->get<std::string>().empty()) {
        return core::make_error(core::ErrorKind::http,
                                context + ": CreateArtifact returned no signed upload URL");
    }

    if (auto uploaded = upload_blocks(signed_url->get<std::string>(), *zip, settings, transport, clock);
        !uploaded) {
        return core::with_context(uploaded.error(), context);
    }

    ArtifactUploadResult result;
    result.size = zip->size();
    result.sha256 = sha256_hex(*zip);
    const json finalize_request = {{"workflow_run_backend_id", ids->workflow_run_backend_id},
                                   {"workflow_job_run_backend_id", ids->workflow_job_run_backend_id},
                                   {"name", name},
                                   {"size", std::to_string(result.size)},
                                   {"hash", "sha256:" + result.sha256}};
    auto finalized = call_twirp(*origin, "FinalizeArtifact", finalize_request, settings, transport, clock);
    if (!finalized) {
        return core::with_context(finalized.error(), context);
    }
    if (const json* id = field(*finalized, {"artifact_id", "artifactId"}); id != nullptr) {
        result.artifact_id = id->is_string() ? id->get<std::string>() : id->dump();
    }
    return result;
}

} // namespace autofix::action
