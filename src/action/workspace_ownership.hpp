#pragma once

#include "core/error.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>

namespace autofix::action {

/// What handing the workspace back did.
struct HandBack {
    std::size_t changed = 0; // entries given to the workspace's owner
    std::size_t failed = 0;  // entries whose owner could not be changed
};

/// Gives every entry under `workspace` (its .git included; symlinks themselves, never their targets) that
/// this process's user owns and that was created or rewritten since `since` (its status-change time) to the
/// owner and group of `workspace` itself. A container action runs as root on a checkout that belongs to the
/// runner's user: without this, new `.git/objects/xx/` folders, the index, refs, logs, the result file and
/// edited files stay root's and the runner's next checkout cannot clean them. Does nothing when the process
/// owns the workspace already. Fails (io) only when `workspace` cannot be read.
core::Expected<HandBack> hand_back_workspace(const std::filesystem::path& workspace,
                                             std::chrono::system_clock::time_point since);

/// The same for one `file` and the folders between it and `workspace` (a run that wrote only its result
/// file, such as case 4, need not walk a large checkout). Does nothing for a file outside `workspace` or
/// when the process owns the workspace. Fails (io) only when `workspace` cannot be read.
core::Expected<HandBack> hand_back_file(const std::filesystem::path& workspace,
                                        const std::filesystem::path& file,
                                        std::chrono::system_clock::time_point since);

} // namespace autofix::action
