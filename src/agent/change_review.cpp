#include "agent/change_review.hpp"

namespace autofix::agent {

std::vector<core::GateRefusal> review_workspace(const Workspace& workspace, const core::GatePolicy& policy) {
    std::vector<core::FileLines> files;
    for (const FileEdit& edit : workspace.edits()) {
        files.push_back(core::file_lines(edit.path, edit.before, edit.after));
    }
    return core::review_change(files, policy);
}

std::string refusals_line(const std::vector<core::GateRefusal>& refusals) {
    std::string line;
    for (const auto& refusal : refusals) {
        line += (line.empty() ? "" : "; ") + refusal.path + ": " + refusal.reason;
    }
    return line;
}

} // namespace autofix::agent
