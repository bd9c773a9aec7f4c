#include "ports/http_transport.hpp"

#include <algorithm>
#include <cctype>

namespace autofix::ports {

std::string find_header(const HttpHeaders& headers, const std::string& name) {
    auto same = [&](const std::string& other) {
        return other.size() == name.size() &&
               std::equal(other.begin(), other.end(), name.begin(), [](unsigned char a, unsigned char b) {
                   return std::tolower(a) == std::tolower(b);
               });
    };
    for (const auto& [key, value] : headers) {
        if (same(key)) {
            return value;
        }
    }
    return {};
}

} // namespace autofix::ports
