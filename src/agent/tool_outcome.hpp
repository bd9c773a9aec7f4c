#pragma once

#include <string>

namespace autofix::agent {

/// What a tool answers: the tool_result content and whether it is an error (a refusal or a failure).
struct ToolOutcome {
    std::string content;
    bool is_error = false;

    /// Makes a successful outcome.
    static ToolOutcome ok(std::string content) { return {std::move(content), false}; }
    /// Makes an error outcome; `reason` is shown to the model.
    static ToolOutcome error(std::string reason) { return {"Error: " + std::move(reason), true}; }
};

} // namespace autofix::agent
