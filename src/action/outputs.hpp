#pragma once

#include "action/environment.hpp"
#include "core/error.hpp"

#include <map>
#include <string>
#include <string_view>

namespace autofix::action {

/// Whether an OutputFile writes to a file or only accepts values (GITHUB_OUTPUT unset: the caller prints).
enum class OutputMode { file, discard };

/// Appends step outputs to the GITHUB_OUTPUT file in heredoc form `name<<DELIM\nvalue\nDELIM\n`, with a
/// random delimiter `ghadelimiter_<32 hex digits>` chosen once per OutputFile.
class OutputFile {
public:
    /// A writer that appends to `path` with a fresh random delimiter.
    explicit OutputFile(std::string path);

    /// A writer that appends to `path` with `delimiter` (tests use this to provoke a collision).
    OutputFile(std::string path, std::string delimiter);

    /// The writer for GITHUB_OUTPUT of `environment`; a discarding writer when it is unset or empty.
    static OutputFile from_environment(const Environment& environment);

    /// Appends output `name` with `value`. Fails (invalid_input) when the name is not letters, digits, `-`
    /// and `_` starting with a letter or `_`, or when the name or value contains the delimiter; (io) when the
    /// file cannot be appended to. Succeeds without writing in discard mode.
    core::Status set(std::string_view name, std::string_view value) const;

    /// Whether set() writes to a file.
    OutputMode mode() const { return m_path.empty() ? OutputMode::discard : OutputMode::file; }

    /// The delimiter written around every value.
    const std::string& delimiter() const { return m_delimiter; }

private:
    std::string m_path;
    std::string m_delimiter;
};

/// Returns a random delimiter `ghadelimiter_` + 32 hex digits from std::random_device.
std::string random_delimiter();

/// Parses GITHUB_OUTPUT text as the runner does (`name=value` lines and `name<<DELIM` heredocs) into a
/// map; a later value for a name wins. Fails (invalid_input) on a line without `=` or `<<`, or an
/// unterminated heredoc. For tests and the end-to-end checks.
core::Expected<std::map<std::string, std::string>> parse_output_file(std::string_view text);

} // namespace autofix::action
