// Checks TextFile: CRLF read as LF, the byte-order mark and every line ending outside an edit kept, new lines
// written in the file's dominant style, and a missing final newline left missing.
#include "agent/line_endings.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

TEST(TextFile, ReadsCrlfAsLfAndWritesItBackUnchanged) {
    const std::string bytes = "\xEF\xBB\xBF"
                              "a\r\nb\r\nc";
    const TextFile file = TextFile::parse(bytes);
    EXPECT_EQ(file.text(), "a\nb\nc");
    EXPECT_EQ(file.dominant(), LineEnding::crlf);
    EXPECT_EQ(file.bytes(), bytes);
}

TEST(TextFile, ReplacementLinesTakeTheDominantEnding) {
    const TextFile file = TextFile::parse("one\r\ntwo\r\nthree\r\n");
    EXPECT_EQ(file.replace(4, 3, "2\nand a half"), "one\r\n2\r\nand a half\r\nthree\r\n");
}

TEST(TextFile, MixedFileKeepsEveryEndingOutsideTheEdit) {
    const std::string bytes = "a\r\nb\nc\r\nd\ne\r\nf";
    const TextFile file = TextFile::parse(bytes);
    EXPECT_EQ(file.text(), "a\nb\nc\nd\ne\nf");
    EXPECT_EQ(file.dominant(), LineEnding::crlf); // 3 CRLF of 5
    // "c" becomes "C": the endings around it stay as they were.
    EXPECT_EQ(file.replace(4, 1, "C"), "a\r\nb\nC\r\nd\ne\r\nf");
    // Lines inserted after "d\n" get CRLF; d's own LF stays.
    EXPECT_EQ(file.replace(8, 0, "x\n"), "a\r\nb\nc\r\nd\nx\r\ne\r\nf");
}

TEST(TextFile, LoneCarriageReturnIsText) {
    const TextFile file = TextFile::parse("a\rb\n");
    EXPECT_EQ(file.text(), "a\rb\n");
    EXPECT_EQ(file.dominant(), LineEnding::lf);
    EXPECT_EQ(file.bytes(), "a\rb\n");
}

TEST(TextFile, ReplacementWithCrlfIsNormalisedFirst) {
    const TextFile file = TextFile::parse("x\ny\n");
    EXPECT_EQ(file.replace(0, 1, "p\r\nq"), "p\nq\ny\n");
}

TEST(LineEndings, PrevailingEndingCountsLines) {
    EXPECT_EQ(prevailing_ending({"a\r\nb\r\n", "c\n"}), LineEnding::crlf);
    EXPECT_EQ(prevailing_ending({"a\r\n", "c\nd\n"}), LineEnding::lf);
    EXPECT_EQ(prevailing_ending({}), LineEnding::lf);
    EXPECT_EQ(with_ending("a\nb", LineEnding::crlf), "a\r\nb");
    EXPECT_EQ(to_lf("a\r\nb\r"), "a\nb\r");
}

} // namespace
} // namespace autofix::agent
