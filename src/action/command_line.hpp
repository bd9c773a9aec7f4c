#pragma once

#include "core/error.hpp"

#include <map>
#include <span>
#include <string>

namespace autofix::action {

/// What the command line asks for: a run, or only help, the version or the resolved settings.
enum class Request { run, help, version, print_settings };

/// The parsed command line: the request and the value of each input given as a flag, keyed by input name.
struct CommandLine {
    Request request = Request::run;
    std::map<std::string, std::string> values;
};

/// Parses the arguments after the program name: `--<input> VALUE`, `--<input>=VALUE`, `--output` (alias of
/// `--result-file`), `--dry-run` alone (true), `--help`/`-h`, `--version`, `--print-settings`. `--help` and
/// `--version` win over everything after them. Fails (invalid_input) on an unknown flag, a flag missing its
/// value or a positional argument.
core::Expected<CommandLine> parse_command_line(std::span<const std::string> arguments);

/// The usage text printed for `--help`: every flag with its default.
std::string usage_text();

} // namespace autofix::action
