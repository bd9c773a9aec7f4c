#pragma once

#include "action/environment.hpp"
#include "core/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace autofix::action {

/// Escapes text for one markdown table cell: `|` becomes `\|`, a line break becomes `<br>`.
std::string escape_table_cell(std::string_view text);

/// Escapes `&`, `<`, `>` and `"` for text inside HTML such as a details summary.
std::string escape_html(std::string_view text);

/// Builds a GitHub-flavoured markdown report block by block; every block ends with a blank line.
class MarkdownBuilder {
public:
    /// Adds `#`-heading of `level` (clamped to 1..6); line breaks in `text` become spaces.
    MarkdownBuilder& heading(std::string_view text, int level = 2);

    /// Adds a paragraph of markdown `text` as given.
    MarkdownBuilder& paragraph(std::string_view text);

    /// Adds a bullet list, one item per entry; line breaks inside an item become spaces.
    MarkdownBuilder& bullets(const std::vector<std::string>& items);

    /// Adds a table with `header` and `rows`, every cell escaped; short rows are padded with empty cells.
    MarkdownBuilder& table(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows);

    /// Adds a fenced code block; the fence is longer than any backtick run in `text`.
    MarkdownBuilder& code_block(std::string_view text, std::string_view language = "");

    /// Adds a collapsed `<details>` block with an escaped `summary` and markdown `body`.
    MarkdownBuilder& details(std::string_view summary, std::string_view body);

    /// The markdown built so far.
    const std::string& str() const { return m_text; }

private:
    std::string m_text;
};

/// Appends `markdown` to the file at `path`. Fails (io) when the file cannot be appended to.
core::Status append_to_file(const std::string& path, std::string_view markdown);

/// Appends `markdown` to GITHUB_STEP_SUMMARY of `environment`; does nothing when it is unset or empty.
/// Fails (io) when the file cannot be appended to.
core::Status append_step_summary(const Environment& environment, std::string_view markdown);

} // namespace autofix::action
