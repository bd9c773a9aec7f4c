// Checks entrypoint.sh as the runner starts it: a fake Actions environment (temp workspace, HOME,
// GITHUB_OUTPUT) passes through untouched to the binary, the workspace becomes a safe git directory, and case
// 4 succeeds.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace autofix {
namespace {

namespace fs = std::filesystem;

const fs::path entrypoint = fs::path(AUTOFIX_SOURCE_DIR) / "entrypoint.sh";

// A temporary directory removed at the end of the test.
class TempDir {
public:
    TempDir() {
        std::random_device random;
        m_path = fs::temp_directory_path() / ("autofix-entrypoint-" + std::to_string(random()));
        fs::create_directories(m_path);
    }
    ~TempDir() { fs::remove_all(m_path); }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

// Runs `argv` in `cwd` with exactly `environment`, stdout and stderr to `log`; returns the exit status.
int run(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
        const fs::path& cwd, const fs::path& log) {
    std::vector<char*> args;
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    std::vector<char*> env;
    for (const auto& entry : environment) {
        env.push_back(const_cast<char*>(entry.c_str()));
    }
    env.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        std::FILE* out = std::fopen(log.c_str(), "w");
        if (out == nullptr || chdir(cwd.c_str()) != 0) {
            _exit(126);
        }
        dup2(fileno(out), STDOUT_FILENO);
        dup2(fileno(out), STDERR_FILENO);
        execve(args[0], args.data(), env.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Parses GITHUB_OUTPUT: `name=value` lines and `name<<DELIMITER ... DELIMITER` blocks.
std::map<std::string, std::string> parse_outputs(const std::string& text) {
    std::map<std::string, std::string> outputs;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (const auto heredoc = line.find("<<"); heredoc != std::string::npos) {
            const std::string name = line.substr(0, heredoc);
            const std::string delimiter = line.substr(heredoc + 2);
            std::string value;
            std::string body;
            while (std::getline(in, body) && body != delimiter) {
                value += (value.empty() ? "" : "\n") + body;
            }
            outputs[name] = value;
        } else if (const auto equals = line.find('='); equals != std::string::npos) {
            outputs[line.substr(0, equals)] = line.substr(equals + 1);
        }
    }
    return outputs;
}

// The environment the runner gives a Docker action, rooted in `root`.
struct FakeActionsEnvironment {
    TempDir root;
    fs::path workspace = root.path() / "workspace";
    fs::path home = root.path() / "home";
    fs::path output = root.path() / "github_output";
    fs::path summary = root.path() / "step_summary";
    fs::path log = root.path() / "entrypoint.log";

    FakeActionsEnvironment() {
        fs::create_directories(workspace);
        fs::create_directories(home);
        write_file(output, "");
        write_file(summary, "");
    }

    std::vector<std::string> variables(const std::string& binary) const {
        return {"PATH=/usr/local/bin:/usr/bin:/bin",
                "HOME=" + home.string(),
                "AUTOFIX_BIN=" + binary,
                "GITHUB_ACTIONS=true",
                "GITHUB_WORKSPACE=" + workspace.string(),
                "GITHUB_OUTPUT=" + output.string(),
                "GITHUB_STEP_SUMMARY=" + summary.string(),
                "GITHUB_REPOSITORY=octo/sample",
                "GITHUB_RUN_ID=1234567890",
                "GITHUB_RUN_ATTEMPT=1",
                "GITHUB_REF_NAME=main",
                "GITHUB_SHA=0123456789abcdef0123456789abcdef01234567",
                "INPUT_BUILD-STATUS=success",
                "INPUT_BRANCH=main",
                "INPUT_RESULT-FILE=agent-result.json",
                "INPUT_GITHUB-TOKEN=ghs_not_a_real_token",
                "ANTHROPIC_BASE_URL=http://127.0.0.1:9"};
    }
};

TEST(Entrypoint, PassesTheEnvironmentAndArgumentsToTheBinaryUntouched) {
    FakeActionsEnvironment actions;
    const fs::path stub = actions.root.path() / "stub-autofix";
    const fs::path dump = actions.root.path() / "env.txt";
    const fs::path args = actions.root.path() / "args.txt";
    write_file(stub, "#!/bin/bash\nenv > '" + dump.string() + "'\nprintf '%s\\n' \"$@\" > '" + args.string() +
                         "'\nexit 7\n");
    fs::permissions(stub, fs::perms::owner_all);

    const int status = run({entrypoint.string(), "--flag", "two words"}, actions.variables(stub.string()),
                           actions.workspace, actions.log);

    EXPECT_EQ(status, 7) << "the binary's exit status is the container's: " << read_file(actions.log);
    const std::string env = read_file(dump);
    for (const auto& variable : actions.variables(stub.string())) {
        EXPECT_NE(env.find(variable + "\n"), std::string::npos) << variable << " did not reach the binary";
    }
    EXPECT_EQ(read_file(args), "--flag\ntwo words\n");
}

TEST(Entrypoint, MarksTheWorkspaceAsASafeGitDirectoryOnce) {
    if (std::system("command -v git >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "git is not installed; the entrypoint skips the safe.directory step";
    }
    FakeActionsEnvironment actions;

    for (int i = 0; i < 2; ++i) {
        ASSERT_EQ(run({entrypoint.string()}, actions.variables("/bin/true"), actions.workspace, actions.log),
                  0)
            << read_file(actions.log);
    }

    const std::string config = read_file(actions.home / ".gitconfig");
    const std::string line = "directory = " + actions.workspace.string();
    const auto first = config.find(line);
    ASSERT_NE(first, std::string::npos) << config;
    EXPECT_EQ(config.find(line, first + 1), std::string::npos) << "added once: " << config;
}

TEST(Entrypoint, RunsTheBuiltBinaryForAGreenBuildOnMain) {
    FakeActionsEnvironment actions;

    const int status =
        run({entrypoint.string()}, actions.variables(AUTOFIX_BINARY), actions.workspace, actions.log);

    ASSERT_EQ(status, 0) << read_file(actions.log);
    // Case 4: nothing to do, no git, no network; the outputs and the result file say so.
    const auto outputs = parse_outputs(read_file(actions.output));
    ASSERT_TRUE(outputs.count("case")) << read_file(actions.output);
    EXPECT_EQ(outputs.at("case"), "4");
    EXPECT_EQ(outputs.at("action-taken"), "none");
    EXPECT_EQ(outputs.at("result-file"), "agent-result.json");
    EXPECT_EQ(outputs.at("pr-url"), "");
    const std::string result = read_file(actions.workspace / "agent-result.json");
    EXPECT_NE(result.find("\"case\": 4"), std::string::npos) << result;
}

} // namespace
} // namespace autofix
