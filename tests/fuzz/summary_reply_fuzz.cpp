// Fuzz target: the JSON extraction of summary replies (bare or fenced). Property: a parsed reply holds every
// requested key.
#include "agent/summaries.hpp"
#include "fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace autofix;
    const std::string text(fuzz::as_text(data, size));
    for (const std::vector<std::string>& keys :
         {std::vector<std::string>{"title", "body", "skill"}, std::vector<std::string>{"title", "body"}}) {
        const auto reply = agent::parse_summary_reply(text, keys);
        if (!reply) {
            continue;
        }
        for (const auto& key : keys) {
            if (reply->count(key) == 0) {
                fuzz::property_failed("a parsed summary lacks a requested key", key);
            }
        }
    }
    return 0;
}
