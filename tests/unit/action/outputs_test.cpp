// Checks that outputs are appended to GITHUB_OUTPUT in heredoc form, read back by the runner's rules,
// and that names and values holding the delimiter are refused.
#include "action/outputs.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace autofix::action {
namespace {

using testing::read_text;
using testing::TempDir;

TEST(OutputFile, WritesHeredocsThatParseBack) {
    TempDir dir;
    const OutputFile outputs(dir.file("output"));
    ASSERT_EQ(outputs.mode(), OutputMode::file);
    ASSERT_TRUE(outputs.set("case", "4"));
    ASSERT_TRUE(outputs.set("pr-url", "https://github.com/o/r/pull/7"));
    ASSERT_TRUE(outputs.set("summary", "line one\nline two = x\nname<<EOF"));
    ASSERT_TRUE(outputs.set("empty", ""));

    const std::string text = read_text(dir.file("output"));
    const std::string& delimiter = outputs.delimiter();
    EXPECT_EQ(text.rfind("case<<" + delimiter + "\n4\n" + delimiter + "\npr-url<<", 0), 0u);

    const auto parsed = parse_output_file(text);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->at("case"), "4");
    EXPECT_EQ(parsed->at("pr-url"), "https://github.com/o/r/pull/7");
    EXPECT_EQ(parsed->at("summary"), "line one\nline two = x\nname<<EOF");
    EXPECT_EQ(parsed->at("empty"), "");
    EXPECT_EQ(parsed->size(), 4u);
}

TEST(OutputFile, AppendsToExistingContent) {
    TempDir dir;
    testing::write_text(dir.file("output"), "earlier=step\n");
    const OutputFile outputs(dir.file("output"), "ghadelimiter_fixed");
    ASSERT_TRUE(outputs.set("attempt", "2"));
    EXPECT_EQ(read_text(dir.file("output")),
              "earlier=step\nattempt<<ghadelimiter_fixed\n2\nghadelimiter_fixed\n");
}

TEST(OutputFile, RefusesValueContainingTheDelimiter) {
    TempDir dir;
    const OutputFile outputs(dir.file("output"), "ghadelimiter_abc");
    const auto status = outputs.set("body", "text\nghadelimiter_abc\nmore");
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().kind, core::ErrorKind::invalid_input);
    EXPECT_NE(status.error().message.find("delimiter"), std::string::npos);
    EXPECT_EQ(read_text(dir.file("output")), "");
}

TEST(OutputFile, RefusesInvalidNames) {
    TempDir dir;
    const OutputFile outputs(dir.file("output"));
    EXPECT_FALSE(outputs.set("", "x"));
    EXPECT_FALSE(outputs.set("1case", "x"));
    EXPECT_FALSE(outputs.set("a b", "x"));
    EXPECT_FALSE(outputs.set("a<<b", "x"));
    EXPECT_FALSE(outputs.set("a=b", "x"));
    EXPECT_TRUE(outputs.set("_ok-name_2", "x"));
}

TEST(OutputFile, RandomDelimitersDiffer) {
    const std::string first = random_delimiter();
    EXPECT_EQ(first.rfind("ghadelimiter_", 0), 0u);
    EXPECT_EQ(first.size(), 13u + 32u);
    EXPECT_NE(first, random_delimiter());
}

TEST(OutputFile, DiscardsWhenGithubOutputIsUnset) {
    const auto outputs =
        OutputFile::from_environment(Environment(Environment::Variables{{"GITHUB_OUTPUT", ""}}));
    EXPECT_EQ(outputs.mode(), OutputMode::discard);
    EXPECT_TRUE(outputs.set("case", "4"));
    EXPECT_FALSE(outputs.set("bad name", "4"));
}

TEST(OutputFile, FromEnvironmentWritesToGithubOutput) {
    TempDir dir;
    const auto outputs =
        OutputFile::from_environment(Environment(Environment::Variables{{"GITHUB_OUTPUT", dir.file("out")}}));
    ASSERT_TRUE(outputs.set("model", "claude-sonnet-4-5"));
    EXPECT_EQ(parse_output_file(read_text(dir.file("out")))->at("model"), "claude-sonnet-4-5");
}

TEST(OutputFile, UnwritablePathIsAnIoError) {
    const OutputFile outputs("/nonexistent-dir/output");
    const auto status = outputs.set("case", "4");
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().kind, core::ErrorKind::io);
}

TEST(ParseOutputFile, RejectsUnterminatedHeredocAndBadLines) {
    EXPECT_FALSE(parse_output_file("a<<EOF\nvalue\n"));
    EXPECT_FALSE(parse_output_file("no separator here\n"));
    EXPECT_EQ(parse_output_file("a=1\na=2\n")->at("a"), "2");
}

// Found by fuzzing (tests/fuzz/corpus/output_file/crash-d2cf...): the runner reads "\r\n" as a line break, so
// a value ending in '\r' cannot round-trip and is refused, while a "\r\n" inside a value is kept as written.
TEST(OutputFile, CarriageReturnsRoundTripOrAreRefused) {
    TempDir dir;
    const OutputFile outputs(dir.file("output"));
    EXPECT_FALSE(outputs.set("trailing", "value\r"));
    ASSERT_TRUE(outputs.set("inside", "one\r\ntwo\r\n"));
    ASSERT_TRUE(outputs.set("bare", "a\rb"));
    const auto parsed = parse_output_file(read_text(dir.file("output")));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->count("trailing"), 0u);
    EXPECT_EQ(parsed->at("inside"), "one\r\ntwo\r\n");
    EXPECT_EQ(parsed->at("bare"), "a\rb");
}

// A file written with "\r\n" line breaks parses as the runner reads it.
TEST(ParseOutputFile, CrLfLineBreaksAreLineBreaks) {
    const auto parsed = parse_output_file("a<<EOF\r\nline\r\nEOF\r\nb=2\r\n");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->at("a"), "line");
    EXPECT_EQ(parsed->at("b"), "2");
}

} // namespace
} // namespace autofix::action
