#pragma once

#include <string_view>

namespace autofix::logs {

/// What a normalised log line says, as far as choosing an excerpt goes.
enum class LineKind {
    plain,   // ordinary output
    frame,   // a stack frame, traceback frame, code gutter or caret line: continues the error above it
    warning, // a warning, or a weak mention of "error"/"fail" that is not worth a window of its own
    summary, // a test summary or assertion detail (Expected:/Received:, "test result:")
    error,   // a compiler, linker, runtime or tool error
    failure, // a failed test or build (FAILED, --- FAIL:, <<< FAILURE!, BUILD FAILED)
};

/// A line's kind and its priority: 0 plain/frame, 1 warning, 2 summary, 3 error and failure (and the frame
/// locators of long tracebacks, "app/x.py:41:", which are kept like errors but weigh like frames).
struct LineClass {
    LineKind kind = LineKind::plain;
    int priority = 0;
};

/// Classifies one normalised line by the error and failure shapes of common toolchains (gcc, clang, MSVC,
/// rustc, go, javac, tsc, pytest, unittest, jest, go test, JUnit/surefire, ctest, cargo test, make, npm,
/// pip, Python tracebacks, Java stack traces); pure and allocation-free for short lines.
LineClass classify_line(std::string_view line);

/// classify_line with the line's needle_groups (line_needles.hpp) already known, so that a caller that also
/// feeds the triage passes over the line once.
LineClass classify_line(std::string_view line, unsigned needle_groups);

} // namespace autofix::logs
