// Checks list_files and search_files on a temporary directory, the custom tools' schemas, and the
// submit_fix validation (72-character description, explanation required).
#include "agent/tool_box.hpp"
#include "unit/agent/temp_tree.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

using nlohmann::json;

struct ToolBoxTest : ::testing::Test {
    testing::TempTree tree;
    std::optional<Workspace> workspace;

    void SetUp() override {
        tree.write("src/app.py", "def add(a, b):\n    return a - b\n");
        tree.write("src/test_app.py", "from app import add\nassert add(1, 2) == 3\n");
        tree.write("docs/notes.md", "ADD numbers\n");
        tree.write(".git/config", "add = secret\n");
        tree.write("logo.png", std::string("add\0\0", 5));
        workspace.emplace(std::move(*Workspace::open(tree.root())));
    }
};

TEST_F(ToolBoxTest, ListFilesMatchesGlobsAndBareNames) {
    EXPECT_EQ(run_list_files(*workspace, {{"pattern", "**/*.py"}}).content, "src/app.py\nsrc/test_app.py\n");
    EXPECT_EQ(run_list_files(*workspace, {{"pattern", "test_*.py"}}).content, "src/test_app.py\n");
    EXPECT_EQ(run_list_files(*workspace, {{"pattern", "*.md"}, {"path", "docs"}}).content, "docs/notes.md\n");
    EXPECT_EQ(run_list_files(*workspace, {{"pattern", "**/config"}}).content, "No files match '**/config'.");
    EXPECT_TRUE(run_list_files(*workspace, {{"pattern", "*"}, {"path", "../"}}).is_error);
}

TEST_F(ToolBoxTest, ListFilesIsCapped) {
    for (int i = 0; i < 5; ++i) {
        tree.write("many/f" + std::to_string(i) + ".txt", "x");
    }
    SearchLimits limits;
    limits.max_listed = 2;
    const auto outcome = run_list_files(*workspace, {{"pattern", "many/*.txt"}}, limits);
    EXPECT_EQ(outcome.content,
              "many/f0.txt\nmany/f1.txt\n(3 more files not shown; use a narrower pattern)\n");
}

TEST_F(ToolBoxTest, SearchFilesReportsPathLineText) {
    auto outcome = run_search_files(*workspace, {{"pattern", "add\\("}});
    EXPECT_EQ(outcome.content, "src/app.py:1: def add(a, b):\nsrc/test_app.py:2: assert add(1, 2) == 3\n");
    outcome = run_search_files(*workspace, {{"pattern", "^add"}, {"case_insensitive", true}});
    EXPECT_EQ(outcome.content, "docs/notes.md:1: ADD numbers\n"); // not .git, not the binary file
    outcome = run_search_files(*workspace, {{"pattern", "return"}, {"glob", "*.py"}});
    EXPECT_EQ(outcome.content, "src/app.py:2:     return a - b\n");
}

TEST_F(ToolBoxTest, SearchFilesShowsCrlfLinesWithoutCarriageReturns) {
    tree.write("win/App.cs", "class App\r\n{\r\n    int total;\r\n}\r\n");
    const auto outcome = run_search_files(*workspace, {{"pattern", "total;$"}});
    EXPECT_EQ(outcome.content, "win/App.cs:3:     int total;\n");
}

TEST_F(ToolBoxTest, SearchFilesRejectsBadRegexAndCaps) {
    auto outcome = run_search_files(*workspace, {{"pattern", "(unclosed"}});
    EXPECT_TRUE(outcome.is_error);
    EXPECT_NE(outcome.content.find("invalid regular expression"), std::string::npos);
    SearchLimits limits;
    limits.max_matches = 1;
    outcome = run_search_files(*workspace, {{"pattern", "a"}}, limits);
    EXPECT_NE(outcome.content.find("(results capped at 1 matches"), std::string::npos) << outcome.content;
}

TEST_F(ToolBoxTest, OffersEditorAndCustomToolsWithSchemas) {
    const auto tools = fix_tools();
    ASSERT_EQ(tools.size(), 4U);
    EXPECT_EQ(tools[0].name, "str_replace_based_edit_tool");
    EXPECT_EQ(tools[0].type, "text_editor_20250728");
    for (std::size_t i = 1; i < tools.size(); ++i) {
        const auto schema = json::parse(tools[i].input_schema_json);
        EXPECT_EQ(schema["type"], "object");
        EXPECT_TRUE(schema["required"].is_array());
        EXPECT_FALSE(tools[i].description.empty());
    }
    EXPECT_EQ(json::parse(tools[3].input_schema_json)["properties"]["description"]["maxLength"], 72);
}

TEST_F(ToolBoxTest, OffersRunTestsOnlyWithATestCommandAndRunsIt) {
    const auto without = fix_tools(TestTool::absent);
    const auto with = fix_tools(TestTool::offered);
    ASSERT_EQ(with.size(), without.size() + 1);
    EXPECT_EQ(with[with.size() - 2].name, "run_tests");
    EXPECT_EQ(json::parse(with[with.size() - 2].input_schema_json)["type"], "object");
    EXPECT_EQ(with.back().name, "submit_fix");
    ToolBox box(*workspace);
    EXPECT_TRUE(box.run("run_tests", "{}").is_error); // no test-command: an unknown tool
    int runs = 0;
    box.set_run_tests([&] {
        ++runs;
        return ToolOutcome::ok("test-command failed: exit status 1 after 0.1 s");
    });
    const ToolOutcome outcome = box.run("run_tests", "{}");
    EXPECT_FALSE(outcome.is_error);
    EXPECT_EQ(outcome.content, "test-command failed: exit status 1 after 0.1 s");
    EXPECT_EQ(runs, 1);
}

TEST_F(ToolBoxTest, SubmitFixValidatesDescriptionAndExplanation) {
    ToolBox box(*workspace);
    EXPECT_TRUE(
        box.run("submit_fix", json{{"description", std::string(73, 'x')}, {"explanation", "e"}}.dump())
            .is_error);
    EXPECT_TRUE(
        box.run("submit_fix", json{{"description", "two\nlines"}, {"explanation", "e"}}.dump()).is_error);
    EXPECT_TRUE(box.run("submit_fix", json{{"description", "fix"}, {"explanation", "  "}}.dump()).is_error);
    EXPECT_TRUE(box.run("submit_fix", json{{"description", "fix"}}.dump()).is_error);
    EXPECT_FALSE(box.submission().has_value());
    // 72 characters, counted as code points: "é" is two bytes.
    const std::string description = std::string(71, 'x') + "\xc3\xa9";
    const auto outcome =
        box.run("submit_fix", json{{"description", description}, {"explanation", "because"}}.dump());
    EXPECT_FALSE(outcome.is_error) << outcome.content;
    ASSERT_TRUE(box.submission().has_value());
    EXPECT_EQ(box.submission()->description, description);
}

TEST_F(ToolBoxTest, UnknownToolAndMalformedInputAreErrors) {
    ToolBox box(*workspace);
    EXPECT_TRUE(box.run("bash", "{}").is_error);
    EXPECT_TRUE(box.run("list_files", "not json").is_error);
    EXPECT_TRUE(box.run("str_replace_based_edit_tool", "[1]").is_error);
}

} // namespace
} // namespace autofix::agent
