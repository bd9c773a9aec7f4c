#pragma once

#include "support/local_http_server.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace autofix::testing {

/// How the fake results service behaves: the token it accepts, the ids it expects, the JSON spelling.
struct FakeResultsServiceOptions {
    std::string token;                // the runtime token every Twirp call must carry as Bearer
    std::string run_backend_id;       // expected workflow_run_backend_id
    std::string job_backend_id;       // expected workflow_job_run_backend_id
    bool camel_case = false;          // answer camelCase fields (signedUploadUrl, artifactId) like act
    int create_failures = 0;          // answer CreateArtifact with 503 this many times first
    std::string artifact_id = "4242"; // what FinalizeArtifact returns
};

/// A stand-in for the Actions results service (Twirp ArtifactService) and the Azure blob behind its
/// signed URL, on 127.0.0.1. It checks every step as the real services would and records each
/// violation in problems(): Bearer token, backend ids, version 4, no token sent to the blob, block ids of
/// one length, a block list naming only staged blocks, and a finalized size and sha256 matching the blob.
class FakeResultsService {
public:
    explicit FakeResultsService(FakeResultsServiceOptions options);

    /// The value for ACTIONS_RESULTS_URL (with a trailing path, which clients must drop).
    std::string results_url() const;

    /// Every protocol violation seen so far; empty when the client behaved.
    std::vector<std::string> problems() const;

    /// The committed blob (the zip), assembled from the block list; empty before Put Block List.
    std::string blob() const;

    /// The block ids in the order the block list named them.
    std::vector<std::string> committed_block_ids() const;

    /// The size and hash FinalizeArtifact was called with ("" when it was not called).
    std::string finalized_size() const;
    std::string finalized_hash() const;

    /// Every request received, in order.
    std::vector<RecordedRequest> requests() const;

private:
    ServedResponse handle(const RecordedRequest& request);
    ServedResponse twirp(const RecordedRequest& request, const std::string& method);
    ServedResponse blob_put(const RecordedRequest& request);
    void problem(std::string text);

    FakeResultsServiceOptions m_options;
    mutable std::mutex m_mutex;
    std::vector<std::string> m_problems;
    std::vector<std::pair<std::string, std::string>> m_staged; // block id -> bytes
    std::vector<std::string> m_committed_ids;
    std::string m_blob;
    bool m_created = false;
    bool m_committed = false;
    int m_create_failures_left = 0;
    std::string m_finalized_size;
    std::string m_finalized_hash;
    LocalHttpServer m_server; // last: its threads use the members above
};

/// Returns an unsigned JWT whose `scp` claim names the results service for run `run_id` and job `job_id`,
/// shaped like the runner's ACTIONS_RUNTIME_TOKEN.
std::string make_runtime_token(const std::string& run_id, const std::string& job_id);

/// Returns base64url without padding of `bytes`.
std::string base64url(const std::string& bytes);

} // namespace autofix::testing
