#pragma once

#include "agent/tool_outcome.hpp"
#include "agent/workspace.hpp"

#include <nlohmann/json.hpp>

namespace autofix::agent {

/// Caps of the list and search answers.
struct SearchLimits {
    std::size_t max_listed = 200;         // list_files: paths shown
    std::size_t max_matches = 100;        // search_files: matching lines shown
    std::size_t max_line_chars = 240;     // search_files: a longer matching line is cut
    std::size_t max_scanned_chars = 4000; // search_files: only this much of each line is matched
    std::size_t max_pattern_chars = 300;
};

/// list_files: `{"pattern": glob, "path": optional directory}`; returns the matching files (a pattern without
/// '/' also matches bare file names at any depth), sorted and capped; an error outcome when refused.
ToolOutcome run_list_files(const Workspace& workspace, const nlohmann::json& input,
                           const SearchLimits& limits = {});

/// search_files: `{"pattern": ECMAScript regex, "path": optional directory, "glob": optional file filter,
/// "case_insensitive": bool}`; returns `path:line: text` for matching lines of text files, capped; an error
/// outcome for an invalid regex or a refused path.
ToolOutcome run_search_files(const Workspace& workspace, const nlohmann::json& input,
                             const SearchLimits& limits = {});

} // namespace autofix::agent
