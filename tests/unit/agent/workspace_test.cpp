// Checks the workspace sandbox: one test per refusal (absolute, `..`, symlinks out, .git, protected globs,
// control characters, size cap, binary, empty path) and the tracking of changed files.
#include "agent/workspace.hpp"
#include "unit/agent/temp_tree.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

namespace fs = std::filesystem;

struct WorkspaceTest : ::testing::Test {
    testing::TempTree tree;
    testing::TempTree outside;

    Workspace open(WorkspaceOptions options = {}) {
        auto workspace = Workspace::open(tree.root(), std::move(options));
        EXPECT_TRUE(workspace.has_value());
        return std::move(*workspace);
    }

    static void expect_refused(const core::Error& error, const std::string& reason) {
        EXPECT_EQ(error.kind, core::ErrorKind::sandbox);
        EXPECT_NE(error.message.find(reason), std::string::npos) << error.message;
    }
};

TEST_F(WorkspaceTest, NormalisesAllowedPaths) {
    tree.write("src/a.py", "x = 1\n");
    auto workspace = open();
    EXPECT_EQ(*workspace.check("src/a.py", Access::write), "src/a.py");
    EXPECT_EQ(*workspace.check("./src//b/../a.py", Access::write), "src/a.py");
    EXPECT_EQ(*workspace.check(".", Access::read), "");
    EXPECT_EQ(*workspace.read_text("src/a.py"), "x = 1\n");
}

TEST_F(WorkspaceTest, RefusesAbsolutePath) {
    auto workspace = open();
    const auto absolute = (tree.root() / "a.py").string();
    expect_refused(workspace.check(absolute, Access::read).error(), "absolute paths are not allowed");
    expect_refused(workspace.check("/etc/passwd", Access::read).error(), "absolute paths are not allowed");
}

TEST_F(WorkspaceTest, RefusesDotDotEscape) {
    auto workspace = open();
    expect_refused(workspace.check("../secret", Access::read).error(), "escapes the repository");
    expect_refused(workspace.check("src/../../secret", Access::write).error(), "escapes the repository");
}

TEST_F(WorkspaceTest, RefusesFileSymlinkLeadingOut) {
    outside.write("secret.txt", "TOKEN");
    fs::create_symlink(outside.root() / "secret.txt", tree.root() / "link.txt");
    auto workspace = open();
    expect_refused(workspace.read_text("link.txt").error(), "symbolic link leading out");
    expect_refused(workspace.write_text("link.txt", "x").error(), "symbolic link leading out");
    EXPECT_EQ(outside.read("secret.txt"), "TOKEN");
}

TEST_F(WorkspaceTest, RefusesDirectorySymlinkLeadingOut) {
    outside.write("etc/config", "secret");
    fs::create_symlink(outside.root() / "etc", tree.root() / "conf");
    auto workspace = open();
    expect_refused(workspace.read_text("conf/config").error(), "symbolic link leading out");
    expect_refused(workspace.write_text("conf/new.txt", "x").error(), "symbolic link leading out");
    EXPECT_FALSE(fs::exists(outside.root() / "etc/new.txt"));
}

TEST_F(WorkspaceTest, AllowsSymlinkInside) {
    tree.write("real/a.txt", "inside");
    fs::create_symlink(tree.root() / "real", tree.root() / "alias");
    auto workspace = open();
    EXPECT_EQ(*workspace.read_text("alias/a.txt"), "inside");
}

TEST_F(WorkspaceTest, RefusesGitDirectory) {
    tree.write(".git/config", "[core]\n");
    auto workspace = open();
    expect_refused(workspace.read_text(".git/config").error(), ".git/");
    expect_refused(workspace.write_text(".git/hooks/pre-commit", "evil").error(), ".git/");
    expect_refused(workspace.check("src/../.git/HEAD", Access::read).error(), ".git/");
    expect_refused(workspace.check(".GIT/config", Access::read).error(), ".git/");
}

TEST_F(WorkspaceTest, RefusesSymlinkIntoGitDirectory) {
    tree.write(".git/config", "[core]\n");
    fs::create_symlink(tree.root() / ".git", tree.root() / "meta");
    auto workspace = open();
    expect_refused(workspace.write_text("meta/config", "x").error(), ".git/");
    EXPECT_EQ(tree.read(".git/config"), "[core]\n");
}

TEST_F(WorkspaceTest, RefusesWritingProtectedPathButAllowsReading) {
    tree.write(".github/workflows/ci.yml", "on: push\n");
    auto workspace = open();
    EXPECT_EQ(*workspace.read_text(".github/workflows/ci.yml"), "on: push\n");
    expect_refused(workspace.write_text(".github/workflows/ci.yml", "on: []\n").error(), "protected");
    expect_refused(workspace.write_text(".github/workflows/new.yml", "x").error(), "protected");
    EXPECT_EQ(tree.read(".github/workflows/ci.yml"), "on: push\n");
}

TEST_F(WorkspaceTest, RefusesCustomProtectedGlob) {
    auto workspace = open(WorkspaceOptions{{"**/*.lock", "secrets/**"}, 1024 * 1024, 50000});
    expect_refused(workspace.write_text("deps/Cargo.lock", "x").error(), "protected");
    expect_refused(workspace.write_text("secrets/key", "x").error(), "protected");
    EXPECT_TRUE(workspace.write_text(".github/workflows/ci.yml", "allowed here").has_value());
}

TEST_F(WorkspaceTest, RefusesControlCharacters) {
    auto workspace = open();
    expect_refused(workspace.check(std::string("a\0b", 3), Access::read).error(), "control characters");
    expect_refused(workspace.check("a\nb", Access::read).error(), "control characters");
    expect_refused(workspace.check("a\x1b[31m", Access::read).error(), "control characters");
}

TEST_F(WorkspaceTest, RefusesEmptyPath) {
    auto workspace = open();
    expect_refused(workspace.check("", Access::read).error(), "empty");
}

TEST_F(WorkspaceTest, RefusesFilesOverTheSizeCap) {
    tree.write("big.txt", std::string(2048, 'a'));
    auto workspace = open(WorkspaceOptions{{}, 1024, 50000});
    expect_refused(workspace.read_text("big.txt").error(), "cap");
    expect_refused(workspace.write_text("new.txt", std::string(1025, 'b')).error(), "cap");
    EXPECT_FALSE(fs::exists(tree.root() / "new.txt"));
}

TEST_F(WorkspaceTest, RefusesBinaryFiles) {
    tree.write("image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    auto workspace = open();
    expect_refused(workspace.read_text("image.png").error(), "binary");
    expect_refused(workspace.write_text("blob.bin", std::string("a\0b", 3)).error(), "NUL");
}

TEST_F(WorkspaceTest, TracksOnlyRealChanges) {
    tree.write("a.txt", "one\n");
    tree.write("b.txt", "two\n");
    auto workspace = open();
    ASSERT_TRUE(workspace.write_text("a.txt", "changed\n").has_value());
    ASSERT_TRUE(workspace.write_text("b.txt", "tmp\n").has_value());
    ASSERT_TRUE(workspace.write_text("b.txt", "two\n").has_value()); // restored: no change
    ASSERT_TRUE(workspace.write_text("dir/new.txt", "new\n").has_value());
    EXPECT_EQ(workspace.changed_files(), (std::vector<std::string>{"a.txt", "dir/new.txt"}));
}

TEST_F(WorkspaceTest, ListsFilesWithoutGitAndTreeTwoLevelsDeep) {
    tree.write(".git/HEAD", "ref\n");
    tree.write(".github/workflows/ci.yml", "x");
    tree.write("src/a/b/deep.py", "x");
    tree.write("src/top.py", "x");
    tree.write("README.md", "x");
    auto workspace = open();
    EXPECT_EQ(
        workspace.list_files("", true),
        (std::vector<std::string>{".github/workflows/ci.yml", "README.md", "src/a/b/deep.py", "src/top.py"}));
    EXPECT_EQ(workspace.list_files("", false),
              (std::vector<std::string>{"README.md", "src/a/b/deep.py", "src/top.py"}));
    EXPECT_EQ(workspace.list_tree("", 2),
              (std::vector<std::string>{"README.md", "src/", "src/a/", "src/top.py"}));
}

TEST_F(WorkspaceTest, RestorePutsBackWhatTheSessionWrote) {
    tree.write("a.txt", "before\r\n");
    auto workspace = open();
    ASSERT_TRUE(workspace.write_text("a.txt", "after\n"));
    ASSERT_TRUE(workspace.write_text("dir/new.txt", "new\n"));
    ASSERT_TRUE(workspace.restore());
    EXPECT_EQ(tree.read("a.txt"), "before\r\n");
    EXPECT_FALSE(fs::exists(tree.root() / "dir/new.txt"));
    EXPECT_TRUE(workspace.changed_files().empty());
}

} // namespace
} // namespace autofix::agent
