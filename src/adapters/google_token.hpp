#pragma once

#include "core/error.hpp"
#include "ports/clock.hpp"
#include "ports/http_transport.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::adapters {

// OAuth 2.0 access tokens for Google APIs: given (an access token from the environment, as
// google-github-actions/auth with `token_format: access_token` gives it) or made from a service-account key
// file by the JWT bearer flow of "Using OAuth 2.0 for Server to Server Applications"
// (https://developers.google.com/identity/protocols/oauth2/service-account): a JWT signed with the key
// (RS256) is POSTed to the key's token_uri as `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`.

/// The fields of a service-account key file (`"type": "service_account"`) that the token flow needs.
struct ServiceAccountKey {
    std::string client_email;
    std::string private_key; // PEM, "-----BEGIN PRIVATE KEY-----..."
    std::string private_key_id;
    std::string token_uri; // https://oauth2.googleapis.com/token unless the file says otherwise
    std::string project_id;
};

/// Parses a key file's JSON; fails (invalid_input) for malformed JSON, a type other than service_account
/// (an external_account file of Workload Identity Federation needs `token_format: access_token`), or a
/// missing client_email or private_key. The message never holds the key.
core::Expected<ServiceAccountKey> parse_service_account_key(std::string_view json_text);

/// Returns `bytes` in unpadded base64url (RFC 4648 section 5), as JWTs use it.
std::string base64url(std::string_view bytes);

/// Returns `base64url(header).base64url(claims).base64url(RS256 signature)` for the token request: claims
/// iss = client_email, scope, aud = token_uri, iat = now, exp = now + 1 h; the header names the key id.
/// Fails (auth) when the private key cannot be read.
core::Expected<std::string> service_account_assertion(const ServiceAccountKey& key, const std::string& scope,
                                                      std::chrono::system_clock::time_point now);

/// A source of access tokens: a fixed one, or one exchanged from a key file and renewed a minute before it
/// expires.
class GoogleTokenSource {
public:
    /// A source that always gives `access_token`.
    explicit GoogleTokenSource(std::string access_token);
    /// A source that exchanges `key` at its token_uri through `transport` (both must outlive it).
    GoogleTokenSource(ServiceAccountKey key, ports::HttpTransport& transport, ports::Clock& clock);

    /// Returns a valid access token; fails (auth) when the exchange is refused, (network) when the token
    /// endpoint does not answer. Messages never hold the key or a token.
    core::Expected<std::string> token();

    /// The private key, the tokens given and made so far: values to scrub from messages.
    std::vector<std::string> secrets() const;

private:
    std::string m_token;
    std::optional<ServiceAccountKey> m_key;
    ports::HttpTransport* m_transport = nullptr;
    ports::Clock* m_clock = nullptr;
    std::chrono::system_clock::time_point m_expires{};
    std::vector<std::string> m_issued;
};

} // namespace autofix::adapters
