// Checks bad inputs at the edge through the real binary in a controlled environment: each prints one clear
// `::error::` line (the same line on stderr when it fails before a case is decided), exits 2, writes the
// result JSON with status error and the error kind, creates no branch and sends no request; and that what
// only looks odd (a detached HEAD, a unicode or shell-like branch name) still works.
#include "support/fake_model_server.hpp"
#include "support/git_http_backend.hpp"
#include "support/local_http_server.hpp"
#include "support/repo_builder.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace autofix {
namespace {

using testing::CommandResult;
using testing::RepoBuilder;
using testing::TempDir;

constexpr const char* k_token = "ghp_dummytoken0000000000000000000000000";
constexpr const char* k_key = "sk-ant-test-key";

std::string read_file(const std::string& path) {
    std::ifstream stream(path, std::ios::binary);
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

class BadInputs : public ::testing::Test {
protected:
    void SetUp() override {
        RepoBuilder repo = RepoBuilder::init(m_workspace);
        repo.commit_file("app.py", "print(1)\n", "initial");
        std::ofstream(m_log) << "app.py:1: AssertionError: expected 2\n";
        m_env = {{"PATH", std::getenv("PATH") != nullptr ? std::getenv("PATH") : "/usr/bin:/bin"},
                 {"HOME", m_root.path()},
                 {"GITHUB_REPOSITORY", "o/r"},
                 {"GITHUB_RUN_ID", "4242"},
                 {"GITHUB_WORKSPACE", m_workspace},
                 {"GITHUB_API_URL", m_recorder.url()},
                 {"GITHUB_SERVER_URL", m_recorder.url()},
                 {"ANTHROPIC_BASE_URL", m_recorder.url()},
                 {"GITHUB_OUTPUT", m_root / "output"},
                 {"GITHUB_STEP_SUMMARY", m_root / "summary.md"},
                 {"INPUT_GITHUB-TOKEN", k_token},
                 {"INPUT_ANTHROPIC-API-KEY", k_key},
                 {"INPUT_RESULT-FILE", m_result}};
        for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
            if (const char* value = std::getenv(name); value != nullptr) {
                m_env[name] = value; // the sanitizer run's settings reach the binary too
            }
        }
    }

    /// Runs the binary with exactly m_env (nothing inherited) and `arguments`, in the workspace.
    CommandResult run(const std::vector<std::string>& arguments) {
        std::vector<std::string> argv{"env", "-i"};
        for (const auto& [name, value] : m_env) {
            argv.push_back(name + "=" + value);
        }
        argv.emplace_back(AUTOFIX_BINARY);
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        return testing::run_command(argv, m_root.path());
    }

    /// Asserts the common shape of a refused input: exit 2, one stderr line holding `text`, the result JSON
    /// with status error and `kind`, no fix branch in the work tree and no request to the fake servers.
    void expect_refused(const CommandResult& result, const std::string& text, const std::string& kind) {
        EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
        std::vector<std::string> annotations;
        for (const auto& line : lines_of(result.out)) {
            if (line.rfind("::error::", 0) == 0) {
                annotations.push_back(line);
            }
        }
        ASSERT_EQ(annotations.size(), 1u) << result.out;
        EXPECT_NE(annotations[0].find(text), std::string::npos) << annotations[0];
        const auto errors = lines_of(result.err); // before a case is decided, also on stderr
        ASSERT_LE(errors.size(), 1u) << result.err;
        if (!errors.empty()) {
            EXPECT_EQ(errors[0], "autofix: " + annotations[0].substr(9));
        }
        ASSERT_TRUE(std::filesystem::exists(m_result)) << result.out << result.err;
        const auto json = nlohmann::json::parse(read_file(m_result));
        EXPECT_EQ(json.at("status"), "error");
        EXPECT_EQ(json.at("error").at("kind"), kind);
        EXPECT_NE(json.at("error").at("message").get<std::string>().find(text), std::string::npos);
        if (std::filesystem::exists(m_workspace + "/.git")) {
            EXPECT_EQ(testing::git_in(m_workspace, {"branch", "--list", "autonomous-fix-*"}), "");
        }
        EXPECT_TRUE(m_recorder.requests().empty()) << m_recorder.requests().front().target;
        for (const auto& line : lines_of(result.out + result.err)) {
            if (line.rfind("::add-mask::", 0) != 0) {
                EXPECT_EQ(line.find(k_token), std::string::npos) << line;
                EXPECT_EQ(line.find(k_key), std::string::npos) << line;
            }
        }
    }

    TempDir m_root;
    std::string m_workspace = m_root / "work";
    std::string m_log = m_root / "build.log";
    std::string m_result = m_root / "agent-result.json";
    testing::LocalHttpServer m_recorder{[](const testing::RecordedRequest& request) {
        if (request.method == "GET" && request.path.ends_with("/issues")) {
            return testing::json_response(200, "[]"); // the pause check: no open autofix-pause issue
        }
        return testing::json_response(404, R"({"message":"no"})");
    }};
    std::map<std::string, std::string> m_env;
};

TEST_F(BadInputs, MissingBuildStatus) {
    expect_refused(run({"--branch", "main"}), "build-status is required", "invalid_input");
}

TEST_F(BadInputs, EmptyBuildStatus) {
    m_env["INPUT_BUILD-STATUS"] = "";
    expect_refused(run({"--branch", "main"}), "build-status is required", "invalid_input");
}

TEST_F(BadInputs, UnknownBuildStatus) {
    expect_refused(run({"--build-status", "exploded", "--branch", "main"}),
                   "build-status must be success, failure, cancelled or skipped, got 'exploded'",
                   "invalid_input");
}

TEST_F(BadInputs, UnknownFlag) {
    expect_refused(run({"--build-status", "failure", "--frobnicate", "yes"}), "unknown flag '--frobnicate'",
                   "invalid_input");
}

TEST_F(BadInputs, FailureLogThatDoesNotExist) {
    const std::string missing = m_root / "missing.log";
    expect_refused(run({"--build-status", "failure", "--branch", "main", "--failure-log", missing}),
                   "failure-log '" + missing + "' does not exist", "invalid_input");
}

TEST_F(BadInputs, FailureLogThatIsADirectory) {
    expect_refused(run({"--build-status", "failure", "--branch", "main", "--failure-log", m_root.path()}),
                   "failure-log '" + m_root.path() + "' is not a regular file", "invalid_input");
}

TEST_F(BadInputs, WorkspaceThatIsNotAGitRepository) {
    const std::string plain = m_root / "plain";
    std::filesystem::create_directories(plain);
    m_env["GITHUB_WORKSPACE"] = plain;
    expect_refused(run({"--build-status", "failure", "--branch", "main", "--failure-log", m_log}),
                   "not a git repository (run actions/checkout before this action)", "invalid_input");
}

TEST_F(BadInputs, BranchThatIsNotAValidGitName) {
    expect_refused(
        run({"--build-status", "failure", "--branch", "x; rm -rf ~ $(id)", "--failure-log", m_log}),
        "branch 'x; rm -rf ~ $(id)' is not a valid git branch name", "invalid_input");
}

TEST_F(BadInputs, MalformedPromptsFile) {
    const std::string prompts = m_root / "prompts.json";
    std::ofstream(prompts) << "{\"templates\": {\"system\": ";
    m_env["INPUT_PROMPTS"] = prompts;
    expect_refused(run({"--build-status", "failure", "--branch", "main", "--failure-log", m_log}),
                   "not valid JSON", "config");
}

TEST_F(BadInputs, MalformedConfigFile) {
    std::filesystem::create_directories(m_workspace + "/.github");
    std::ofstream(m_workspace + "/.github/autofix.yml") << "model: claude\nmax-attempts: [1,\n";
    expect_refused(run({"--build-status", "failure", "--branch", "main", "--failure-log", m_log}),
                   ".github/autofix.yml:", "config");
}

// A branch name with unicode and shell metacharacters that git allows is data, never a command: case 4
// reports it verbatim and runs nothing.
TEST_F(BadInputs, UnicodeAndShellLikeBranchIsPlainData) {
    const std::string branch = "feat/\xC3\xBC\xE3\x83\x96;$(touch${IFS}pwned)`touch${IFS}pwned2`|&&";
    const auto result = run({"--build-status", "success", "--branch", branch});
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    const auto json = nlohmann::json::parse(read_file(m_result));
    EXPECT_EQ(json.at("status"), "ok");
    EXPECT_EQ(json.at("branch"), branch);
    EXPECT_FALSE(std::filesystem::exists(m_root / "pwned"));
    EXPECT_FALSE(std::filesystem::exists(m_root / "pwned2"));
    EXPECT_FALSE(std::filesystem::exists(m_workspace + "/pwned"));
    EXPECT_TRUE(m_recorder.requests().empty());
}

// Case 1 from a detached HEAD (what actions/checkout leaves for a pull request): the fix branch is created
// from HEAD's commit, committed and pushed.
TEST_F(BadInputs, DetachedHeadStillGetsAFixBranch) {
    testing::GitHttpServer git(m_root / "remotes", k_token);
    const std::string bare = git.backend().create_bare("o", "r");
    RepoBuilder repo(m_workspace);
    repo.git({"push", "-q", bare, "HEAD:refs/heads/main"});
    const std::string failing = repo.commit_file("app.py", "print(2)\n", "break it");
    repo.git({"checkout", "-q", "--detach", failing});

    testing::FakeModelServer model;
    model.push(testing::tool_use_reply({{"toolu_01",
                                         "str_replace_based_edit_tool",
                                         {{"command", "str_replace"},
                                          {"path", "app.py"},
                                          {"old_str", "print(2)"},
                                          {"new_str", "print(1)"}}}}));
    model.push(testing::tool_use_reply(
        {{"toolu_02",
          "submit_fix",
          {{"description", "Print 1 again"}, {"explanation", "Restores the value."}}}}));
    model.push(testing::text_reply("done"));
    m_env["GITHUB_SERVER_URL"] = git.server().url();
    m_env["ANTHROPIC_BASE_URL"] = model.url();
    m_env["INPUT_DISPATCH"] = "never";

    const auto result = run({"--build-status", "failure", "--branch", "main", "--failure-log", m_log});
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
    const auto json = nlohmann::json::parse(read_file(m_result));
    EXPECT_EQ(json.at("status"), "ok");
    EXPECT_EQ(json.at("fix_branch"), "autonomous-fix-4242");
    const std::string pushed = testing::git_in(bare, {"rev-parse", "refs/heads/autonomous-fix-4242^"});
    EXPECT_EQ(pushed.substr(0, 40), failing.substr(0, 40));
    EXPECT_EQ(testing::git_in(bare, {"show", "refs/heads/autonomous-fix-4242:app.py"}), "print(1)\n");
}

} // namespace
} // namespace autofix
