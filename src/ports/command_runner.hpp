#pragma once

#include "core/error.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace autofix::ports {

/// One command to run: its argument vector, working directory, whole environment and limits.
struct CommandSpec {
    std::vector<std::string> argv;        // argv[0] is the program (an absolute path, or found in PATH)
    std::string directory;                // the working directory
    std::vector<std::string> environment; // `NAME=value` entries: the child's whole environment
    std::chrono::milliseconds timeout{600000};
    std::size_t output_cap = 4U << 20U; // bytes of output kept (the first and the last halves)
};

/// How a command ended and what it printed (stdout and stderr interleaved).
struct CommandResult {
    bool timed_out = false; // killed at the time limit
    int exit_code = -1;     // the exit status; -1 when it was killed by a signal
    int signal = 0;         // the signal that ended it, 0 when it exited
    std::chrono::milliseconds duration{0};
    std::string output;             // at most output_cap bytes, with a marker where the middle was cut
    std::uint64_t output_bytes = 0; // bytes it printed in all
};

/// Runs commands in a process group of their own; abstract so it can be mocked out for tests.
class CommandRunner {
public:
    virtual ~CommandRunner() = default;

    /// Runs `spec` to its end or its time limit (then the whole process group is killed). Fails (io) only
    /// when the command could not be started.
    virtual core::Expected<CommandResult> run(const CommandSpec& spec) = 0;
};

} // namespace autofix::ports
