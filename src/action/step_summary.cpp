#include "action/step_summary.hpp"

#include "core/markdown_fence.hpp"

#include <algorithm>
#include <fstream>

namespace autofix::action {
namespace {

std::string single_line(std::string_view text) {
    std::string line;
    for (const char c : text) {
        if (c == '\n') {
            line += ' ';
        } else if (c != '\r') {
            line += c;
        }
    }
    return line;
}

} // namespace

std::string escape_table_cell(std::string_view text) {
    std::string cell;
    for (std::size_t index = 0; index < text.size(); ++index) {
        const char c = text[index];
        if (c == '|') {
            cell += "\\|";
        } else if (c == '\r') {
            cell += "<br>";
            if (index + 1 < text.size() && text[index + 1] == '\n') {
                ++index;
            }
        } else if (c == '\n') {
            cell += "<br>";
        } else {
            cell += c;
        }
    }
    return cell;
}

std::string escape_html(std::string_view text) {
    std::string escaped;
    for (const char c : text) {
        switch (c) {
        case '&':
            escaped += "&amp;";
            break;
        case '<':
            escaped += "&lt;";
            break;
        case '>':
            escaped += "&gt;";
            break;
        case '"':
            escaped += "&quot;";
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
}

MarkdownBuilder& MarkdownBuilder::heading(std::string_view text, int level) {
    level = std::clamp(level, 1, 6);
    m_text += std::string(static_cast<std::size_t>(level), '#') + " " + single_line(text) + "\n\n";
    return *this;
}

MarkdownBuilder& MarkdownBuilder::paragraph(std::string_view text) {
    m_text += std::string(text);
    m_text += "\n\n";
    return *this;
}

MarkdownBuilder& MarkdownBuilder::bullets(const std::vector<std::string>& items) {
    for (const auto& item : items) {
        m_text += "- " + single_line(item) + "\n";
    }
    m_text += "\n";
    return *this;
}

MarkdownBuilder& MarkdownBuilder::table(const std::vector<std::string>& header,
                                        const std::vector<std::vector<std::string>>& rows) {
    if (header.empty()) {
        return *this;
    }
    const auto row_text = [&](const std::vector<std::string>& cells) {
        std::string line = "|";
        for (std::size_t column = 0; column < header.size(); ++column) {
            line += " " + (column < cells.size() ? escape_table_cell(cells[column]) : std::string()) + " |";
        }
        return line + "\n";
    };
    m_text += row_text(header);
    m_text += "|";
    for (std::size_t column = 0; column < header.size(); ++column) {
        m_text += " --- |";
    }
    m_text += "\n";
    for (const auto& row : rows) {
        m_text += row_text(row);
    }
    m_text += "\n";
    return *this;
}

MarkdownBuilder& MarkdownBuilder::code_block(std::string_view text, std::string_view language) {
    const std::string fence = core::code_fence(text);
    m_text += fence + std::string(language) + "\n" + std::string(text);
    if (!text.empty() && text.back() != '\n') {
        m_text += "\n";
    }
    m_text += fence + "\n\n";
    return *this;
}

MarkdownBuilder& MarkdownBuilder::details(std::string_view summary, std::string_view body) {
    m_text += "<details><summary>" + escape_html(single_line(summary)) + "</summary>\n\n" + std::string(body);
    if (!body.empty() && body.back() != '\n') {
        m_text += "\n";
    }
    m_text += "\n</details>\n\n";
    return *this;
}

core::Status append_to_file(const std::string& path, std::string_view markdown) {
    std::ofstream file(path, std::ios::binary | std::ios::app);
    file << markdown;
    file.flush();
    if (!file) {
        return core::make_error(core::ErrorKind::io, "appending to " + path + ": cannot write the file");
    }
    return {};
}

core::Status append_step_summary(const Environment& environment, std::string_view markdown) {
    const std::string path = environment.value_or("GITHUB_STEP_SUMMARY", "");
    if (path.empty()) {
        return {};
    }
    auto status = append_to_file(path, markdown);
    if (!status) {
        return core::with_context(status.error(), "writing the step summary");
    }
    return {};
}

} // namespace autofix::action
