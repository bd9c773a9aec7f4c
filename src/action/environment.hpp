#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace autofix::action {

/// A snapshot of the process environment; every reader of settings takes one, nothing else calls getenv.
class Environment {
public:
    /// The variables by name.
    using Variables = std::map<std::string, std::string, std::less<>>;

    /// An empty environment.
    Environment() = default;

    /// An environment holding exactly `variables` (tests build one from a literal map).
    explicit Environment(Variables variables);

    /// Copies a NULL-terminated `NAME=value` array such as `environ`; entries without `=` are skipped.
    static Environment from_environ(const char* const* entries);

    /// The value of `name`; nullopt when it is unset (an empty value is returned as empty).
    std::optional<std::string> get(std::string_view name) const;

    /// The value of `name`, or `fallback` when it is unset or empty.
    std::string value_or(std::string_view name, std::string_view fallback) const;

    /// Every variable, sorted by name.
    const Variables& variables() const { return m_variables; }

private:
    Variables m_variables;
};

} // namespace autofix::action
