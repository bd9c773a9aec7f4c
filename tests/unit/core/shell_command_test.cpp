// Checks which program a test-command starts as far as it can be told without a shell, and how test-timeout
// durations are read.
#include "core/shell_command.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

TEST(FirstProgram, IsTheFirstWord) {
    EXPECT_EQ(first_program("python3 -m pytest -q"), "python3");
    EXPECT_EQ(first_program("  make test"), "make");
    EXPECT_EQ(first_program("./run-tests.sh --fast"), "./run-tests.sh");
    EXPECT_EQ(first_program("npm test && npm run lint"), "npm");
    EXPECT_EQ(first_program("pytest;echo done"), "pytest");
}

TEST(FirstProgram, SkipsLeadingAssignments) {
    EXPECT_EQ(first_program("CI=1 LANG=C.UTF-8 cargo test"), "cargo");
    EXPECT_EQ(first_program("A=1"), std::nullopt);
}

TEST(FirstProgram, LeavesShellSyntaxAndBuiltinsToTheShell) {
    EXPECT_EQ(first_program("cd backend && go test ./..."), std::nullopt);
    EXPECT_EQ(first_program("\"my tool\" run"), std::nullopt);
    EXPECT_EQ(first_program("$RUNNER test"), std::nullopt);
    EXPECT_EQ(first_program("(cd x; make)"), std::nullopt);
    EXPECT_EQ(first_program("if true; then make; fi"), std::nullopt);
    EXPECT_EQ(first_program("exec pytest"), std::nullopt);
    EXPECT_EQ(first_program(""), std::nullopt);
}

TEST(DurationSeconds, ReadsSecondsAndUnits) {
    EXPECT_EQ(parse_duration_seconds("600"), 600);
    EXPECT_EQ(parse_duration_seconds("90s"), 90);
    EXPECT_EQ(parse_duration_seconds("10m"), 600);
    EXPECT_EQ(parse_duration_seconds(" 2h "), 7200);
}

TEST(DurationSeconds, RefusesWhatIsNoPositiveDurationUpToADay) {
    EXPECT_EQ(parse_duration_seconds(""), std::nullopt);
    EXPECT_EQ(parse_duration_seconds("0"), std::nullopt);
    EXPECT_EQ(parse_duration_seconds("-5"), std::nullopt);
    EXPECT_EQ(parse_duration_seconds("10 minutes"), std::nullopt);
    EXPECT_EQ(parse_duration_seconds("1.5m"), std::nullopt);
    EXPECT_EQ(parse_duration_seconds("25h"), std::nullopt);
}

} // namespace
} // namespace autofix::core
