#pragma once

#include "core/error.hpp"
#include "core/github_retry.hpp"
#include "ports/clock.hpp"
#include "ports/http_transport.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace autofix::adapters {

/// Where and as whom the client talks to GitHub.
struct GitHubSettings {
    std::string api_url = "https://api.github.com"; // GITHUB_API_URL; may carry a path prefix (GHES /api/v3)
    std::string repository;                         // "owner/name"
    std::string token;                              // sent only to the API origin, never in messages
    std::string user_agent = "autofix-action";
};

/// Retry bounds: count, total wait, backoff shape (see core::GitHubRetryBudget).
using RetryLimits = core::GitHubRetryBudget;

/// Whether a request may be sent again after an answer that leaves open whether it took effect.
enum class Replay {
    safe,        // idempotent or duplicate-proof: retry dropped connections, 5xx and rate limits
    status_only, // retry 5xx and rate limits, never a dropped connection (it may have taken effect)
    unsafe,      // retry rate limits only; dropped connections and 5xx go back to the caller to check
};

/// Whether the request carries the token; it never does to a host other than the API's.
enum class Credentials { token, none };

/// One request to GitHub or to a URL it redirected to.
struct ApiRequest {
    std::string method = "GET";
    std::string url;  // absolute
    std::string body; // JSON text; empty for none
    std::string response_file;
    Replay replay = Replay::safe;
    Credentials credentials = Credentials::token;
};

/// GitHub's REST manners over an HttpTransport: headers, retries with backoff and rate-limit waits,
/// pagination, error mapping. The GitHubClient's operations are built on it.
class GitHubApi {
public:
    /// Keeps references to `transport` and `clock`, which must outlive it.
    GitHubApi(GitHubSettings settings, ports::HttpTransport& transport, ports::Clock& clock,
              RetryLimits limits);

    /// Returns the absolute URL of `path` (starting with '/') under the API root, with `query` if not empty.
    std::string url(const std::string& path, const std::string& query = "") const;

    /// Returns "/repos/owner/name".
    std::string repo_path() const;

    /// The settings given at construction.
    const GitHubSettings& settings() const { return m_settings; }

    /// The retry limits given at construction.
    const RetryLimits& limits() const { return m_limits; }

    /// Sends `request` with GitHub's headers, retrying as `request.replay` allows within the limits;
    /// returns the final response whatever its status (redirects are not followed). Fails with
    /// ErrorKind::network when no answer came, rate_limited or http when retries ran out on a retryable
    /// status (the message has status, GitHub's message and why it gave up).
    core::Expected<ports::HttpResponse> send(const ApiRequest& request);

    /// Calls `on_page` with the parsed JSON of each page from `first_url` on, following `Link: rel="next"`
    /// while `on_page` returns true; fails on API errors, malformed JSON, or a next link that leaves the API.
    core::Status for_each_page(const std::string& first_url,
                               const std::function<core::Expected<bool>(const nlohmann::json&)>& on_page);

    /// Returns the error for an unexpected `response`: 401/403 give ErrorKind::auth, others http; the
    /// message is "<status> <reason>: <GitHub message>: <first errors[] message or code>".
    core::Error status_error(const ports::HttpResponse& response) const;

    /// Returns `error` with `context` prefixed and every occurrence of the token replaced by "***".
    core::Error fail(core::Error error, const std::string& context) const;

    /// Sleeps the backoff delay before re-send number `retry` of an unsafe request; false when the
    /// budget (count or total wait) forbids it.
    bool wait_before_resend(int retry, std::chrono::milliseconds& waited);

private:
    bool same_origin_as_api(const std::string& url) const;

    GitHubSettings m_settings;
    ports::HttpTransport& m_transport;
    ports::Clock& m_clock;
    RetryLimits m_limits;
    std::mt19937 m_random;
};

/// Percent-encodes `value` for a URL path segment or query value (everything but unreserved characters).
std::string url_encode(const std::string& value);

/// Parses `text` as JSON; fails with ErrorKind::http naming `what` when it is malformed.
core::Expected<nlohmann::json> parse_json(const std::string& text, const std::string& what);

} // namespace autofix::adapters
