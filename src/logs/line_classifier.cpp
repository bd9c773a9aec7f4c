#include "logs/line_classifier.hpp"

#include <array>
#include <cstddef>

namespace autofix::logs {
namespace {

constexpr std::size_t max_lowered = 512; // enough to find the keywords; the rest of a long line is payload

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

bool contains(std::string_view text, std::string_view needle) {
    return text.find(needle) != std::string_view::npos;
}

template <std::size_t N>
bool contains_any(std::string_view text, const std::array<std::string_view, N>& needles) {
    for (auto needle : needles) {
        if (contains(text, needle)) {
            return true;
        }
    }
    return false;
}

template <std::size_t N>
bool starts_with_any(std::string_view text, const std::array<std::string_view, N>& prefixes) {
    for (auto prefix : prefixes) {
        if (starts_with(text, prefix)) {
            return true;
        }
    }
    return false;
}

bool is_frame(std::string_view trimmed, std::string_view line) {
    if (starts_with(trimmed, "at ") && line.size() > trimmed.size()) {
        return true; // Java "\tat com.x.Y.z(Y.java:3)", Node "    at fn (file.js:1:2)"
    }
    if (starts_with(trimmed, "File \"") || starts_with(trimmed, "--> ") || starts_with(trimmed, "... ") ||
        starts_with(trimmed, "| ") || trimmed == "|" || starts_with(trimmed, "^") ||
        starts_with(trimmed, "~")) {
        return true;
    }
    // Code gutters: "12 |     let x = 1;" (rustc, gcc 9+) and "> 12 |" (jest)
    std::size_t i = 0;
    if (starts_with(trimmed, "> ")) {
        i = 2;
    }
    std::size_t digits = i;
    while (digits < trimmed.size() && is_digit(trimmed[digits])) {
        ++digits;
    }
    if (digits > i && trimmed.substr(digits, 2) == " |") {
        return true;
    }
    return false;
}

} // namespace

LineClass classify_line(std::string_view line) {
    std::size_t indent = 0;
    while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) {
        ++indent;
    }
    std::string_view trimmed = line.substr(indent);
    if (trimmed.empty()) {
        return {};
    }

    // Case-sensitive shapes first: cheap and precise.
    if (indent == 0 && (starts_with(line, "E   ") || line == "E")) {
        return {LineKind::error, 3}; // pytest failure detail
    }
    if (starts_with(trimmed, "Caused by: ") || starts_with(trimmed, "Traceback (most recent call last)")) {
        return {LineKind::error, 3};
    }
    if (is_frame(trimmed, line)) {
        return {LineKind::frame, 0};
    }

    std::array<char, max_lowered> buffer{};
    const std::size_t n = trimmed.size() < max_lowered ? trimmed.size() : max_lowered;
    for (std::size_t i = 0; i < n; ++i) {
        char c = trimmed[i];
        buffer[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::string_view lowered(buffer.data(), n);

    static constexpr std::array<std::string_view, 11> failure_prefixes = {
        "--- fail:", "fail:",  "fail ",         "fail\t",        "failures:",    "[fail]",
        "not ok ",   "failed", "\xE2\x97\x8F ", "\xE2\x9C\x95 ", "\xE2\x9C\x97 "}; // jest "● suite › test",
                                                                                   // "✕ test", "✗ test"
    static constexpr std::array<std::string_view, 15> failure_words = {
        " failed",          "<<< failure!",         "<<< error!",     "build failure",    "tests failed",
        "test failed",      "assertion failed",     "assertionerror", "panicked at",      "exit code",
        "exited with code", "non-zero exit status", "build failed",   "failed with exit", "(failed)"};
    static constexpr std::array<std::string_view, 12> error_prefixes = {
        "error",  "[error]", "fatal:",    "fatal error",          "npm err!",    "npm error",
        "panic:", "err!",    "exception", "ninja: build stopped", "cmake error", "thread '"};
    static constexpr std::array<std::string_view, 15> error_words = {"error:",
                                                                     "error[",
                                                                     ": error ",
                                                                     "error ts",
                                                                     "exception:",
                                                                     "exception in thread",
                                                                     "undefined reference",
                                                                     "cannot find symbol",
                                                                     "no such file or directory",
                                                                     "segmentation fault",
                                                                     "core dumped",
                                                                     "command not found",
                                                                     "could not compile",
                                                                     "fatal error",
                                                                     "unresolved external"};
    static constexpr std::array<std::string_view, 9> summary_prefixes = {
        "expected",   "received",     "actual", "but was",   "- expected",
        "+ received", "test result:", "tests:", "tests run:"};
    static constexpr std::array<std::string_view, 2> summary_words = {"short test summary", "% tests"};

    bool make_error = starts_with(lowered, "make") && contains(lowered, "***");
    if (starts_with_any(lowered, failure_prefixes) || contains_any(lowered, failure_words)) {
        // "Failures: 0" and "0 failed" are good news.
        if (!contains(lowered, " 0 failed") && !contains(lowered, "failed: 0") &&
            !starts_with(lowered, "0 failed")) {
            return {LineKind::failure, 3};
        }
    }
    if (make_error || contains_any(lowered, error_words)) {
        return {LineKind::error, 3};
    }
    if (starts_with_any(lowered, error_prefixes)) {
        if (!starts_with(lowered, "errors: 0") && !starts_with(lowered, "error_")) {
            return {LineKind::error, 3};
        }
    }
    if (starts_with_any(lowered, summary_prefixes) || contains_any(lowered, summary_words)) {
        return {LineKind::summary, 2};
    }
    if (contains(lowered, "warning") || contains(lowered, "error") || contains(lowered, "fail") ||
        starts_with(lowered, "npm warn")) {
        return {LineKind::warning, 1};
    }
    return {};
}

} // namespace autofix::logs
