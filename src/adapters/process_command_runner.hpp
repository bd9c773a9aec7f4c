#pragma once

#include "ports/command_runner.hpp"

namespace autofix::adapters {

/// Runs commands with posix_spawn in a new process group, stdin from /dev/null, stdout and stderr into one
/// pipe. Poco::Process is not used: it can neither start a process group nor kill one, and it adds to the
/// inherited environment rather than replacing it, while the test command must run with secrets removed.
class ProcessCommandRunner final : public ports::CommandRunner {
public:
    /// Runs `spec`; at the time limit, and once the command itself has exited (so that a background child
    /// holding the pipe does not outlive it), the whole process group is killed with SIGKILL. Fails (io)
    /// when posix_spawn fails (the program or the directory is missing, not executable, ...).
    core::Expected<ports::CommandResult> run(const ports::CommandSpec& spec) override;
};

} // namespace autofix::adapters
