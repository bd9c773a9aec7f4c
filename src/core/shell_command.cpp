#include "core/shell_command.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace autofix::core {
namespace {

// Keywords and builtins of POSIX sh (and common extensions) that are no program on PATH.
constexpr std::array<std::string_view, 40> shell_words{
    "!",        "{",      "}",       "case",     "do",     "done",  "elif",  "else",   "esac",  "fi",
    "for",      "if",     "in",      "then",     "until",  "while", ".",     ":",      "[",     "alias",
    "break",    "cd",     "command", "continue", "eval",   "exec",  "exit",  "export", "false", "read",
    "readonly", "return", "set",     "shift",    "source", "test",  "times", "trap",   "true",  "ulimit"};

bool is_assignment(std::string_view word) {
    const auto equals = word.find('=');
    if (equals == std::string_view::npos || equals == 0) {
        return false;
    }
    const unsigned char first = static_cast<unsigned char>(word[0]);
    if (std::isdigit(first)) {
        return false;
    }
    return std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(equals),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

} // namespace

std::optional<std::string> first_program(std::string_view command) {
    std::size_t at = 0;
    for (;;) {
        while (at < command.size() && (command[at] == ' ' || command[at] == '\t' || command[at] == '\n')) {
            ++at;
        }
        std::size_t end = at;
        while (end < command.size() && command[end] != ' ' && command[end] != '\t' && command[end] != '\n' &&
               command[end] != ';' && command[end] != '&' && command[end] != '|') {
            ++end;
        }
        const std::string_view word = command.substr(at, end - at);
        if (word.empty()) {
            return std::nullopt;
        }
        if (word.find_first_of("'\"`$\\(){}<>*?[]~#") != std::string_view::npos && word != "[" &&
            word != "{" && word != "}") {
            return std::nullopt;
        }
        if (is_assignment(word)) {
            at = end;
            continue;
        }
        if (std::find(shell_words.begin(), shell_words.end(), word) != shell_words.end()) {
            return std::nullopt;
        }
        return std::string(word);
    }
}

std::optional<long> parse_duration_seconds(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    long unit = 1;
    if (!text.empty() && (text.back() == 's' || text.back() == 'm' || text.back() == 'h')) {
        unit = text.back() == 's' ? 1 : text.back() == 'm' ? 60 : 3600;
        text.remove_suffix(1);
    }
    if (text.empty() || text.size() > 6 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    long value = 0;
    for (const char c : text) {
        value = value * 10 + (c - '0');
    }
    const long seconds = value * unit;
    if (seconds <= 0 || seconds > 86400) {
        return std::nullopt;
    }
    return seconds;
}

} // namespace autofix::core
