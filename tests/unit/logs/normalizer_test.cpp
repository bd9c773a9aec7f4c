// Checks that the LineNormalizer strips ANSI, timestamps and the BOM, resolves \r overwrites and CRLF,
// replaces invalid UTF-8, turns workflow markers into lines, swallows key blocks and caps long lines,
// whatever the chunking.
#include "logs/normalizer.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace autofix::logs {
namespace {

struct Collected {
    std::vector<std::string> lines;
    std::vector<LineMarker> markers;
    std::vector<std::string> titles;
    std::size_t redactions = 0;
};

Collected normalize(std::string_view raw, std::size_t chunk = 0, NormalizerOptions options = {},
                    const Redactor* redactor = nullptr) {
    Collected out;
    LineNormalizer normalizer(
        options,
        [&](const NormalizedLine& line) {
            out.lines.emplace_back(line.text);
            out.markers.push_back(line.marker);
            out.titles.emplace_back(line.title);
            out.redactions += line.redactions;
        },
        redactor);
    if (chunk == 0) {
        normalizer.feed(raw);
    } else {
        for (std::size_t at = 0; at < raw.size(); at += chunk) {
            normalizer.feed(raw.substr(at, chunk));
        }
    }
    normalizer.finish();
    return out;
}

TEST(Normalizer, StripsTimestampsAnsiAndCrlf) {
    auto out = normalize("2024-01-15T10:23:45.1234567Z \x1b[31merror\x1b[0m: boom\r\n"
                         "2024-01-15T10:23:46Z plain\r\nno stamp");
    EXPECT_EQ(out.lines, (std::vector<std::string>{"error: boom", "plain", "no stamp"}));
}

TEST(Normalizer, SameLinesWhateverTheChunking) {
    std::string raw = "\xEF\xBB\xBF"
                      "2024-01-15T10:23:45.1Z a\r\nb 10%\rb 100%\r\n\x1b]0;title\x07\x1b[1mc\x1b[0m\n";
    auto whole = normalize(raw);
    EXPECT_EQ(whole.lines, (std::vector<std::string>{"a", "b 100%", "c"}));
    for (std::size_t chunk = 1; chunk < 8; ++chunk) {
        EXPECT_EQ(normalize(raw, chunk).lines, whole.lines) << chunk;
    }
}

TEST(Normalizer, CarriageReturnKeepsLastOverwrite) {
    auto out = normalize("Downloading 1%\rDownloading 50%\rDownloading 100%\nnext\n");
    EXPECT_EQ(out.lines, (std::vector<std::string>{"Downloading 100%", "next"}));
}

TEST(Normalizer, InvalidUtf8ReplacedOncePerRun) {
    auto out = normalize("ok \xC3\xA9 bad \xFF\xFE\xFD end \xE2\x82 x \xED\xA0\x80\n");
    ASSERT_EQ(out.lines.size(), 1u);
    EXPECT_EQ(out.lines[0], "ok \xC3\xA9 bad \xEF\xBF\xBD end \xEF\xBF\xBD x \xEF\xBF\xBD");
}

TEST(Normalizer, ControlCharactersDroppedTabsKept) {
    auto out = normalize(std::string("a\x01\x02\tb\x00"
                                     "c\x7f\n",
                                     9));
    EXPECT_EQ(out.lines, (std::vector<std::string>{"a\tbc"}));
}

TEST(Normalizer, WorkflowMarkers) {
    auto out = normalize(
        "##[group]Run npm test\n##[command]npm test\n##[endgroup]\n##[debug]noise\n"
        "##[warning]slow\n##[error]Process completed with exit code 1.\n[command]/usr/bin/git version\n"
        "::group::Inner\n::endgroup::\n::add-mask::supersecret\n"
        "::error file=src/app.py,line=12,col=3::bad thing\n");
    EXPECT_EQ(out.lines, (std::vector<std::string>{"=== Run npm test ===", "$ npm test", "Warning: slow",
                                                   "Error: Process completed with exit code 1.",
                                                   "$ /usr/bin/git version",
                                                   "=== Inner ===", "Error: src/app.py:12:3: bad thing"}));
    EXPECT_EQ(out.markers[0], LineMarker::section);
    EXPECT_EQ(out.titles[0], "Run npm test");
    EXPECT_EQ(out.markers[3], LineMarker::error_marker);
    EXPECT_EQ(out.markers[6], LineMarker::error_marker);
}

TEST(Normalizer, PrivateKeyBlockBecomesOneRedactedLine) {
    auto out = normalize("before\nkey: -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nQWERTY\n"
                         "-----END RSA PRIVATE KEY-----\nafter\n");
    EXPECT_EQ(out.lines, (std::vector<std::string>{"before", "key: [REDACTED]", "after"}));
    EXPECT_EQ(out.redactions, 1u);
}

TEST(Normalizer, UnterminatedKeyBlockRedactedAtEnd) {
    auto out = normalize("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n");
    EXPECT_EQ(out.lines, (std::vector<std::string>{"[REDACTED]"}));
}

TEST(Normalizer, LongLineCutAndMarked) {
    NormalizerOptions options;
    options.max_line_bytes = 10;
    std::string raw = std::string(100, 'x') + "\nshort\n";
    auto out = normalize(raw, 7, options);
    ASSERT_EQ(out.lines.size(), 2u);
    EXPECT_EQ(out.lines[0], "xxxxxxxxxx [... 90 bytes cut ...]");
    EXPECT_EQ(out.lines[1], "short");
}

TEST(Normalizer, CutNeverSplitsUtf8OrLeaksHalfASecret) {
    NormalizerOptions options;
    options.max_line_bytes = 12;
    Redactor redactor({"topsecretvalue"});
    auto out = normalize("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\n0123456topsecretvalue\n",
                         0, options, &redactor);
    ASSERT_EQ(out.lines.size(), 2u);
    EXPECT_EQ(out.lines[0].substr(0, 12), "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
    EXPECT_EQ(out.lines[1].find("topsec"), std::string::npos);
    EXPECT_EQ(out.lines[1].substr(0, 12), "0123456[REDA");
    EXPECT_EQ(out.redactions, 1u);
}

TEST(Normalizer, EmptyInputHasNoLines) {
    EXPECT_TRUE(normalize("").lines.empty());
    EXPECT_EQ(normalize("\n").lines, (std::vector<std::string>{""}));
}

TEST(Normalizer, TimestampShape) {
    EXPECT_EQ(timestamp_prefix_length("2024-01-15T10:23:45.1234567Z x"), 29u);
    EXPECT_EQ(timestamp_prefix_length("2024-01-15T10:23:45Z x"), 21u);
    EXPECT_EQ(timestamp_prefix_length("2024-01-15 10:23:45 x"), 0u);
    EXPECT_EQ(clean_line("\x1b[1;31mred\x1b[0m"), "red");
}

// The shape is tested a word at a time: every position of it must still be checked, digits against
// neighbours of '0' and '9', separators against any other byte.
TEST(Normalizer, TimestampShapeRejectsEveryWrongByte) {
    const std::string good = "2024-01-15T10:23:45.5Z x";
    ASSERT_EQ(timestamp_prefix_length(good), 23u);
    for (std::size_t i = 0; i < 19; ++i) {
        const bool digit = good[i] >= '0' && good[i] <= '9';
        for (char wrong : digit ? std::string("/:a\x10 \xB0") : std::string("0x ")) {
            std::string line = good;
            line[i] = wrong;
            EXPECT_EQ(timestamp_prefix_length(line), 0u) << "position " << i << " byte " << int(wrong);
        }
        if (digit) {
            std::string line = good;
            line[i] = good[i] == '0' ? '9' : '0';
            EXPECT_EQ(timestamp_prefix_length(line), 23u) << "position " << i;
        }
    }
    EXPECT_EQ(timestamp_prefix_length("2024-01-15T10:23:45"), 0u); // too short for the shape and its 'Z'
}

} // namespace
} // namespace autofix::logs
