#include "adapters/platform_body.hpp"

#include "adapters/anthropic_json.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

namespace autofix::adapters {

core::Expected<std::string> encode_platform_body(const ports::MessageRequest& request,
                                                 const std::string& anthropic_version) {
    auto body = encode_message_request(request);
    if (!body) {
        return body.error();
    }
    try {
        nlohmann::json value = nlohmann::json::parse(*body);
        value.erase("model");
        value["anthropic_version"] = anthropic_version;
        return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } catch (const nlohmann::json::exception& error) {
        return core::make_error(core::ErrorKind::internal,
                                std::string("encoding a platform Messages request: ") + error.what());
    }
}

std::string encode_path_segment(const std::string& text) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string result;
    for (const unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == '@' || c == ':') {
            result += static_cast<char>(c);
        } else {
            result += '%';
            result += digits[c >> 4];
            result += digits[c & 0x0f];
        }
    }
    return result;
}

} // namespace autofix::adapters
