#include "action/environment.hpp"

#include <utility>

namespace autofix::action {

Environment::Environment(Variables variables) : m_variables(std::move(variables)) {}

Environment Environment::from_environ(const char* const* entries) {
    Variables variables;
    for (const char* const* entry = entries; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const auto equals = text.find('=');
        if (equals == std::string_view::npos || equals == 0) {
            continue;
        }
        variables.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
    }
    return Environment(std::move(variables));
}

std::optional<std::string> Environment::get(std::string_view name) const {
    const auto found = m_variables.find(name);
    if (found == m_variables.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::string Environment::value_or(std::string_view name, std::string_view fallback) const {
    const auto found = m_variables.find(name);
    if (found == m_variables.end() || found->second.empty()) {
        return std::string(fallback);
    }
    return found->second;
}

} // namespace autofix::action
