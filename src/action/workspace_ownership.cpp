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

// Gives `path` to `owner` when this process made or changed it since `since`; counts the outcome.
void hand_back_entry(const std::filesystem::path& path, const struct stat& owner, uid_t self,
                     std::chrono::system_clock::time_point since, HandBack& result) {
    struct stat entry {};
    if (::lstat(path.c_str(), &entry) != 0 || entry.st_uid != self || changed_at(entry) < since) {
        return;
    }
    if (::lchown(path.c_str(), owner.st_uid, owner.st_gid) == 0) {
        ++result.changed;
    } else {
        ++result.failed;
    }
}

} // namespace

core::Expected<HandBack> hand_back_file(const std::filesystem::path& workspace,
                                        const std::filesystem::path& file,
                                        std::chrono::system_clock::time_point since) {
    struct stat root {};
    if (::stat(workspace.c_str(), &root) != 0) {
        return core::make_error(core::ErrorKind::io, "reading the owner of " + workspace.string());
    }
    const uid_t self = ::geteuid();
    HandBack result;
    if (root.st_uid == self) {
        return result;
    }
    since -= std::chrono::seconds(2);
    std::error_code error;
    const auto base = std::filesystem::weakly_canonical(workspace, error);
    const auto target = std::filesystem::weakly_canonical(std::filesystem::absolute(file, error), error);
    if (error) {
        return result;
    }
    const auto inside = target.lexically_relative(base);
    if (inside.empty() || *inside.begin() == "..") {
        return result;
    }
    std::filesystem::path path = base;
    for (const auto& part : inside) {
        path /= part;
        hand_back_entry(path, root, self, since, result);
    }
    return result;
}

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
        hand_back_entry(it->path(), root, self, since, result);
    }
    return result;
}

} // namespace autofix::action
