#include "agent/editor_tool.hpp"

#include "agent/line_endings.hpp"

#include <algorithm>
#include <vector>

namespace autofix::agent {
namespace {

using nlohmann::json;

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string numbered(const std::vector<std::string>& lines, std::size_t first, std::size_t last) {
    std::string out;
    for (std::size_t i = first; i < last && i < lines.size(); ++i) {
        std::string number = std::to_string(i + 1);
        out += std::string(number.size() < 6 ? 6 - number.size() : 0, ' ') + number + "\t" + lines[i] + "\n";
    }
    return out;
}

std::string clip(std::string text, std::size_t cap) {
    if (text.size() <= cap) {
        return text;
    }
    text.resize(cap);
    return text + "\n<response clipped><NOTE>Only part of the file was shown. View a smaller view_range, or "
                  "use search_files to find the lines you need.</NOTE>";
}

std::optional<std::string> string_field(const json& input, const char* key) {
    if (!input.contains(key) || !input[key].is_string()) {
        return std::nullopt;
    }
    return input[key].get<std::string>();
}

std::string snippet(const std::string& content, std::size_t offset, std::size_t inserted_lines,
                    const std::string& path) {
    const auto lines = split_lines(content);
    const std::size_t line = static_cast<std::size_t>(
        std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    const std::size_t first = line > 4 ? line - 4 : 0;
    const std::size_t last = std::min(lines.size(), line + inserted_lines + 5);
    return "The file " + path + " has been edited. Here's the result of running `cat -n` on a snippet of " +
           path + ":\n" + numbered(lines, first, last) +
           "Review the changes and make sure they are as expected.";
}

ToolOutcome view(Workspace& workspace, const json& input, const std::string& path,
                 const EditorLimits& limits) {
    auto relative = workspace.check(path, Access::read);
    if (!relative) {
        return ToolOutcome::error(relative.error().message);
    }
    if (relative->empty() || workspace.is_directory(*relative)) {
        if (input.contains("view_range")) {
            return ToolOutcome::error("view_range is not allowed when path is a directory");
        }
        auto entries = workspace.list_tree(*relative, limits.listing_depth);
        std::string out = "Here are the files and directories up to " + std::to_string(limits.listing_depth) +
                          " levels deep in " + (relative->empty() ? std::string(".") : *relative) +
                          ", excluding hidden items:\n";
        const std::size_t shown = std::min(entries.size(), limits.max_listing_entries);
        for (std::size_t i = 0; i < shown; ++i) {
            out += entries[i] + "\n";
        }
        if (entries.size() > shown) {
            out += "(" + std::to_string(entries.size() - shown) + " more entries not shown)\n";
        }
        return ToolOutcome::ok(out);
    }
    auto content = workspace.read_text(path);
    if (!content) {
        return ToolOutcome::error(content.error().message);
    }
    const auto lines = split_lines(TextFile::parse(*content).text());
    std::size_t first = 0;
    std::size_t last = lines.size();
    if (input.contains("view_range")) {
        const json& range = input["view_range"];
        if (!range.is_array() || range.size() != 2 || !range[0].is_number_integer() ||
            !range[1].is_number_integer()) {
            return ToolOutcome::error("view_range must be an array of two integers [start_line, end_line]");
        }
        const long start = range[0].get<long>();
        const long end = range[1].get<long>();
        const long count = static_cast<long>(lines.size());
        if (start < 1 || start > std::max(count, 1L)) {
            return ToolOutcome::error("invalid view_range: start_line " + std::to_string(start) +
                                      " is outside the file's lines [1, " + std::to_string(count) + "]");
        }
        if (end != -1 && (end < start || end > count)) {
            return ToolOutcome::error("invalid view_range: end_line " + std::to_string(end) +
                                      " must be -1 or between start_line and " + std::to_string(count));
        }
        first = static_cast<std::size_t>(start - 1);
        last = end == -1 ? lines.size() : static_cast<std::size_t>(end);
    }
    if (lines.empty()) {
        return ToolOutcome::ok("(the file " + *relative + " is empty)");
    }
    return ToolOutcome::ok(clip(numbered(lines, first, last), limits.max_view_chars));
}

// Returns the line ending of the text files beside `relative` (those of the nearest existing folder up the
// tree that has any), so that a file created in a CRLF folder is CRLF too.
LineEnding ending_near(const Workspace& workspace, const std::string& relative) {
    constexpr std::size_t max_samples = 16;
    constexpr std::size_t sample_bytes = 8192;
    std::filesystem::path folder = std::filesystem::path(relative).parent_path();
    for (;;) {
        std::vector<std::string> samples;
        std::error_code error;
        for (std::filesystem::directory_iterator it(workspace.root() / folder, error), end;
             !error && it != end && samples.size() < max_samples; it.increment(error)) {
            if (!it->is_regular_file(error)) {
                continue;
            }
            const std::string name = (folder / it->path().filename()).generic_string();
            if (auto text = workspace.read_text(name)) {
                samples.push_back(text->substr(0, sample_bytes));
            }
        }
        if (!samples.empty() || folder.empty()) {
            return prevailing_ending(samples);
        }
        folder = folder.parent_path();
    }
}

ToolOutcome create(Workspace& workspace, const json& input, const std::string& path) {
    const auto text = string_field(input, "file_text");
    if (!text) {
        return ToolOutcome::error("parameter file_text (a string) is required for command create");
    }
    auto relative = workspace.check(path, Access::write);
    if (!relative) {
        return ToolOutcome::error(relative.error().message);
    }
    std::error_code error;
    if (std::filesystem::exists(workspace.root() / *relative, error)) {
        return ToolOutcome::error("file already exists at: " + *relative +
                                  ". Cannot overwrite files using command create; use str_replace");
    }
    const std::string content = with_ending(to_lf(*text), ending_near(workspace, *relative));
    if (auto written = workspace.write_text(path, content); !written) {
        return ToolOutcome::error(written.error().message);
    }
    return ToolOutcome::ok("File created successfully at: " + *relative);
}

std::vector<std::size_t> occurrences(const std::string& content, const std::string& needle) {
    std::vector<std::size_t> found;
    for (std::size_t at = content.find(needle); at != std::string::npos;
         at = content.find(needle, at + needle.size())) {
        found.push_back(at);
    }
    return found;
}

ToolOutcome str_replace(Workspace& workspace, const json& input, const std::string& path) {
    const auto raw_old = string_field(input, "old_str");
    if (!raw_old || raw_old->empty()) {
        return ToolOutcome::error(
            "parameter old_str (a non-empty string) is required for command str_replace");
    }
    // Matched and written with "\n" line endings; the file keeps its own (CRLF, mixed, BOM) outside the edit.
    const std::string old_str = to_lf(*raw_old);
    const std::string new_str = to_lf(string_field(input, "new_str").value_or(""));
    if (auto relative = workspace.check(path, Access::write); !relative) {
        return ToolOutcome::error(relative.error().message);
    }
    auto bytes = workspace.read_text(path);
    if (!bytes) {
        return ToolOutcome::error(bytes.error().message);
    }
    const TextFile file = TextFile::parse(*bytes);
    const std::string* content = &file.text();
    const auto found = occurrences(*content, old_str);
    if (found.empty()) {
        return ToolOutcome::error("no replacement was performed: old_str did not appear verbatim in " +
                                  std::string(path) +
                                  ". View the file and copy the text exactly, whitespace included");
    }
    if (found.size() > 1) {
        std::string lines;
        for (const auto at : found) {
            const auto line =
                std::count(content->begin(), content->begin() + static_cast<std::ptrdiff_t>(at), '\n');
            lines += (lines.empty() ? "" : ", ") + std::to_string(line + 1);
        }
        return ToolOutcome::error("no replacement was performed: found " + std::to_string(found.size()) +
                                  " matches of old_str (lines " + lines +
                                  "); include more surrounding context to make it unique");
    }
    std::string updated = *content;
    updated.replace(found[0], old_str.size(), new_str);
    if (auto written = workspace.write_text(path, file.replace(found[0], old_str.size(), new_str));
        !written) {
        return ToolOutcome::error(written.error().message);
    }
    const auto new_lines = static_cast<std::size_t>(std::count(new_str.begin(), new_str.end(), '\n'));
    return ToolOutcome::ok(snippet(updated, found[0], new_lines, path));
}

ToolOutcome insert(Workspace& workspace, const json& input, const std::string& path) {
    auto text = string_field(input, "insert_text");
    if (!text) {
        text = string_field(input, "new_str");
    }
    if (!text) {
        return ToolOutcome::error("parameter insert_text (a string) is required for command insert");
    }
    if (!input.contains("insert_line") || !input["insert_line"].is_number_integer()) {
        return ToolOutcome::error("parameter insert_line (an integer) is required for command insert");
    }
    if (auto relative = workspace.check(path, Access::write); !relative) {
        return ToolOutcome::error(relative.error().message);
    }
    auto bytes = workspace.read_text(path);
    if (!bytes) {
        return ToolOutcome::error(bytes.error().message);
    }
    const TextFile file = TextFile::parse(*bytes);
    const std::string* content = &file.text();
    auto lines = split_lines(*content);
    const long line = input["insert_line"].get<long>();
    if (line < 0 || line > static_cast<long>(lines.size())) {
        return ToolOutcome::error("invalid insert_line " + std::to_string(line) +
                                  ": it must be between 0 and " + std::to_string(lines.size()));
    }
    std::string block = to_lf(*text);
    if (!block.empty() && block.back() != '\n') {
        block += '\n';
    }
    std::size_t offset = 0;
    for (long i = 0; i < line; ++i) {
        offset += lines[static_cast<std::size_t>(i)].size() + 1;
    }
    std::size_t shown_at = offset;
    if (offset > content->size()) { // after a last line without newline: the file still ends without one
        offset = content->size();
        shown_at = offset + 1;
        block = "\n" + block.substr(0, block.size() - (block.empty() ? 0 : 1));
    }
    std::string updated = *content;
    updated.insert(offset, block);
    if (auto written = workspace.write_text(path, file.replace(offset, 0, block)); !written) {
        return ToolOutcome::error(written.error().message);
    }
    const auto new_lines = static_cast<std::size_t>(std::count(block.begin(), block.end(), '\n'));
    return ToolOutcome::ok(snippet(updated, std::min(shown_at, updated.size()), new_lines, path));
}

} // namespace

ToolOutcome run_editor_command(Workspace& workspace, const json& input, const EditorLimits& limits) {
    if (!input.is_object()) {
        return ToolOutcome::error("the input must be a JSON object");
    }
    const auto command = string_field(input, "command");
    const auto path = string_field(input, "path");
    if (!command) {
        return ToolOutcome::error("parameter command is required: one of view, create, str_replace, insert");
    }
    if (!path) {
        return ToolOutcome::error("parameter path (a string) is required");
    }
    if (*command == "view") {
        return view(workspace, input, *path, limits);
    }
    if (*command == "create") {
        return create(workspace, input, *path);
    }
    if (*command == "str_replace") {
        return str_replace(workspace, input, *path);
    }
    if (*command == "insert") {
        return insert(workspace, input, *path);
    }
    if (*command == "undo_edit") {
        return ToolOutcome::error(
            "undo_edit is not supported by this version of the tool; use str_replace to "
            "restore the previous text");
    }
    return ToolOutcome::error("unknown command '" + *command + "': use view, create, str_replace or insert");
}

} // namespace autofix::agent
