#include "adapters/google_token.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/RSADigestEngine.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace autofix::adapters {
namespace {

using nlohmann::json;

constexpr const char* cloud_platform_scope = "https://www.googleapis.com/auth/cloud-platform";

std::string string_field(const json& value, const char* key) {
    if (value.contains(key) && value[key].is_string()) {
        return value[key].get<std::string>();
    }
    return "";
}

std::string form_encode(const std::string& text) {
    std::string encoded;
    Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]", encoded);
    return encoded;
}

} // namespace

core::Expected<ServiceAccountKey> parse_service_account_key(std::string_view json_text) {
    const json value = json::parse(json_text, nullptr, false);
    if (!value.is_object()) {
        return core::make_error(core::ErrorKind::invalid_input,
                                "the Google credentials file is not a JSON object");
    }
    const std::string type = string_field(value, "type");
    if (type != "service_account") {
        return core::make_error(core::ErrorKind::invalid_input,
                                "the Google credentials file is of type '" + type +
                                    "', not service_account: with Workload Identity Federation let "
                                    "google-github-actions/auth make an access token (token_format: "
                                    "access_token) and pass it as vertex-access-token");
    }
    ServiceAccountKey key;
    key.client_email = string_field(value, "client_email");
    key.private_key = string_field(value, "private_key");
    key.private_key_id = string_field(value, "private_key_id");
    key.token_uri = string_field(value, "token_uri");
    key.project_id = string_field(value, "project_id");
    if (key.token_uri.empty()) {
        key.token_uri = "https://oauth2.googleapis.com/token";
    }
    if (key.client_email.empty() || key.private_key.empty()) {
        return core::make_error(core::ErrorKind::invalid_input,
                                "the Google service-account key file has no client_email or private_key");
    }
    return key;
}

std::string base64url(std::string_view bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return out.str();
}

core::Expected<std::string> service_account_assertion(const ServiceAccountKey& key, const std::string& scope,
                                                      std::chrono::system_clock::time_point now) {
    const auto issued = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    json header{{"alg", "RS256"}, {"typ", "JWT"}};
    if (!key.private_key_id.empty()) {
        header["kid"] = key.private_key_id;
    }
    const json claims{{"iss", key.client_email},
                      {"scope", scope},
                      {"aud", key.token_uri},
                      {"iat", issued},
                      {"exp", issued + 3600}};
    const std::string signing_input = base64url(header.dump()) + "." + base64url(claims.dump());
    try {
        std::istringstream private_key(key.private_key);
        const Poco::Crypto::RSAKey rsa(nullptr, &private_key);
        Poco::Crypto::RSADigestEngine engine(rsa, "SHA256");
        engine.update(signing_input);
        const Poco::DigestEngine::Digest& signature = engine.signature();
        return signing_input + "." +
               base64url(std::string_view(reinterpret_cast<const char*>(signature.data()), signature.size()));
    } catch (const Poco::Exception& error) {
        return core::make_error(core::ErrorKind::auth,
                                "signing the Google token request failed: the service account's private_key "
                                "could not be used (" +
                                    std::string(error.className()) + ")");
    }
}

GoogleTokenSource::GoogleTokenSource(std::string access_token) : m_token(std::move(access_token)) {
    m_expires = std::chrono::system_clock::time_point::max();
}

GoogleTokenSource::GoogleTokenSource(ServiceAccountKey key, ports::HttpTransport& transport,
                                     ports::Clock& clock)
    : m_key(std::move(key)), m_transport(&transport), m_clock(&clock) {}

core::Expected<std::string> GoogleTokenSource::token() {
    if (!m_key) {
        return m_token;
    }
    const auto now = m_clock->wall_now();
    if (!m_token.empty() && now + std::chrono::minutes(1) < m_expires) {
        return m_token;
    }
    auto assertion = service_account_assertion(*m_key, cloud_platform_scope, now);
    if (!assertion) {
        return assertion.error();
    }
    ports::HttpRequest request;
    request.method = "POST";
    request.url = m_key->token_uri;
    request.headers = {{"content-type", "application/x-www-form-urlencoded"},
                       {"accept", "application/json"},
                       {"user-agent", "autofix-action"}};
    request.body = "grant_type=" + form_encode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                   "&assertion=" + form_encode(*assertion);
    const std::string what = "exchanging the service account key of " + m_key->client_email +
                             " for a token at " + m_key->token_uri;
    auto response = m_transport->send(request);
    if (!response) {
        return core::make_error(core::ErrorKind::network, what + ": " + response.error().message);
    }
    const json body = json::parse(response->body, nullptr, false);
    if (response->status != 200 || !body.is_object() || string_field(body, "access_token").empty()) {
        std::string reason = std::to_string(response->status);
        if (body.is_object()) {
            for (const char* key : {"error", "error_description"}) {
                if (!string_field(body, key).empty()) {
                    reason += " " + string_field(body, key);
                }
            }
        }
        return core::make_error(core::ErrorKind::auth, what + " failed: " + reason);
    }
    m_token = string_field(body, "access_token");
    m_issued.push_back(m_token);
    long long lifetime = 3600;
    if (body.contains("expires_in") && body["expires_in"].is_number_integer()) {
        lifetime = body["expires_in"].get<long long>();
    }
    m_expires = now + std::chrono::seconds(lifetime);
    return m_token;
}

std::vector<std::string> GoogleTokenSource::secrets() const {
    std::vector<std::string> values = m_issued;
    if (!m_token.empty()) {
        values.push_back(m_token);
    }
    if (m_key) {
        values.push_back(m_key->private_key);
    }
    return values;
}

} // namespace autofix::adapters
