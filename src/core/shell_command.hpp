#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace autofix::core {

/// Returns the program a `sh -c` command line starts, when it can be told without running a shell: the first
/// word after leading `NAME=value` assignments. Returns nullopt when the first word is a shell keyword or
/// builtin, or holds quotes, expansions, globs or other syntax that only the shell can resolve.
std::optional<std::string> first_program(std::string_view command);

/// Parses a duration such as `600`, `90s`, `10m` or `1h` (plain numbers are seconds); returns the seconds,
/// or nullopt when the text is not a positive whole duration of at most a day.
std::optional<long> parse_duration_seconds(std::string_view text);

} // namespace autofix::core
