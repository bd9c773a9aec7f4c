// Checks the workflow commands' text and GitHub's escaping of messages and properties, and masking.
#include "action/workflow_commands.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace autofix::action {
namespace {

TEST(EscapeData, PercentAndLineBreaks) {
    EXPECT_EQ(escape_data("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b");
    EXPECT_EQ(escape_data("%0A"), "%250A");
}

TEST(EscapeProperty, AlsoColonAndComma) {
    EXPECT_EQ(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
}

TEST(Annotate, ErrorWithFileLineAndTitle) {
    std::ostringstream out;
    error(out, "expected 3,\ngot 4", {"src/a,b.cpp", 12, std::nullopt, 5, std::nullopt, "Build: failed"});
    EXPECT_EQ(out.str(),
              "::error file=src/a%2Cb.cpp,line=12,col=5,title=Build%3A failed::expected 3,%0Agot 4\n");
}

TEST(Annotate, PlainLevelsAndDebug) {
    std::ostringstream out;
    error(out, "boom");
    warning(out, "careful: 50%");
    notice(out, "note");
    debug(out, "x=1");
    EXPECT_EQ(out.str(), "::error::boom\n::warning::careful: 50%25\n::notice::note\n::debug::x=1\n");
}

TEST(Annotate, EndLineAndEndColumn) {
    std::ostringstream out;
    annotate(out, AnnotationLevel::warning, "m", {"f", 1, 2, 3, 4, ""});
    EXPECT_EQ(out.str(), "::warning file=f,line=1,endLine=2,col=3,endColumn=4::m\n");
}

TEST(AddMask, SingleLineSecret) {
    std::ostringstream out;
    add_mask(out, "sk-ant-123%");
    EXPECT_EQ(out.str(), "::add-mask::sk-ant-123%25\n");
}

TEST(AddMask, MultiLineSecretIsAlsoMaskedLineByLine) {
    std::ostringstream out;
    add_mask(out, "-----BEGIN-----\r\nabc\n\n  \ndef");
    EXPECT_EQ(out.str(), "::add-mask::-----BEGIN-----%0D%0Aabc%0A%0A  %0Adef\n"
                         "::add-mask::-----BEGIN-----\n"
                         "::add-mask::abc\n"
                         "::add-mask::def\n");
}

TEST(AddMask, EmptySecretWritesNothing) {
    std::ostringstream out;
    add_mask(out, "");
    add_mask(out, " \n ");
    EXPECT_EQ(out.str(), "");
}

TEST(AddMask, MaskSecretsMasksEach) {
    std::ostringstream out;
    mask_secrets(out, {"one", "", "two"});
    EXPECT_EQ(out.str(), "::add-mask::one\n::add-mask::two\n");
}

TEST(Group, ScopedGroupOpensAndCloses) {
    std::ostringstream out;
    {
        ScopedGroup group(out, "Fix session: attempt 1\n");
        out << "inside\n";
    }
    EXPECT_EQ(out.str(), "::group::Fix session: attempt 1%0A\ninside\n::endgroup::\n");
}

TEST(FormatCommand, SkipsEmptyProperties) {
    EXPECT_EQ(format_command("notice", {{"file", ""}, {"title", "t"}}, "m"), "::notice title=t::m");
}

} // namespace
} // namespace autofix::action
