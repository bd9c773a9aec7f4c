// Checks `autofix context` through run_context_command: the JSON schema, the ranking of the files named by
// fixture logs of several toolchains against small fixture repositories, Java class names mapped to their
// source files, files that do not exist left out, redaction, the budget, the request body matching what the
// fix session sends, the attempt history of a fix branch, and the errors (exit 2).
#include "action/settings.hpp"
#include "adapters/anthropic_json.hpp"
#include "agent/fix_session.hpp"
#include "app/context_command.hpp"
#include "app/failure_log.hpp"
#include "app/fix_context.hpp"
#include "app/prompt_loading.hpp"
#include "logs/token_estimate.hpp"
#include "support/repo_builder.hpp"
#include "unit/agent/scripted_model.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace autofix::app {
namespace {

using autofix::testing::GitPerson;
using autofix::testing::RepoBuilder;
using autofix::testing::TempDir;

std::string log_fixture(const std::string& name) {
    return std::string(AUTOFIX_SOURCE_DIR) + "/tests/fixtures/logs/" + name;
}

std::string repo_fixture(const std::string& name) {
    return std::string(AUTOFIX_SOURCE_DIR) + "/tests/fixtures/repos/" + name;
}

struct Invocation {
    int code = -1;
    std::string out;
    std::string err;
};

Invocation invoke(const std::vector<std::string>& arguments) {
    std::ostringstream out;
    std::ostringstream err;
    Invocation result;
    result.code = run_context_command(arguments, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
}

nlohmann::json run_json(const std::string& log, const std::string& repo,
                        std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"--log", log, "--repo", repo, "--json"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    const Invocation result = invoke(arguments);
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_TRUE(result.err.empty()) << result.err;
    return nlohmann::json::parse(result.out);
}

void write_file(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

TEST(ContextCommand, JsonHasExactlyTheDocumentedKeysAndTypes) {
    const nlohmann::json object = run_json(log_fixture("gcc.log"), repo_fixture("gcc"));
    ASSERT_TRUE(object.is_object());
    std::vector<std::string> keys;
    for (const auto& item : object.items()) {
        keys.push_back(item.key());
    }
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(keys, (std::vector<std::string>{"budget", "excerpt", "excerpt_tokens", "files", "redactions",
                                              "request_tokens"}));
    EXPECT_TRUE(object["excerpt"].is_string());
    EXPECT_TRUE(object["excerpt_tokens"].is_number_unsigned());
    EXPECT_TRUE(object["redactions"].is_number_unsigned());
    EXPECT_TRUE(object["request_tokens"].is_number_unsigned());
    EXPECT_TRUE(object["budget"].is_number_unsigned());
    ASSERT_TRUE(object["files"].is_array());
    ASSERT_FALSE(object["files"].empty());
    for (const auto& file : object["files"]) {
        ASSERT_TRUE(file.is_object());
        EXPECT_EQ(file.size(), 4u);
        EXPECT_TRUE(file["path"].is_string());
        EXPECT_TRUE(file["line"].is_number_unsigned());
        EXPECT_TRUE(file["score"].is_number_integer());
        EXPECT_TRUE(file["reason"].is_string());
    }
    EXPECT_EQ(object["budget"], 8000);
    EXPECT_EQ(object["excerpt_tokens"], logs::estimate_tokens(object["excerpt"].get<std::string>()));
    EXPECT_GT(object["request_tokens"].get<std::size_t>(), object["excerpt_tokens"].get<std::size_t>());
}

struct RankingCase {
    const char* log;
    const char* repo;
    std::vector<std::pair<std::string, unsigned>> ranked; // path and line, best first; nothing else listed
    const char* reason_has;                               // in the best file's reason
};

class Ranking : public ::testing::TestWithParam<RankingCase> {};

TEST_P(Ranking, ListsTheRepositoryFilesTheLogNamesBestFirst) {
    const RankingCase& c = GetParam();
    const nlohmann::json object = run_json(log_fixture(c.log), repo_fixture(c.repo));
    std::vector<std::pair<std::string, unsigned>> ranked;
    for (const auto& file : object["files"]) {
        ranked.emplace_back(file["path"].get<std::string>(), file["line"].get<unsigned>());
        EXPECT_TRUE(std::filesystem::is_regular_file(repo_fixture(c.repo) + "/" + ranked.back().first));
    }
    EXPECT_EQ(ranked, c.ranked) << c.log;
    ASSERT_FALSE(object["files"].empty());
    EXPECT_NE(object["files"][0]["reason"].get<std::string>().find(c.reason_has), std::string::npos)
        << object["files"][0]["reason"];
    for (std::size_t index = 1; index < object["files"].size(); ++index) {
        EXPECT_GE(object["files"][index - 1]["score"].get<int>(), object["files"][index]["score"].get<int>());
    }
}

INSTANTIATE_TEST_SUITE_P(
    Toolchains, Ranking,
    ::testing::Values(
        RankingCase{"python_traceback.log",
                    "python",
                    {{"app/migrate.py", 41}, {"manage.py", 22}},
                    "app/migrate.py\", line 41"},
        RankingCase{
            "pytest.log", "pytest", {{"tests/test_calc.py", 9}, {"calc.py", 0}}, "tests/test_calc.py:9"},
        RankingCase{"surefire.log",
                    "maven",
                    {{"src/test/java/com/example/bank/AccountTest.java", 27},
                     {"src/main/java/com/example/bank/Account.java", 0}}, // the module under test
                    "AccountTest.withdrawReducesBalance:27"},
        RankingCase{"javac_maven.log",
                    "maven",
                    {{"src/main/java/com/example/bank/Account.java", 23},
                     {"src/main/java/com/example/bank/Ledger.java", 0}, // "location: class ...Ledger"
                     {"pom.xml", 0}},                                   // the build file of project bank
                    "cannot find symbol"},
        RankingCase{"gcc.log", "gcc", {{"src/eval.cpp", 42}}, "'lookup_symbol' was not declared"},
        RankingCase{
            "go_test.log", "go", {{"pkg/calc/calc_test.go", 12}, {"pkg/calc/calc.go", 0}}, "calc_test.go:12"},
        RankingCase{"jest.log", "jest", {{"src/sum.test.js", 5}, {"src/sum.js", 0}}, "src/sum.test.js:5"},
        RankingCase{"java_stacktrace.log",
                    "shop",
                    {{"src/main/java/com/example/shop/Catalog.java", 31},
                     {"src/main/java/com/example/shop/Store.java", 20},
                     {"src/main/java/com/example/shop/Main.java", 12}},
                    "com.example.shop.Catalog.find(Catalog.java:31)"}),
    [](const ::testing::TestParamInfo<RankingCase>& param_info) {
        std::string name = param_info.param.log;
        name = name.substr(0, name.find('.'));
        name.erase(std::remove(name.begin(), name.end(), '_'), name.end());
        return name;
    });

TEST(ContextCommand, JavaClassNameMapsToItsSourceFileUnderSrcMainJava) {
    TempDir dir;
    const std::string log = dir / "build.log";
    write_file(log, "Exception in thread \"main\" java.lang.IllegalStateException: no ledger\n"
                    "\tat com.example.bank.Ledger.open(Ledger.java:3)\n"
                    "\tat com.example.bank.Missing.run(Missing.java:8)\n");
    const nlohmann::json object = run_json(log, repo_fixture("maven"));
    ASSERT_EQ(object["files"].size(), 1u) << object.dump(2);
    EXPECT_EQ(object["files"][0]["path"], "src/main/java/com/example/bank/Ledger.java");
    EXPECT_EQ(object["files"][0]["line"], 3);
}

TEST(ContextCommand, FilesTheRepositoryDoesNotHaveAreNotListed) {
    TempDir dir;
    const std::string log = dir / "build.log";
    write_file(log, "/home/runner/work/calc/calc/src/missing.cpp:7:1: error: expected ';'\n"
                    "  File \"/github/workspace/tools/gone.py\", line 3, in <module>\n"
                    "src/eval.cpp:12:3: error: 'x' was not declared in this scope\n"
                    "lib/nowhere.go:4:2: undefined: y\n");
    const nlohmann::json object = run_json(log, repo_fixture("gcc"));
    ASSERT_EQ(object["files"].size(), 1u) << object.dump(2);
    EXPECT_EQ(object["files"][0]["path"], "src/eval.cpp");

    write_file(log, "src/missing.cpp:7:1: error: expected ';'\n");
    EXPECT_TRUE(run_json(log, repo_fixture("gcc"))["files"].empty());
}

TEST(ContextCommand, HumanOutputShowsExcerptFilesReasonsRedactionsAndTokens) {
    const Invocation result =
        invoke({"--log", log_fixture("java_stacktrace.log"), "--repo", repo_fixture("shop")});
    ASSERT_EQ(result.code, 0) << result.err;
    const std::string& out = result.out;
    EXPECT_NE(out.find("java.lang.NullPointerException"), std::string::npos) << out;
    EXPECT_NE(out.find("1. src/main/java/com/example/shop/Catalog.java:31"), std::string::npos) << out;
    EXPECT_NE(out.find("named by: at com.example.shop.Catalog.find(Catalog.java:31)"), std::string::npos);
    EXPECT_LT(out.find("Catalog.java:31  "), out.find("Store.java:20  "));
    EXPECT_LT(out.find("Store.java:20  "), out.find("Main.java:12  "));
    EXPECT_NE(out.find("== redactions: 0 =="), std::string::npos);
    EXPECT_NE(out.find("== first request: ~"), std::string::npos);
    EXPECT_NE(out.find("against the budget of 8,000 tokens"), std::string::npos);
    EXPECT_NE(out.find("tool definitions ~"), std::string::npos);
}

TEST(ContextCommand, SecretsInTheLogAreRedactedAndCounted) {
    TempDir dir;
    const std::string log = dir / "build.log";
    const std::string token = "ghp_" + std::string(36, 'a');
    write_file(log, "git push https://x-access-token:" + token +
                        "@github.com/o/r.git\n"
                        "src/eval.cpp:42:12: error: 'lookup_symbol' was not declared in this scope\n");
    const nlohmann::json object = run_json(log, repo_fixture("gcc"));
    EXPECT_GE(object["redactions"].get<int>(), 1);
    EXPECT_EQ(object["excerpt"].get<std::string>().find(token), std::string::npos);
    const Invocation request = invoke({"--log", log, "--repo", repo_fixture("gcc"), "--request"});
    ASSERT_EQ(request.code, 0);
    EXPECT_EQ(request.out.find(token), std::string::npos);
}

TEST(ContextCommand, BudgetCutsTheExcerptAndIsReported) {
    TempDir dir;
    const std::string log = dir / "build.log";
    std::string text;
    for (int i = 0; i < 4000; ++i) {
        text += "compiling unit " + std::to_string(i) + " of the project with the usual flags\n";
    }
    text += "src/eval.cpp:42:12: error: 'lookup_symbol' was not declared in this scope\n";
    write_file(log, text);
    const nlohmann::json object = run_json(log, repo_fixture("gcc"), {"--budget", "300"});
    EXPECT_EQ(object["budget"], 300);
    EXPECT_LE(object["excerpt_tokens"].get<std::size_t>(), 300u);
    EXPECT_NE(object["excerpt"].get<std::string>().find("lookup_symbol"), std::string::npos);
    EXPECT_EQ(object["files"][0]["path"], "src/eval.cpp");

    // A large budget is kept whole: the fix prompt's cap on the excerpt follows the budget, so no note.
    const Invocation wide = invoke({"--log", log, "--repo", repo_fixture("gcc"), "--budget", "20000"});
    ASSERT_EQ(wide.code, 0) << wide.err;
    EXPECT_EQ(wide.out.find("note: the first message keeps only"), std::string::npos)
        << wide.out.substr(0, 600);
    const Invocation narrow = invoke({"--log", log, "--repo", repo_fixture("gcc"), "--budget", "300"});
    EXPECT_EQ(narrow.out.find("note: "), std::string::npos);

    // The repository's config file sets the default budget, the flag wins over it.
    TempDir repo;
    std::filesystem::copy(repo_fixture("gcc"), repo.path(), std::filesystem::copy_options::recursive);
    write_file(repo / ".github/autofix.yml", "log-budget-tokens: 500\n");
    EXPECT_EQ(run_json(log, repo.path())["budget"], 500);
    EXPECT_EQ(run_json(log, repo.path(), {"--budget=200"})["budget"], 200);
}

// The body printed by --request is the one run_fix_session sends first, byte for byte, and request_tokens
// counts it.
TEST(ContextCommand, RequestIsWhatTheFixSessionSends) {
    TempDir repo;
    std::filesystem::copy(repo_fixture("gcc"), repo.path(), std::filesystem::copy_options::recursive);
    write_file(repo / "SKILL.md", "# Lessons\n- declare helpers before use\n");
    const std::string log = log_fixture("gcc.log");
    const Invocation printed = invoke({"--log", log, "--repo", repo.path(), "--request"});
    ASSERT_EQ(printed.code, 0) << printed.err;

    auto config = action::read_config_file(action::config_file_path(repo.path()), "config");
    ASSERT_TRUE(config);
    action::CommandLine command_line;
    command_line.values["build-status"] = "failure";
    const auto settings = action::resolve_settings(
        command_line, action::Environment(action::Environment::Variables{{"GITHUB_WORKSPACE", repo.path()}}),
        *config);
    ASSERT_TRUE(settings);
    const auto prompts = load_prompts(*settings);
    ASSERT_TRUE(prompts);
    const auto failure = failure_context_from_file(log, *settings, {});
    ASSERT_TRUE(failure);
    auto workspace = agent::Workspace::open(repo.path(), workspace_options(*settings));
    ASSERT_TRUE(workspace);
    autofix::testing::ScriptedModel model;
    (void)agent::run_fix_session(model, *workspace, *prompts, make_fix_context(*failure, *settings, 1, {}),
                                 make_session_config(*settings, settings->model, agent::no_redaction()));
    ASSERT_EQ(model.requests().size(), 1u);
    const auto sent = adapters::encode_message_request(model.requests()[0]);
    ASSERT_TRUE(sent);
    EXPECT_EQ(printed.out, *sent + "\n");

    const nlohmann::json body = nlohmann::json::parse(printed.out);
    EXPECT_EQ(body["tools"].size(), agent::fix_tools().size());
    EXPECT_NE(body.dump().find("declare helpers before use"), std::string::npos);
    EXPECT_NE(body.dump().find("lookup_symbol(node.name)"), std::string::npos); // the referenced file window
    EXPECT_EQ(run_json(log, repo.path())["request_tokens"], logs::estimate_tokens(*sent));
}

TEST(ContextCommand, AttemptHistoryRendersTheRetryOfTheFixBranch) {
    TempDir dir;
    RepoBuilder repo = RepoBuilder::init(dir / "repo");
    std::filesystem::copy(repo_fixture("gcc"), repo.path(), std::filesystem::copy_options::recursive);
    repo.commit("initial");
    const std::string log = log_fixture("gcc.log");

    // On a branch that is not a fix branch: the first attempt, with a note.
    Invocation first = invoke({"--log", log, "--repo", repo.path(), "--attempt-history"});
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_NE(first.out.find("not a fix branch"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("(attempt 1, claude-sonnet-4-5)"), std::string::npos);

    repo.git({"checkout", "-b", "autonomous-fix-42"});
    const GitPerson agent{"Autonomous Agent", "autonomous-agent@users.noreply.github.com"};
    repo.commit_file(
        "src/eval.cpp", "// renamed the helper\n",
        "\xF0\x9F\xA4\x96 Autonomous Fix Attempt 1: rename the lookup helper\n\n"
        "The helper was renamed upstream.\n\n"
        "Autofix-Id: 42\nAutofix-Attempt: 1\nAutofix-Base: main\nAutofix-Model: claude-sonnet-4-5\n",
        agent);
    const Invocation retry = invoke({"--log", log, "--repo", repo.path(), "--attempt-history"});
    ASSERT_EQ(retry.code, 0) << retry.err;
    EXPECT_NE(retry.out.find("this is the request of attempt 2"), std::string::npos) << retry.out;
    const Invocation body = invoke({"--log", log, "--repo", repo.path(), "--attempt-history", "--request"});
    ASSERT_EQ(body.code, 0) << body.err;
    EXPECT_NE(body.out.find("rename the lookup helper"), std::string::npos);
    EXPECT_NE(body.out.find("renamed the helper"), std::string::npos); // attempt 1's diff
    // Without the flag the same repository gives the first attempt's request: no git is read.
    const Invocation plain = invoke({"--log", log, "--repo", repo.path(), "--request"});
    EXPECT_EQ(plain.out.find("rename the lookup helper"), std::string::npos);

    // Not a git repository: the flag cannot be honoured.
    const Invocation not_git = invoke({"--log", log, "--repo", repo_fixture("gcc"), "--attempt-history"});
    EXPECT_EQ(not_git.code, 2);
    EXPECT_NE(not_git.err.find("--attempt-history"), std::string::npos) << not_git.err;
}

TEST(ContextCommand, ErrorsAreOneLineWithExitTwo) {
    TempDir dir;
    const std::string log = log_fixture("gcc.log");
    const auto expect_error = [](const std::vector<std::string>& arguments, const std::string& says) {
        const Invocation result = invoke(arguments);
        EXPECT_EQ(result.code, 2) << says;
        EXPECT_TRUE(result.out.empty()) << result.out;
        EXPECT_TRUE(result.err.starts_with("autofix context: ")) << result.err;
        EXPECT_NE(result.err.find(says), std::string::npos) << result.err;
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    };
    expect_error({}, "--log FILE is required");
    expect_error({"--log", dir / "absent.log"}, "does not exist");
    expect_error({"--log", dir.path()}, "is not a regular file");
    expect_error({"--log"}, "--log needs a value");
    expect_error({"--log", log, "--budget", "lots"}, "--budget: expected a whole number");
    expect_error({"--log", log, "--budget", "0"}, "--budget: expected a whole number");
    expect_error({"--log", log, "--budget", "-5"}, "--budget: expected a whole number");
    expect_error({"--log", log, "--budget", "12x"}, "--budget: expected a whole number");
    expect_error({"--log", log, "--verbose"}, "unknown flag '--verbose'");
    expect_error({"--log", log, "extra"}, "unexpected argument 'extra'");
    expect_error({"--log", log, "--json=yes"}, "--json takes no value");
    expect_error({"--log", log, "--json", "--request"}, "--json and --request are alternatives");
    expect_error({"--log", log, "--repo", dir / "nowhere"}, "is not a directory");

    TempDir repo;
    write_file(repo / ".github/autofix.yml", "no-such-setting: 1\n");
    expect_error({"--log", log, "--repo", repo.path()}, "no-such-setting");

    if (::geteuid() != 0) { // root reads anything
        const std::string locked = dir / "locked.log";
        write_file(locked, "error\n");
        std::filesystem::permissions(locked, std::filesystem::perms::none);
        expect_error({"--log", locked, "--repo", repo_fixture("gcc")}, "cannot be read");
    }

    const Invocation help = invoke({"--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("usage: autofix context --log FILE"), std::string::npos);
}

} // namespace
} // namespace autofix::app
