// Checks the line-level recognisers of the commit gate: test paths, comments, skip markers, assertions,
// coverage thresholds, continue-on-error and test runners.
#include "core/test_markers.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

TEST(TestPath, KnowsTheConventionsOfSeveralLanguages) {
    for (const char* path :
         {"tests/test_report.py", "test_report.py", "pkg/report_test.py", "conftest.py", "cart/cart_test.go",
          "src/cart.test.ts", "src/cart.spec.js", "src/__tests__/cart.js", "spec/cart_spec.rb",
          "src/test/java/shop/Cart.java", "shop/CartTest.java", "shop/CartTests.cs", "shop/CartIT.java",
          "tests/cart.rs", "e2e/login.ts", "Tests/CartTest.php"}) {
        EXPECT_TRUE(is_test_path(path)) << path;
    }
    for (const char* path : {"inventory/report.py", "src/latest.py", "src/testimonials.py", "src/contest.go",
                             "README.md", "src/Attest.java", "src/cart.rs", ".github/workflows/ci.yml"}) {
        EXPECT_FALSE(is_test_path(path)) << path;
    }
}

TEST(CodePart, DropsCommentsOutsideQuotes) {
    EXPECT_EQ(code_part("    # @pytest.mark.skip", CommentStyle::hash), "");
    EXPECT_EQ(code_part("x = 1  # skip", CommentStyle::hash), "x = 1  ");
    EXPECT_EQ(code_part("s = \"# not a comment\"", CommentStyle::hash), "s = \"# not a comment\"");
    EXPECT_EQ(code_part("  // it.skip", CommentStyle::slash), "");
    EXPECT_EQ(code_part(" * xit is for later", CommentStyle::slash), "");
    EXPECT_EQ(code_part("f(\"http://x\"); // y", CommentStyle::slash), "f(\"http://x\"); ");
    EXPECT_EQ(code_part("#[ignore]", CommentStyle::slash), "#[ignore]");
    EXPECT_EQ(comment_style("a/b.py"), CommentStyle::hash);
    EXPECT_EQ(comment_style("a/b.rs"), CommentStyle::slash);
    EXPECT_EQ(comment_style("a/b.txt"), CommentStyle::none);
}

TEST(SkipMarker, CountsOnlyWhereTestsLive) {
    EXPECT_TRUE(skip_marker("@pytest.mark.skip", "tests/test_a.py"));
    EXPECT_FALSE(skip_marker("@pytest.mark.skip", "app/a.py"));
    EXPECT_TRUE(skip_marker("#[ignore]", "src/lib.rs"));
    EXPECT_TRUE(skip_marker("addopts = --deselect tests/test_a.py::test_x", "pytest.ini"));
    EXPECT_FALSE(skip_marker("addopts = --deselect tests/test_a.py::test_x", "docs/notes.ini"));
    EXPECT_FALSE(skip_marker("", "tests/test_a.py"));
}

TEST(SkipMarker, LeavesLookAlikesAlone) {
    for (const char* code :
         {"rows = query.skip(10)", "def skip_header(lines):", "skipped = 0", "it('skips blanks')",
          "var rows = all.Skip(3);", "expect(fit(x)).toBe(1)", "exit(0)", "pendingOrders = []"}) {
        EXPECT_FALSE(skip_marker(code, "tests/test_a.py")) << code;
        EXPECT_FALSE(skip_marker(code, "src/a.test.js")) << code;
    }
}

TEST(Assertion, RecognisesCommonForms) {
    for (const char* code :
         {"assert x == 1", "self.assertEqual(a, b)", "assertThat(a).isEqualTo(b);", "Assert.AreEqual(1, a);",
          "assert_eq!(a, 1);", "expect(a).toBe(1);", "expect { run }.to raise_error", "a.should.equal(1)",
          "require.NoError(t, err)", "assert.Equal(t, 1, a)", "t.Fatalf(\"bad\")", "EXPECT_EQ(a, 1);",
          "REQUIRE(a == 1);", "with pytest.raises(ValueError):", "XCTAssertEqual(a, 1)",
          "$this->assertSame(1, $a);"}) {
        EXPECT_TRUE(is_assertion(code)) << code;
    }
    for (const char* code :
         {"assertion_count = 0", "x = expected", "const mod = require('x');", "", "pass"}) {
        EXPECT_FALSE(is_assertion(code)) << code;
    }
}

TEST(CoverageThresholds, ReadsKeyAndValue) {
    auto found = coverage_thresholds("pytest --cov=app --cov-fail-under=85", "tox.ini");
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].key, "fail-under");
    EXPECT_DOUBLE_EQ(found[0].value, 85);
    found = coverage_thresholds("<minimum>0.75</minimum>", "pom.xml");
    ASSERT_EQ(found.size(), 1U);
    EXPECT_DOUBLE_EQ(found[0].value, 0.75);
    EXPECT_TRUE(coverage_thresholds("<minimum>0.75</minimum>", "src/data.xml").empty());
    EXPECT_EQ(coverage_thresholds("lines: 80, branches: 70", "jest.config.ts").size(), 2U);
    EXPECT_TRUE(coverage_thresholds("lines: 80", "src/app.ts").empty());
}

TEST(ContinueOnError, TrueAndExpressionsButNotFalse) {
    EXPECT_TRUE(sets_continue_on_error("    continue-on-error: true"));
    EXPECT_TRUE(sets_continue_on_error("  - continue-on-error: ${{ matrix.experimental }}"));
    EXPECT_TRUE(sets_continue_on_error("  allow_failure: true"));
    EXPECT_FALSE(sets_continue_on_error("    continue-on-error: false"));
    EXPECT_FALSE(sets_continue_on_error("    run: make"));
}

TEST(TestRunner, NamesRunnersAndTheConfiguredCommand) {
    EXPECT_EQ(test_runner("      - run: python -m pytest -q", ""), "python -m pytest");
    EXPECT_EQ(test_runner("  run: npm test", ""), "npm test");
    EXPECT_EQ(test_runner("  run: go test ./...", ""), "go test");
    EXPECT_EQ(test_runner("  run: ./ci/check.sh --all", "./ci/check.sh"), "./ci/check.sh");
    EXPECT_FALSE(test_runner("  run: npm ci", ""));
    EXPECT_FALSE(test_runner("  uses: actions/checkout@v4", ""));
    EXPECT_TRUE(is_package_test_script("\"test\": \"jest\",", "package.json"));
    EXPECT_TRUE(is_package_test_script("\"test:unit\": \"jest\",", "web/package.json"));
    EXPECT_FALSE(is_package_test_script("\"build\": \"tsc\",", "package.json"));
}

} // namespace
} // namespace autofix::core
