#include "adapters/sigv4.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>
#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <vector>

namespace autofix::adapters {
namespace {

// SHA-256 with the block and digest sizes Poco::HMACEngine needs (Poco 1.11's SHA2Engine has none).
class Sha256 : public Poco::SHA2Engine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
    Sha256() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

std::string hmac(std::string_view key, std::string_view data) {
    Poco::HMACEngine<Sha256> engine(key.data(), key.size());
    engine.update(data.data(), data.size());
    const Poco::DigestEngine::Digest& digest = engine.digest();
    return std::string(digest.begin(), digest.end());
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Trims the value and folds every run of spaces into one, as the canonical headers require.
std::string canonical_value(const std::string& value) {
    std::string result;
    bool space = false;
    for (const char c : value) {
        if (c == ' ' || c == '\t') {
            space = !result.empty();
            continue;
        }
        if (space) {
            result += ' ';
            space = false;
        }
        result += c;
    }
    return result;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string percent_decode(std::string_view text) {
    std::string result;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            result += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            result += text[i];
        }
    }
    return result;
}

// The query's parameters decoded, encoded again the SigV4 way and sorted by name, then value.
std::string canonical_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t start = 0;
    while (start <= query.size() && !query.empty()) {
        const std::size_t end = std::min(query.find('&', start), query.size());
        const std::string_view item = query.substr(start, end - start);
        if (!item.empty()) {
            const std::size_t equals = item.find('=');
            const std::string_view name = item.substr(0, equals);
            const std::string_view value =
                equals == std::string_view::npos ? std::string_view() : item.substr(equals + 1);
            pairs.emplace_back(sigv4_uri_encode(percent_decode(name), false),
                               sigv4_uri_encode(percent_decode(value), false));
        }
        start = end + 1;
    }
    std::sort(pairs.begin(), pairs.end());
    std::string result;
    for (const auto& [name, value] : pairs) {
        result += (result.empty() ? "" : "&") + name + "=" + value;
    }
    return result;
}

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    for (const unsigned char c : bytes) {
        hex += digits[c >> 4];
        hex += digits[c & 0x0f];
    }
    return hex;
}

} // namespace

std::string sha256_hex(std::string_view data) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(data.data(), data.size());
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string amz_date(std::chrono::system_clock::time_point time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[20];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &parts);
    return text;
}

std::string sigv4_uri_encode(std::string_view text, bool keep_slash) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string result;
    for (const unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' ||
            (keep_slash && c == '/')) {
            result += static_cast<char>(c);
        } else {
            result += '%';
            result += digits[c >> 4];
            result += digits[c & 0x0f];
        }
    }
    return result;
}

SigV4Signature sigv4_sign(const SigV4Request& request, const AwsCredentials& credentials,
                          const std::string& region, const std::string& service,
                          const std::string& amz_date_value) {
    // Canonical headers: names lower-cased and sorted, values trimmed, repeated names joined by commas.
    std::map<std::string, std::string> headers;
    for (const auto& [name, value] : request.headers) {
        std::string& joined = headers[lower(name)];
        joined += (joined.empty() ? "" : ",") + canonical_value(value);
    }
    std::string canonical_headers;
    std::string signed_headers;
    for (const auto& [name, value] : headers) {
        canonical_headers += name + ":" + value + "\n";
        signed_headers += (signed_headers.empty() ? "" : ";") + name;
    }
    // Services other than S3 encode the path as sent once more (a ':' sent as %3A is signed as %253A).
    const std::string path = request.path.empty() ? "/" : request.path;
    SigV4Signature signature;
    signature.signed_headers = signed_headers;
    signature.canonical_request = request.method + "\n" + sigv4_uri_encode(path, true) + "\n" +
                                  canonical_query(request.query) + "\n" + canonical_headers + "\n" +
                                  signed_headers + "\n" + sha256_hex(request.payload);
    const std::string date = amz_date_value.substr(0, 8);
    const std::string scope = date + "/" + region + "/" + service + "/aws4_request";
    signature.string_to_sign =
        "AWS4-HMAC-SHA256\n" + amz_date_value + "\n" + scope + "\n" + sha256_hex(signature.canonical_request);
    const std::string key =
        hmac(hmac(hmac(hmac("AWS4" + credentials.secret_access_key, date), region), service), "aws4_request");
    signature.signature = to_hex(hmac(key, signature.string_to_sign));
    signature.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope +
                              ", SignedHeaders=" + signed_headers + ", Signature=" + signature.signature;
    return signature;
}

} // namespace autofix::adapters
