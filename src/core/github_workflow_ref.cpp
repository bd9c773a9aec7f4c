#include "core/github_workflow_ref.hpp"

namespace autofix::core {

std::string workflow_file_from_ref(const std::string& workflow_ref) {
    const std::string path = workflow_ref.substr(0, workflow_ref.find('@'));
    static const std::string marker = "/.github/workflows/";
    auto at = path.find(marker);
    std::size_t start = 0;
    if (at != std::string::npos) {
        start = at + marker.size();
    } else if (path.rfind(".github/workflows/", 0) == 0) {
        start = marker.size() - 1;
    } else {
        return {};
    }
    const std::string file = path.substr(start);
    if (file.empty() || file.find('/') != std::string::npos) {
        return {};
    }
    return file;
}

} // namespace autofix::core
