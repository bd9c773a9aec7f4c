#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::core {

/// How comments are written in a file, from its name: `#` (Python, Ruby, shell, YAML, TOML, INI), `//` and
/// `/* */` (C family, Java, JavaScript, Go, Rust, ...), or unknown.
enum class CommentStyle { none, hash, slash };

/// Returns the comment style of `path` from its extension or file name.
CommentStyle comment_style(std::string_view path);

/// Returns `line` without its comment: "" for a line that is only a comment (`# ...`, `// ...`, `/* ...`,
/// ` * ...`), else the text before a trailing comment that starts outside quotes. Rust attributes (`#[`)
/// are code.
std::string code_part(std::string_view line, CommentStyle style);

/// Returns true when `path` is a test file by the usual conventions: a folder named test, tests,
/// __tests__, spec, specs, e2e, testing; or a name like test_x.py, x_test.go, x.test.ts, x.spec.js,
/// x_spec.rb, XTest.java, XTests.cs, XIT.java, conftest.py.
bool is_test_path(std::string_view path);

/// Returns what kind of skip, ignore, focus or deselection marker the code of a line of `path` holds (for
/// example "pytest skip marker `@pytest.mark.skip`"), or nullopt. Markers count in test files; Rust's
/// `#[ignore]` in every .rs file; pytest and Jest deselection options in their configuration files.
std::optional<std::string> skip_marker(std::string_view code, std::string_view path);

/// Returns true when the code of a line is an assertion or expectation: assert statements and calls
/// (assertEqual, assertThat, assert_eq!, Assert.*, self.assert*), expect(...), .should, testify's
/// require.*, Go's t.Error/t.Fatal, GoogleTest and Catch2 macros, pytest.raises, XCTAssert*.
bool is_assertion(std::string_view code);

/// A coverage threshold named in a line: its key ("fail-under", "jacoco minimum", "lines") and value.
struct CoverageThreshold {
    std::string key;
    double value = 0;
};

/// Returns the coverage thresholds the code of a line of `path` sets: --cov-fail-under/fail_under
/// (pytest-cov, coverage.py, tarpaulin), minimum_coverage (SimpleCov), JaCoCo's <minimum> and `minimum =`,
/// min-coverage and coverage-threshold spellings, Codecov targets, and Jest/nyc/c8
/// branches/functions/lines/statements in their configuration files.
std::vector<CoverageThreshold> coverage_thresholds(std::string_view code, std::string_view path);

/// Returns true when `path` is a CI configuration file: .github/workflows/*.yml, .gitlab-ci.yml,
/// .circleci/config.yml, azure-pipelines.yml, Jenkinsfile, .travis.yml, bitbucket-pipelines.yml,
/// .buildkite/ files.
bool is_ci_config(std::string_view path);

/// Returns true when the code of a line sets `continue-on-error` to anything but false (GitHub Actions) or
/// `allow_failure: true` (GitLab CI).
bool sets_continue_on_error(std::string_view code);

/// Returns the test runner the code of a line names (pytest, npm test, go test, cargo test, mvn, gradle,
/// ctest, rspec, ... or `test_command`, the configured one, when not empty), or nullopt.
std::optional<std::string> test_runner(std::string_view code, std::string_view test_command);

/// Returns true when a line of package.json defines the `test` script (or a `test:*` one).
bool is_package_test_script(std::string_view code, std::string_view path);

} // namespace autofix::core
