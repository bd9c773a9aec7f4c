#include "core/github_link_header.hpp"

#include <cctype>

namespace autofix::core {
namespace {

bool has_rel_next(const std::string& params) {
    // Parameters look like `; rel="next"` or `; rel="next last"`; rel values are space-separated.
    std::size_t at = 0;
    while ((at = params.find("rel", at)) != std::string::npos) {
        std::size_t cursor = at + 3;
        while (cursor < params.size() && params[cursor] == ' ') {
            ++cursor;
        }
        if (cursor >= params.size() || params[cursor] != '=') {
            at = cursor;
            continue;
        }
        ++cursor;
        while (cursor < params.size() && params[cursor] == ' ') {
            ++cursor;
        }
        std::string value;
        if (cursor < params.size() && params[cursor] == '"') {
            const auto close = params.find('"', cursor + 1);
            if (close == std::string::npos) {
                return false;
            }
            value = params.substr(cursor + 1, close - cursor - 1);
        } else {
            const auto end = params.find_first_of(";, ", cursor);
            value = params.substr(cursor, end == std::string::npos ? std::string::npos : end - cursor);
        }
        std::size_t start = 0;
        while (start <= value.size()) {
            const auto space = value.find(' ', start);
            const std::string token =
                value.substr(start, space == std::string::npos ? std::string::npos : space - start);
            if (token == "next") {
                return true;
            }
            if (space == std::string::npos) {
                break;
            }
            start = space + 1;
        }
        at = cursor;
    }
    return false;
}

} // namespace

std::string next_page_url(const std::string& link_header) {
    std::size_t cursor = 0;
    while (true) {
        const auto open = link_header.find('<', cursor);
        if (open == std::string::npos) {
            return {};
        }
        const auto close = link_header.find('>', open + 1);
        if (close == std::string::npos) {
            return {};
        }
        const std::string url = link_header.substr(open + 1, close - open - 1);
        // The parameters of this entry run until the next '<' (URLs cannot contain a raw '<').
        const auto next_open = link_header.find('<', close + 1);
        const std::string params = link_header.substr(
            close + 1, next_open == std::string::npos ? std::string::npos : next_open - close - 1);
        if (has_rel_next(params)) {
            return url;
        }
        if (next_open == std::string::npos) {
            return {};
        }
        cursor = next_open;
    }
}

} // namespace autofix::core
