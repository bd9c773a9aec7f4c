#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace autofix::action {

/// Escapes a command's message as the runner expects: `%` to %25, CR to %0D, LF to %0A.
std::string escape_data(std::string_view text);

/// Escapes a command property value: as escape_data, plus `:` to %3A and `,` to %2C.
std::string escape_property(std::string_view text);

/// Formats `::command key=value,...::message` (no newline) with both escapings applied; properties with an
/// empty value are left out.
std::string format_command(std::string_view command,
                           const std::vector<std::pair<std::string, std::string>>& properties,
                           std::string_view message);

/// Where an annotation points: file (relative to the workspace), lines, columns and a title; all optional.
struct AnnotationLocation {
    std::string file;
    std::optional<int> line;
    std::optional<int> end_line;
    std::optional<int> column;
    std::optional<int> end_column;
    std::string title;
};

/// The annotation commands.
enum class AnnotationLevel { error, warning, notice };

/// Writes `::error|warning|notice file=..,line=..,endLine=..,col=..,endColumn=..,title=..::message`.
void annotate(std::ostream& out, AnnotationLevel level, std::string_view message,
              const AnnotationLocation& location = {});

/// Writes `::error::message` with an optional location.
void error(std::ostream& out, std::string_view message, const AnnotationLocation& location = {});

/// Writes `::warning::message` with an optional location.
void warning(std::ostream& out, std::string_view message, const AnnotationLocation& location = {});

/// Writes `::notice::message` with an optional location.
void notice(std::ostream& out, std::string_view message, const AnnotationLocation& location = {});

/// Writes `::debug::message` (shown when step debug logging is on).
void debug(std::ostream& out, std::string_view message);

/// Writes `::add-mask::secret`; a multi-line secret is also masked line by line (blank lines skipped),
/// because the runner masks the log one line at a time. Writes nothing for an empty secret.
void add_mask(std::ostream& out, std::string_view secret);

/// Writes add_mask for each of `secrets` (e.g. Settings::secrets()).
void mask_secrets(std::ostream& out, const std::vector<std::string>& secrets);

/// Writes `::group::title`: the lines up to the matching end_group fold into one.
void start_group(std::ostream& out, std::string_view title);

/// Writes `::endgroup::`.
void end_group(std::ostream& out);

/// Opens a group on construction and closes it on destruction.
class ScopedGroup {
public:
    /// Writes add_mask for each of `secrets` (e.g. Settings::secrets()).
    void mask_secrets(std::ostream& out, const std::vector<std::string>& secrets);

    /// Writes `::group::title` to `out`, which must outlive the group.
    ScopedGroup(std::ostream& out, std::string_view title);
    ~ScopedGroup();
    ScopedGroup(const ScopedGroup&) = delete;
    ScopedGroup& operator=(const ScopedGroup&) = delete;

private:
    std::ostream& m_out;
};

} // namespace autofix::action
