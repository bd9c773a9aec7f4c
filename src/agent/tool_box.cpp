#include "agent/tool_box.hpp"

namespace autofix::agent {
namespace {

using nlohmann::json;

constexpr const char* list_files_schema = R"({
  "type": "object",
  "properties": {
    "pattern": {"type": "string", "description": "Glob relative to the repository root or to path, e.g. \"**/*.py\" or \"src/**/test_*.cpp\". A pattern without '/' matches file names at any depth."},
    "path": {"type": "string", "description": "Directory to list below, relative to the repository root. Default: the root."}
  },
  "required": ["pattern"],
  "additionalProperties": false
})";

constexpr const char* search_files_schema = R"({
  "type": "object",
  "properties": {
    "pattern": {"type": "string", "description": "ECMAScript regular expression matched against each line."},
    "path": {"type": "string", "description": "Directory to search below, relative to the repository root. Default: the root."},
    "glob": {"type": "string", "description": "Only search files matching this glob, e.g. \"*.py\"."},
    "case_insensitive": {"type": "boolean", "description": "Match ignoring case. Default false."}
  },
  "required": ["pattern"],
  "additionalProperties": false
})";

constexpr const char* submit_fix_schema = R"({
  "type": "object",
  "properties": {
    "description": {"type": "string", "maxLength": 72, "description": "One line, at most 72 characters, imperative mood: what the fix does (becomes the commit subject)."},
    "explanation": {"type": "string", "description": "Why the build failed and why this change fixes it, for the commit body and reviewers."}
  },
  "required": ["description", "explanation"],
  "additionalProperties": false
})";

} // namespace

std::vector<ports::ToolDefinition> fix_tools(TestTool tests) {
    std::vector<ports::ToolDefinition> tools{
        {editor_tool_name, editor_tool_type, "", ""},
        {"list_files", "",
         "List files of the repository whose paths match a glob. Returns one path per line, relative to the "
         "repository root, sorted, at most 200.",
         list_files_schema},
        {"search_files", "",
         "Search the text files of the repository for lines matching a regular expression. Returns "
         "`path:line: text` lines, at most 100. Use it to find definitions, callers and error messages.",
         search_files_schema},
    };
    if (tests == TestTool::offered) {
        tools.push_back(
            {"run_tests", "",
             "Run the project's test command in the repository as it is now, with your edits. Returns its "
             "exit "
             "status, how long it took and an excerpt of its output. Run it after editing and before "
             "submit_fix: after submit_fix the same command is run again, and only a fix that passes it is "
             "pushed.",
             R"({"type": "object", "properties": {}, "additionalProperties": false})"});
    }
    tools.push_back(
        {"submit_fix", "",
         "Call exactly once, after your edits are complete, to end the session and submit the fix "
         "for commit. Do not call it before you have changed at least one file.",
         submit_fix_schema});
    return tools;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
            ++count;
        }
    }
    return count;
}

core::Expected<Submission> parse_submission(const json& input) {
    auto refuse = [](const std::string& reason) {
        return core::make_error(core::ErrorKind::model, reason);
    };
    if (!input.is_object() || !input.contains("description") || !input["description"].is_string()) {
        return refuse("submit_fix needs a description (a string of at most 72 characters)");
    }
    if (!input.contains("explanation") || !input["explanation"].is_string()) {
        return refuse("submit_fix needs an explanation (a string)");
    }
    Submission submission{input["description"].get<std::string>(), input["explanation"].get<std::string>()};
    while (!submission.description.empty() &&
           (submission.description.back() == ' ' || submission.description.back() == '\n')) {
        submission.description.pop_back();
    }
    if (submission.description.find_first_not_of(" \t") == std::string::npos) {
        return refuse("the description is empty");
    }
    if (submission.description.find_first_of("\r\n") != std::string::npos) {
        return refuse("the description must be a single line");
    }
    if (utf8_length(submission.description) > max_description_chars) {
        return refuse("the description has " + std::to_string(utf8_length(submission.description)) +
                      " characters; shorten it to at most 72");
    }
    if (submission.explanation.find_first_not_of(" \t\r\n") == std::string::npos) {
        return refuse("the explanation is empty");
    }
    return submission;
}

ToolBox::ToolBox(Workspace& workspace, EditorLimits editor, SearchLimits search)
    : m_workspace(workspace), m_editor(editor), m_search(search) {}

ToolOutcome ToolBox::run(const std::string& name, const std::string& input_json) {
    const json input = json::parse(input_json.empty() ? std::string("{}") : input_json, nullptr, false);
    if (input.is_discarded() || !input.is_object()) {
        return ToolOutcome::error("the tool input is not a JSON object");
    }
    if (name == editor_tool_name) {
        return run_editor_command(m_workspace, input, m_editor);
    }
    if (name == "list_files") {
        return run_list_files(m_workspace, input, m_search);
    }
    if (name == "search_files") {
        return run_search_files(m_workspace, input, m_search);
    }
    if (name == "run_tests" && m_run_tests) {
        return m_run_tests();
    }
    if (name == "submit_fix") {
        auto submission = parse_submission(input);
        if (!submission) {
            return ToolOutcome::error(submission.error().message);
        }
        m_submission = std::move(*submission);
        return ToolOutcome::ok("Fix submitted.");
    }
    return ToolOutcome::error("unknown tool '" + name + "'");
}

} // namespace autofix::agent
