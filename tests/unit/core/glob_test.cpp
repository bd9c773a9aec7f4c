// Checks the glob matcher used for protected paths and list_files: `*`, `?`, classes and `**`.
#include "core/glob.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

TEST(GlobMatch, DoubleStarMatchesAnyDepth) {
    EXPECT_TRUE(glob_match(".github/workflows/**", ".github/workflows/ci.yml"));
    EXPECT_TRUE(glob_match(".github/workflows/**", ".github/workflows/sub/deep.yml"));
    EXPECT_FALSE(glob_match(".github/workflows/**", ".github/dependabot.yml"));
    EXPECT_TRUE(glob_match("**/*.py", "main.py"));
    EXPECT_TRUE(glob_match("**/*.py", "a/b/c.py"));
    EXPECT_TRUE(glob_match("src/**/test_*.cpp", "src/test_x.cpp"));
    EXPECT_TRUE(glob_match("src/**/test_*.cpp", "src/a/b/test_x.cpp"));
    EXPECT_FALSE(glob_match("src/**/test_*.cpp", "lib/test_x.cpp"));
}

TEST(GlobMatch, StarStaysInOneComponent) {
    EXPECT_TRUE(glob_match("*.md", "README.md"));
    EXPECT_FALSE(glob_match("*.md", "docs/README.md"));
    EXPECT_TRUE(glob_match("src/*.cpp", "src/a.cpp"));
    EXPECT_FALSE(glob_match("src/*.cpp", "src/a/b.cpp"));
    EXPECT_TRUE(glob_match("a*b*c", "aXXbYYc"));
    EXPECT_FALSE(glob_match("a*b*c", "aXXbYY"));
}

TEST(GlobMatch, QuestionMarkAndClasses) {
    EXPECT_TRUE(glob_match("file?.txt", "file1.txt"));
    EXPECT_FALSE(glob_match("file?.txt", "file12.txt"));
    EXPECT_TRUE(glob_match("[abc].h", "b.h"));
    EXPECT_FALSE(glob_match("[!abc].h", "b.h"));
    EXPECT_TRUE(glob_match("v[0-9].txt", "v7.txt"));
    EXPECT_TRUE(glob_match("[.txt", "[.txt")); // malformed class is literal
}

} // namespace
} // namespace autofix::core
