// Checks that the next-page URL is read from GitHub's Link header in its real shapes, and that a last
// page or a malformed header gives no next page.
#include "core/github_link_header.hpp"

#include <gtest/gtest.h>

namespace autofix {
namespace {

TEST(NextPageUrl, ReadsNextAmongOtherRelations) {
    const std::string header =
        R"(<https://api.github.com/repositories/1300192/issues?page=1>; rel="prev", )"
        R"(<https://api.github.com/repositories/1300192/issues?page=3>; rel="next", )"
        R"(<https://api.github.com/repositories/1300192/issues?page=515>; rel="last", )"
        R"(<https://api.github.com/repositories/1300192/issues?page=1>; rel="first")";
    EXPECT_EQ(core::next_page_url(header), "https://api.github.com/repositories/1300192/issues?page=3");
}

TEST(NextPageUrl, NextMayComeLastAndUnquoted) {
    EXPECT_EQ(core::next_page_url("<http://h/a?page=1>; rel=first, <http://h/a?page=2>; rel=next"),
              "http://h/a?page=2");
    EXPECT_EQ(core::next_page_url(R"(<http://h/a?page=2>; rel="next last")"), "http://h/a?page=2");
}

TEST(NextPageUrl, NoNextOnTheLastPage) {
    EXPECT_EQ(core::next_page_url(R"(<http://h/a?page=1>; rel="prev", <http://h/a?page=1>; rel="first")"),
              "");
    EXPECT_EQ(core::next_page_url(""), "");
    EXPECT_EQ(core::next_page_url(R"(<http://h/a?page=2; rel="next")"), "");
    EXPECT_EQ(core::next_page_url(R"(<http://h/a?page=2>; relation="next")"), "");
}

} // namespace
} // namespace autofix
