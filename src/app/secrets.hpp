#pragma once

#include "action/environment.hpp"
#include "logs/redactor.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace autofix::app {

/// Returns every secret the raw environment holds before settings are parsed: the key and token inputs and
/// their fallbacks, the runtime token, and each line of the `redact` input.
std::vector<std::string> secrets_in_environment(const action::Environment& environment);

/// The secret values of a run and the filter every outgoing text passes through.
class SecretFilter {
public:
    /// A filter for `values` (empty values are ignored).
    explicit SecretFilter(std::vector<std::string> values);

    /// Adds more values (duplicates are ignored); returns the ones that were new, to be masked.
    std::vector<std::string> add(const std::vector<std::string>& values);

    /// The values, for `::add-mask::`.
    const std::vector<std::string>& values() const { return m_values; }

    /// Returns `text` with every known value and every secret-shaped string (tokens, keys, private key
    /// blocks, credentials in URLs) replaced by `[REDACTED]`.
    std::string redact(std::string_view text) const;

private:
    std::vector<std::string> m_values;
    logs::Redactor m_redactor;
};

} // namespace autofix::app
