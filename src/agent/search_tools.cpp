#include "agent/search_tools.hpp"

#include "agent/glob.hpp"

#include <regex>

namespace autofix::agent {
namespace {

using nlohmann::json;

std::string field(const json& input, const char* key) {
    return input.contains(key) && input[key].is_string() ? input[key].get<std::string>() : std::string();
}

bool file_matches(const std::string& pattern, const std::string& relative) {
    if (pattern.empty() || glob_match(pattern, relative)) {
        return true;
    }
    if (pattern.find('/') == std::string::npos) {
        const auto slash = relative.rfind('/');
        return glob_match(pattern, slash == std::string::npos ? relative : relative.substr(slash + 1));
    }
    return false;
}

core::Expected<std::string> directory_of(const Workspace& workspace, const json& input) {
    const std::string path = field(input, "path");
    if (path.empty() || path == ".") {
        return std::string();
    }
    auto relative = workspace.check(path, Access::read);
    if (!relative) {
        return relative.error();
    }
    if (!relative->empty() && !workspace.is_directory(*relative)) {
        return core::make_error(core::ErrorKind::sandbox, "'" + path + "' is not a directory");
    }
    return relative;
}

} // namespace

ToolOutcome run_list_files(const Workspace& workspace, const json& input, const SearchLimits& limits) {
    if (!input.is_object()) {
        return ToolOutcome::error("the input must be a JSON object");
    }
    const std::string pattern = field(input, "pattern");
    if (pattern.empty()) {
        return ToolOutcome::error("parameter pattern (a glob such as **/*.py) is required");
    }
    auto directory = directory_of(workspace, input);
    if (!directory) {
        return ToolOutcome::error(directory.error().message);
    }
    std::vector<std::string> matches;
    for (const auto& file : workspace.list_files(*directory, true)) {
        const std::string below = directory->empty() ? file : file.substr(directory->size() + 1);
        if (file_matches(pattern, below)) {
            matches.push_back(file);
        }
    }
    if (matches.empty()) {
        return ToolOutcome::ok("No files match '" + pattern + "'.");
    }
    std::string out;
    for (std::size_t i = 0; i < matches.size() && i < limits.max_listed; ++i) {
        out += matches[i] + "\n";
    }
    if (matches.size() > limits.max_listed) {
        out += "(" + std::to_string(matches.size() - limits.max_listed) +
               " more files not shown; use a narrower pattern)\n";
    }
    return ToolOutcome::ok(out);
}

ToolOutcome run_search_files(const Workspace& workspace, const json& input, const SearchLimits& limits) {
    if (!input.is_object()) {
        return ToolOutcome::error("the input must be a JSON object");
    }
    const std::string pattern = field(input, "pattern");
    if (pattern.empty()) {
        return ToolOutcome::error("parameter pattern (a regular expression) is required");
    }
    if (pattern.size() > limits.max_pattern_chars) {
        return ToolOutcome::error("the pattern is longer than " + std::to_string(limits.max_pattern_chars) +
                                  " characters");
    }
    auto flags = std::regex::ECMAScript | std::regex::optimize;
    if (input.contains("case_insensitive") && input["case_insensitive"].is_boolean() &&
        input["case_insensitive"].get<bool>()) {
        flags |= std::regex::icase;
    }
    std::regex regex;
    try {
        regex = std::regex(pattern, flags);
    } catch (const std::regex_error& error) {
        return ToolOutcome::error("invalid regular expression '" + pattern + "': " + error.what());
    }
    auto directory = directory_of(workspace, input);
    if (!directory) {
        return ToolOutcome::error(directory.error().message);
    }
    const std::string glob = field(input, "glob");
    std::string out;
    std::size_t matches = 0;
    bool more = false;
    for (const auto& file : workspace.list_files(*directory, true)) {
        if (!file_matches(glob, file)) {
            continue;
        }
        auto content = workspace.read_text(file);
        if (!content) {
            continue; // binary, too large or refused: not searched
        }
        std::size_t start = 0;
        for (std::size_t number = 1; start < content->size() && !more; ++number) {
            std::size_t end = content->find('\n', start);
            if (end == std::string::npos) {
                end = content->size();
            }
            std::size_t length = end - start;
            if (length > 0 && (*content)[end - 1] == '\r') {
                --length; // a CRLF line reads as the editor shows it
            }
            const std::string line = content->substr(start, std::min(length, limits.max_scanned_chars));
            start = end + 1;
            bool hit = false;
            try {
                hit = std::regex_search(line, regex);
            } catch (const std::regex_error&) {
                return ToolOutcome::error("the pattern is too complex to run; simplify it");
            }
            if (!hit) {
                continue;
            }
            if (matches == limits.max_matches) {
                more = true;
                break;
            }
            ++matches;
            out += file + ":" + std::to_string(number) + ": " + line.substr(0, limits.max_line_chars) + "\n";
        }
        if (more) {
            break;
        }
    }
    if (matches == 0) {
        return ToolOutcome::ok("No matches for '" + pattern + "'.");
    }
    if (more) {
        out += "(results capped at " + std::to_string(limits.max_matches) +
               " matches; narrow the pattern or path)\n";
    }
    return ToolOutcome::ok(out);
}

} // namespace autofix::agent
