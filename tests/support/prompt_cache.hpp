#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace autofix::testing {

/// Returns the 400 message the Messages API gives for misplaced prompt-cache breakpoints in `body`, or ""
/// when they are valid: `cache_control` must be `{"type": "ephemeral"}` (with an optional ttl), may stand on
/// tool definitions, system text blocks and message content blocks other than thinking blocks and empty text
/// blocks, at most 4 in one request (https://platform.claude.com/docs/en/build-with-claude/prompt-caching).
std::string cache_control_problem(const nlohmann::json& body);

/// Token counts of one request as the Messages API reports them with prompt caching.
struct CacheUsage {
    std::int64_t input_tokens = 0;                // after the last cache hit or write
    std::int64_t cache_creation_input_tokens = 0; // written to the cache by this request
    std::int64_t cache_read_input_tokens = 0;     // read from the cache
};

/// A stand-in for Anthropic's prompt cache, for the fakes and the benchmark: the request is laid out as
/// tools, system, messages; tokens are estimated as bytes/4 of each block; a breakpoint's prefix is cached
/// when it holds at least the model's minimum (1024 tokens; 4096 for Opus 4.5 and Haiku 4.5) and is then
/// read by any later request that starts with it (no expiry: the runs it serves are minutes apart).
class PromptCache {
public:
    /// Returns the usage of `body` and remembers the prefixes it wrote.
    CacheUsage account(const nlohmann::json& body);

    /// Forgets every cached prefix (the cache expired).
    void clear() { m_cached.clear(); }

private:
    std::map<std::string, std::int64_t> m_cached; // prefix digest -> its tokens
};

/// Returns the minimum cacheable prefix of `model` in tokens.
std::int64_t minimum_cacheable_tokens(const std::string& model);

} // namespace autofix::testing
