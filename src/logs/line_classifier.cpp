#include "logs/line_classifier.hpp"

#include "logs/line_needles.hpp"
#include "logs/text_view.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace autofix::logs {
namespace {

constexpr std::size_t max_lowered = 512; // enough to find the keywords; the rest of a long line is payload

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// The first byte is compared inline: most lines differ there, and the library compare is a call.
[[gnu::always_inline]] inline bool starts_with(std::string_view text, std::string_view prefix) {
    return prefix.empty() ||
           (!text.empty() && text.front() == prefix.front() && text.substr(0, prefix.size()) == prefix);
}

bool contains(std::string_view haystack, std::string_view needle) {
    return text::contains(haystack, needle);
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

constexpr std::array<std::string_view, 11> failure_prefixes = {
    "--- fail:", "fail:",  "fail ",         "fail\t",        "failures:",    "[fail]",
    "not ok ",   "failed", "\xE2\x97\x8F ", "\xE2\x9C\x95 ", "\xE2\x9C\x97 "}; // jest "● suite › test",
                                                                               // "✕ test", "✗ test"
constexpr std::array<std::string_view, 15> failure_words = {
    " failed",          "<<< failure!",         "<<< error!",     "build failure",    "tests failed",
    "test failed",      "assertion failed",     "assertionerror", "panicked at",      "exit code",
    "exited with code", "non-zero exit status", "build failed",   "failed with exit", "(failed)"};
constexpr std::array<std::string_view, 12> error_prefixes = {
    "error",  "[error]", "fatal:",    "fatal error",          "npm err!",    "npm error",
    "panic:", "err!",    "exception", "ninja: build stopped", "cmake error", "thread '"};
constexpr std::array<std::string_view, 20> error_words = {"error:",
                                                          "missing header in",
                                                          "no matching distribution",
                                                          "could not find a version",
                                                          "versionconflict",
                                                          "distributionnotfound",
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
constexpr std::array<std::string_view, 9> summary_prefixes = {"expected",     "received",   "actual",
                                                              "but was",      "- expected", "+ received",
                                                              "test result:", "tests:",     "tests run:"};
constexpr std::array<std::string_view, 2> summary_words = {"short test summary", "% tests"};

// Every needle the verdicts below look for, lower-cased.
// "warn" stands for "warning" and "npm warn" too, and for the warning tags and the test `!contains(lowered,
// "warn")` below: a line without any of these needles takes the rules' answer for such lines without them.
constexpr std::array<std::string_view, 3> weak_words = {"warn", "error", "fail"};

// "path.ext:12[:5]: message" (pyflakes, pycodestyle, flake8, ruff, mypy, checkstyle, eslint compact): a
// diagnostic at a place in a file. pytest's "x.py:7: in f" traceback lines are not.
enum class Located { none, diagnostic, bare_locator, frame };

Located located_diagnostic(std::string_view trimmed) {
    std::size_t colon = trimmed.find(':');
    if (colon == std::string_view::npos || colon < 3 || colon > 300) {
        return Located::none;
    }
    std::string_view path = trimmed.substr(0, colon);
    std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || dot + 1 >= path.size() || path.find(' ') != std::string_view::npos) {
        return Located::none;
    }
    std::size_t at = colon + 1;
    std::size_t digits = at;
    while (digits < trimmed.size() && is_digit(trimmed[digits])) {
        ++digits;
    }
    if (digits == at) {
        return Located::none;
    }
    at = digits;
    if (at < trimmed.size() && trimmed[at] == ':' && at + 1 < trimmed.size() && is_digit(trimmed[at + 1])) {
        ++at;
        while (at < trimmed.size() && is_digit(trimmed[at])) {
            ++at;
        }
    }
    if (at >= trimmed.size() || trimmed[at] != ':') {
        return Located::none;
    }
    std::string_view message = trimmed.substr(at + 1);
    while (!message.empty() && message.front() == ' ') {
        message.remove_prefix(1);
    }
    // pytest's long tracebacks: "app/x.py:41:" locates a frame, "tests/test_x.py:297: AttributeError" is
    // where it failed.
    if (message.empty()) {
        return Located::bare_locator;
    }
    if (starts_with(message, "in ")) {
        return Located::frame; // "app/x.py:7: in f": a frame of a pytest traceback
    }
    if (message.find(' ') == std::string_view::npos &&
        (message.ends_with("Error") || message.ends_with("Exception") || message.ends_with("Failure"))) {
        return Located::diagnostic;
    }
    // A message of words ("E501 line too long", "'os' imported but unused"), not a continuation ("k==1:AT"),
    // a note or a pytest frame ("x.py:7: in f").
    std::size_t space = message.find(' ');
    bool words = message.size() >= 3 && space != std::string_view::npos && space > 0 &&
                 space + 1 < message.size() && message[space + 1] != ' ';
    return words && !starts_with(message, "in ") && !starts_with(message, "note:") ? Located::diagnostic
                                                                                   : Located::none;
}

} // namespace

void add_classifier_needles(GramFilter& filter) {
    auto add_all = [&filter](const auto& needles) {
        for (std::string_view needle : needles) {
            filter.add(needle, classifier_needles);
        }
    };
    add_all(failure_prefixes);
    add_all(failure_words);
    add_all(error_prefixes);
    add_all(error_words);
    add_all(summary_prefixes);
    add_all(summary_words);
    add_all(weak_words);
    filter.add(": ***", classifier_needles); // make: *** and make[1]: ***
    filter.add("exited with ", classifier_needles);
}

LineClass classify_line(std::string_view line) {
    return classify_line(line, needle_groups(line));
}

LineClass classify_line(std::string_view line, unsigned groups) {
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

    // Leading tags: "[checkstyle] [ERROR] path:3: msg", "[ant:checkstyle] [WARN] ...", "[INFO] ...".
    std::string_view body = trimmed;
    bool error_tag = false;
    bool warning_tag = false;
    for (int tags = 0; tags < 3 && starts_with(body, "["); ++tags) {
        std::size_t close = body.find(']');
        if (close == std::string_view::npos || close > 24) {
            break;
        }
        std::string_view tag = body.substr(1, close - 1);
        error_tag = error_tag || tag == "ERROR" || tag == "error" || tag == "FATAL" || tag == "ERR";
        warning_tag = warning_tag || tag == "WARNING" || tag == "WARN" || tag == "warning" || tag == "warn";
        body = body.substr(close + 1);
        while (!body.empty() && body.front() == ' ') {
            body.remove_prefix(1);
        }
    }
    error_tag = error_tag && body.size() >= 3;
    const Located where = warning_tag ? Located::none : located_diagnostic(body);
    if (where == Located::bare_locator) {
        return {LineKind::frame, 3}; // shown like an error, weighed like a frame
    }
    if (where == Located::frame) {
        return {LineKind::frame, 0};
    }
    const bool located = where == Located::diagnostic;

    // Without any needle every rule below but the shape's answers no (a tag holds "warn" or "error"), so
    // the filter decides nothing the rules would not: it only spares them.
    if (!has_needles(groups, classifier_needles)) {
        return located || error_tag ? LineClass{LineKind::error, 3} : LineClass{};
    }
    const std::size_t n = trimmed.size() < max_lowered ? trimmed.size() : max_lowered;
    std::array<char, max_lowered> buffer; // NOLINT: written before it is read
    for (std::size_t i = 0; i < n; ++i) {
        char c = trimmed[i];
        buffer[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::string_view lowered(buffer.data(), n);

    // "[ERROR] A.java:74: warning: no @param": a tool's warning relayed on stderr is still a warning.
    if (contains(lowered, "warning:") && !contains(lowered, "error:") && !contains(lowered, "error[")) {
        return {LineKind::warning, 1};
    }
    // Travis "The command "make test" exited with 2." and shells' "Process exited with 1".
    if (std::size_t exited = lowered.find("exited with ");
        exited != std::string_view::npos && exited + 12 < lowered.size() && lowered[exited + 12] >= '1' &&
        lowered[exited + 12] <= '9') {
        return {LineKind::failure, 3};
    }
    bool make_error =
        (starts_with(lowered, "make") || starts_with(lowered, "gmake")) && contains(lowered, ": ***");
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
    if (error_tag || (located && !contains(lowered, "warn"))) {
        return {LineKind::error, 3}; // "[checkstyle] [ERROR] ...", "x.py:3: TypeError": the shape says it
    }
    if (warning_tag || contains(lowered, "warning") || contains(lowered, "error") ||
        contains(lowered, "fail") || starts_with(lowered, "npm warn")) {
        return {LineKind::warning, 1};
    }
    return located && !contains(lowered, "warn") ? LineClass{LineKind::error, 3} : LineClass{};
}

} // namespace autofix::logs
