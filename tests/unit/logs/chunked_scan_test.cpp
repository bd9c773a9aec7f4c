// Checks that the chunked scan (ordinary lines taken straight from each chunk to the excerpt) gives exactly
// the failure context of the line-by-line scan (every line through the normaliser's sink): on every fixture
// log and on a log made of the normaliser's edge cases, with chunks of 1, 7, 4096 bytes and the whole log,
// at the default budget and a small one.
#include "core/failure_response.hpp"
#include "logs/failure_context.hpp"
#include "logs/failure_triage.hpp"
#include "logs/file_mentions.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace autofix::logs {
namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// An index of every file the log mentions, so that references resolve and are ranked.
MemoryFileIndex index_of_mentions(const std::string& log) {
    MemoryFileIndex files;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
        for (const FileMention& mention : find_file_mentions(line)) {
            files.add(mention.path);
        }
    }
    return files;
}

FailureContext scanned(const std::string& log, FailureContextOptions options, ScanMode mode,
                       std::size_t chunk, const FileIndex& files) {
    options.scan = mode;
    LogPipeline pipeline(options);
    for (std::size_t at = 0; at < log.size(); at += chunk) {
        pipeline.feed(std::string_view(log).substr(at, chunk));
    }
    return pipeline.finish(&files);
}

std::string describe(const FailureContext& context) {
    std::string text = context.excerpt + "\n--\n" + std::to_string(context.excerpt_tokens) + " " +
                       std::to_string(context.redactions) + " " + context.failed_step + " " +
                       (context.whole ? "whole" : "cut") + " " + std::to_string(context.stats.bytes_in) +
                       " " + std::to_string(context.stats.lines_in) + " " +
                       std::to_string(context.stats.lines_kept) + "\n";
    const Classification triage = context.triage.classify({});
    text += std::string(core::to_string(triage.kind)) + " " + triage.reason + " | " + triage.evidence +
            " | " + context.triage.signature() + "\n";
    for (const auto& file : context.files) {
        text += file.path + ":" + std::to_string(file.line) + " " + file.reason + "\n";
    }
    return text;
}

void expect_same_context(const std::string& name, const std::string& log) {
    const MemoryFileIndex files = index_of_mentions(log);
    for (std::size_t budget : {std::size_t{8000}, std::size_t{300}}) {
        FailureContextOptions options;
        options.budget_tokens = budget;
        options.secrets = {"hunter2"};
        options.workspace = "/home/runner/work/app/app";
        const std::string expected =
            describe(scanned(log, options, ScanMode::line_by_line, log.size() + 1, files));
        for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, log.size() + 1}) {
            EXPECT_EQ(describe(scanned(log, options, ScanMode::chunked, chunk, files)), expected)
                << name << ", budget " << budget << ", chunks of " << chunk << " bytes";
        }
    }
}

TEST(ChunkedScan, GivesTheLineByLineContextOnEveryFixtureLog) {
    const std::filesystem::path folder = std::filesystem::path(AUTOFIX_SOURCE_DIR) / "tests/fixtures/logs";
    std::size_t logs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".log") {
            expect_same_context(entry.path().filename().string(), read_file(entry.path()));
            ++logs;
        }
    }
    EXPECT_GE(logs, 20u);
}

TEST(ChunkedScan, GivesTheLineByLineTriageOnEveryTriageFixtureLog) {
    const std::filesystem::path folder = std::filesystem::path(AUTOFIX_SOURCE_DIR) / "tests/fixtures/triage";
    std::size_t logs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".log") {
            expect_same_context(entry.path().filename().string(), read_file(entry.path()));
            ++logs;
        }
    }
    EXPECT_GE(logs, 20u);
}

TEST(ChunkedScan, GivesTheLineByLineContextOnTheNormalisersEdgeCases) {
    // A BOM, timestamps, ANSI colours, CRLF and bare-CR progress, tabs, invalid UTF-8, repeats, workflow
    // markers, an add-mask, a private key block, an over-long line, a secret and errors among plain output.
    std::string log = "\xEF\xBB\xBF"
                      "2024-01-15T10:00:00.1234567Z ##[group]Run make\n";
    for (int i = 0; i < 400; ++i) {
        const std::string n = std::to_string(i);
        log += "2024-01-15T10:00:01.0000000Z [ " + n + "%] Building CXX object src/module_" + n + ".cpp.o\n";
        log += "\x1b[32mPASSED\x1b[0m tests/test_" + n + ".py::test_case\r\n";
        log += "Downloading 10%\rDownloading 100%\n";
        log += "\tindented\twith tabs \xC3\x28 bad utf-8\n";
        log += "same line\nsame line\nsame line\n";
        if (i % 50 == 7) {
            log += "src/module_" + n + ".cpp:12:5: error: no member named 'x' in 'Widget'\n";
            log += "  note: declared here\n";
            log += "::warning file=src/a.cpp,line=3::careful\n";
            log += "[command]/usr/bin/make\n";
            log += "::add-mask::hunter2\n";
        }
        if (i == 100) {
            log += "-----BEGIN RSA PRIVATE "
                   "KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                   "-----END RSA PRIVATE KEY-----\n";
        }
        if (i == 200) {
            log += "password=hunter2 " + std::string(3000, 'x') + "\n";
        }
        log += "plain output line " + n + " with no rule in it\n";
    }
    log +=
        "Traceback (most recent call last):\n  File \"/home/runner/work/app/app/src/main.py\", line 9, in f\n"
        "NameError: name 'math' is not defined\n##[error]Process completed with exit code 1.\nno newline";
    expect_same_context("edge cases", log);
}

} // namespace
} // namespace autofix::logs
