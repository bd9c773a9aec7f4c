#pragma once

#include "core/error.hpp"

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::agent {

/// Values for a template's placeholders, by name.
using PromptValues = std::map<std::string, std::string>;

/// What a template may use: every placeholder it uses must be allowed, every required one must appear.
struct TemplateSpec {
    std::string name;
    std::set<std::string> allowed;
    std::set<std::string> required;
};

/// Returns the specs of every template prompts.json must define (fix_system, fix_user, retry_section,
/// submit_nudge, pr_summary_system, pr_summary_user, escalation_summary_system, escalation_summary_user,
/// summary_json_retry).
const std::vector<TemplateSpec>& template_specs();

/// Returns the placeholder names `{{name}}` used in `text`, or an error naming the malformed one.
core::Expected<std::set<std::string>> placeholders_of(std::string_view text);

/// Returns `text` with each `{{name}}` replaced by its value in one pass (values are never re-scanned);
/// fails with ErrorKind::internal naming a placeholder that has no value.
core::Expected<std::string> render_template(std::string_view text, const PromptValues& values);

/// The prompt templates of prompts.json, validated at load.
class PromptSet {
public:
    /// Parses `json_text` (`{"version": 1, "templates": {name: string or array of lines}}`); fails with
    /// ErrorKind::config naming `source` and the template when the JSON is malformed, a required template is
    /// missing, a template is unknown, or a template uses an unknown placeholder or lacks a required one.
    static core::Expected<PromptSet> parse(const std::string& json_text, const std::string& source);

    /// Reads and parses `file`; fails with ErrorKind::config when unreadable or invalid (see parse()).
    static core::Expected<PromptSet> load(const std::filesystem::path& file);

    /// Renders template `name` with `values`; fails (internal) for an unknown template or missing value.
    core::Expected<std::string> render(const std::string& name, const PromptValues& values) const;

    /// The raw text of template `name` ("" when unknown).
    std::string text(const std::string& name) const;

private:
    std::map<std::string, std::string> m_templates;
};

} // namespace autofix::agent
