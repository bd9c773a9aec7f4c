// Checks the commit gate: each way of weakening the tests is refused (several languages), and the look-alikes
// pass: a renamed test file, an added assertion, a skip in code that is not a test, a comment about skipping,
// a raised coverage threshold, a workflow edit that leaves the test command alone, an allowed path.
#include "core/commit_gate.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

GatePolicy policy(std::vector<std::string> allowed = {}, std::string test_command = "") {
    GatePolicy result;
    result.allowed_globs = std::move(allowed);
    result.test_command = std::move(test_command);
    return result;
}

// The refusals of one file changed from `before` to `after` (nullopt: absent).
std::vector<GateRefusal> review(const std::string& path, const std::optional<std::string>& before,
                                const std::optional<std::string>& after, const GatePolicy& with = policy()) {
    return review_change({file_lines(path, before, after)}, with);
}

std::vector<GateRule> rules(const std::vector<GateRefusal>& refusals) {
    std::vector<GateRule> result;
    for (const auto& refusal : refusals) {
        result.push_back(refusal.rule);
    }
    return result;
}

const std::string python_test = "import unittest\n"
                                "\n"
                                "class ReportTest(unittest.TestCase):\n"
                                "    def test_report_json(self):\n"
                                "        self.assertEqual(report_json(ITEMS), '{}')\n"
                                "        self.assertTrue(ok)\n";

// `text` with `from` replaced by `to` once.
std::string edited(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

TEST(FileLines, CountsAddedAndRemovedLinesAsMultisets) {
    const FileLines file = file_lines("a.py", "a\nb\nc\nb\n", "b\na\nd\nb\n");
    EXPECT_EQ(file.status, FileStatus::modified);
    EXPECT_EQ(file.added, (std::vector<std::string>{"d"}));
    EXPECT_EQ(file.removed, (std::vector<std::string>{"c"}));
    EXPECT_EQ(file_lines("n.py", std::nullopt, "x\n").status, FileStatus::added);
    EXPECT_EQ(file_lines("n.py", "x\n", std::nullopt).status, FileStatus::deleted);
    EXPECT_EQ(file_lines("n.py", "x\r\ny\r\n", "x\ny\n").added.size(), 0U); // line endings are not content
}

TEST(FileLines, AFileLeftBlankIsADeletion) {
    EXPECT_EQ(file_lines("tests/test_a.py", python_test, "\n  \n").status, FileStatus::deleted);
    EXPECT_EQ(file_lines("tests/__init__.py", "", "").status, FileStatus::modified);
}

TEST(CommitGate, RefusesDeletingOrEmptyingATestFile) {
    const auto deleted = review("tests/test_report.py", python_test, std::nullopt);
    ASSERT_EQ(rules(deleted), std::vector<GateRule>{GateRule::deletes_test_file});
    EXPECT_EQ(deleted[0].path, "tests/test_report.py");
    EXPECT_EQ(rules(review("src/test/java/shop/CartTest.java", "class CartTest {}\n", "")),
              std::vector<GateRule>{GateRule::deletes_test_file});
    EXPECT_EQ(rules(review("pkg/cart_test.go", "package cart\n", std::nullopt)),
              std::vector<GateRule>{GateRule::deletes_test_file});
}

TEST(CommitGate, DeletingCodeThatIsNotATestPasses) {
    EXPECT_TRUE(review("inventory/legacy.py", "def old():\n    assert x\n", std::nullopt).empty());
}

TEST(CommitGate, RenamingATestFileWithItsContentPasses) {
    const std::vector<FileLines> files{file_lines("tests/test_report.py", python_test, std::nullopt),
                                       file_lines("tests/test_reports.py", std::nullopt, python_test)};
    EXPECT_TRUE(review_change(files, policy()).empty());
}

TEST(CommitGate, RenamingATestFileOutOfDiscoveryIsRefused) {
    const std::vector<FileLines> files{file_lines("tests/test_report.py", python_test, std::nullopt),
                                       file_lines("inventory/report_checks.py", std::nullopt, python_test)};
    const auto refusals = review_change(files, policy());
    ASSERT_EQ(rules(refusals), std::vector<GateRule>{GateRule::deletes_test_file});
    EXPECT_NE(refusals[0].reason.find("tests/test_report.py"), std::string::npos) << refusals[0].reason;
}

TEST(CommitGate, RenameThatAddsASkipIsStillRefused) {
    const std::string skipped = edited(python_test, "    def test_report_json",
                                       "    @unittest.skip('later')\n    def test_report_json");
    const std::vector<FileLines> files{file_lines("tests/test_report.py", python_test, std::nullopt),
                                       file_lines("tests/test_reports.py", std::nullopt, skipped)};
    EXPECT_EQ(rules(review_change(files, policy())), std::vector<GateRule>{GateRule::adds_skip_marker});
}

TEST(CommitGate, RefusesPythonSkipAndXfailMarkers) {
    for (const std::string marker :
         {"    @pytest.mark.skip(reason='flaky')",
          "    @pytest.mark.skipif(sys.platform == 'linux', reason='x')", "    @pytest.mark.xfail",
          "    @unittest.skip('broken')", "    @unittest.expectedFailure"}) {
        const auto refusals =
            review("tests/test_report.py", python_test,
                   edited(python_test, "    def test_report_json", marker + "\n    def test_report_json"));
        ASSERT_EQ(rules(refusals), std::vector<GateRule>{GateRule::adds_skip_marker}) << marker;
        EXPECT_NE(refusals[0].reason.find(marker.substr(4)), std::string::npos) << refusals[0].reason;
    }
    EXPECT_EQ(rules(review("tests/test_report.py", python_test,
                           edited(python_test, "        self.assertTrue(ok)\n",
                                  "        self.assertTrue(ok)\n        pytest.skip('later')\n"))),
              std::vector<GateRule>{GateRule::adds_skip_marker});
    EXPECT_EQ(rules(review("tests/test_report.py", python_test,
                           edited(python_test, "        self.assertTrue(ok)\n",
                                  "        self.assertTrue(ok)\n        self.skipTest('later')\n"))),
              std::vector<GateRule>{GateRule::adds_skip_marker});
}

TEST(CommitGate, RefusesSkipMarkersOfOtherFrameworks) {
    struct Case {
        std::string path;
        std::string before;
        std::string after;
    };
    const std::vector<Case> cases{
        {"src/test/java/shop/CartTest.java", "  @Test\n  void total() {}\n",
         "  @Disabled\n  @Test\n  void total() {}\n"},
        {"src/test/java/shop/CartTest.java", "  @Test\n  public void total() {}\n",
         "  @Ignore(\"later\")\n  @Test\n  public void total() {}\n"},
        {"app/src/test/kotlin/CartTest.kt", "  @Test fun total() {}\n",
         "  @Disabled(\"x\") @Test fun total() {}\n"},
        {"src/cart.test.ts", "it('totals', () => {});\n", "it.skip('totals', () => {});\n"},
        {"src/cart.spec.js", "test('totals', () => {});\n", "test.skip('totals', () => {});\n"},
        {"src/__tests__/cart.js", "describe('cart', () => {});\n", "describe.skip('cart', () => {});\n"},
        {"test/cart.js", "it('totals', () => {});\n", "xit('totals', () => {});\n"},
        {"test/cart.js", "describe('cart', () => {});\n", "xdescribe('cart', () => {});\n"},
        {"src/cart.test.ts", "it('totals', () => {});\n", "it.todo('totals');\n"},
        {"src/cart.test.ts", "it('totals', () => {});\n", "it.only('totals', () => {});\n"},
        {"cart/cart_test.go", "func TestTotal(t *testing.T) {\n",
         "func TestTotal(t *testing.T) {\n\tt.Skip(\"flaky\")\n"},
        {"tests/cart.rs", "#[test]\nfn total() {}\n", "#[test]\n#[ignore]\nfn total() {}\n"},
        {"src/cart.rs", "    #[test]\n    fn total() {}\n",
         "    #[test]\n    #[ignore = \"later\"]\n    fn total() {}\n"},
        {"spec/cart_spec.rb", "  it 'totals' do\n", "  it 'totals' do\n    skip 'later'\n"},
        {"spec/cart_spec.rb", "  it 'totals' do\n", "  xit 'totals' do\n"},
        {"spec/cart_spec.rb", "  it 'totals' do\n", "  it 'totals' do\n    pending\n"},
        {"tests/cart_test.cpp", "TEST(Cart, Total) {\n", "TEST(Cart, DISABLED_Total) {\n"},
        {"tests/cart_test.cpp", "TEST(Cart, Total) {\n", "TEST(Cart, Total) {\n  GTEST_SKIP();\n"},
        {"tests/CartTest.php", "  public function testTotal() {\n",
         "  public function testTotal() {\n    $this->markTestSkipped('later');\n"},
        {"Tests/CartTests.cs", "    [Fact]\n", "    [Fact(Skip = \"later\")]\n"},
        {"pytest.ini", "[pytest]\naddopts = -q\n",
         "[pytest]\naddopts = -q --deselect tests/test_report.py::test_json\n"},
        {"pyproject.toml", "addopts = \"-q\"\n", "addopts = \"-q -k 'not test_json'\"\n"},
        {"jest.config.js", "module.exports = {\n};\n",
         "module.exports = {\n  testPathIgnorePatterns: ['cart'],\n};\n"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(rules(review(c.path, c.before, c.after)), std::vector<GateRule>{GateRule::adds_skip_marker})
            << c.path << ": " << c.after;
    }
}

TEST(CommitGate, ASkipInCodeThatIsNotATestPasses) {
    EXPECT_TRUE(review("inventory/report.py", "def build(items):\n    pass\n",
                       "def build(items, skip=False):\n    if skip:\n        return None\n    pytest.skip\n")
                    .empty());
    EXPECT_TRUE(
        review("src/pager.ts", "const rows = all;\n", "const rows = all.skip(10);\nit.skip = 1;\n").empty());
    EXPECT_TRUE(review("src/Query.cs", "var rows = all;\n", "var rows = all.Skip(10);\n").empty());
}

TEST(CommitGate, ACommentAboutSkippingPasses) {
    EXPECT_TRUE(review("tests/test_report.py", python_test,
                       edited(python_test, "        self.assertTrue(ok)\n",
                              "        # do not @pytest.mark.skip this: it caught a real bug\n"
                              "        self.assertTrue(ok)  # pytest.skip() would hide it\n"))
                    .empty());
    EXPECT_TRUE(review("src/cart.test.ts", "it('totals', () => {});\n",
                       "// it.skip would hide the rounding bug\nit('totals', () => {}); // not xit\n")
                    .empty());
    EXPECT_TRUE(
        review("spec/cart_spec.rb", "  it 'totals' do\n", "  # skip when offline? no\n  it 'totals' do\n")
            .empty());
}

TEST(CommitGate, MovingAnExistingSkipMarkerPasses) {
    const std::string before =
        "@pytest.mark.skip(reason='needs network')\ndef test_a():\n    pass\n\ndef test_b():\n";
    const std::string after =
        "def test_a():\n    pass\n\n@pytest.mark.skip(reason='needs network')\ndef test_b():\n";
    EXPECT_TRUE(review("tests/test_net.py", before, after).empty());
}

TEST(CommitGate, RefusesRemovingAssertionsWithoutReplacingThem) {
    const auto refusals =
        review("tests/test_report.py", python_test, edited(python_test, "        self.assertTrue(ok)\n", ""));
    ASSERT_EQ(rules(refusals), std::vector<GateRule>{GateRule::removes_assertions});
    EXPECT_NE(refusals[0].reason.find("self.assertTrue(ok)"), std::string::npos) << refusals[0].reason;
    EXPECT_EQ(rules(review("src/cart.test.ts", "it('t', () => {\n  expect(total()).toBe(3);\n});\n",
                           "it('t', () => {\n  total();\n});\n")),
              std::vector<GateRule>{GateRule::removes_assertions});
    EXPECT_EQ(rules(review("cart/cart_test.go", "\trequire.NoError(t, err)\n\tassert.Equal(t, 3, n)\n",
                           "\t_ = n\n")),
              std::vector<GateRule>{GateRule::removes_assertions});
    EXPECT_EQ(rules(review("src/test/java/CartTest.java", "    assertEquals(3, cart.total());\n",
                           "    cart.total();\n")),
              std::vector<GateRule>{GateRule::removes_assertions});
    EXPECT_EQ(rules(review("tests/cart.rs", "    assert_eq!(total(), 3);\n", "    total();\n")),
              std::vector<GateRule>{GateRule::removes_assertions});
    EXPECT_EQ(rules(review("spec/cart_spec.rb", "    expect(cart.total).to eq(3)\n", "    cart.total\n")),
              std::vector<GateRule>{GateRule::removes_assertions});
    EXPECT_EQ(rules(review("tests/test_plain.py", "def test_a():\n    assert total() == 3\n",
                           "def test_a():\n    total()\n")),
              std::vector<GateRule>{GateRule::removes_assertions});
}

TEST(CommitGate, ReplacingOrAddingAssertionsPasses) {
    EXPECT_TRUE(review("tests/test_report.py", python_test,
                       edited(python_test, "self.assertTrue(ok)", "self.assertEqual(ok, True)"))
                    .empty());
    EXPECT_TRUE(review("tests/test_report.py", python_test,
                       python_test + "        self.assertIn('items', report_json(ITEMS))\n")
                    .empty());
    // An assertion moved from one test file to another is not lost.
    const std::vector<FileLines> moved{
        file_lines("tests/test_a.py", "def test_a():\n    assert a() == 1\n    assert b() == 2\n",
                   "def test_a():\n    assert a() == 1\n"),
        file_lines("tests/test_b.py", "def test_b():\n    pass\n", "def test_b():\n    assert b() == 2\n")};
    EXPECT_TRUE(review_change(moved, policy()).empty());
    // Assertions in code that is not a test are the code's business.
    EXPECT_TRUE(review("inventory/report.py", "    assert items is not None\n", "    pass\n").empty());
}

TEST(CommitGate, RefusesLoweringOrRemovingCoverageThresholds) {
    struct Case {
        std::string path;
        std::string before;
        std::string after;
    };
    const std::vector<Case> cases{
        {"setup.cfg", "[coverage:report]\nfail_under = 90\n", "[coverage:report]\nfail_under = 60\n"},
        {".coveragerc", "[report]\nfail_under = 90\n", "[report]\n"},
        {"pyproject.toml", "[tool.coverage.report]\nfail_under = 85.5\n",
         "[tool.coverage.report]\nfail_under = 80\n"},
        {"tox.ini", "commands = pytest --cov=app --cov-fail-under=90\n",
         "commands = pytest --cov=app --cov-fail-under=50\n"},
        {"jest.config.js", "  coverageThreshold: { global: { lines: 90, branches: 80 } },\n",
         "  coverageThreshold: { global: { lines: 70, branches: 80 } },\n"},
        {"package.json", "      \"statements\": 95,\n", "      \"statements\": 10,\n"},
        {"pom.xml", "<minimum>0.80</minimum>\n", "<minimum>0.50</minimum>\n"},
        {"build.gradle", "    minimum = 0.8\n", "    minimum = 0.1\n"},
        {".simplecov", "minimum_coverage 95\n", "minimum_coverage 80\n"},
        {"codecov.yml", "      target: 90%\n", "      target: 50%\n"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(rules(review(c.path, c.before, c.after)), std::vector<GateRule>{GateRule::lowers_coverage})
            << c.path << ": " << c.after;
    }
}

TEST(CommitGate, RaisingCoverageOrUnrelatedNumbersPasses) {
    EXPECT_TRUE(review("setup.cfg", "fail_under = 80\n", "fail_under = 90\n").empty());
    EXPECT_TRUE(review("inventory/pricing.py", "minimum = 5\nlines: 3\n", "minimum = 1\nlines: 1\n").empty());
    EXPECT_TRUE(
        review("src/layout.js", "const box = { lines: 90 };\n", "const box = { lines: 10 };\n").empty());
}

TEST(CommitGate, RefusesContinueOnErrorInWorkflows) {
    const std::string workflow = "jobs:\n  test:\n    steps:\n      - run: make test\n";
    const auto refusals = review(".github/workflows/ci.yml", workflow,
                                 edited(workflow, "      - run: make test\n",
                                        "      - run: make test\n        continue-on-error: true\n"));
    ASSERT_EQ(rules(refusals), std::vector<GateRule>{GateRule::continue_on_error});
    EXPECT_EQ(rules(review(".github/workflows/ci.yaml", "  test:\n",
                           "  test:\n    continue-on-error: ${{ true }}\n")),
              std::vector<GateRule>{GateRule::continue_on_error});
    EXPECT_EQ(rules(review(".gitlab-ci.yml", "test:\n  script: make\n",
                           "test:\n  allow_failure: true\n  script: make\n")),
              std::vector<GateRule>{GateRule::continue_on_error});
    EXPECT_TRUE(
        review(".github/workflows/ci.yml", "  test:\n", "  test:\n    continue-on-error: false\n").empty());
}

TEST(CommitGate, RefusesEditingTheTestCommandInCi) {
    const std::string workflow =
        "    steps:\n      - uses: actions/checkout@v4\n      - run: python -m pytest -q\n";
    const auto refusals = review(".github/workflows/ci.yml", workflow,
                                 edited(workflow, "python -m pytest -q", "python -m pytest -q -x || true"));
    ASSERT_EQ(rules(refusals), std::vector<GateRule>{GateRule::edits_test_command});
    EXPECT_NE(refusals[0].reason.find("pytest"), std::string::npos) << refusals[0].reason;
    EXPECT_EQ(rules(review(".github/workflows/ci.yml", "      - run: ./scripts/check.sh\n",
                           "      - run: echo ok\n", policy({}, "./scripts/check.sh"))),
              std::vector<GateRule>{GateRule::edits_test_command});
    EXPECT_EQ(rules(review("package.json", "    \"test\": \"jest\",\n",
                           "    \"test\": \"jest --passWithNoTests\",\n")),
              std::vector<GateRule>{GateRule::edits_test_command});
    EXPECT_EQ(rules(review(".github/autofix.yml", "test-command: make test\n", "test-command: true\n")),
              std::vector<GateRule>{GateRule::edits_test_command});
    EXPECT_EQ(rules(review(".github/autofix.yml", "model: x\n", "model: x\nallow-test-changes: '**'\n")),
              std::vector<GateRule>{GateRule::edits_test_command});
    EXPECT_EQ(rules(review(".gitlab-ci.yml", "  script: cargo test\n", "  script: cargo build\n")),
              std::vector<GateRule>{GateRule::edits_test_command});
}

TEST(CommitGate, WorkflowEditsThatLeaveTheTestsAlonePass) {
    const std::string workflow = "    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
                                 "          python-version: '3.11'\n      - run: python -m pytest -q\n";
    EXPECT_TRUE(review(".github/workflows/ci.yml", workflow, edited(workflow, "'3.11'", "'3.12'")).empty());
    EXPECT_TRUE(
        review("package.json", "    \"build\": \"tsc\",\n", "    \"build\": \"tsc -p .\",\n").empty());
    // pytest named outside CI configuration is code, not the CI's test command.
    EXPECT_TRUE(review("requirements-dev.txt", "pytest==7.4\n", "pytest==8.0\n").empty());
}

TEST(CommitGate, AllowedGlobsLetPathsChangeAnyway) {
    const std::string skipped =
        edited(python_test, "    def test_report_json", "    @pytest.mark.skip\n    def test_report_json");
    EXPECT_TRUE(review("tests/test_report.py", python_test, skipped, policy({"tests/**"})).empty());
    EXPECT_TRUE(
        review("tests/test_report.py", python_test, skipped, policy({"tests/test_report.py"})).empty());
    EXPECT_EQ(rules(review("tests/test_report.py", python_test, skipped,
                           policy({"tests/test_other.py", "src/**"}))),
              std::vector<GateRule>{GateRule::adds_skip_marker});
    // A rename is allowed by its old path too.
    const std::vector<FileLines> renamed{file_lines("tests/test_report.py", python_test, std::nullopt),
                                         file_lines("inventory/checks.py", std::nullopt, python_test)};
    EXPECT_TRUE(review_change(renamed, policy({"tests/test_report.py"})).empty());
}

TEST(CommitGate, ReportsEveryRuleBrokenAcrossFiles) {
    const std::vector<FileLines> files{
        file_lines("tests/test_report.py", python_test,
                   edited(edited(python_test, "        self.assertTrue(ok)\n", ""),
                          "    def test_report_json", "    @pytest.mark.xfail\n    def test_report_json")),
        file_lines("setup.cfg", "fail_under = 90\n", "fail_under = 10\n"),
        file_lines("inventory/report.py", "import json\n", "import json\nimport sys\n")};
    const auto refusals = review_change(files, policy());
    EXPECT_EQ(rules(refusals), (std::vector<GateRule>{GateRule::adds_skip_marker, GateRule::lowers_coverage,
                                                      GateRule::removes_assertions}));
    const std::string text = describe_refusals(refusals);
    EXPECT_NE(text.find("submit_fix refused"), std::string::npos) << text;
    EXPECT_NE(text.find("- tests/test_report.py: adds a marker"), std::string::npos) << text;
    EXPECT_NE(text.find("- setup.cfg: lowers a coverage threshold (fail-under 90 -> 10)"), std::string::npos)
        << text;
}

TEST(CommitGate, ARealFixPasses) {
    EXPECT_TRUE(review("inventory/report.py", "\"\"\"Stock reports.\"\"\"\n\nLOW = 5\n",
                       "\"\"\"Stock reports.\"\"\"\nimport json\n\nLOW = 5\n")
                    .empty());
    EXPECT_TRUE(review_change({}, policy()).empty());
}

TEST(CommitGate, RuleNames) {
    EXPECT_STREQ(to_string(GateRule::deletes_test_file), "deletes_test_file");
    EXPECT_STREQ(to_string(GateRule::adds_skip_marker), "adds_skip_marker");
    EXPECT_STREQ(to_string(GateRule::removes_assertions), "removes_assertions");
    EXPECT_STREQ(to_string(GateRule::lowers_coverage), "lowers_coverage");
    EXPECT_STREQ(to_string(GateRule::continue_on_error), "continue_on_error");
    EXPECT_STREQ(to_string(GateRule::edits_test_command), "edits_test_command");
}

} // namespace
} // namespace autofix::core
