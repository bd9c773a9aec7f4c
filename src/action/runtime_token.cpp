#include "action/runtime_token.hpp"

#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace autofix::action {
namespace {

// Maps one base64url (or standard base64) character to its 6-bit value, or -1.
int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '-' || c == '+') {
        return 62;
    }
    if (c == '_' || c == '/') {
        return 63;
    }
    return -1;
}

core::Error token_error(const std::string& why) {
    return core::make_error(core::ErrorKind::invalid_input, "ACTIONS_RUNTIME_TOKEN: " + why);
}

// Splits `text` at each `separator`.
std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream stream(text);
    while (std::getline(stream, part, separator)) {
        parts.push_back(part);
    }
    return parts;
}

} // namespace

core::Expected<std::string> decode_base64url(const std::string& text) {
    std::string out;
    unsigned int buffer = 0;
    int bits = 0;
    for (const char c : text) {
        if (c == '=') {
            break;
        }
        const int value = sextet(c);
        if (value < 0) {
            return token_error("invalid base64url character");
        }
        buffer = (buffer << 6U) | static_cast<unsigned int>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> static_cast<unsigned int>(bits)) & 0xFFU));
        }
    }
    return out;
}

core::Expected<BackendIds> backend_ids_from_token(const std::string& runtime_token) {
    const auto first_dot = runtime_token.find('.');
    const auto second_dot =
        first_dot == std::string::npos ? first_dot : runtime_token.find('.', first_dot + 1);
    if (second_dot == std::string::npos) {
        return token_error("not a JWT (expected header.payload.signature)");
    }
    auto payload = decode_base64url(runtime_token.substr(first_dot + 1, second_dot - first_dot - 1));
    if (!payload) {
        return payload.error();
    }
    const auto claims = nlohmann::json::parse(*payload, nullptr, false);
    if (claims.is_discarded() || !claims.is_object()) {
        return token_error("the JWT payload is not a JSON object");
    }
    const auto scp = claims.find("scp");
    if (scp == claims.end() || !scp->is_string()) {
        return token_error("the JWT has no scp claim");
    }
    for (const auto& scope : split(scp->get<std::string>(), ' ')) {
        const auto parts = split(scope, ':');
        if (parts.size() == 3 && parts[0] == "Actions.Results" && !parts[1].empty() && !parts[2].empty()) {
            return BackendIds{parts[1], parts[2]};
        }
    }
    return token_error("no Actions.Results scope in the scp claim");
}

} // namespace autofix::action
