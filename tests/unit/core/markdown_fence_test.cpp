// Checks that a code fence is longer than any run of backticks in the text it encloses, and three at least.
#include "core/markdown_fence.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

TEST(CodeFence, ThreeBackticksAtLeastAndOneMoreThanTheLongestRun) {
    EXPECT_EQ(code_fence("plain text"), "```");
    EXPECT_EQ(code_fence("a `b` c ``d``"), "```");
    EXPECT_EQ(code_fence("```yaml\nkey: 1\n```"), "````");
    EXPECT_EQ(code_fence("x ````` y"), "``````");
}

} // namespace
} // namespace autofix::core
