#pragma once

#include "ports/http_transport.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace autofix::adapters {

// AWS Signature Version 4 for requests with an Authorization header, as documented in "Create a signed AWS
// API request" (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html) and proven
// against the published Signature Version 4 test suite (tests/unit/adapters/sigv4_test.cpp).

/// AWS credentials as the standard environment gives them; `session_token` empty for long-term keys.
struct AwsCredentials {
    std::string access_key_id;     // AWS_ACCESS_KEY_ID
    std::string secret_access_key; // AWS_SECRET_ACCESS_KEY
    std::string session_token;     // AWS_SESSION_TOKEN, sent as x-amz-security-token and signed
};

/// What is signed: the method, the path and query exactly as they go on the wire, the headers (the `host`
/// header among them) and the payload.
struct SigV4Request {
    std::string method;
    std::string path;  // as sent, e.g. "/model/anthropic.claude-v1:0/invoke"; encoded once more when signing
    std::string query; // raw query string without '?', "" when none
    ports::HttpHeaders headers; // every header here is signed
    std::string payload;
};

/// The parts of one signature, for tests and for a verifying fake.
struct SigV4Signature {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signed_headers; // "host;x-amz-date"
    std::string signature;      // lowercase hex
    std::string authorization;  // the Authorization header's value
};

/// Returns the lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// Returns the x-amz-date form of `time`: "20150830T123600Z".
std::string amz_date(std::chrono::system_clock::time_point time);

/// Returns `text` URI-encoded as SigV4 requires: every byte but A-Z a-z 0-9 - _ . ~ as %XX (upper-case
/// hex), and '/' kept when `keep_slash` is true.
std::string sigv4_uri_encode(std::string_view text, bool keep_slash);

/// Signs `request` for `region` and `service` with `credentials`; `amz_date_value` is the x-amz-date
/// header's value, which must already be among the headers. Never fails.
SigV4Signature sigv4_sign(const SigV4Request& request, const AwsCredentials& credentials,
                          const std::string& region, const std::string& service,
                          const std::string& amz_date_value);

} // namespace autofix::adapters
