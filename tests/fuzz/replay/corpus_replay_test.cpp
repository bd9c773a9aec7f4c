// Replays every file of tests/fuzz/corpus/<target>/ through the fuzz target's entry point in the normal
// build, so that seeds and the inputs of fixed crashes stay tested without libFuzzer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <string>
#include <vector>

extern "C" int fuzz_commit_history_entry(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_config_file_entry(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_log_pipeline_entry(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_messages_reply_entry(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_output_file_entry(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_redactor_entry(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_summary_reply_entry(const std::uint8_t* data, std::size_t size);

namespace {

using Entry = int (*)(const std::uint8_t*, std::size_t);

/// Feeds every corpus file of `target` to `entry` (a broken property aborts the test binary) and returns
/// how many there were.
std::size_t replay(const std::string& target, Entry entry) {
    const std::filesystem::path folder = std::filesystem::path(AUTOFIX_FUZZ_CORPUS) / target;
    std::vector<std::filesystem::path> files;
    for (const auto& item : std::filesystem::directory_iterator(folder)) {
        if (item.is_regular_file()) {
            files.push_back(item.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        std::ifstream stream(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
        EXPECT_EQ(entry(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
    }
    return files.size();
}

} // namespace

// Each target's corpus exists, is not empty, and replays without a crash or a broken property.
TEST(FuzzCorpusReplay, CommitHistory) {
    EXPECT_GT(replay("commit_history", fuzz_commit_history_entry), 0u);
}

TEST(FuzzCorpusReplay, ConfigFile) {
    EXPECT_GT(replay("config_file", fuzz_config_file_entry), 0u);
}

TEST(FuzzCorpusReplay, LogPipeline) {
    EXPECT_GT(replay("log_pipeline", fuzz_log_pipeline_entry), 0u);
}

TEST(FuzzCorpusReplay, MessagesReply) {
    EXPECT_GT(replay("messages_reply", fuzz_messages_reply_entry), 0u);
}

TEST(FuzzCorpusReplay, OutputFile) {
    EXPECT_GT(replay("output_file", fuzz_output_file_entry), 0u);
}

TEST(FuzzCorpusReplay, Redactor) {
    EXPECT_GT(replay("redactor", fuzz_redactor_entry), 0u);
}

TEST(FuzzCorpusReplay, SummaryReply) {
    EXPECT_GT(replay("summary_reply", fuzz_summary_reply_entry), 0u);
}
