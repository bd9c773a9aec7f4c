#include "logs/failure_signals.hpp"

#include "logs/text_view.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace autofix::logs {
namespace {

constexpr std::size_t max_symbols = 8;
constexpr std::size_t max_modules = 8;
constexpr std::size_t max_exceptions = 16;
constexpr std::size_t max_reason_bytes = 240;

bool identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

std::string lowered(std::string_view text) {
    std::string out(text.substr(0, 600));
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return text::contains(haystack, needle);
}

// The identifier that follows `at` (after spaces and an opening quote), "" when none.
std::string identifier_after(std::string_view line, std::size_t at) {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\'' || line[at] == '"' || line[at] == '`' ||
                                line[at] == '\xe2' || line[at] == '\x80' || line[at] == '\x98')) {
        ++at;
    }
    std::size_t start = at;
    while (at < line.size() && (identifier_char(line[at]) || line[at] == '.' || line[at] == ':')) {
        ++at;
    }
    std::string_view symbol = line.substr(start, at - start);
    // "ns::Widget::draw" / "pkg.Name": the last name is the one declared somewhere
    std::size_t separator = symbol.find_last_of(".:");
    if (separator != std::string_view::npos) {
        symbol = symbol.substr(separator + 1);
    }
    return std::string(symbol);
}

// Dependency and resolution failures of Maven, Gradle, pip, npm/yarn, cargo, go, bundler and the JVM.
constexpr std::array<std::string_view, 25> dependency_needles = {
    "could not resolve dependencies",
    "could not find artifact",
    "could not transfer artifact",
    "failed to collect dependencies",
    "dependencyresolutionexception",
    "could not resolve all files for configuration",
    "could not resolve all dependencies",
    "could not find a version that satisfies",
    "no matching distribution found",
    "distributionnotfound",
    "versionconflict",
    "conflicting dependencies",
    "requirement.parse(",
    "err! code eresolve",
    "err! code etarget",
    "err! 404",
    "unable to resolve dependency tree",
    "failed to select a version",
    "no matching package named",
    "missing go.sum entry",
    "cannot find package",
    "could not find gem",
    "noclassdeffounderror",
    "failed building wheel",
    "which is incompatible",
};

struct LintTool {
    std::string_view needle;
    std::string_view name;
};

constexpr std::array<LintTool, 22> lint_tools = {{
    {"flake8", "flake8"},
    {"pycodestyle", "pycodestyle"},
    {"pep8", "pep8"},
    {"pyflakes", "pyflakes"},
    {"pylint", "pylint"},
    {"pydocstyle", "pydocstyle"},
    {"ruff", "ruff"},
    {"mypy", "mypy"},
    {"checkstyle", "checkstyle"},
    {"eslint", "eslint"},
    {"stylelint", "stylelint"},
    {"prettier", "prettier"},
    {"rubocop", "rubocop"},
    {"golangci", "golangci-lint"},
    {"clippy", "clippy"},
    {"ktlint", "ktlint"},
    {"detekt", "detekt"},
    {"spotless", "spotless"},
    {"license-maven-plugin", "license"},
    {"missing header in", "license"},
    {"isort", "isort"},
    {"black --check", "black"},
}};

// flake8/pycodestyle/ruff "path.py:12:80: E501 line too long": a code of one to three capitals and digits.
bool lint_code_line(std::string_view line) {
    std::size_t colon = line.find(": ");
    while (colon != std::string_view::npos) {
        std::size_t at = colon + 2;
        std::size_t letters = 0;
        while (at < line.size() && line[at] >= 'A' && line[at] <= 'Z' && letters < 4) {
            ++at;
            ++letters;
        }
        std::size_t digits = 0;
        while (at < line.size() && line[at] >= '0' && line[at] <= '9') {
            ++at;
            ++digits;
        }
        if (letters >= 1 && letters <= 3 && digits >= 2 && digits <= 4 && at < line.size() &&
            line[at] == ' ' && colon > 0 && line[colon - 1] >= '0' && line[colon - 1] <= '9') {
            return true;
        }
        colon = line.find(": ", colon + 2);
    }
    return false;
}

} // namespace

std::string missing_symbol_of(std::string_view line) {
    struct Shape {
        std::string_view needle;
        bool before; // the symbol precedes the needle ("'x' was not declared")
    };
    static constexpr std::array<Shape, 19> shapes = {{
        {"symbol:   class ", false},
        {"symbol: class ", false},
        {"symbol:   method ", false},
        {"symbol: method ", false},
        {"symbol:   variable ", false},
        {"symbol: variable ", false},
        {"NameError: global name ", false},
        {"NameError: name ", false},
        {"cannot import name ", false},
        {"undefined reference to ", false},
        {"cannot find value ", false},
        {"cannot find type ", false},
        {"cannot find function ", false},
        {"undefined: ", false},
        {"Cannot find name ", false},
        {"use of undeclared identifier ", false},
        {"has no exported member ", false},
        {"duplicate class: ", false},       // javac: the other file declaring it is worth a look
        {"multiple definition of ", false}, // ld: likewise
    }};
    for (const Shape& shape : shapes) {
        std::size_t at = text::find(line, shape.needle);
        if (at != std::string_view::npos) {
            return identifier_after(line, at + shape.needle.size());
        }
    }
    std::size_t declared = text::find(line, " was not declared in this scope");
    if (declared != std::string_view::npos && declared > 2) {
        std::size_t open = line.rfind('\'', declared - 2);
        if (open == std::string_view::npos) {
            open = line.rfind("\xe2\x80\x98", declared);
        }
        if (open != std::string_view::npos) {
            return identifier_after(line, open);
        }
    }
    std::size_t attribute = text::find(line, " has no attribute ");
    if (attribute != std::string_view::npos && contains(line, "AttributeError")) {
        return identifier_after(line, attribute + 18);
    }
    return {};
}

void FailureSignals::add_symbol(std::string symbol, std::string_view line) {
    if (symbol.size() < 2 || m_symbols.size() >= max_symbols) {
        return;
    }
    if (std::any_of(m_symbols.begin(), m_symbols.end(),
                    [&](const auto& known) { return known.first == symbol; })) {
        return;
    }
    m_symbols.emplace_back(std::move(symbol), std::string(line.substr(0, max_reason_bytes)));
}

std::string thrown_exception_of(std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
        line.remove_prefix(1);
    }
    if (line.starts_with("Caused by: ")) {
        line.remove_prefix(11);
    }
    std::size_t end = 0;
    std::size_t dots = 0;
    while (end < line.size() && (identifier_char(line[end]) || line[end] == '.' || line[end] == '$')) {
        dots += line[end] == '.' ? 1 : 0;
        ++end;
    }
    if (dots < 2 || (end < line.size() && line[end] != ':')) {
        return {};
    }
    std::string_view name = line.substr(0, end);
    std::string_view simple = name.substr(name.rfind('.') + 1);
    if (!(simple.ends_with("Exception") || simple.ends_with("Error")) || simple.front() < 'A' ||
        simple.front() > 'Z') {
        return {};
    }
    return std::string(name);
}

void FailureSignals::observe(std::string_view line, const LineClass& line_class) {
    if (line_class.kind == LineKind::failure) {
        m_test_failed = true;
    }
    if (std::string thrown = thrown_exception_of(line); !thrown.empty()) {
        auto known = std::find_if(m_exceptions.begin(), m_exceptions.end(),
                                  [&](const auto& entry) { return entry.first == thrown; });
        if (known != m_exceptions.end()) {
            ++known->second;
        } else if (m_exceptions.size() < max_exceptions) {
            m_exceptions.emplace_back(std::move(thrown), 1);
        }
    }
    bool lint_shape = m_lint_tool.empty() && line_class.priority >= 3 && lint_code_line(line);
    if (line_class.priority < 1 && !m_expect_symbol) {
        return;
    }
    std::string lower = lowered(line);
    if (m_dependency.empty()) {
        for (auto needle : dependency_needles) {
            if (contains(lower, needle)) {
                m_dependency.assign(line.substr(0, max_reason_bytes));
                break;
            }
        }
    }
    if (m_import_failure.empty() &&
        (contains(line, "ImportError") || contains(line, "ModuleNotFoundError") ||
         contains(line, "ModuleImportFailure") || contains(line, "NoClassDefFoundError") ||
         contains(line, "ClassNotFoundException") || contains(line, "Cannot find module"))) {
        m_import_failure.assign(line.substr(0, max_reason_bytes));
    }
    if (m_lint_tool.empty()) {
        for (const LintTool& tool : lint_tools) {
            if (contains(lower, tool.needle)) {
                m_lint_tool = tool.name;
                m_lint_line.assign(line.substr(0, max_reason_bytes));
                break;
            }
        }
        if (m_lint_tool.empty() && lint_shape) {
            m_lint_tool = "flake8";
            m_lint_line.assign(line.substr(0, max_reason_bytes));
        }
    }
    std::size_t module = text::find(line, "No module named ");
    if (module != std::string_view::npos && m_modules.size() < max_modules) {
        std::size_t at = module + 16;
        while (at < line.size() && (line[at] == '\'' || line[at] == '"')) {
            ++at;
        }
        std::size_t end = at;
        while (end < line.size() && (identifier_char(line[end]) || line[end] == '.')) {
            ++end;
        }
        if (end > at) {
            m_modules.emplace_back(line.substr(at, end - at));
        }
    }
    bool expected = m_expect_symbol;
    m_expect_symbol = contains(line, "cannot find symbol");
    if (std::string symbol = missing_symbol_of(line); !symbol.empty()) {
        add_symbol(std::move(symbol), line);
    } else if (expected && contains(line, "symbol")) {
        std::size_t colon = line.find("symbol");
        std::string rest(line.substr(colon));
        add_symbol(missing_symbol_of(rest), line);
    }
}

} // namespace autofix::logs
