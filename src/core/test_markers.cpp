#include "core/test_markers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

namespace autofix::core {
namespace {

constexpr std::size_t max_line_chars = 2000; // longer lines (minified code) are looked at up to here

std::string lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

std::string_view file_name(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view extension(std::string_view name) {
    const std::size_t dot = name.rfind('.');
    return dot == std::string_view::npos || dot == 0 ? std::string_view() : name.substr(dot + 1);
}

std::vector<std::string_view> folders(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', start)) {
        if (slash > start) {
            parts.push_back(path.substr(start, slash - start));
        }
        start = slash + 1;
    }
    return parts;
}

bool one_of(std::string_view value, std::initializer_list<std::string_view> options) {
    return std::find(options.begin(), options.end(), value) != options.end();
}

bool ends_with_any(std::string_view value, std::initializer_list<std::string_view> suffixes) {
    return std::any_of(suffixes.begin(), suffixes.end(),
                       [&](std::string_view suffix) { return value.ends_with(suffix); });
}

std::string clipped(std::string_view text) {
    return std::string(text.substr(0, max_line_chars));
}

bool search(const std::string& text, const std::regex& pattern) {
    return std::regex_search(text, pattern);
}

// Returns true when `text` holds one of the '|'-separated `hints` (a cheap test before a regex).
bool hinted(std::string_view text, std::string_view hints) {
    while (!hints.empty()) {
        const std::size_t bar = hints.find('|');
        if (text.find(hints.substr(0, bar)) != std::string_view::npos) {
            return true;
        }
        hints = bar == std::string_view::npos ? std::string_view() : hints.substr(bar + 1);
    }
    return false;
}

// A labelled pattern; `where` says in which files it counts.
enum class Where { test_files, rust_files, pytest_config, jest_config };

struct Marker {
    const char* label;
    const char* hints; // '|'-separated substrings, one of which a line must hold for the pattern to be tried
    std::regex pattern;
    Where where = Where::test_files;
};

std::regex re(const char* text) {
    return std::regex(text, std::regex::ECMAScript | std::regex::optimize);
}

const std::vector<Marker>& markers() {
    static const std::vector<Marker> list = [] {
        std::vector<Marker> m;
        // Python: pytest and unittest.
        m.push_back(
            {"pytest skip/xfail marker", "pytest.mark", re(R"(@pytest\.mark\.(skip|skipif|xfail)\b)")});
        m.push_back({"pytest.skip()/xfail() call", "pytest.", re(R"(\bpytest\.(skip|xfail)\s*\()")});
        m.push_back(
            {"pytestmark skip/xfail", "pytestmark", re(R"(\bpytestmark\s*=.*\b(skip|skipif|xfail)\b)")});
        m.push_back({"unittest skip decorator", "@",
                     re(R"(@(unittest\.)?(skip|skipIf|skipUnless|expectedFailure)\b)")});
        m.push_back({"unittest skipTest()/SkipTest", "kipTest", re(R"(\bskipTest\s*\(|\bSkipTest\b)")});
        m.push_back({"__test__ = False", "__test__", re(R"(\b__test__\s*=\s*False\b)")});
        // Java, Kotlin, C#, TestNG.
        m.push_back({"JUnit @Disabled", "@Disabled", re(R"(@Disabled\w*\b)")});
        m.push_back({"JUnit/NUnit Ignore", "Ignore", re(R"(@Ignore\b|\[\s*Ignore\b)")});
        m.push_back({"TestNG enabled = false", "enabled", re(R"(@Test\s*\(.*\benabled\s*=\s*false)")});
        m.push_back({"xUnit Skip", "Skip", re(R"(\b(Fact|Theory)\s*\(.*\bSkip\s*=)")});
        // JavaScript and TypeScript: Jest, Mocha, Vitest, Jasmine.
        m.push_back(
            {"skipped or focused test (.skip/.todo/.only)", ".skip|.todo|.only|.fails",
             re(R"(\b(it|test|describe|context|suite|specify|bench)\.(skip|todo|only|skipIf|fails)\b)")});
        m.push_back({"xit/xdescribe", "xit|xtest|xdescribe|xcontext|xspecify|xexample|xscenario|xfeature",
                     re(R"(\bx(it|test|describe|context|specify|example|scenario|feature)\b)")});
        m.push_back({"focused test (fit/fdescribe)", "fit|fdescribe", re(R"(^\s*f(it|describe)\s*\()")});
        m.push_back({"Mocha this.skip()", "this.skip", re(R"(\bthis\.skip\s*\()")});
        // Go, Rust, C++, PHP, Swift, Elixir, Ruby.
        m.push_back({"Go t.Skip()", ".Skip", re(R"(\b(t|b|f|tb|T\(\))\.(Skip|Skipf|SkipNow)\s*\()")});
        m.push_back({"Rust #[ignore]", "ignore", re(R"(#\[\s*ignore\b)"), Where::rust_files});
        m.push_back({"GoogleTest DISABLED_/GTEST_SKIP", "DISABLED_|GTEST_SKIP",
                     re(R"(\bDISABLED_\w+|\bGTEST_SKIP\s*\()")});
        m.push_back({"Catch2 hidden/mayfail tag", "[!|\"[.", re(R"(\[!mayfail\]|\[!shouldfail\]|"\[\.)")});
        m.push_back(
            {"PHPUnit markTestSkipped/Incomplete", "markTest", re(R"(\bmarkTest(Skipped|Incomplete)\s*\()")});
        m.push_back({"XCTSkip", "XCTSkip", re(R"(\bXCTSkip\w*\b)")});
        m.push_back({"ExUnit @tag :skip", ":skip", re(R"(@(module)?tag\s+:skip\b)")});
        m.push_back(
            {"RSpec/Minitest skip or pending", "skip|pending", re(R"(^\s*(skip|pending)\b(\s*[("']|\s*$))")});
        m.push_back({"skip/pending metadata", "skip|pending",
                     re(R"(\b(skip|pending)\s*:\s*(true|["'])|:(skip|pending)\s*=>)")});
        // Deselection in configuration.
        m.push_back({"pytest --deselect/--ignore", "--", re(R"(--deselect\b|--ignore(-glob)?\b)"),
                     Where::pytest_config});
        m.push_back(
            {"pytest -k \"not ...\"", "-k", re(R"((^|\s)-k\s*=?\s*["']?\s*not\b)"), Where::pytest_config});
        m.push_back({"pytest collect_ignore", "collect_ignore", re(R"(\bcollect_ignore(_glob)?\b)"),
                     Where::pytest_config});
        m.push_back({"Jest/Vitest ignore patterns", "PathIgnorePatterns",
                     re(R"(\b(testPathIgnorePatterns|modulePathIgnorePatterns)\b)"), Where::jest_config});
        return m;
    }();
    return list;
}

bool is_pytest_config(std::string_view path) {
    const std::string_view name = file_name(path);
    return one_of(name,
                  {"pytest.ini", "setup.cfg", "tox.ini", "pyproject.toml", "conftest.py", ".pytest.ini"});
}

bool is_js_test_config(std::string_view path) {
    const std::string name = lower(file_name(path));
    return name == "package.json" || name.starts_with("jest.config") || name.starts_with("vitest.config") ||
           name.starts_with("vite.config") || name.starts_with(".nycrc") || name.starts_with(".c8rc") ||
           name.starts_with("karma.conf");
}

bool applies(Where where, std::string_view path) {
    switch (where) {
    case Where::test_files:
        return is_test_path(path);
    case Where::rust_files:
        return extension(file_name(path)) == "rs" || is_test_path(path);
    case Where::pytest_config:
        return is_pytest_config(path);
    case Where::jest_config:
        return is_js_test_config(path);
    }
    return false;
}

// Cuts `line` at the first comment token outside quotes; `'` is a quote only where it cannot be a Rust
// lifetime or an apostrophe in a word.
std::string cut_trailing_comment(std::string_view line, CommentStyle style) {
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote != 0) {
            if (c == '\\') {
                ++i;
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (c == '"' || c == '`' ||
            (c == '\'' && (i == 0 || !std::isalnum(static_cast<unsigned char>(line[i - 1]))))) {
            quote = c;
            continue;
        }
        if (style == CommentStyle::hash && c == '#') {
            return std::string(line.substr(0, i));
        }
        if (style == CommentStyle::slash && c == '/' && i + 1 < line.size() &&
            (line[i + 1] == '/' || line[i + 1] == '*')) {
            return std::string(line.substr(0, i));
        }
    }
    return std::string(line);
}

std::optional<double> number(const std::string& text) {
    try {
        return std::stod(text);
    } catch (...) {
        return std::nullopt;
    }
}

} // namespace

CommentStyle comment_style(std::string_view path) {
    const std::string name = lower(file_name(path));
    const std::string ext(extension(name));
    if (one_of(name, {"makefile", "dockerfile", "gemfile", "rakefile", "jenkinsfile", ".coveragerc"}) ||
        one_of(ext, {"py", "pyi", "rb", "sh", "bash", "yml", "yaml", "toml", "cfg", "ini", "pl", "r", "ex",
                     "exs", "coffee", "cmake", "mk", "conf"})) {
        return name == "jenkinsfile" ? CommentStyle::slash : CommentStyle::hash;
    }
    if (one_of(ext,
               {"js",    "jsx",    "ts",     "tsx",   "mjs", "cjs",  "mts", "cts", "java",  "kt",   "kts",
                "scala", "groovy", "gradle", "go",    "rs",  "c",    "cc",  "cpp", "cxx",   "h",    "hh",
                "hpp",   "hxx",    "cs",     "swift", "php", "dart", "m",   "mm",  "json5", "jsonc"})) {
        return CommentStyle::slash;
    }
    return CommentStyle::none;
}

std::string code_part(std::string_view line, CommentStyle style) {
    const std::string_view clipped_line = line.substr(0, max_line_chars);
    const std::size_t first = clipped_line.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const std::string_view rest = clipped_line.substr(first);
    if (style == CommentStyle::hash && rest.starts_with('#')) {
        return {};
    }
    if (style == CommentStyle::slash && (rest.starts_with("//") || rest.starts_with("/*") ||
                                         rest.starts_with("* ") || rest == "*" || rest.starts_with("*/"))) {
        return {};
    }
    if (style == CommentStyle::none) {
        return std::string(clipped_line);
    }
    return cut_trailing_comment(clipped_line, style);
}

bool is_test_path(std::string_view path) {
    for (const std::string_view folder : folders(path)) {
        const std::string name = lower(folder);
        if (one_of(name, {"test", "tests", "__tests__", "__test__", "spec", "specs", "e2e", "testing",
                          "unittests", "unit_tests", "androidtest"}) ||
            ends_with_any(name, {"_test", "_tests", "-test", "-tests"})) {
            return true;
        }
    }
    const std::string_view name = file_name(path);
    const std::size_t dot = name.find('.');
    const std::string_view stem = name.substr(0, dot);
    const std::string lower_name = lower(name);
    const std::string lower_stem = lower(stem);
    if (lower_name == "conftest.py" || lower_stem.starts_with("test_") || lower_stem.starts_with("test-") ||
        ends_with_any(lower_stem, {"_test", "_tests", "-test", "-tests", "_spec", "-spec"})) {
        return true;
    }
    if (lower_name.find(".test.") != std::string::npos || lower_name.find(".spec.") != std::string::npos) {
        return true;
    }
    // JUnit, NUnit, PHPUnit, XCTest conventions: FooTest.java, FooTests.cs, FooIT.java, FooSpec.groovy.
    const std::string ext = lower(extension(name));
    return one_of(ext, {"java", "kt", "kts", "scala", "groovy", "cs", "php", "swift", "fs", "vb"}) &&
           stem.size() > 4 && ends_with_any(stem, {"Test", "Tests", "IT", "Spec", "TestCase"});
}

std::optional<std::string> skip_marker(std::string_view code, std::string_view path) {
    if (code.empty()) {
        return std::nullopt;
    }
    const std::string text = clipped(code);
    for (const Marker& marker : markers()) {
        if (hinted(text, marker.hints) && applies(marker.where, path) && search(text, marker.pattern)) {
            return std::string(marker.label);
        }
    }
    return std::nullopt;
}

bool is_assertion(std::string_view code) {
    static const std::regex pattern = re(
        R"((\b[Aa]ssert\w*\s*[.(!])|(^\s*assert\b)|(\bexpect\s*[({])|(\.should\b)|(\brequire\.[A-Z]\w*\s*\()|)"
        R"((\bt\.(Error|Errorf|Fatal|Fatalf|Fail|FailNow)\s*\()|(\b(EXPECT|ASSERT)_\w+\s*\()|)"
        R"((\b(REQUIRE|CHECK|STATIC_REQUIRE)(_\w+)?\s*\()|(\bpytest\.raises\s*\()|(\bXCTAssert\w*\s*\()|)"
        R"((\bverify\s*\())");
    static constexpr std::string_view hints =
        "ssert|expect|should|require.|t.E|t.F|EXPECT_|ASSERT_|REQUIRE|CHECK|raises|verify";
    return !code.empty() && hinted(code, hints) && search(clipped(code), pattern);
}

std::vector<CoverageThreshold> coverage_thresholds(std::string_view code, std::string_view path) {
    enum class In { any_file, js_config, codecov, jvm_build };
    struct Key {
        const char* name;
        std::regex pattern; // the value is the last group
        In in = In::any_file;
    };
    static const std::vector<Key> keys = [] {
        std::vector<Key> k;
        k.push_back(
            {"fail-under", re(R"((?:cov[_-])?fail[_-]?under["']?\s*[=: ]\s*["']?(-?\d+(?:\.\d+)?))")});
        k.push_back({"minimum_coverage",
                     re(R"(\bminimum_coverage(?:_by_file)?\b\s*[=:(]?\s*(?:line:\s*)?(\d+(?:\.\d+)?))")});
        k.push_back(
            {"min-coverage", re(R"((?:min[_-]?coverage|coverage[_-]?threshold|minimumCoverage|minBound))"
                                R"(["']?\s*[=:(]?\s*["']?(\d+(?:\.\d+)?))")});
        k.push_back({"jacoco minimum", re(R"(<minimum>\s*(\d+(?:\.\d+)?)%?\s*</minimum>)"), In::jvm_build});
        k.push_back({"minimum", re(R"(\bminimum\s*=\s*["']?(\d+(?:\.\d+)?))"), In::jvm_build});
        k.push_back({"codecov target", re(R"(^\s*target\s*:\s*["']?(\d+(?:\.\d+)?)%?)"), In::codecov});
        for (const char* name : {"branches", "functions", "lines", "statements"}) {
            k.push_back({name,
                         re((std::string(R"(["']?\b)") + name + R"(["']?\s*:\s*(-?\d+(?:\.\d+)?))").c_str()),
                         In::js_config});
        }
        return k;
    }();
    const std::string name = lower(file_name(path));
    const auto wanted = [&](In in) {
        switch (in) {
        case In::any_file:
            return true;
        case In::js_config:
            return is_js_test_config(path);
        case In::codecov:
            return name == "codecov.yml" || name == ".codecov.yml" || name == "codecov.yaml";
        case In::jvm_build:
            return name == "pom.xml" || name.ends_with(".gradle") || name.ends_with(".gradle.kts");
        }
        return false;
    };
    std::vector<CoverageThreshold> found;
    static constexpr std::string_view hints =
        "under|minimum|coverage|Coverage|minBound|target|branches|functions|lines|statements";
    if (code.empty() || !hinted(code, hints)) {
        return found;
    }
    const std::string text = clipped(code);
    for (const Key& key : keys) {
        if (!wanted(key.in)) {
            continue;
        }
        std::smatch match;
        if (std::regex_search(text, match, key.pattern)) {
            if (const auto value = number(match[match.size() - 1].str())) {
                found.push_back({key.name, *value});
            }
        }
    }
    return found;
}

bool is_ci_config(std::string_view path) {
    const std::string lower_path = lower(path);
    const std::string_view name = file_name(lower_path);
    if (lower_path.starts_with(".github/workflows/")) {
        return name.ends_with(".yml") || name.ends_with(".yaml");
    }
    return one_of(lower_path, {".gitlab-ci.yml", ".circleci/config.yml", "azure-pipelines.yml", "jenkinsfile",
                               ".travis.yml", "bitbucket-pipelines.yml"}) ||
           lower_path.starts_with(".buildkite/");
}

bool sets_continue_on_error(std::string_view code) {
    static const std::regex github = re(R"(^\s*(-\s*)?continue-on-error\s*:\s*(.*)$)");
    static const std::regex gitlab = re(R"(^\s*(-\s*)?allow_failure\s*:\s*(true|yes|on)\b)");
    const std::string text = clipped(code);
    std::smatch match;
    if (std::regex_search(text, match, github)) {
        std::string value = lower(match[2].str());
        value.erase(std::remove_if(value.begin(), value.end(),
                                   [](char c) { return c == ' ' || c == '\t' || c == '"' || c == '\''; }),
                    value.end());
        return value != "false" && value != "no" && value != "off";
    }
    return std::regex_search(text, gitlab);
}

std::optional<std::string> test_runner(std::string_view code, std::string_view test_command) {
    static const std::regex runners = re(
        R"(\b(pytest|py\.test|unittest|nose2|tox|nox|jest|vitest|mocha|karma|ava|ctest|rspec|phpunit|gradlew?|mvnw?|)"
        R"((npm|yarn|pnpm|bun)\s+(run\s+)?test|npm\s+t|go\s+test|cargo\s+(test|nextest)|make\s+(test|check)|)"
        R"(rake\s+(test|spec)|dotnet\s+test|mix\s+test|swift\s+test|bazel\s+test|meson\s+test|)"
        R"(python3?\s+-m\s+(pytest|unittest))\b)");
    if (code.empty()) {
        return std::nullopt;
    }
    const std::string text = clipped(code);
    std::string command(test_command);
    command.erase(0, command.find_first_not_of(" \t"));
    command.erase(command.find_last_not_of(" \t\r\n") + 1);
    if (!command.empty() && text.find(command) != std::string::npos) {
        return command;
    }
    std::smatch match;
    if (std::regex_search(text, match, runners)) {
        return match[1].str();
    }
    return std::nullopt;
}

bool is_package_test_script(std::string_view code, std::string_view path) {
    static const std::regex script = re(R"("(pre|post)?test(:[^"]*)?"\s*:)");
    return file_name(path) == "package.json" && !code.empty() && search(clipped(code), script);
}

} // namespace autofix::core
