#pragma once

#include "agent/editor_tool.hpp"
#include "agent/search_tools.hpp"
#include "agent/tool_outcome.hpp"
#include "agent/workspace.hpp"
#include "ports/model_client.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace autofix::agent {

/// The longest description submit_fix accepts (it becomes the commit subject).
inline constexpr std::size_t max_description_chars = 72;

/// What the model submitted with submit_fix.
struct Submission {
    std::string description;
    std::string explanation;
};

/// Whether a fix session offers the run_tests tool (the run has a test-command).
enum class TestTool { absent, offered };

/// Runs the project's test command for the run_tests tool and answers with its report.
using RunTests = std::function<ToolOutcome()>;

/// Returns the tools of a fix session: the text editor, list_files, search_files, run_tests when `tests` is
/// offered, and submit_fix, with the custom tools' JSON schemas.
std::vector<ports::ToolDefinition> fix_tools(TestTool tests = TestTool::absent);

/// Returns the number of UTF-8 code points in `text`.
std::size_t utf8_length(std::string_view text);

/// Validates a submit_fix input; returns the submission, or the reason it is refused (empty or multi-line
/// description, description over 72 characters, empty explanation).
core::Expected<Submission> parse_submission(const nlohmann::json& input);

/// Runs the fix session's tools against a workspace.
class ToolBox {
public:
    /// Keeps a reference to `workspace`, which must outlive the tool box.
    explicit ToolBox(Workspace& workspace, EditorLimits editor = {}, SearchLimits search = {});

    /// Runs tool `name` with the tool_use input `input_json`; an unknown tool, malformed input or refusal is
    /// an error outcome. A valid submit_fix is recorded (see submission()) and answered with an ok outcome.
    ToolOutcome run(const std::string& name, const std::string& input_json);

    /// Makes run_tests call `run_tests`; without it the tool is unknown.
    void set_run_tests(RunTests run_tests) { m_run_tests = std::move(run_tests); }

    /// The last valid submit_fix, if any.
    const std::optional<Submission>& submission() const { return m_submission; }

    /// Forgets the submission (when the session refuses it, e.g. because nothing changed).
    void clear_submission() { m_submission.reset(); }

private:
    Workspace& m_workspace;
    EditorLimits m_editor;
    SearchLimits m_search;
    std::optional<Submission> m_submission;
    RunTests m_run_tests;
};

} // namespace autofix::agent
