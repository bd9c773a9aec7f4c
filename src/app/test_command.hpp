#pragma once

#include "action/environment.hpp"
#include "action/settings.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "logs/failure_context.hpp"
#include "ports/command_runner.hpp"

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace autofix::app {

/// The shell every test-command runs with (`sh -c <command>`).
inline constexpr const char* test_shell = "/bin/sh";

/// What one run of the test command showed.
struct TestRun {
    bool passed = false;    // exit status 0
    bool timed_out = false; // killed at test-timeout
    int exit_code = -1;
    int signal = 0;
    std::chrono::milliseconds duration{0};
    std::string headline;         // "exit status 1 after 2.4 s", "timed out after 600 s: ..."
    logs::FailureContext context; // the output through the log pipeline (normalised, excerpted, redacted)
};

/// Returns true when a variable must not reach the test command: the action's inputs (`INPUT_*`), tokens
/// and keys by name (GITHUB_TOKEN, ANTHROPIC_API_KEY, ACTIONS_RUNTIME_*, ACTIONS_ID_TOKEN_REQUEST_*, ...),
/// and any variable whose `NAME=value` holds a known secret or a secret-shaped value.
bool withheld_from_tests(const std::string& name, const std::string& value, const SecretFilter& secrets);

/// Returns the environment of the test command (`NAME=value` entries): `environment` without what
/// withheld_from_tests names, with PYTHONDONTWRITEBYTECODE=1 (no bytecode written by one run and read by a
/// later one).
std::vector<std::string> test_environment(const action::Environment& environment,
                                          const SecretFilter& secrets);

/// The test-command of a run: checked before any model call, run by the run_tests tool and after every
/// submitted fix.
class TestCommand {
public:
    /// Keeps references to its arguments, which must outlive it.
    TestCommand(const action::Settings& settings, const action::Environment& environment,
                const SecretFilter& secrets, ports::CommandRunner& runner);

    /// Checks that the command can start: /bin/sh exists, and its first program (when it can be told without
    /// a shell) is an executable file relative to the workspace or found in the test environment's PATH.
    /// Fails (invalid_input) naming the command and what is missing.
    core::Status check_startable() const;

    /// Runs the command once in the workspace. Before it, the bytecode cached for every file in `edited` (and
    /// in the files of earlier runs) is removed, so that a run never sees a compiled copy of an earlier
    /// version of a file edited within the same second. Fails only when it could not start.
    core::Expected<TestRun> run(const std::vector<std::string>& edited);

    /// Returns the run as the run_tests tool answers it: the headline, then the output excerpt.
    static std::string report(const TestRun& run);

private:
    void remove_stale_bytecode();

    const action::Settings& m_settings;
    const action::Environment& m_environment;
    const SecretFilter& m_secrets;
    ports::CommandRunner& m_runner;
    std::set<std::string> m_edited; // every file edited in this run, relative to the workspace
};

} // namespace autofix::app
