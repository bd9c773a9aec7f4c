#pragma once

#include "agent/tool_outcome.hpp"
#include "agent/workspace.hpp"

#include <nlohmann/json.hpp>

namespace autofix::agent {

/// The name and type of Anthropic's text editor tool for Claude 4 models.
inline constexpr const char* editor_tool_name = "str_replace_based_edit_tool";
inline constexpr const char* editor_tool_type = "text_editor_20250728";

/// Caps of the editor's answers.
struct EditorLimits {
    std::size_t max_view_chars = 60000; // longer views are clipped with a note
    int listing_depth = 2;              // directory view: levels below the directory
    std::size_t max_listing_entries = 400;
};

/// Runs one text editor command (`view`, `create`, `str_replace`, `insert`) from the tool_use `input`
/// against `workspace`; every refusal or failure is an error outcome that says why (never throws).
ToolOutcome run_editor_command(Workspace& workspace, const nlohmann::json& input,
                               const EditorLimits& limits = {});

} // namespace autofix::agent
