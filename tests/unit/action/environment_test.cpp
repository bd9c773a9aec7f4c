// Checks the environment snapshot: built from an environ-style array, unset versus empty values.
#include "action/environment.hpp"

#include <gtest/gtest.h>

namespace autofix::action {
namespace {

TEST(Environment, FromEnviron) {
    const char* entries[] = {"GITHUB_SHA=abc", "EMPTY=",    "WITH_EQUALS=a=b",
                             "NO_EQUALS",      "=nameless", nullptr};
    const auto environment = Environment::from_environ(entries);
    EXPECT_EQ(environment.get("GITHUB_SHA"), "abc");
    EXPECT_EQ(environment.get("EMPTY"), "");
    EXPECT_EQ(environment.get("WITH_EQUALS"), "a=b");
    EXPECT_EQ(environment.get("NO_EQUALS"), std::nullopt);
    EXPECT_EQ(environment.variables().size(), 3u);
}

TEST(Environment, ValueOrTreatsEmptyAsUnset) {
    const Environment environment({{"SET", "x"}, {"EMPTY", ""}});
    EXPECT_EQ(environment.value_or("SET", "d"), "x");
    EXPECT_EQ(environment.value_or("EMPTY", "d"), "d");
    EXPECT_EQ(environment.value_or("UNSET", "d"), "d");
}

TEST(Environment, NullEnvironIsEmpty) {
    EXPECT_TRUE(Environment::from_environ(nullptr).variables().empty());
}

} // namespace
} // namespace autofix::action
