#pragma once
// How one setting's text is found (flag > input > config file > default) and converted, with errors that
// name where the value came from. Shared by settings.cpp and model_provider.cpp.

#include "action/command_line.hpp"
#include "action/config_file.hpp"
#include "action/environment.hpp"
#include "action/inputs.hpp"
#include "action/settings.hpp"
#include "core/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace autofix::action::setting_values {

/// Returns an ErrorKind::invalid_input error carrying `message`.
core::Error invalid(std::string message);

/// Returns `text` without leading and trailing blanks and line breaks.
std::string trim(std::string_view text);

/// Returns `text` in ASCII lower case.
std::string lower(std::string text);

/// Returns `text` in ASCII upper case.
std::string upper(std::string text);

/// One setting's text before conversion, with where it came from.
struct RawValue {
    std::string text;
    ValueOrigin origin;
};

/// Applies the precedence flag > input > config file > default to one input; empty values fall through.
class Resolver {
public:
    Resolver(const CommandLine& command_line, const Environment& environment, const ConfigFile& config)
        : m_command_line(command_line), m_environment(environment), m_config(config) {}

    /// Returns the value of `spec` and where it came from.
    RawValue resolve(const InputSpec& spec) const;

    /// Returns the environment variable `variable` when the input was not set anywhere.
    RawValue resolve_or_environment(const InputSpec& spec, std::string_view variable) const;

private:
    const CommandLine& m_command_line;
    const Environment& m_environment;
    const ConfigFile& m_config;
};

/// True when a flag, an input or the config file gave the value (not a default or a GITHUB_* variable).
bool explicitly_set(const RawValue& raw);

/// Returns " (from <where>)" for error messages.
std::string from(const RawValue& raw);

/// Parses a whole number in [minimum, maximum]; fails naming `name`, the value and its origin.
core::Expected<int> to_number(std::string_view name, const RawValue& raw, int minimum, int maximum);

/// Converts a core build status to the settings' one.
BuildStatus from_core(core::BuildStatus status);

/// Parses build-status: success, failure, cancelled, skipped or a workflow run's conclusion.
core::Expected<BuildStatus> to_build_status(const RawValue& raw);

/// Parses dispatch: auto, always or never.
core::Expected<Dispatch> to_dispatch(const RawValue& raw);

/// Parses a positive amount of US dollars, at most 10000, written as a plain decimal ("5", "0.75").
core::Expected<double> to_dollars(std::string_view name, const RawValue& raw);

/// Parses triage: auto or off.
core::Expected<core::TriageMode> to_triage(const RawValue& raw);

/// Parses a boolean written as true/false, yes/no or 1/0 (any case).
core::Expected<bool> to_boolean(std::string_view name, const RawValue& raw);

/// Splits `text` at any of `separators`, trimming items and dropping empty ones.
std::vector<std::string> split(std::string_view text, std::string_view separators);

} // namespace autofix::action::setting_values
