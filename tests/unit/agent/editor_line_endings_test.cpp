// Checks the text editor tool on CRLF, mixed and BOM files: view shows no '\r', str_replace matches an
// old_str written with "\n", insert and str_replace write the file back in its own style (final newline or
// its absence and the BOM kept, a mixed file unchanged outside the edit), create follows its folder's style.
#include "agent/editor_tool.hpp"
#include "unit/agent/temp_tree.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

using nlohmann::json;

struct EditorLineEndings : ::testing::Test {
    testing::TempTree tree;
    std::optional<Workspace> workspace;

    void SetUp() override {
        tree.write("win/app.cs", "\xEF\xBB\xBFusing System;\r\n\r\nclass App {\r\n    int x = 1;\r\n}");
        tree.write("win/Util.cs", "class Util {\r\n}\r\n");
        tree.write("mixed.txt", "one\r\ntwo\nthree\r\nfour\n");
        tree.write("unix/a.py", "a = 1\n");
        workspace.emplace(std::move(*Workspace::open(tree.root())));
    }

    ToolOutcome run(const json& input) { return run_editor_command(*workspace, input); }
};

TEST_F(EditorLineEndings, ViewShowsCrlfLinesWithoutCarriageReturns) {
    const auto outcome = run({{"command", "view"}, {"path", "win/Util.cs"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(outcome.content, "     1\tclass Util {\n     2\t}\n");
}

TEST_F(EditorLineEndings, StrReplaceMatchesLfTextInCrlfFileAndKeepsBomAndMissingNewline) {
    const auto outcome = run({{"command", "str_replace"},
                              {"path", "win/app.cs"},
                              {"old_str", "class App {\n    int x = 1;\n}"},
                              {"new_str", "class App {\n    int x = 2;\n    int y = 3;\n}"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("win/app.cs"),
              "\xEF\xBB\xBFusing System;\r\n\r\nclass App {\r\n    int x = 2;\r\n    int y = 3;\r\n}");
    EXPECT_EQ(outcome.content.find('\r'), std::string::npos) << outcome.content;
}

TEST_F(EditorLineEndings, StrReplaceAcceptsCrlfOldStrOnLfFile) {
    const auto outcome = run({{"command", "str_replace"},
                              {"path", "unix/a.py"},
                              {"old_str", "a = 1\r\n"},
                              {"new_str", "a = 2\r\n"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("unix/a.py"), "a = 2\n");
}

TEST_F(EditorLineEndings, MixedFileIsUnchangedOutsideTheEdit) {
    const auto outcome = run(
        {{"command", "str_replace"}, {"path", "mixed.txt"}, {"old_str", "two\nthree"}, {"new_str", "2\n3"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    // 2 CRLF and 2 LF: LF prevails for the edited span; one\r\n and four\n are untouched.
    EXPECT_EQ(tree.read("mixed.txt"), "one\r\n2\n3\r\nfour\n");
}

TEST_F(EditorLineEndings, InsertWritesCrlfAndKeepsMissingFinalNewline) {
    auto outcome = run(
        {{"command", "insert"}, {"path", "win/app.cs"}, {"insert_line", 1}, {"insert_text", "using IO;"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("win/app.cs"),
              "\xEF\xBB\xBFusing System;\r\nusing IO;\r\n\r\nclass App {\r\n    int x = 1;\r\n}");
    outcome =
        run({{"command", "insert"}, {"path", "win/app.cs"}, {"insert_line", 6}, {"insert_text", "// end\n"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("win/app.cs"),
              "\xEF\xBB\xBFusing System;\r\nusing IO;\r\n\r\nclass App {\r\n    int x = 1;\r\n}\r\n// end");
}

TEST_F(EditorLineEndings, InsertAtTopGoesAfterTheBom) {
    const auto outcome =
        run({{"command", "insert"}, {"path", "win/app.cs"}, {"insert_line", 0}, {"insert_text", "// top"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("win/app.cs").substr(0, 16), "\xEF\xBB\xBF// top\r\nusing");
}

TEST_F(EditorLineEndings, CreateFollowsTheFolderStyle) {
    auto outcome = run({{"command", "create"}, {"path", "win/New.cs"}, {"file_text", "class New {\n}\n"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("win/New.cs"), "class New {\r\n}\r\n");
    // A new folder inside the CRLF one takes the style of the nearest folder with files.
    outcome = run({{"command", "create"}, {"path", "win/sub/Deep.cs"}, {"file_text", "x\n"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("win/sub/Deep.cs"), "x\r\n");
    outcome = run({{"command", "create"}, {"path", "unix/b.py"}, {"file_text", "b = 2\r\n"}});
    ASSERT_FALSE(outcome.is_error) << outcome.content;
    EXPECT_EQ(tree.read("unix/b.py"), "b = 2\n");
}

} // namespace
} // namespace autofix::agent
