// Checks the needle filter shared by the line classifier and the triage: it finds every needle in any letter
// case at every position (the scan looks pairs of bytes up at even positions only), tells the groups apart,
// and only spares work: on every line of every fixture log the classifier and the triage decide exactly as
// they do when told that every needle may be present.
#include "core/failure_response.hpp"
#include "logs/failure_triage.hpp"
#include "logs/gram_filter.hpp"
#include "logs/line_classifier.hpp"
#include "logs/line_needles.hpp"
#include "logs/normalizer.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace autofix::logs {
namespace {

constexpr unsigned every_group = ~0U;

std::string upper(std::string text) {
    for (char& c : text) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return text;
}

TEST(GramFilter, FindsEveryNeedleAtEveryPositionInAnyCase) {
    GramFilter filter;
    const std::vector<std::pair<std::string, unsigned>> needles = {
        {"segmentation fault", 0}, {" PASSED", 1}, {"Flakes: ", 2}, {"exit code 137", 3}, {"npm ", 4}};
    for (const auto& [needle, group] : needles) {
        filter.add(needle, group);
    }
    const std::string filler = "zzzz.zzzz/zzzz zzzz_zzzz";
    for (const auto& [needle, group] : needles) {
        for (std::size_t before = 0; before < 17; ++before) {
            for (std::size_t after : {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{9}}) {
                for (const std::string& form : {needle, upper(needle)}) {
                    const std::string text = filler.substr(0, before) + form + filler.substr(0, after);
                    EXPECT_NE(filter.groups(text) & (1U << group), 0U)
                        << "'" << text << "' (group " << group << ")";
                    EXPECT_TRUE(filter.may_match(text)) << text;
                }
            }
        }
    }
}

TEST(GramFilter, TellsTheGroupsApartAndPassesOverLinesWithoutNeedles) {
    GramFilter filter;
    filter.add("No space left on device", 0);
    filter.add("Connection reset", 1);
    filter.add("AssertionError", 2);
    EXPECT_EQ(filter.groups("write failed: No space left on device"), 1U);
    EXPECT_EQ(filter.groups("E   AssertionError: 1 != 2"), 4U);
    EXPECT_EQ(filter.groups("connection reset by peer / NO SPACE LEFT ON DEVICE"), 3U);
    EXPECT_EQ(filter.groups("Collecting package_4==1.4.4 (from -r requirements.txt (line 4))"), 0U);
    EXPECT_EQ(filter.groups(""), 0U);
    EXPECT_EQ(filter.groups("abc"), 7U); // too short for a gram: every group may hold
    EXPECT_FALSE(filter.may_match("  Downloading package_5-1.5-py3-none-any.whl (5 kB)"));
}

std::vector<std::string> fixture_lines() {
    std::vector<std::string> lines;
    for (const char* folder : {"tests/fixtures/logs", "tests/fixtures/triage"}) {
        for (const auto& entry :
             std::filesystem::directory_iterator(std::filesystem::path(AUTOFIX_SOURCE_DIR) / folder)) {
            if (entry.path().extension() != ".log") {
                continue;
            }
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            LineNormalizer normalizer({}, [&](const NormalizedLine& line) { lines.emplace_back(line.text); });
            normalizer.feed(text.str());
            normalizer.finish();
        }
    }
    // Lines whose class rests on a needle the rules test last ("warn"): a relayed warning tag, a located
    // line that only warns.
    for (const char* line :
         {"[WARN] deprecated option", "[warn] x", "src/a.py:3: warn about this",
          "src/a.py:3: Exception raised here", "npm warn old lockfile", "tests/test_x.py::test_y PASSED",
          "tests/test_x.py::test_y FAILED", "test_z (tests.T) ... ok", "test_z (tests.T) ... FAIL",
          "===== job: b =====", "RETRY 1", "Tests run: 9, Failures: 0, Errors: 0, Skipped: 0, Flakes: 1"}) {
        lines.emplace_back(line);
    }
    return lines;
}

TEST(LineNeedles, OnlySpareTheClassifierWork) {
    const std::vector<std::string> lines = fixture_lines();
    ASSERT_GT(lines.size(), 500U);
    for (const std::string& line : lines) {
        const LineClass filtered = classify_line(line);
        const LineClass unfiltered = classify_line(line, every_group);
        EXPECT_EQ(static_cast<int>(filtered.kind), static_cast<int>(unfiltered.kind)) << line;
        EXPECT_EQ(filtered.priority, unfiltered.priority) << line;
    }
    EXPECT_EQ(classify_line("[WARN] deprecated option").kind, LineKind::warning);
    EXPECT_EQ(classify_line("src/a.py:3: warn about this").kind, LineKind::plain);
}

TEST(LineNeedles, OnlySpareTheTriageWork) {
    // Fed line by line, in one run: outcomes seen passing then failing, markers, signatures.
    const std::vector<std::string> lines = fixture_lines();
    TriageSignals filtered;
    TriageSignals unfiltered;
    for (const std::string& line : lines) {
        filtered.observe(line);
        unfiltered.observe(line, every_group);
    }
    const Classification a = filtered.classify({});
    const Classification b = unfiltered.classify({});
    EXPECT_EQ(core::to_string(a.kind), core::to_string(b.kind));
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.evidence, b.evidence);
    EXPECT_EQ(filtered.signature(), unfiltered.signature());
    EXPECT_EQ(filtered.code_failed(), unfiltered.code_failed());
    // And one fixture at a time, where each decides differently.
    for (const char* folder : {"tests/fixtures/triage"}) {
        for (const auto& entry :
             std::filesystem::directory_iterator(std::filesystem::path(AUTOFIX_SOURCE_DIR) / folder)) {
            if (entry.path().extension() != ".log") {
                continue;
            }
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            TriageSignals one;
            TriageSignals all;
            LineNormalizer normalizer({}, [&](const NormalizedLine& line) {
                one.observe(line.text);
                all.observe(line.text, every_group);
            });
            normalizer.feed(text.str());
            normalizer.finish();
            EXPECT_EQ(one.classify({}).reason, all.classify({}).reason) << entry.path().filename();
            EXPECT_EQ(one.classify({}).evidence, all.classify({}).evidence) << entry.path().filename();
            EXPECT_EQ(one.signature(), all.signature()) << entry.path().filename();
        }
    }
}

TEST(TriageOutcomes, ATestPassingThenFailingIsFlakyWhicheverComesFirst) {
    for (const bool pass_first : {true, false}) {
        TriageSignals signals;
        for (int i = 0; i < 3000; ++i) {
            signals.observe("tests/test_m.py::test_" + std::to_string(i) + " PASSED");
        }
        const std::string passed = "tests/test_x.py::test_y PASSED";
        const std::string failed = "tests/test_x.py::test_y FAILED";
        signals.observe(pass_first ? passed : failed);
        signals.observe(pass_first ? failed : passed);
        const Classification decided = signals.classify({});
        EXPECT_EQ(decided.kind, FailureClass::flaky) << pass_first;
        EXPECT_EQ(decided.evidence, "tests/test_x.py::test_y") << pass_first;
    }
    // A new job forgets the outcomes; past the tracked names' cap a new name is not tracked.
    TriageSignals jobs;
    jobs.observe("tests/test_x.py::test_y PASSED");
    jobs.observe("===== job: linux =====");
    jobs.observe("tests/test_x.py::test_y FAILED");
    EXPECT_NE(jobs.classify({}).kind, FailureClass::flaky);
    TriageSignals full;
    for (int i = 0; i < 5000; ++i) {
        full.observe("tests/test_m.py::test_" + std::to_string(i) + " PASSED");
    }
    full.observe("tests/test_m.py::test_4999 FAILED");
    EXPECT_NE(full.classify({}).kind, FailureClass::flaky);
    full.observe("tests/test_m.py::test_4000 FAILED");
    EXPECT_EQ(full.classify({}).kind, FailureClass::flaky);
}

} // namespace
} // namespace autofix::logs
