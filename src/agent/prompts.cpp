#include "agent/prompts.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace autofix::agent {
namespace {

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Finds the next placeholder at or after `from`; returns npos when none. Sets `name` and `end` (after "}}").
core::Expected<std::size_t> next_placeholder(std::string_view text, std::size_t from, std::string& name,
                                             std::size_t& end) {
    const std::size_t open = text.find("{{", from);
    if (open == std::string_view::npos) {
        return std::string_view::npos;
    }
    std::size_t i = open + 2;
    while (i < text.size() && name_char(text[i])) {
        ++i;
    }
    if (i == open + 2 || text.substr(i, 2) != "}}") {
        return core::make_error(core::ErrorKind::config,
                                "malformed placeholder near '" + std::string(text.substr(open, 24)) +
                                    "': use {{name}} with lowercase letters, digits and '_'");
    }
    name = std::string(text.substr(open + 2, i - open - 2));
    end = i + 2;
    return open;
}

std::string join(const std::set<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out.empty() ? "(none)" : out;
}

} // namespace

const std::vector<TemplateSpec>& template_specs() {
    static const std::vector<TemplateSpec> specs = {
        {"fix_system", {"protected_paths", "max_description_chars"}, {}},
        {"fix_user",
         {"attempt", "failure_excerpt", "referenced_files", "file_tree", "skill", "previous_attempts"},
         {"failure_excerpt", "referenced_files", "file_tree", "skill", "previous_attempts"}},
        {"retry_section",
         {"attempt", "description", "explanation", "diff", "failure_excerpt"},
         {"description", "diff", "failure_excerpt"}},
        {"submit_nudge", {}, {}},
        {"pr_summary_system", {}, {}},
        {"pr_summary_user",
         {"original_error", "diff", "attempt_count", "attempts", "branch", "base_branch"},
         {"original_error", "diff"}},
        {"escalation_summary_system", {}, {}},
        {"escalation_summary_user",
         {"original_error", "attempts", "attempt_count", "branch"},
         {"original_error", "attempts"}},
        {"summary_json_retry", {"keys"}, {"keys"}},
        {"triage_system", {}, {}},
        {"triage_user", {"failure_excerpt", "signature"}, {"failure_excerpt", "signature"}},
    };
    return specs;
}

core::Expected<std::set<std::string>> placeholders_of(std::string_view text) {
    std::set<std::string> names;
    std::size_t from = 0;
    for (;;) {
        std::string name;
        std::size_t end = 0;
        auto at = next_placeholder(text, from, name, end);
        if (!at) {
            return at.error();
        }
        if (*at == std::string_view::npos) {
            return names;
        }
        names.insert(name);
        from = end;
    }
}

core::Expected<std::string> render_template(std::string_view text, const PromptValues& values) {
    std::string out;
    std::size_t from = 0;
    for (;;) {
        std::string name;
        std::size_t end = 0;
        auto at = next_placeholder(text, from, name, end);
        if (!at) {
            return at.error();
        }
        if (*at == std::string_view::npos) {
            out.append(text.substr(from));
            return out;
        }
        const auto value = values.find(name);
        if (value == values.end()) {
            return core::make_error(core::ErrorKind::internal, "no value for placeholder {{" + name + "}}");
        }
        out.append(text.substr(from, *at - from));
        out += value->second;
        from = end;
    }
}

core::Expected<PromptSet> PromptSet::parse(const std::string& json_text, const std::string& source) {
    auto fail = [&](const std::string& what) {
        return core::make_error(core::ErrorKind::config, "prompts " + source + ": " + what);
    };
    const nlohmann::json root = nlohmann::json::parse(json_text, nullptr, false);
    if (root.is_discarded()) {
        return fail("not valid JSON");
    }
    if (!root.is_object() || !root.contains("templates") || !root["templates"].is_object()) {
        return fail("expected an object with a \"templates\" object");
    }
    PromptSet set;
    const auto& specs = template_specs();
    for (const auto& [name, value] : root["templates"].items()) {
        const auto spec = std::find_if(specs.begin(), specs.end(),
                                       [&wanted = name](const auto& s) { return s.name == wanted; });
        if (spec == specs.end()) {
            return fail("unknown template \"" + name + "\"");
        }
        std::string text;
        if (value.is_string()) {
            text = value.get<std::string>();
        } else if (value.is_array() && std::all_of(value.begin(), value.end(),
                                                   [](const auto& line) { return line.is_string(); })) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                text += (i == 0 ? "" : "\n") + value[i].get<std::string>();
            }
        } else {
            return fail("template \"" + name + "\" must be a string or an array of strings");
        }
        auto used = placeholders_of(text);
        if (!used) {
            return fail("template \"" + name + "\": " + used.error().message);
        }
        for (const auto& placeholder : *used) {
            if (spec->allowed.count(placeholder) == 0) {
                return fail("template \"" + name + "\" uses unknown placeholder {{" + placeholder +
                            "}}; allowed: " + join(spec->allowed));
            }
        }
        for (const auto& placeholder : spec->required) {
            if (used->count(placeholder) == 0) {
                return fail("template \"" + name + "\" is missing required placeholder {{" + placeholder +
                            "}}");
            }
        }
        set.m_templates[name] = std::move(text);
    }
    for (const auto& spec : specs) {
        if (set.m_templates.count(spec.name) == 0) {
            return fail("required template \"" + spec.name + "\" is missing");
        }
    }
    return set;
}

core::Expected<PromptSet> PromptSet::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return core::make_error(core::ErrorKind::config, "prompts " + file.string() + ": cannot be read");
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parse(buffer.str(), file.string());
}

core::Expected<std::string> PromptSet::render(const std::string& name, const PromptValues& values) const {
    const auto found = m_templates.find(name);
    if (found == m_templates.end()) {
        return core::make_error(core::ErrorKind::internal, "unknown prompt template \"" + name + "\"");
    }
    auto rendered = render_template(found->second, values);
    if (!rendered) {
        return core::with_context(rendered.error(), "rendering prompt \"" + name + "\"");
    }
    return rendered;
}

std::string PromptSet::text(const std::string& name) const {
    const auto found = m_templates.find(name);
    return found == m_templates.end() ? std::string() : found->second;
}

} // namespace autofix::agent
