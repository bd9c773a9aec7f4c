#pragma once

#include "logs/failure_signals.hpp"
#include "logs/file_index.hpp"
#include "logs/file_references.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::logs {

/// The files the log names (`named`, best first) completed with files only the repository can point at,
/// each with its reason and `inferred` set: the module under test of a failing test (naming conventions
/// `test_foo.py` -> `foo.py`, `FooTest.java` -> `Foo.java`, `foo.test.ts` -> `foo.ts`, `foo_test.go` ->
/// `foo.go`, then the test's imports), the build and dependency files for a dependency or resolution
/// failure, the lint configuration for a lint failure, the file that declares a missing symbol (by file
/// name, then by a bounded search of the tree), and the file of its package that throws a project exception
/// the failing tests report again and again. At most `max_results`; pure but for `files`.
std::vector<FileReference> infer_files(const FailureSignals& signals, std::vector<FileReference> named,
                                       const FileIndex& files, std::size_t max_results);

/// True when `path` follows a test naming convention (test_x.py, x_test.go, XTest.java, x.test.ts,
/// tests/ directories). Pure.
bool is_test_path(std::string_view path);

/// The source file names a test file's name points at ("test_foo.py" -> {"foo.py"}, "FooTest.java" ->
/// {"Foo.java"}), empty when the name follows no convention. Pure.
std::vector<std::string> tested_file_names(std::string_view test_path);

} // namespace autofix::logs
