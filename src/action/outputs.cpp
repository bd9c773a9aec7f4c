#include "action/outputs.hpp"

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
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
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
            std::string value;
            bool closed = false;
            bool first = true;
            while (next_line(line)) {
                if (line == delimiter) {
                    closed = true;
                    break;
                }
                if (!first) {
                    value += '\n';
                }
                value += line;
                first = false;
            }
            if (!closed) {
                return invalid("output '" + name + "' at line " + std::to_string(start_line) +
                               ": no closing delimiter " + delimiter);
            }
            outputs[name] = std::move(value);
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
