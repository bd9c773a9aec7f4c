#include "app/secrets.hpp"

#include <algorithm>
#include <sstream>

namespace autofix::app {

std::vector<std::string> secrets_in_environment(const action::Environment& environment) {
    std::vector<std::string> values;
    for (const char* name :
         {"INPUT_ANTHROPIC-API-KEY", "INPUT_ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY", "INPUT_GITHUB-TOKEN",
          "INPUT_GITHUB_TOKEN", "GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN", "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN", "INPUT_OPENAI-API-KEY", "INPUT_OPENAI_API_KEY", "OPENAI_API_KEY",
          "INPUT_VERTEX-ACCESS-TOKEN", "INPUT_VERTEX_ACCESS_TOKEN", "GOOGLE_OAUTH_ACCESS_TOKEN",
          "CLOUDSDK_AUTH_ACCESS_TOKEN"}) {
        if (auto value = environment.get(name); value && !value->empty()) {
            values.push_back(*value);
        }
    }
    std::istringstream lines(environment.value_or("INPUT_REDACT", ""));
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (!line.empty()) {
            values.push_back(line);
        }
    }
    return values;
}

SecretFilter::SecretFilter(std::vector<std::string> values) {
    (void)add(values);
}

std::vector<std::string> SecretFilter::add(const std::vector<std::string>& values) {
    std::vector<std::string> added;
    for (const auto& value : values) {
        if (!value.empty() && std::find(m_values.begin(), m_values.end(), value) == m_values.end()) {
            m_values.push_back(value);
            added.push_back(value);
        }
    }
    if (!added.empty() || m_values.empty()) {
        m_redactor = logs::Redactor(m_values);
    }
    return added;
}

std::string SecretFilter::redact(std::string_view text) const {
    return m_redactor.redact_counted(text).text;
}

} // namespace autofix::app
