#include "ports/git_repository.hpp"

#include <algorithm>
#include <cctype>

namespace autofix::ports {
namespace {

bool equals_ignoring_case(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

std::string CommitInfo::trailer(const std::string& key) const {
    for (const auto& [name, value] : trailers) {
        if (equals_ignoring_case(name, key)) {
            return value;
        }
    }
    return "";
}

const char* to_string(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::added:
        return "added";
    case ChangeKind::modified:
        return "modified";
    case ChangeKind::deleted:
        return "deleted";
    }
    return "modified";
}

} // namespace autofix::ports
