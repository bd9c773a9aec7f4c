#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::logs {

/// A text with its secrets replaced, and how many replacements were made.
struct Redaction {
    std::string text;
    std::size_t count = 0;
};

/// Replaces secrets in outgoing text with `[REDACTED]`: the exact values it was given, and the shapes of
/// common secrets (GitHub tokens ghp_/gho_/ghu_/ghs_/ghr_/github_pat_, AWS access key ids, Anthropic sk-ant-
/// keys, private key blocks, Authorization:/x-api-key: header values, user:password@ in URLs, and
/// password=/token=/secret=/api_key= style assignments). One pass per exact value plus one pass for the
/// shapes, so it is linear in the text and fast enough for whole files and prompts.
class Redactor {
public:
    /// What every secret is replaced with.
    static constexpr std::string_view replacement = "[REDACTED]";
    /// Exact values shorter than this are ignored: replacing every "abc" would wreck the text.
    static constexpr std::size_t min_secret_length = 4;

    /// A redactor for the exact `secrets` (empty and short ones ignored; a multi-line value is also matched
    /// line by line) plus the built-in shapes.
    explicit Redactor(std::vector<std::string> secrets = {});

    /// `text` with every secret replaced; adds the number of replacements to count().
    std::string redact(std::string_view text);

    /// `text` with every secret replaced and the number of replacements; const and thread-safe.
    Redaction redact_counted(std::string_view text) const;

    /// The number of replacements redact() has made so far.
    std::size_t count() const { return m_count; }

    /// True when this redactor holds at least one exact secret value.
    bool has_secrets() const { return !m_secrets.empty(); }

private:
    std::vector<std::string> m_secrets; // longest first, so a secret containing another wins
    std::size_t m_count = 0;
};

} // namespace autofix::logs
