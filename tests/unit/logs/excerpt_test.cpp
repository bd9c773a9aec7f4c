// Checks the excerpt: whole logs under budget pass unchanged, big logs keep error windows with context,
// the failed step and the tail within the budget, collapse repeats and say what was cut; and the line
// classifier's verdicts on common toolchain lines.
#include "logs/excerpt.hpp"
#include "logs/token_estimate.hpp"

#include <gtest/gtest.h>
#include <string>

namespace autofix::logs {
namespace {

Excerpt run(const std::vector<std::string>& lines, ExcerptOptions options = {},
            Redactor redactor = Redactor{}) {
    Excerpter excerpter(options);
    for (const auto& text : lines) {
        NormalizedLine line{text, LineMarker::none, {}, 0};
        if (text.starts_with("=== ")) {
            line.marker = LineMarker::section;
            line.title = std::string_view(text).substr(4, text.size() - 8);
        } else if (text.starts_with("Error: Process completed")) {
            line.marker = LineMarker::error_marker;
        }
        excerpter.add(line, classify_line(text));
    }
    return excerpter.finish(redactor);
}

std::vector<std::string> noise(int count, const std::string& prefix = "compiling module") {
    std::vector<std::string> lines;
    for (int i = 0; i < count; ++i) {
        lines.push_back(prefix + " " + std::to_string(i) + " with some ordinary output text");
    }
    return lines;
}

TEST(Excerpt, UnderBudgetPassesWhole) {
    std::vector<std::string> lines = {"a", "a", "error: x", "", "b"};
    Excerpt excerpt = run(lines);
    EXPECT_TRUE(excerpt.whole);
    EXPECT_EQ(excerpt.text, "a\na\nerror: x\n\nb");
    EXPECT_EQ(excerpt.lines_kept, 5u);
}

TEST(Excerpt, EmptyLogGivesEmptyExcerpt) {
    Excerpt excerpt = run({});
    EXPECT_EQ(excerpt.text, "");
    EXPECT_EQ(excerpt.lines, 0u);
}

TEST(Excerpt, KeepsErrorWithContextTailAndCutMarkers) {
    ExcerptOptions options;
    options.budget_tokens = 500;
    auto lines = noise(1000);
    lines[500] = "src/a.c:3:1: error: expected ';'";
    Excerpt excerpt = run(lines, options);
    EXPECT_FALSE(excerpt.whole);
    EXPECT_LE(estimate_tokens(excerpt.text), 500u);
    EXPECT_NE(excerpt.text.find("[... 497 lines cut ...]\ncompiling module 497"), std::string::npos)
        << excerpt.text;
    EXPECT_NE(excerpt.text.find("src/a.c:3:1: error: expected ';'\ncompiling module 501"), std::string::npos);
    EXPECT_NE(excerpt.text.find("compiling module 506 "), std::string::npos);
    EXPECT_EQ(excerpt.text.find("compiling module 507 "), std::string::npos);
    EXPECT_TRUE(excerpt.text.ends_with("compiling module 999 with some ordinary output text"));
    EXPECT_NE(excerpt.text.find("lines cut ...]\ncompiling module 9"), std::string::npos);
}

TEST(Excerpt, TailBeforeAFinalErrorIsKept) {
    ExcerptOptions options;
    options.budget_tokens = 500;
    auto lines = noise(2000);
    lines.push_back("Error: Process completed with exit code 1.");
    Excerpt excerpt = run(lines, options);
    EXPECT_LE(estimate_tokens(excerpt.text), 500u);
    EXPECT_GT(estimate_tokens(excerpt.text), 400u);
    EXPECT_NE(excerpt.text.find("\ncompiling module 1990 "), std::string::npos) << excerpt.text;
    EXPECT_TRUE(excerpt.text.ends_with("compiling module 1999 with some ordinary output text\n"
                                       "Error: Process completed with exit code 1."));
}

TEST(Excerpt, BudgetRespectedForManyErrors) {
    for (std::size_t budget : {100u, 1000u, 8000u}) {
        ExcerptOptions options;
        options.budget_tokens = budget;
        std::vector<std::string> lines;
        for (int i = 0; i < 20000; ++i) {
            lines.push_back(i % 7 == 0 ? "src/f" + std::to_string(i) + ".c:1:1: error: thing " +
                                             std::to_string(i) + " failed"
                                       : "output line " + std::to_string(i));
        }
        Excerpt excerpt = run(lines, options);
        EXPECT_LE(estimate_tokens(excerpt.text), budget);
        EXPECT_GT(excerpt.text.size(), budget * 2) << "budget mostly used";
    }
}

TEST(Excerpt, FirstErrorOfTheFailedStepWins) {
    ExcerptOptions options;
    options.budget_tokens = 300;
    std::vector<std::string> lines = {"=== Run setup ==="};
    lines.push_back("error: setup hiccup that was retried");
    for (auto& line : noise(300, "setup")) {
        lines.push_back(line);
    }
    lines.push_back("=== Run make ===");
    lines.push_back("src/root.c:1:1: error: the root cause");
    for (int i = 0; i < 100; ++i) {
        lines.push_back("src/other" + std::to_string(i) + ".c:1:1: error: consequence number " +
                        std::to_string(i));
    }
    for (auto& line : noise(300, "make")) {
        lines.push_back(line);
    }
    lines.push_back("Error: Process completed with exit code 2.");
    Excerpt excerpt = run(lines, options);
    EXPECT_LE(estimate_tokens(excerpt.text), 300u);
    EXPECT_NE(excerpt.text.find("src/root.c:1:1: error: the root cause"), std::string::npos) << excerpt.text;
    EXPECT_EQ(excerpt.text.find("setup hiccup"), std::string::npos);
    EXPECT_EQ(excerpt.failed_step, "Run make");
    EXPECT_TRUE(excerpt.text.starts_with("[failed step: Run make]\n"));
    EXPECT_TRUE(excerpt.text.ends_with("Error: Process completed with exit code 2."));
}

TEST(Excerpt, RepeatsCollapse) {
    ExcerptOptions options;
    options.budget_tokens = 200;
    std::vector<std::string> lines = noise(300);
    lines.insert(lines.begin() + 100, 5000, "warning: retrying connection");
    lines.push_back("error: final");
    for (int i = 0; i < 4; ++i) {
        lines.push_back("same tail line");
    }
    Excerpt excerpt = run(lines, options);
    EXPECT_TRUE(excerpt.text.ends_with("same tail line\n[... previous line repeated 3 times ...]"))
        << excerpt.text;
    EXPECT_EQ(excerpt.lines, 5305u);
}

TEST(Excerpt, RepeatedErrorDoesNotOpenNewWindows) {
    ExcerptOptions options;
    options.budget_tokens = 400;
    std::vector<std::string> lines;
    for (int i = 0; i < 50; ++i) {
        for (auto& line : noise(20)) {
            lines.push_back(line);
        }
        lines.push_back("error: flaky thing number " + std::to_string(i));
    }
    lines.push_back("error: the real problem");
    for (auto& line : noise(200, "after")) {
        lines.push_back(line);
    }
    Excerpt excerpt = run(lines, options);
    EXPECT_NE(excerpt.text.find("error: flaky thing number 0"), std::string::npos);
    EXPECT_EQ(excerpt.text.find("error: flaky thing number 1\n"), std::string::npos);
    EXPECT_NE(excerpt.text.find("error: the real problem"), std::string::npos);
}

TEST(Excerpt, RedactsKeptLinesAndCounts) {
    ExcerptOptions options;
    options.budget_tokens = 200;
    auto lines = noise(500);
    lines[250] = "error: login failed for password=hunter2";
    lines[499] = "token ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    lines[10] = "evicted line with password=neverseen";
    Excerpt excerpt = run(lines, options);
    EXPECT_EQ(excerpt.text.find("hunter2"), std::string::npos);
    EXPECT_EQ(excerpt.text.find("ghp_A1b2"), std::string::npos);
    EXPECT_EQ(excerpt.redactions, 2u);
}

TEST(LineClassifier, ToolchainVerdicts) {
    EXPECT_EQ(classify_line("src/a.c:1:2: error: x").kind, LineKind::error);
    EXPECT_EQ(classify_line("main.cpp(3): error C2065: y").kind, LineKind::error);
    EXPECT_EQ(classify_line("error[E0308]: mismatched types").kind, LineKind::error);
    EXPECT_EQ(classify_line("E       assert 5 == 6").kind, LineKind::error);
    EXPECT_EQ(classify_line("Traceback (most recent call last):").kind, LineKind::error);
    EXPECT_EQ(classify_line("npm ERR! code ERESOLVE").kind, LineKind::error);
    EXPECT_EQ(classify_line("make: *** [all] Error 2").kind, LineKind::error);
    EXPECT_EQ(classify_line("ValueError: bad").kind, LineKind::error);
    EXPECT_EQ(classify_line("--- FAIL: TestAdd (0.00s)").kind, LineKind::failure);
    EXPECT_EQ(classify_line("FAILED tests/test_x.py::t - assert").kind, LineKind::failure);
    EXPECT_EQ(classify_line("test result: FAILED. 2 passed; 1 failed").kind, LineKind::failure);
    EXPECT_EQ(classify_line("[ERROR] Tests run: 3, Failures: 1 <<< FAILURE!").kind, LineKind::failure);
    EXPECT_EQ(classify_line("  \xE2\x97\x8F sum \xE2\x80\xBA adds").kind, LineKind::failure);
    EXPECT_EQ(classify_line("    Expected: 6").kind, LineKind::summary);
    EXPECT_EQ(classify_line("\tat com.x.Y.z(Y.java:3)").kind, LineKind::frame);
    EXPECT_EQ(classify_line("  File \"x.py\", line 3, in f").kind, LineKind::frame);
    EXPECT_EQ(classify_line("   |     ^^^ expected").kind, LineKind::frame);
    EXPECT_EQ(classify_line("src/a.c:1: warning: unused").kind, LineKind::warning);
    EXPECT_EQ(classify_line("[ 50%] Building CXX object src/error_handler.cpp.o").priority, 1);
    EXPECT_EQ(classify_line("Tests run: 5, Failures: 0, Errors: 0, Skipped: 0").priority, 2);
    EXPECT_EQ(classify_line("test_add PASSED").priority, 0);
    EXPECT_EQ(classify_line("").priority, 0);
}

} // namespace
} // namespace autofix::logs

namespace autofix::logs {
namespace {

TEST(Excerpt, EveryDistinctErrorLineOfANoisyLogWithinBudget) {
    ExcerptOptions options;
    options.budget_tokens = 2000;
    std::vector<std::string> lines;
    for (int block = 0; block < 40; ++block) {
        for (auto& line : noise(200, "test" + std::to_string(block))) {
            lines.push_back(line);
        }
        lines.push_back("[ERROR] com.x.Case" + std::to_string(block) + "Test failed: expected 1 but was 2");
        lines.push_back("java.lang.IllegalStateException: the same message every time");
    }
    lines.push_back("BUILD FAILURE");
    Excerpt excerpt = run(lines, options);
    EXPECT_LE(estimate_tokens(excerpt.text), 2000u);
    for (int block = 0; block < 40; ++block) {
        EXPECT_NE(excerpt.text.find("com.x.Case" + std::to_string(block) + "Test failed"), std::string::npos)
            << block;
    }
    // The identical line is shown once with its count, not forty times.
    EXPECT_NE(excerpt.text.find("the same message every time [x40]"), std::string::npos) << excerpt.text;
}

} // namespace
} // namespace autofix::logs

namespace autofix::logs {
namespace {

TEST(LineClassifier, LocatedDiagnosticsTagsAndTravisVerdicts) {
    // Linters that print "path:line[:col]: message" without the word "error".
    EXPECT_EQ(classify_line("pkg/mod.py:66:80: E501 line too long (85 > 79 characters)").kind,
              LineKind::error);
    EXPECT_EQ(classify_line("app/views.py:3: 'os' imported but unused").kind, LineKind::error);
    EXPECT_EQ(classify_line("app/views.py:3: DeprecationWarning: old").kind, LineKind::warning);
    EXPECT_EQ(classify_line("grammar/java.g:632:9:     k==1:AT").kind, LineKind::plain); // a continuation
    EXPECT_EQ(classify_line("include/v.hpp:7:8: note: candidate function not viable").priority, 0);
    // pytest long tracebacks: the failing place is an error, a bare locator is kept but weighs as a frame.
    EXPECT_EQ(classify_line("lib/wallet.py:1740: TypeError").kind, LineKind::error);
    LineClass locator = classify_line("lib/tests/test_storage.py:16:");
    EXPECT_EQ(locator.kind, LineKind::frame);
    EXPECT_EQ(locator.priority, 3);
    EXPECT_EQ(classify_line("lib/wallet.py:284: in check_history").kind, LineKind::frame);
    EXPECT_EQ(classify_line("lib/wallet.py:284: in check_history").priority, 0);
    // A tag after a tool's own prefix, and Travis's verdict on the failed command.
    EXPECT_EQ(classify_line("[checkstyle] [ERROR] /w/src/A.java:3: Line is longer [LineLength]").kind,
              LineKind::error);
    EXPECT_EQ(classify_line("[ant:checkstyle] [WARN] /w/src/A.java:3: Line is longer").kind,
              LineKind::warning);
    EXPECT_EQ(classify_line("The command \"make test\" exited with 2.").kind, LineKind::failure);
    EXPECT_EQ(classify_line("The command \"make lint\" exited with 0.").priority, 0);
    EXPECT_EQ(classify_line("No matching distribution found for lxml==9.9").kind, LineKind::error);
    EXPECT_EQ(classify_line("[WARNING] Missing header in: /w/src/A.java").kind, LineKind::error);
    // javadoc's warnings relayed by Maven under [ERROR] are warnings; its errors are errors.
    EXPECT_EQ(classify_line("[ERROR] /w/src/A.java:74: warning: no @param for x").kind, LineKind::warning);
    EXPECT_EQ(classify_line("[ERROR] /w/src/B.java:93: error: bad use of '>'").kind, LineKind::error);
}

} // namespace
} // namespace autofix::logs
