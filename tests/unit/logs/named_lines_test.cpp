// Checks how the excerpt makes room for the lines naming the top-ranked files: select_named_lines (files
// take turns by rank, fresh shapes and shorter lines first, identical texts once, nothing over the budget),
// the names a file goes by in a log and the second read of the log (NamedLineScan: same numbering as the
// pipeline, success lines left out), and the failure context showing a line far from any error that names
// the first file.
#include "logs/excerpt_named.hpp"
#include "logs/failure_context.hpp"
#include "logs/named_line_scan.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace autofix::logs {
namespace {

std::size_t cost(const std::vector<NamedLine>& lines) {
    std::size_t total = 0;
    for (const auto& line : lines) {
        total += line.text.size() + 1;
    }
    return total;
}

std::map<std::size_t, std::size_t> per_rank(const std::vector<NamedLine>& lines) {
    std::map<std::size_t, std::size_t> count;
    for (const auto& line : lines) {
        ++count[line.rank];
    }
    return count;
}

bool has_text(const std::vector<NamedLine>& lines, const std::string& text) {
    return std::any_of(lines.begin(), lines.end(), [&](const NamedLine& line) { return line.text == text; });
}

TEST(SelectNamedLines, EverythingFitsInLogOrderIdenticalTextsOnce) {
    std::vector<NamedLine> lines = {{30, "at b.Foo.run(Foo.java:3)", 1},
                                    {10, "error: Foo.java:3: missing ;", 0},
                                    {20, "at b.Foo.run(Foo.java:3)", 1}};
    auto chosen = select_named_lines(lines, 1000);
    ASSERT_EQ(chosen.size(), 2u);
    EXPECT_EQ(chosen[0].number, 10u);
    EXPECT_EQ(chosen[1].number, 20u); // the first of two identical lines
}

TEST(SelectNamedLines, AFloodOfOneFileDoesNotStarveTheOthers) {
    std::vector<NamedLine> lines;
    for (int i = 0; i < 500; ++i) {
        lines.push_back({static_cast<std::uint64_t>(i + 1),
                         "Collecting pkg" + std::to_string(i) + " (from -r requirements.txt (line " +
                             std::to_string(i) + "))",
                         0});
    }
    lines.push_back({900, "  File \"app/views.py\", line 12, in index", 1});
    lines.push_back({901, "  File \"app/models.py\", line 40, in save", 2});
    auto chosen = select_named_lines(lines, 2000);
    EXPECT_LE(cost(chosen), 2000u);
    EXPECT_TRUE(has_text(chosen, "  File \"app/views.py\", line 12, in index"));
    EXPECT_TRUE(has_text(chosen, "  File \"app/models.py\", line 40, in save"));
    EXPECT_GT(per_rank(chosen)[0], 20u); // the rest of the room goes back to the flood
}

TEST(SelectNamedLines, TurnsFavourTheBetterRank) {
    // Two files with as many lines of one size as the budget cannot hold: the first gets about twice the
    // second's room (weights 1 and 1/2).
    std::vector<NamedLine> lines;
    for (std::uint64_t i = 0; i < 100; ++i) {
        lines.push_back({i * 2 + 1, "first file line " + std::to_string(1000 + i), 0});
        lines.push_back({i * 2 + 2, "other file line " + std::to_string(1000 + i), 1});
    }
    auto chosen = select_named_lines(lines, 21 * 30); // 30 lines of 20 bytes and a newline
    auto count = per_rank(chosen);
    EXPECT_EQ(count[0] + count[1], 30u);
    EXPECT_EQ(count[0], 20u);
    EXPECT_EQ(count[1], 10u);
}

TEST(SelectNamedLines, NewShapesFirstThenShorterLines) {
    // Three lines of one shape (numbers differ) and one of another, longer: with room for two, the second
    // shape is shown beside the shortest line of the first.
    std::vector<NamedLine> lines = {{1, "ProcessImpl - step 1234567 failed", 0},
                                    {2, "ProcessImpl - step 12 failed", 0},
                                    {3, "ProcessImpl - step 123 failed", 0},
                                    {4, "at x.ProcessImpl.persist(ProcessImpl.java:323)", 0}};
    std::size_t budget = lines[1].text.size() + 1 + lines[3].text.size() + 1;
    auto chosen = select_named_lines(lines, budget);
    ASSERT_EQ(chosen.size(), 2u);
    EXPECT_EQ(chosen[0].number, 2u);
    EXPECT_EQ(chosen[1].number, 4u);
}

TEST(SelectNamedLines, HexadecimalAddressesDoNotMakeANewShape) {
    // Four reprs that differ only by their address and two frames that differ by their line: with room for
    // three lines, the second frame comes before a second repr (both shapes have been shown once).
    std::vector<NamedLine> lines = {{1, "self = <lib.wallet.Wallet object at 0x7f860cecf9e8>", 0},
                                    {2, "self = <lib.wallet.Wallet object at 0x7f860cecf198>", 0},
                                    {3, "self = <lib.wallet.Wallet object at 0x7f860cd0db00>", 0},
                                    {4, "self = <lib.wallet.Wallet object at 0x7f860ce1fb70>", 0},
                                    {5, "lib/wallet.py:1760: in __init__", 0},
                                    {6, "lib/wallet.py:16: in __init__", 0}};
    auto chosen = select_named_lines(lines, 30 + 52 + 52);
    ASSERT_EQ(chosen.size(), 3u);
    EXPECT_EQ(chosen[0].number, 1u);
    EXPECT_EQ(chosen[1].number, 5u);
    EXPECT_EQ(chosen[2].number, 6u);
}

TEST(SelectNamedLines, ALineThatDoesNotFitIsPassedOverForShorterOnes) {
    std::vector<NamedLine> lines = {
        {1, std::string(300, 'a') + " Foo.java", 0}, {2, "Foo.java:1: error: x", 0}, {3, "see Foo.java", 0}};
    auto chosen = select_named_lines(lines, 40);
    EXPECT_EQ(chosen.size(), 2u);
    EXPECT_LE(cost(chosen), 40u);
    EXPECT_FALSE(has_text(chosen, lines[0].text));
    EXPECT_TRUE(select_named_lines(lines, 0).empty());
}

TEST(NamedLineScan, NamesAFileGoesBy) {
    FileNames java = file_names("core/src/main/java/com/x/JsonCompileImplV2.java");
    EXPECT_EQ(java.base, "JsonCompileImplV2.java");
    EXPECT_EQ(java.class_name, "JsonCompileImplV2");
    EXPECT_TRUE(file_names("src/com/x/Server.java").class_name.empty()); // "Server" is a word too
    EXPECT_EQ(file_names("lib/wallet.py").dotted, "lib.wallet");
    EXPECT_EQ(file_names("pkg/__init__.py").dotted, "");
    EXPECT_EQ(file_names("nikola/plugins/compile/markdown/__init__.py").dotted, "compile.markdown");
    EXPECT_EQ(file_names("requirements.txt").base, "requirements.txt");

    EXPECT_TRUE(names_file("\tat org.x.JsonTokenScan.read(JsonCompileImplV2.java:346)", java));
    EXPECT_TRUE(names_file("ERROR c.a.JsonCompileImplV2 - cannot parse", java));
    EXPECT_TRUE(names_file("x.JsonCompileImplV2$Inner.run", java));
    EXPECT_FALSE(names_file("JsonCompileImplV2Test failed", java));
    FileNames wallet = file_names("lib/wallet.py");
    EXPECT_TRUE(names_file("self = <lib.wallet.Standard_Wallet object at 0x7f86>", wallet));
    EXPECT_TRUE(names_file("lib/wallet.py:1813: in __init__", wallet));
    EXPECT_FALSE(names_file("lib/hw_wallet.py:12: in x", wallet));
    EXPECT_FALSE(names_file("lib/wallet.pyc", wallet));
    EXPECT_FALSE(names_file("/usr/lib/python3/site-packages/keys/wallet.py:9: in load", wallet));
    EXPECT_TRUE(names_file("C:\\build\\lib\\wallet.py:9: in load", wallet));
    EXPECT_TRUE(names_file("  File \"wallet.py\", line 3", wallet));
    FileNames requirements = file_names("requirements.txt");
    EXPECT_TRUE(names_file("Collecting six==1.10 (from -r requirements.txt (line 3))", requirements));
    EXPECT_FALSE(names_file("Collecting six (from -r dev-requirements.txt (line 3))", requirements));
}

TEST(NamedLineScan, SuccessLinesSayNothingAboutTheFailure) {
    EXPECT_TRUE(reports_success("test_send (lib.tests.test_wallet.TestWallet) ... ok"));
    EXPECT_TRUE(reports_success("lib/tests/test_wallet.py::test_send PASSED"));
    EXPECT_TRUE(reports_success("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 1 s"));
    EXPECT_FALSE(reports_success("Tests run: 3, Failures: 1, Errors: 0, Skipped: 0"));
    EXPECT_FALSE(reports_success("Tests run: 3, Failures: 0, Errors: 10"));
    EXPECT_FALSE(reports_success("lib/tests/test_wallet.py::test_send FAILED"));
    EXPECT_FALSE(reports_success("test_send (lib.tests.test_wallet.TestWallet) ... ERROR"));
}

TEST(NamedLineScan, NumbersLinesAsThePipelineDoes) {
    // Workflow markers that the normaliser drops, a carriage-return progress bar, ANSI colours and a line
    // split across chunks: the scan's line numbers are the normalised ones.
    std::string log = "##[group]Run pip install\n"
                      "Collecting six (from -r requirements.txt (line 1))\n"
                      "##[endgroup]\n"
                      "  40% |####    |\r  100% |########|\r\n"
                      "\x1b[31mCollecting pytz (from -r requirements.txt (line 2))\x1b[0m\n"
                      "requirements.txt check ... ok\n"
                      "::endgroup::\n"
                      "ERROR: cannot satisfy requirements.txt line 2\n";
    std::vector<std::string> numbered; // the normalised lines, the first at index 0
    LineNormalizer normalizer(NormalizerOptions{},
                              [&](const NormalizedLine& line) { numbered.emplace_back(line.text); });
    normalizer.feed(log);
    normalizer.finish();

    NamedLineScan scan({"requirements.txt"}, NormalizerOptions{}, nullptr);
    for (std::size_t at = 0; at < log.size(); at += 7) {
        scan.feed(std::string_view(log).substr(at, 7));
    }
    auto lines = scan.finish();
    ASSERT_EQ(lines.size(), 3u);
    for (const auto& line : lines) {
        ASSERT_GE(line.number, 1u);
        ASSERT_LE(line.number, numbered.size());
        EXPECT_EQ(numbered[line.number - 1], line.text);
        EXPECT_EQ(line.rank, 0u);
    }
    EXPECT_EQ(lines[1].text, "Collecting pytz (from -r requirements.txt (line 2))");
}

TEST(NamedLineScan, KeepsTheFirstAndTheLatestDistinctLinesOfAFile) {
    std::string log;
    for (int i = 0; i < 50; ++i) {
        log += "INFO Foo.java: step " + std::to_string(i) + "\nINFO Foo.java: step 0\n";
    }
    log += "ERROR Bar.java: failed\n";
    NamedLineScan scan({"src/Foo.java", "src/Bar.java"}, NormalizerOptions{}, nullptr, 10);
    scan.feed(log);
    auto lines = scan.finish();
    ASSERT_EQ(lines.size(), 11u); // five first and five latest lines of Foo.java, Bar.java's line
    EXPECT_EQ(lines[0].text, "INFO Foo.java: step 0");
    EXPECT_EQ(lines[4].text, "INFO Foo.java: step 4");
    EXPECT_EQ(lines[5].text, "INFO Foo.java: step 45");
    EXPECT_EQ(lines[9].text, "INFO Foo.java: step 49");
    EXPECT_EQ(lines[10].text, "ERROR Bar.java: failed");
    EXPECT_EQ(lines[10].rank, 1u);
    EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end(),
                               [](const NamedLine& a, const NamedLine& b) { return a.number < b.number; }));
}

TEST(FailureContext, ShowsALineFarFromAnyErrorThatNamesTheFirstFile) {
    // The only line naming the build file that the failure points at is pip's, thousands of lines before
    // the error: the second read of the log brings it to the excerpt; the streaming pipeline, which cannot
    // read the log again, does not have it.
    std::string log = "$ pip install -r requirements.txt\n"
                      "Collecting left-pad==0.0.1 (from -r requirements.txt (line 7))\n";
    for (int i = 0; i < 4000; ++i) {
        log += "tests/test_mod" + std::to_string(i) + ".py ... passed with some ordinary output\n";
    }
    log += "Traceback (most recent call last):\n"
           "  File \"requirements.txt\", line 7, in <module>\n"
           "ImportError: No module named left_pad\n";
    MemoryFileIndex files({"requirements.txt", "app/main.py"});
    FailureContextOptions options;
    options.budget_tokens = 500;
    std::istringstream in(log);
    FailureContext context = prepare_failure_context(in, options, &files);
    ASSERT_FALSE(context.files.empty());
    EXPECT_EQ(context.files[0].path, "requirements.txt");
    EXPECT_NE(context.excerpt.find("Collecting left-pad==0.0.1 (from -r requirements.txt (line 7))"),
              std::string::npos)
        << context.excerpt;
    EXPECT_LE(context.excerpt_tokens, 500u);
    // In log order: before the error.
    EXPECT_LT(context.excerpt.find("Collecting left-pad"), context.excerpt.find("ImportError"));

    LogPipeline pipeline(options);
    pipeline.feed(log);
    FailureContext streamed = pipeline.finish(&files);
    EXPECT_EQ(streamed.excerpt.find("Collecting left-pad"), std::string::npos);
}

} // namespace
} // namespace autofix::logs
