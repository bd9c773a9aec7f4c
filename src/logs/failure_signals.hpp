#pragma once

#include "logs/line_classifier.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace autofix::logs {

/// What kind of failure a log shows, as far as inferring files the log does not name goes: a dependency or
/// resolution failure, a lint/style check, symbols the compiler or interpreter could not find, modules that
/// could not be imported, failing tests. Fed the warning, error and failure lines of a log (see
/// classify_line) and the line after each; memory is bounded.
class FailureSignals {
public:
    /// Looks at one normalised line and its class.
    void observe(std::string_view line, const LineClass& line_class);

    /// The first line that reported a dependency or resolution failure, "" when none did.
    const std::string& dependency() const { return m_dependency; }

    /// The first line that reported a failed import or class load ("ImportError", "ModuleNotFoundError",
    /// "NoClassDefFoundError", "Cannot find module"): possibly a dependency failure; "" when none did.
    const std::string& import_failure() const { return m_import_failure; }

    /// The lint or style tool that reported problems ("flake8", "checkstyle", "eslint", ...), "" when none.
    const std::string& lint_tool() const { return m_lint_tool; }

    /// The line that named the lint tool, "" when none.
    const std::string& lint_line() const { return m_lint_line; }

    /// Symbols reported missing ("cannot find symbol", "NameError", "undefined reference", ...), first seen
    /// first, with the line that reported each.
    const std::vector<std::pair<std::string, std::string>>& missing_symbols() const { return m_symbols; }

    /// Dotted module names that could not be imported ("No module named 'x.y'").
    const std::vector<std::string>& missing_modules() const { return m_modules; }

    /// Fully qualified exception classes a log line reports as thrown ("org.x.FooException: message" at the
    /// start of a line, or after "Caused by: "), first seen first, with the number of lines that report each.
    const std::vector<std::pair<std::string, int>>& exceptions() const { return m_exceptions; }

    /// True when the next line may carry what this one announced (javac's "symbol:" line).
    bool wants_next_line() const { return m_expect_symbol; }

    /// True when a test failure was reported.
    bool test_failed() const { return m_test_failed; }

private:
    void add_symbol(std::string symbol, std::string_view line);

    std::string m_dependency;
    std::string m_import_failure;
    std::string m_lint_tool;
    std::string m_lint_line;
    std::vector<std::pair<std::string, std::string>> m_symbols;
    std::vector<std::string> m_modules;
    std::vector<std::pair<std::string, int>> m_exceptions;
    bool m_test_failed = false;
    bool m_expect_symbol = false; // javac prints "symbol: class X" on the line after "cannot find symbol"
};

/// The fully qualified exception class a line reports as thrown ("org.x.FooException: message",
/// "Caused by: org.x.BarError"), "" when it reports none. Pure.
std::string thrown_exception_of(std::string_view line);

/// The symbol a "cannot find"/"undefined" message names, "" when the line names none. Pure.
std::string missing_symbol_of(std::string_view line);

} // namespace autofix::logs
