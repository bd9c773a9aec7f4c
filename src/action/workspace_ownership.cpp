#include "action/workspace_ownership.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace autofix::action {
namespace {

std::chrono::system_clock::time_point changed_at(const struct stat& status) {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds(status.st_ctim.tv_sec) + std::chrono::nanoseconds(status.st_ctim.tv_nsec)));
}

} // namespace

core::Expected<HandBack> hand_back_workspace(const std::filesystem::path& workspace,
                                             std::chrono::system_clock::time_point since) {
    struct stat root {};
    if (::stat(workspace.c_str(), &root) != 0) {
        return core::make_error(core::ErrorKind::io, "reading the owner of " + workspace.string());
    }
    const uid_t self = ::geteuid();
    HandBack result;
    if (root.st_uid == self) {
        return result; // the usual case outside a container: nothing to hand back
    }
    // The kernel's clock for ctime may lag the wall clock a little.
    since -= std::chrono::seconds(2);
    std::error_code error;
    std::filesystem::recursive_directory_iterator it(workspace, std::filesystem::directory_options::none,
                                                     error);
    if (error) {
        return core::make_error(core::ErrorKind::io,
                                "listing " + workspace.string() + ": " + error.message());
    }
    for (const std::filesystem::recursive_directory_iterator end; it != end; it.increment(error)) {
        if (error) {
            break;
        }
        struct stat entry {};
        if (::lstat(it->path().c_str(), &entry) != 0 || entry.st_uid != self || changed_at(entry) < since) {
            continue;
        }
        if (::lchown(it->path().c_str(), root.st_uid, root.st_gid) == 0) {
            ++result.changed;
        } else {
            ++result.failed;
        }
    }
    return result;
}

} // namespace autofix::action
