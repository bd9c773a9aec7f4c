#include "action/setting_values.hpp"

#include "core/run_context.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

namespace autofix::action::setting_values {

BuildStatus from_core(core::BuildStatus status) {
    switch (status) {
    case core::BuildStatus::success:
        return BuildStatus::success;
    case core::BuildStatus::failure:
        return BuildStatus::failure;
    case core::BuildStatus::cancelled:
        return BuildStatus::cancelled;
    case core::BuildStatus::skipped:
        return BuildStatus::skipped;
    }
    return BuildStatus::skipped;
}

core::Error invalid(std::string message) {
    return core::make_error(core::ErrorKind::invalid_input, std::move(message));
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

RawValue Resolver::resolve(const InputSpec& spec) const {
    const std::string name(spec.name);
    if (const auto flag = m_command_line.values.find(name); flag != m_command_line.values.end()) {
        if (auto text = trim(flag->second); !text.empty()) {
            return {std::move(text), {ValueSource::flag, "--" + name}};
        }
    }
    std::string variable = "INPUT_" + upper(name);
    for (int spelling = 0; spelling < 2; ++spelling) {
        if (auto text = trim(m_environment.value_or(variable, "")); !text.empty()) {
            return {std::move(text), {ValueSource::input, variable}};
        }
        std::replace(variable.begin(), variable.end(), '-', '_');
    }
    if (const auto entry = m_config.entries.find(name); entry != m_config.entries.end()) {
        if (auto text = trim(entry->second.value); !text.empty()) {
            return {std::move(text),
                    {ValueSource::config_file, m_config.label + ":" + std::to_string(entry->second.line)}};
        }
    }
    return {std::string(spec.default_value), {ValueSource::fallback, "default"}};
}

RawValue Resolver::resolve_or_environment(const InputSpec& spec, std::string_view variable) const {
    RawValue raw = resolve(spec);
    if (raw.origin.source == ValueSource::fallback) {
        if (auto text = trim(m_environment.value_or(variable, "")); !text.empty()) {
            return {std::move(text), {ValueSource::environment, std::string(variable)}};
        }
    }
    return raw;
}

bool explicitly_set(const RawValue& raw) {
    return raw.origin.source == ValueSource::flag || raw.origin.source == ValueSource::input ||
           raw.origin.source == ValueSource::config_file;
}

std::string from(const RawValue& raw) {
    return " (from " + raw.origin.detail + ")";
}

core::Expected<int> to_number(std::string_view name, const RawValue& raw, int minimum, int maximum) {
    int number = 0;
    const char* begin = raw.text.data();
    const char* end = begin + raw.text.size();
    const auto [stop, code] = std::from_chars(begin, end, number);
    if (code != std::errc() || stop != end || number < minimum || number > maximum) {
        return invalid(std::string(name) + " must be a whole number from " + std::to_string(minimum) +
                       " to " + std::to_string(maximum) + ", got '" + raw.text + "'" + from(raw));
    }
    return number;
}

core::Expected<BuildStatus> to_build_status(const RawValue& raw) {
    if (raw.text.empty()) {
        return invalid(
            "build-status is required: pass --build-status or the build-status input "
            "(success, failure, cancelled or skipped); only a workflow_run event says it by itself");
    }
    const std::string text = lower(raw.text);
    for (const auto status :
         {BuildStatus::success, BuildStatus::failure, BuildStatus::cancelled, BuildStatus::skipped}) {
        if (text == to_string(status)) {
            return status;
        }
    }
    // A workflow run's conclusion, as `${{ github.event.workflow_run.conclusion }}` passes it.
    for (const char* conclusion : {"timed_out", "neutral", "action_required", "stale", "startup_failure"}) {
        if (text == conclusion) {
            return from_core(core::build_status_from_conclusion(text));
        }
    }
    return invalid("build-status must be success, failure, cancelled or skipped, got '" + raw.text + "'" +
                   from(raw));
}

core::Expected<Dispatch> to_dispatch(const RawValue& raw) {
    const std::string text = lower(raw.text);
    for (const auto dispatch : {Dispatch::automatic, Dispatch::always, Dispatch::never}) {
        if (text == to_string(dispatch)) {
            return dispatch;
        }
    }
    return invalid("dispatch must be auto, always or never, got '" + raw.text + "'" + from(raw));
}

core::Expected<double> to_dollars(std::string_view name, const RawValue& raw) {
    double value = 0;
    const char* begin = raw.text.data();
    const char* end = begin + raw.text.size();
    const bool plain = !raw.text.empty() && raw.text.find_first_not_of("0123456789.") == std::string::npos;
    const auto [stop, code] = std::from_chars(begin, end, value);
    if (!plain || code != std::errc() || stop != end || value <= 0 || value > 10000) {
        return invalid(std::string(name) + " must be an amount of US dollars above 0 and at most 10000 " +
                       "(like 5 or 0.75), got '" + raw.text + "'" + from(raw));
    }
    return value;
}

core::Expected<core::TriageMode> to_triage(const RawValue& raw) {
    const std::string text = lower(raw.text);
    if (text == "auto") {
        return core::TriageMode::automatic;
    }
    if (text == "off") {
        return core::TriageMode::off;
    }
    return invalid("triage must be auto or off, got '" + raw.text + "'" + from(raw));
}

core::Expected<bool> to_boolean(std::string_view name, const RawValue& raw) {
    const std::string text = lower(raw.text);
    if (text == "true" || text == "yes" || text == "1") {
        return true;
    }
    if (text == "false" || text == "no" || text == "0") {
        return false;
    }
    return invalid(std::string(name) + " must be a boolean (true, false, yes, no, 1 or 0), got '" + raw.text +
                   "'" + from(raw));
}

std::vector<std::string> split(std::string_view text, std::string_view separators) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto stop = text.find_first_of(separators, start);
        const auto length = stop == std::string_view::npos ? std::string_view::npos : stop - start;
        if (auto item = trim(text.substr(start, length)); !item.empty()) {
            items.push_back(std::move(item));
        }
        if (stop == std::string_view::npos) {
            break;
        }
        start = stop + 1;
    }
    return items;
}

} // namespace autofix::action::setting_values
