#pragma once

#include "core/error.hpp"
#include "ports/clock.hpp"
#include "ports/http_transport.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace autofix::action {

/// Where and how to upload: the runner's results service and its token, as actions/upload-artifact@v4 uses.
struct ArtifactUploadSettings {
    std::string runtime_token; // ACTIONS_RUNTIME_TOKEN: a JWT; sent to the results service only
    std::string results_url;   // ACTIONS_RESULTS_URL: only its origin is used, as the toolkit does
    std::size_t block_size = 8U * 1024U * 1024U; // bytes per Azure Put Block (the toolkit's chunk size)
    int max_attempts = 3;                        // tries per results-service call (5xx, 429, network)
};

/// Looks up one environment variable; nullopt when unset (e.g. `[&](auto& n) { return env.get(n); }`
/// over action::Environment).
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

/// Returns the settings from ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL as `lookup` finds them
/// (empty strings when unset); never fails.
ArtifactUploadSettings artifact_settings_from(const EnvironmentLookup& lookup);

/// True when both the runtime token and the results URL are set; otherwise the app skips the upload
/// with a notice, as outside GitHub Actions (a local `docker run`) there is no results service.
bool artifact_upload_available(const ArtifactUploadSettings& settings);

/// What the results service confirmed after FinalizeArtifact.
struct ArtifactUploadResult {
    std::string artifact_id; // as the service returned it (an int64, carried as text)
    std::uint64_t size = 0;  // bytes of the uploaded zip
    std::string sha256;      // lower-case hex digest of the uploaded zip
};

/// Uploads the file `file_path` as artifact `name` (a zip holding the file under its base name):
/// CreateArtifact (Twirp, Bearer token, version 4) -> Put Block + Put Block List to the signed URL (no
/// token sent there) -> FinalizeArtifact with size and "sha256:<hex>". Results-service calls are retried
/// on 5xx, 429 and network errors, waiting on `clock`. Fails with io (file unreadable), invalid_input
/// (bad token), auth (401/403), http or network, the message naming the step.
core::Expected<ArtifactUploadResult> upload_artifact(const std::string& name, const std::string& file_path,
                                                     const ArtifactUploadSettings& settings,
                                                     ports::HttpTransport& transport, ports::Clock& clock);

/// Returns a zip archive (as bytes) holding the file `file_path` under `entry_name`; fails with
/// ErrorKind::io when the file cannot be read.
core::Expected<std::string> zip_single_file(const std::string& file_path, const std::string& entry_name);

/// Returns the lower-case hex SHA-256 digest of `bytes`.
std::string sha256_hex(const std::string& bytes);

} // namespace autofix::action
