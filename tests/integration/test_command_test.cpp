// Checks the test-command's process handling with real processes: exit status and interleaved output, the
// time limit killing the whole process group, a background child that keeps the pipe open, the output cap, an
// environment that is exactly the one given and holds no secret, commands that cannot start, and that a run
// never sees Python bytecode compiled from an earlier version of a file edited within the same second.
#include "adapters/process_command_runner.hpp"
#include "app/test_command.hpp"
#include "support/repo_builder.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <thread>

namespace autofix {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

ports::CommandSpec shell(const std::string& script, const std::string& directory) {
    ports::CommandSpec spec;
    spec.argv = {"/bin/sh", "-c", script};
    spec.directory = directory;
    spec.environment = {"PATH=/usr/local/bin:/usr/bin:/bin"};
    return spec;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// True when `pid` runs: it exists and is no zombie (an orphan is reaped by whatever pid 1 is, or not at all).
bool process_alive(pid_t pid) {
    const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    const auto state = stat.rfind(") ");
    return state != std::string::npos && stat[state + 2] != 'Z' && stat[state + 2] != 'X';
}

TEST(ProcessCommandRunner, ReportsExitStatusAndBothStreamsInTheirDirectory) {
    TempDir dir;
    adapters::ProcessCommandRunner runner;
    const auto result = runner.run(shell("echo out; echo err >&2; pwd; exit 3", dir.path()));
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_FALSE(result->timed_out);
    EXPECT_EQ(result->exit_code, 3);
    EXPECT_EQ(result->output, "out\nerr\n" + fs::canonical(dir.path()).string() + "\n");
}

TEST(ProcessCommandRunner, KillsTheWholeProcessGroupAtTheLimit) {
    TempDir dir;
    adapters::ProcessCommandRunner runner;
    auto spec = shell("sleep 300 & echo $! > child.pid; echo started; sleep 300", dir.path());
    spec.timeout = std::chrono::milliseconds(1500);
    const auto result = runner.run(spec);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(result->timed_out);
    EXPECT_EQ(result->signal, SIGKILL);
    EXPECT_EQ(result->output, "started\n");
    const pid_t child = std::stoi(read_file(dir / "child.pid"));
    for (int tries = 0; tries < 50 && process_alive(child); ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // SIGKILL is delivered asynchronously
    }
    EXPECT_FALSE(process_alive(child)) << "the background child outlived the limit";
}

TEST(ProcessCommandRunner, EndsWhenTheCommandExitsEvenIfAChildHoldsThePipe) {
    TempDir dir;
    adapters::ProcessCommandRunner runner;
    auto spec = shell("(sleep 300 &) ; echo done", dir.path());
    spec.timeout = std::chrono::seconds(60);
    const auto result = runner.run(spec);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_FALSE(result->timed_out);
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_EQ(result->output, "done\n");
}

TEST(ProcessCommandRunner, KeepsTheHeadAndTailOfLongOutput) {
    TempDir dir;
    adapters::ProcessCommandRunner runner;
    auto spec = shell("echo FIRST; head -c 100000 /dev/zero | tr '\\0' x; echo; echo LAST", dir.path());
    spec.output_cap = 1000;
    const auto result = runner.run(spec);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->output_bytes, 6U + 100000U + 1U + 5U);
    EXPECT_LT(result->output.size(), 1100U);
    EXPECT_TRUE(result->output.starts_with("FIRST\n")) << result->output.substr(0, 50);
    EXPECT_TRUE(result->output.ends_with("xxx\nLAST\n"));
    EXPECT_NE(result->output.find("bytes of output cut"), std::string::npos);
}

TEST(ProcessCommandRunner, GivesExactlyTheEnvironmentAndFailsWhenItCannotStart) {
    TempDir dir;
    adapters::ProcessCommandRunner runner;
    ports::CommandSpec spec;
    spec.argv = {"/usr/bin/env"};
    spec.directory = dir.path();
    spec.environment = {"ONLY=this"};
    const auto result = runner.run(spec);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->output, "ONLY=this\n");
    spec.argv = {dir / "missing"};
    EXPECT_FALSE(runner.run(spec));
}

action::Environment secret_laden_environment() {
    return action::Environment(action::Environment::Variables{
        {"PATH", "/usr/local/bin:/usr/bin:/bin"},
        {"HOME", "/github/home"},
        {"GITHUB_TOKEN", "ghs_workflowToken0123456789abcdef0123"},
        {"INPUT_GITHUB-TOKEN", "ghs_workflowToken0123456789abcdef0123"},
        {"INPUT_ANTHROPIC-API-KEY", "sk-ant-api03-secretKey0123456789"},
        {"ANTHROPIC_API_KEY", "sk-ant-api03-secretKey0123456789"},
        {"ACTIONS_RUNTIME_TOKEN", "eyJhbGciOiJSUzI1NiJ9.runtime"},
        {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.oidc"},
        {"ACTIONS_ID_TOKEN_REQUEST_URL", "https://token.actions.example/oidc"},
        {"DEPLOY_KEY_COPY", "my-redacted-value-42"},
        {"SOME_PAT", "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"},
        {"PYTHONDONTWRITEBYTECODE", ""},
        {"LANG", "C.UTF-8"},
    });
}

TEST(TestEnvironment, HoldsNoSecretTheActionKnows) {
    const app::SecretFilter secrets({"ghs_workflowToken0123456789abcdef0123",
                                     "sk-ant-api03-secretKey0123456789", "my-redacted-value-42"});
    const auto entries = app::test_environment(secret_laden_environment(), secrets);
    const std::vector<std::string> expected{"HOME=/github/home", "LANG=C.UTF-8",
                                            "PATH=/usr/local/bin:/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE=1"};
    EXPECT_EQ(entries, expected);
}

struct TestCommandFixture : ::testing::Test {
    TempDir dir;
    action::Settings settings;
    action::Environment environment = secret_laden_environment();
    app::SecretFilter secrets{{"ghs_workflowToken0123456789abcdef0123"}};
    adapters::ProcessCommandRunner runner;

    TestCommandFixture() {
        settings.github.workspace = dir.path();
        settings.test_timeout_seconds = 60;
    }

    core::Status check(const std::string& command) {
        settings.test_command = command;
        return app::TestCommand(settings, environment, secrets, runner).check_startable();
    }
};

TEST_F(TestCommandFixture, ACommandThatCannotStartIsBadInput) {
    std::ofstream(dir / "not-executable.sh") << "#!/bin/sh\nexit 0\n";
    std::ofstream(dir / "run-tests.sh") << "#!/bin/sh\nexit 0\n";
    fs::permissions(dir / "run-tests.sh", fs::perms::owner_all);
    for (const std::string command : {"no-such-test-runner-xyz --all", "./missing.sh",
                                      "./not-executable.sh -v", "CI=1 no-such-test-runner-xyz"}) {
        const core::Status status = check(command);
        ASSERT_FALSE(status) << command;
        EXPECT_EQ(status.error().kind, core::ErrorKind::invalid_input);
        EXPECT_NE(status.error().message.find("cannot start"), std::string::npos) << status.error().message;
    }
    EXPECT_NE(check("./not-executable.sh").error().message.find("not an executable file"), std::string::npos);
    EXPECT_NE(check("no-such-test-runner-xyz").error().message.find("not found in PATH"), std::string::npos);
    for (const std::string command :
         {"sh -c true", "./run-tests.sh", "CI=1 ./run-tests.sh", "cd . && true"}) {
        EXPECT_TRUE(check(command)) << command;
    }
}

TEST_F(TestCommandFixture, ReportsAFailureThroughTheLogPipelineWithSecretsRedacted) {
    settings.test_command =
        "echo 'FAIL: test_total (tests.test_x)'; echo ghs_workflowToken0123456789abcdef0123; exit 1";
    app::TestCommand tests(settings, environment, secrets, runner);
    const auto run = tests.run({});
    ASSERT_TRUE(run) << run.error().message;
    EXPECT_FALSE(run->passed);
    EXPECT_EQ(run->exit_code, 1);
    const std::string report = app::TestCommand::report(*run);
    EXPECT_TRUE(report.starts_with("test-command failed: exit status 1 after ")) << report;
    EXPECT_NE(report.find("FAIL: test_total"), std::string::npos) << report;
    EXPECT_EQ(report.find("ghs_workflowToken"), std::string::npos) << report;
}

TEST_F(TestCommandFixture, ATimeoutIsReportedAsSuch) {
    settings.test_command = "echo waiting; sleep 300";
    settings.test_timeout_seconds = 1;
    app::TestCommand tests(settings, environment, secrets, runner);
    const auto run = tests.run({});
    ASSERT_TRUE(run) << run.error().message;
    EXPECT_FALSE(run->passed);
    EXPECT_TRUE(run->timed_out);
    EXPECT_NE(app::TestCommand::report(*run).find("timed out after 1 s (test-timeout)"), std::string::npos)
        << app::TestCommand::report(*run);
}

TEST_F(TestCommandFixture, NeverSeesBytecodeOfAnEarlierVersionEditedInTheSameSecond) {
    fs::create_directories(dir / "pkg");
    std::ofstream(dir / "pkg/__init__.py").close();
    std::ofstream(dir / "pkg/value.py") << "VALUE = 1\n";
    std::ofstream(dir / "check.py")
        << "import sys\nfrom pkg.value import VALUE\nsys.exit(0 if VALUE == 2 else 1)\n";
    // The job's own test run compiled the old version (as `python3 -m unittest` does before the action runs).
    ASSERT_EQ(std::system(
                  ("cd '" + dir.path() + "' && env -u PYTHONDONTWRITEBYTECODE python3 -c 'import pkg.value'")
                      .c_str()),
              0);
    ASSERT_FALSE(fs::is_empty(dir / "pkg/__pycache__"));
    // The edit keeps the size and, as can happen within one second, the modification time in whole seconds.
    const auto stamp = fs::last_write_time(dir / "pkg/value.py");
    std::ofstream(dir / "pkg/value.py", std::ios::trunc) << "VALUE = 2\n";
    fs::last_write_time(dir / "pkg/value.py", stamp);
    ASSERT_NE(
        std::system(("cd '" + dir.path() + "' && env -u PYTHONDONTWRITEBYTECODE python3 check.py").c_str()),
        0)
        << "python did not use the stale bytecode; the test cannot show anything";
    settings.test_command = "python3 check.py";
    app::TestCommand tests(settings, environment, secrets, runner);
    const auto run = tests.run({"pkg/value.py"});
    ASSERT_TRUE(run) << run.error().message;
    EXPECT_TRUE(run->passed) << app::TestCommand::report(*run);
}

} // namespace
} // namespace autofix
