#pragma once

#include <cstddef>
#include <string_view>

namespace autofix::logs {

/// Bytes per token assumed by every budget in autofix: Anthropic's tokenizers average about four bytes
/// of English or code per token, so bytes/4 is a cheap estimate that errs on the generous side for logs.
inline constexpr std::size_t bytes_per_token = 4;

/// The estimated number of model tokens in `text`: its size in bytes divided by four, rounded up.
inline constexpr std::size_t estimate_tokens(std::string_view text) {
    return (text.size() + bytes_per_token - 1) / bytes_per_token;
}

/// The number of bytes that `tokens` estimated tokens allow (the inverse of estimate_tokens).
inline constexpr std::size_t token_budget_bytes(std::size_t tokens) {
    return tokens * bytes_per_token;
}

} // namespace autofix::logs
