// Checks the markdown builder's blocks and escaping, and that the report is appended to GITHUB_STEP_SUMMARY.
#include "action/step_summary.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace autofix::action {
namespace {

using testing::read_text;
using testing::TempDir;

TEST(EscapeTableCell, PipesAndLineBreaks) {
    EXPECT_EQ(escape_table_cell("a|b"), "a\\|b");
    EXPECT_EQ(escape_table_cell("one\ntwo\r\nthree\rfour"), "one<br>two<br>three<br>four");
    EXPECT_EQ(escape_table_cell("plain"), "plain");
}

TEST(MarkdownBuilder, HeadingParagraphAndBullets) {
    MarkdownBuilder markdown;
    markdown.heading("Autofix: case 1\nfirst failure", 2)
        .paragraph("Created **autonomous-fix-42**.")
        .bullets({"one", "two\nlines"});
    EXPECT_EQ(markdown.str(), "## Autofix: case 1 first failure\n\n"
                              "Created **autonomous-fix-42**.\n\n"
                              "- one\n- two lines\n\n");
}

TEST(MarkdownBuilder, HeadingLevelIsClamped) {
    EXPECT_EQ(MarkdownBuilder().heading("x", 9).str(), "###### x\n\n");
    EXPECT_EQ(MarkdownBuilder().heading("x", 0).str(), "# x\n\n");
}

TEST(MarkdownBuilder, TableEscapesCellsAndPadsShortRows) {
    MarkdownBuilder markdown;
    markdown.table({"attempt", "model", "result"}, {{"1", "claude|sonnet", "failed:\nassert x"}, {"2"}});
    EXPECT_EQ(markdown.str(), "| attempt | model | result |\n"
                              "| --- | --- | --- |\n"
                              "| 1 | claude\\|sonnet | failed:<br>assert x |\n"
                              "| 2 |  |  |\n\n");
}

TEST(MarkdownBuilder, CodeBlockFenceOutgrowsBackticks) {
    EXPECT_EQ(MarkdownBuilder().code_block("x = 1", "python").str(), "```python\nx = 1\n```\n\n");
    EXPECT_EQ(MarkdownBuilder().code_block("a ```` b\n").str(), "`````\na ```` b\n`````\n\n");
}

TEST(MarkdownBuilder, DetailsEscapesSummary) {
    EXPECT_EQ(MarkdownBuilder().details("Log <excerpt> & more", "body").str(),
              "<details><summary>Log &lt;excerpt&gt; &amp; more</summary>\n\nbody\n\n</details>\n\n");
}

TEST(AppendStepSummary, AppendsToTheFile) {
    TempDir dir;
    const Environment environment({{"GITHUB_STEP_SUMMARY", dir.file("summary.md")}});
    testing::write_text(dir.file("summary.md"), "# earlier step\n\n");
    ASSERT_TRUE(append_step_summary(environment, MarkdownBuilder().heading("Autofix").str()));
    ASSERT_TRUE(append_step_summary(environment, "more\n"));
    EXPECT_EQ(read_text(dir.file("summary.md")), "# earlier step\n\n## Autofix\n\nmore\n");
}

TEST(AppendStepSummary, NothingWhenUnset) {
    EXPECT_TRUE(append_step_summary(Environment(), "ignored"));
}

TEST(AppendStepSummary, UnwritableFileIsAnIoError) {
    const auto status = append_step_summary(
        Environment(Environment::Variables{{"GITHUB_STEP_SUMMARY", "/nonexistent-dir/s.md"}}), "x");
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().kind, core::ErrorKind::io);
    EXPECT_NE(status.error().message.find("step summary"), std::string::npos);
}

} // namespace
} // namespace autofix::action
