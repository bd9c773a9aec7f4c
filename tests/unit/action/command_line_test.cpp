// Checks the parsing of command-line flags: both spellings, the --output alias, --dry-run alone,
// help and version, and the errors for unknown flags, missing values and stray arguments.
#include "action/command_line.hpp"

#include <gtest/gtest.h>

namespace autofix::action {
namespace {

core::Expected<CommandLine> parse(std::vector<std::string> arguments) {
    return parse_command_line(arguments);
}

TEST(CommandLine, BothSpellings) {
    const auto line =
        parse({"--build-status", "failure", "--branch=main", "--failure-log", "test output.log"});
    ASSERT_TRUE(line) << line.error().message;
    EXPECT_EQ(line->request, Request::run);
    EXPECT_EQ(line->values.at("build-status"), "failure");
    EXPECT_EQ(line->values.at("branch"), "main");
    EXPECT_EQ(line->values.at("failure-log"), "test output.log");
}

TEST(CommandLine, EqualsSpellingKeepsEqualsAndEmptyValues) {
    const auto line = parse({"--model=a=b", "--base-branch="});
    ASSERT_TRUE(line);
    EXPECT_EQ(line->values.at("model"), "a=b");
    EXPECT_EQ(line->values.at("base-branch"), "");
}

TEST(CommandLine, OutputIsAnAliasOfResultFile) {
    const auto line = parse({"--output", "agent-result.json"});
    ASSERT_TRUE(line);
    EXPECT_EQ(line->values.at("result-file"), "agent-result.json");
}

TEST(CommandLine, DryRunAloneMeansTrue) {
    EXPECT_EQ(parse({"--dry-run"})->values.at("dry-run"), "true");
    EXPECT_EQ(parse({"--dry-run", "--branch", "x"})->values.at("dry-run"), "true");
    EXPECT_EQ(parse({"--dry-run", "no"})->values.at("dry-run"), "no");
    EXPECT_EQ(parse({"--dry-run=false"})->values.at("dry-run"), "false");
}

TEST(CommandLine, HelpAndVersionAreReported) {
    EXPECT_EQ(parse({"--help"})->request, Request::help);
    EXPECT_EQ(parse({"-h"})->request, Request::help);
    EXPECT_EQ(parse({"--version", "--bogus"})->request, Request::version);
    EXPECT_EQ(parse({"--print-settings", "--branch", "x"})->request, Request::print_settings);
}

TEST(CommandLine, UnknownFlag) {
    const auto line = parse({"--build-status", "failure", "--colour", "red"});
    ASSERT_FALSE(line);
    EXPECT_EQ(line.error().kind, core::ErrorKind::invalid_input);
    EXPECT_EQ(line.error().message, "unknown flag '--colour' (see --help)");
}

TEST(CommandLine, FlagMissingItsValue) {
    const auto at_end = parse({"--branch"});
    ASSERT_FALSE(at_end);
    EXPECT_EQ(at_end.error().message, "flag '--branch' needs a value");
    const auto before_flag = parse({"--build-status", "--branch", "main"});
    ASSERT_FALSE(before_flag);
    EXPECT_EQ(before_flag.error().message, "flag '--build-status' needs a value");
}

TEST(CommandLine, PositionalArgumentIsRefused) {
    const auto line = parse({"failure"});
    ASSERT_FALSE(line);
    EXPECT_NE(line.error().message.find("unexpected argument 'failure'"), std::string::npos);
}

TEST(CommandLine, UsageNamesEveryFlag) {
    const std::string usage = usage_text();
    for (const char* flag : {"--build-status", "--github-token", "--max-attempts", "--output", "--redact",
                             "--agent-email", "--print-settings", "--version"}) {
        EXPECT_NE(usage.find(flag), std::string::npos) << flag;
    }
}

} // namespace
} // namespace autofix::action
