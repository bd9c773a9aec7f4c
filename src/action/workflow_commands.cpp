#include "action/workflow_commands.hpp"

namespace autofix::action {
namespace {

enum class Escaping { data, property };

std::string escape(std::string_view text, Escaping escaping) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '%':
            escaped += "%25";
            break;
        case '\r':
            escaped += "%0D";
            break;
        case '\n':
            escaped += "%0A";
            break;
        case ':':
            escaped += escaping == Escaping::property ? "%3A" : ":";
            break;
        case ',':
            escaped += escaping == Escaping::property ? "%2C" : ",";
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
}

const char* command_name(AnnotationLevel level) {
    switch (level) {
    case AnnotationLevel::error:
        return "error";
    case AnnotationLevel::warning:
        return "warning";
    case AnnotationLevel::notice:
        return "notice";
    }
    return "error";
}

std::string number(const std::optional<int>& value) {
    return value ? std::to_string(*value) : std::string();
}

} // namespace

std::string escape_data(std::string_view text) {
    return escape(text, Escaping::data);
}

std::string escape_property(std::string_view text) {
    return escape(text, Escaping::property);
}

std::string format_command(std::string_view command,
                           const std::vector<std::pair<std::string, std::string>>& properties,
                           std::string_view message) {
    std::string line = "::" + std::string(command);
    bool first = true;
    for (const auto& [key, value] : properties) {
        if (value.empty()) {
            continue;
        }
        line += first ? " " : ",";
        first = false;
        line += key + "=" + escape_property(value);
    }
    line += "::" + escape_data(message);
    return line;
}

void annotate(std::ostream& out, AnnotationLevel level, std::string_view message,
              const AnnotationLocation& location) {
    out << format_command(command_name(level),
                          {{"file", location.file},
                           {"line", number(location.line)},
                           {"endLine", number(location.end_line)},
                           {"col", number(location.column)},
                           {"endColumn", number(location.end_column)},
                           {"title", location.title}},
                          message)
        << '\n';
}

void error(std::ostream& out, std::string_view message, const AnnotationLocation& location) {
    annotate(out, AnnotationLevel::error, message, location);
}

void warning(std::ostream& out, std::string_view message, const AnnotationLocation& location) {
    annotate(out, AnnotationLevel::warning, message, location);
}

void notice(std::ostream& out, std::string_view message, const AnnotationLocation& location) {
    annotate(out, AnnotationLevel::notice, message, location);
}

void debug(std::ostream& out, std::string_view message) {
    out << format_command("debug", {}, message) << '\n';
}

void add_mask(std::ostream& out, std::string_view secret) {
    if (secret.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return;
    }
    out << format_command("add-mask", {}, secret) << '\n';
    if (secret.find_first_of("\r\n") == std::string_view::npos) {
        return;
    }
    std::size_t start = 0;
    while (start < secret.size()) {
        auto stop = secret.find('\n', start);
        if (stop == std::string_view::npos) {
            stop = secret.size();
        }
        std::string_view line = secret.substr(start, stop - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.find_first_not_of(" \t") != std::string_view::npos) {
            out << format_command("add-mask", {}, line) << '\n';
        }
        start = stop + 1;
    }
}

void mask_secrets(std::ostream& out, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        add_mask(out, secret);
    }
}

void start_group(std::ostream& out, std::string_view title) {
    out << format_command("group", {}, title) << '\n';
}

void end_group(std::ostream& out) {
    out << "::endgroup::\n";
}

ScopedGroup::ScopedGroup(std::ostream& out, std::string_view title) : m_out(out) {
    start_group(m_out, title);
}

ScopedGroup::~ScopedGroup() {
    end_group(m_out);
}

} // namespace autofix::action
