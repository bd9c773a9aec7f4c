// Checks the text editor tool's commands on a temporary directory: view (file, range, directory), create,
// str_replace's unique-match rule, insert, and that refusals come back as error outcomes with the reason.
#include "agent/editor_tool.hpp"
#include "unit/agent/temp_tree.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

using nlohmann::json;

struct EditorTest : ::testing::Test {
    testing::TempTree tree;
    std::optional<Workspace> workspace;

    void SetUp() override {
        tree.write("app.py", "import os\n\ndef main():\n    print(helper())\n");
        tree.write("lib/util.py", "x = 1\nx = 1\n");
        tree.write(".github/workflows/ci.yml", "on: push\n");
        workspace.emplace(std::move(*Workspace::open(tree.root())));
    }

    ToolOutcome run(const json& input) { return run_editor_command(*workspace, input); }
};

TEST_F(EditorTest, ViewsFileWithLineNumbers) {
    const auto outcome = run({{"command", "view"}, {"path", "app.py"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(outcome.content,
              "     1\timport os\n     2\t\n     3\tdef main():\n     4\t    print(helper())\n");
}

TEST_F(EditorTest, ViewsRange) {
    auto outcome = run({{"command", "view"}, {"path", "app.py"}, {"view_range", {3, 4}}});
    EXPECT_EQ(outcome.content, "     3\tdef main():\n     4\t    print(helper())\n");
    outcome = run({{"command", "view"}, {"path", "app.py"}, {"view_range", {4, -1}}});
    EXPECT_EQ(outcome.content, "     4\t    print(helper())\n");
    outcome = run({{"command", "view"}, {"path", "app.py"}, {"view_range", {9, 12}}});
    EXPECT_TRUE(outcome.is_error);
    EXPECT_NE(outcome.content.find("invalid view_range"), std::string::npos);
}

TEST_F(EditorTest, ViewsDirectoryExcludingHidden) {
    const auto outcome = run({{"command", "view"}, {"path", "."}});
    ASSERT_FALSE(outcome.is_error);
    EXPECT_NE(outcome.content.find("app.py\nlib/\nlib/util.py\n"), std::string::npos) << outcome.content;
    EXPECT_EQ(outcome.content.find(".github"), std::string::npos);
}

TEST_F(EditorTest, CreatesNewFileButNeverOverwrites) {
    auto outcome = run({{"command", "create"}, {"path", "pkg/new.py"}, {"file_text", "y = 2\n"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("pkg/new.py"), "y = 2\n");
    outcome = run({{"command", "create"}, {"path", "app.py"}, {"file_text", ""}});
    EXPECT_TRUE(outcome.is_error);
    EXPECT_NE(outcome.content.find("already exists"), std::string::npos);
}

TEST_F(EditorTest, StrReplaceNeedsExactlyOneMatch) {
    auto outcome = run({{"command", "str_replace"},
                        {"path", "app.py"},
                        {"old_str", "helper()"},
                        {"new_str", "os.getcwd()"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("app.py"), "import os\n\ndef main():\n    print(os.getcwd())\n");
    EXPECT_NE(outcome.content.find("has been edited"), std::string::npos);

    outcome = run(
        {{"command", "str_replace"}, {"path", "lib/util.py"}, {"old_str", "x = 1"}, {"new_str", "x = 2"}});
    EXPECT_TRUE(outcome.is_error);
    EXPECT_NE(outcome.content.find("found 2 matches"), std::string::npos) << outcome.content;
    EXPECT_NE(outcome.content.find("lines 1, 2"), std::string::npos);
    EXPECT_EQ(tree.read("lib/util.py"), "x = 1\nx = 1\n");

    outcome = run({{"command", "str_replace"}, {"path", "app.py"}, {"old_str", "missing"}, {"new_str", "x"}});
    EXPECT_TRUE(outcome.is_error);
    EXPECT_NE(outcome.content.find("did not appear verbatim"), std::string::npos);
}

TEST_F(EditorTest, InsertsAfterLine) {
    auto outcome =
        run({{"command", "insert"}, {"path", "app.py"}, {"insert_line", 1}, {"insert_text", "import sys"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("app.py"), "import os\nimport sys\n\ndef main():\n    print(helper())\n");
    outcome = run({{"command", "insert"},
                   {"path", "app.py"},
                   {"insert_line", 0},
                   {"new_str", "#!/usr/bin/env python\n"}});
    ASSERT_FALSE(outcome.is_error);
    EXPECT_EQ(tree.read("app.py").substr(0, 22), "#!/usr/bin/env python\n");
    outcome = run({{"command", "insert"}, {"path", "app.py"}, {"insert_line", 99}, {"insert_text", "x"}});
    EXPECT_TRUE(outcome.is_error);
}

TEST_F(EditorTest, RefusalsAreErrorOutcomesWithReason) {
    auto outcome = run({{"command", "str_replace"},
                        {"path", ".github/workflows/ci.yml"},
                        {"old_str", "push"},
                        {"new_str", "x"}});
    EXPECT_TRUE(outcome.is_error);
    EXPECT_NE(outcome.content.find("protected"), std::string::npos);
    EXPECT_EQ(tree.read(".github/workflows/ci.yml"), "on: push\n");

    outcome = run({{"command", "view"}, {"path", "/etc/passwd"}});
    EXPECT_TRUE(outcome.is_error);
    EXPECT_NE(outcome.content.find("absolute"), std::string::npos);

    outcome = run({{"command", "create"}, {"path", "../escape.txt"}, {"file_text", "x"}});
    EXPECT_TRUE(outcome.is_error);
    EXPECT_FALSE(std::filesystem::exists(tree.root().parent_path() / "escape.txt"));
}

TEST_F(EditorTest, RefusesEditingBinaryFile) {
    tree.write("data.bin", std::string("ab\0cd", 5));
    const auto outcome =
        run({{"command", "str_replace"}, {"path", "data.bin"}, {"old_str", "ab"}, {"new_str", "x"}});
    EXPECT_TRUE(outcome.is_error);
    EXPECT_NE(outcome.content.find("binary"), std::string::npos);
}

TEST_F(EditorTest, RejectsUndoAndUnknownCommands) {
    EXPECT_TRUE(run({{"command", "undo_edit"}, {"path", "app.py"}}).is_error);
    EXPECT_TRUE(run({{"command", "delete"}, {"path", "app.py"}}).is_error);
    EXPECT_TRUE(run({{"path", "app.py"}}).is_error);
}

} // namespace
} // namespace autofix::agent
