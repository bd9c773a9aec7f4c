#include "action/outputs.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <utility>

namespace autofix::action {
namespace {

core::Error invalid(std::string message) {
    return core::make_error(core::ErrorKind::invalid_input, std::move(message));
}

bool valid_name(std::string_view name) {
    if (name.empty()) {
        return false;
    }
    const auto is_letter = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    if (!is_letter(name.front())) {
        return false;
    }
    for (const char c : name) {
        if (!is_letter(c) && !(c >= '0' && c <= '9') && c != '-') {
            return false;
        }
    }
    return true;
}

} // namespace

std::string random_delimiter() {
    std::random_device device;
    std::uniform_int_distribution<unsigned> nibble(0, 15);
    std::string delimiter = "ghadelimiter_";
    for (int index = 0; index < 32; ++index) {
        delimiter += "0123456789abcdef"[nibble(device)];
    }
    return delimiter;
}

OutputFile::OutputFile(std::string path) : OutputFile(std::move(path), random_delimiter()) {}

OutputFile::OutputFile(std::string path, std::string delimiter)
    : m_path(std::move(path)), m_delimiter(std::move(delimiter)) {}

OutputFile OutputFile::from_environment(const Environment& environment) {
    return OutputFile(environment.value_or("GITHUB_OUTPUT", ""));
}

core::Status OutputFile::set(std::string_view name, std::string_view value) const {
    if (!valid_name(name)) {
        return invalid("output name '" + std::string(name) +
                       "' must be letters, digits, '-' and '_', starting with a letter or '_'");
    }
    if (name.find(m_delimiter) != std::string_view::npos ||
        value.find(m_delimiter) != std::string_view::npos) {
        return invalid("the value of output '" + std::string(name) + "' contains the delimiter " +
                       m_delimiter);
    }
    if (!value.empty() && value.back() == '\r') {
        // The runner reads "\r\n" as a line break, so a final '\r' would be lost before the delimiter line.
        return invalid("the value of output '" + std::string(name) + "' ends with a carriage return");
    }
    if (m_path.empty()) {
        return {};
    }
    std::string record =
        std::string(name) + "<<" + m_delimiter + "\n" + std::string(value) + "\n" + m_delimiter + "\n";
    std::ofstream file(m_path, std::ios::binary | std::ios::app);
    file << record;
    file.flush();
    if (!file) {
        return core::make_error(core::ErrorKind::io, "writing output '" + std::string(name) + "' to " +
                                                         m_path + ": cannot append to the file");
    }
    return {};
}

core::Expected<std::map<std::string, std::string>> parse_output_file(std::string_view text) {
    std::map<std::string, std::string> outputs;
    std::size_t position = 0;
    std::size_t line_end = 0; // where the last line read ends in `text`, before its "\n" or "\r\n"
    int line_number = 0;
    const auto next_line = [&](std::string_view& line) {
        if (position >= text.size()) {
            return false;
        }
        auto stop = text.find('\n', position);
        if (stop == std::string_view::npos) {
            stop = text.size();
        }
        line = text.substr(position, stop - position);
        if (!line.empty() && line.back() == '\r' && stop < text.size()) {
            line.remove_suffix(1);
        }
        line_end = position + line.size();
        position = stop + 1;
        ++line_number;
        return true;
    };
    std::string_view line;
    while (next_line(line)) {
        if (line.empty()) {
            continue;
        }
        const auto heredoc = line.find("<<");
        const auto equals = line.find('=');
        if (heredoc != std::string_view::npos && (equals == std::string_view::npos || heredoc < equals)) {
            const std::string name(line.substr(0, heredoc));
            const std::string delimiter(line.substr(heredoc + 2));
            const int start_line = line_number;
            // As the runner does, the value is the text between the heredoc lines as written (a "\r\n"
            // inside stays), without the line break before the closing delimiter.
            const std::size_t value_start = position;
            std::size_t value_end = value_start;
            bool closed = false;
            while (next_line(line)) {
                if (line == delimiter) {
                    closed = true;
                    break;
                }
                value_end = line_end;
            }
            const std::string value(text.substr(std::min(value_start, text.size()),
                                                value_end > value_start ? value_end - value_start : 0));
            if (!closed) {
                return invalid("output '" + name + "' at line " + std::to_string(start_line) +
                               ": no closing delimiter " + delimiter);
            }
            outputs[name] = value;
        } else if (equals != std::string_view::npos) {
            outputs[std::string(line.substr(0, equals))] = std::string(line.substr(equals + 1));
        } else {
            return invalid("line " + std::to_string(line_number) +
                           ": neither name=value nor name<<delimiter");
        }
    }
    return outputs;
}

} // namespace autofix::action
