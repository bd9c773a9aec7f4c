// Checks that branch names are accepted or refused by git's check-ref-format rules: unicode and shell
// metacharacters that git allows pass, whitespace, control characters and git's reserved forms do not.
#include "core/fix_branch.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

TEST(ValidBranchName, AcceptsOrdinaryUnicodeAndShellLikeNames) {
    EXPECT_TRUE(valid_branch_name("main"));
    EXPECT_TRUE(valid_branch_name("feature/add-login"));
    EXPECT_TRUE(valid_branch_name("autonomous-fix-1234567890"));
    EXPECT_TRUE(valid_branch_name("fix/\xC3\xBCnic\xC3\xB6"
                                  "de-\xE3\x83\x96\xE3\x83\xA9"));
    EXPECT_TRUE(valid_branch_name("a;$(id)`id`|&&>x"));
}

TEST(ValidBranchName, RefusesWhatGitRefuses) {
    for (const char* name :
         {"",     "@",   "-main", "/main",   "main/",       "main.",     "a..b",       "a@{1}",
          "a//b", "a b", "a\tb",  "a\nb",    "a~1",         "a^",        "a:b",        "a?",
          "a*",   "a[b", "a\\b",  ".hidden", "dir/.hidden", "main.lock", "dir.lock/x", "a\x7f"}) {
        EXPECT_FALSE(valid_branch_name(name)) << name;
    }
}

} // namespace
} // namespace autofix::core
