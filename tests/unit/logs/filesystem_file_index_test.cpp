// Checks the std::filesystem FileIndex: it records files relative to the root, skips .git and
// node_modules, honours its cap, and fails on a missing root.
#include "logs/filesystem_file_index.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace autofix::logs {
namespace {

namespace fs = std::filesystem;

class FilesystemFileIndexTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_root = fs::temp_directory_path() /
                 ("autofix-index-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_root);
        for (const char* path : {"src/main.cpp", "src/util/math.cpp", ".git/HEAD", "node_modules/x/index.js",
                                 "tests/test_math.py"}) {
            fs::create_directories((m_root / path).parent_path());
            std::ofstream(m_root / path) << "x";
        }
    }
    void TearDown() override { fs::remove_all(m_root); }

    fs::path m_root;
};

TEST_F(FilesystemFileIndexTest, IndexesTheTreeWithoutGitAndNodeModules) {
    auto index = FilesystemFileIndex::scan(m_root);
    ASSERT_TRUE(index.has_value());
    EXPECT_EQ(index->size(), 3u);
    EXPECT_FALSE(index->truncated());
    EXPECT_TRUE(index->exists("src/util/math.cpp"));
    EXPECT_FALSE(index->exists(".git/HEAD"));
    EXPECT_FALSE(index->exists("src"));
    EXPECT_EQ(index->find_by_suffix("math.cpp", 5), (std::vector<std::string>{"src/util/math.cpp"}));
}

TEST_F(FilesystemFileIndexTest, CappedWalkFallsBackToTheDisk) {
    auto index = FilesystemFileIndex::scan(m_root, 1);
    ASSERT_TRUE(index.has_value());
    EXPECT_TRUE(index->truncated());
    EXPECT_EQ(index->size(), 1u);
    EXPECT_TRUE(index->exists("src/main.cpp"));
    EXPECT_TRUE(index->exists("tests/test_math.py"));
    EXPECT_FALSE(index->exists("../etc/passwd"));
}

TEST(FilesystemFileIndex, MissingRootIsAnIoError) {
    auto index = FilesystemFileIndex::scan("/nonexistent/autofix/root");
    ASSERT_FALSE(index.has_value());
    EXPECT_EQ(index.error().kind, core::ErrorKind::io);
}

} // namespace
} // namespace autofix::logs

namespace autofix::logs {
namespace {

TEST(RelativeTo, StripsTheRootAndFallsBackToLexicallyRelative) {
    // The walk's entries lose the root by a prefix strip; anything else is what lexically_relative says.
    EXPECT_EQ(relative_to("/w/repo/src/a.cpp", "/w/repo"), "src/a.cpp");
    EXPECT_EQ(relative_to("/w/repo/src/a.cpp", "/w/repo/"), "src/a.cpp");
    EXPECT_EQ(relative_to("/w/repository/a.cpp", "/w/repo"), "../repository/a.cpp");
    EXPECT_EQ(relative_to("/w/other/a.cpp", "/w/repo"), "../other/a.cpp");
    EXPECT_EQ(relative_to("/a.cpp", "/"), "a.cpp");
}

} // namespace
} // namespace autofix::logs
