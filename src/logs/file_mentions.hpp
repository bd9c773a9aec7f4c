#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::logs {

/// How a mention names its file.
enum class MentionKind {
    path,          // a path as printed: relative, absolute runner/container/Windows path
    suffix,        // a path suffix to look up in the tree (a Java frame's com/foo/Bar.java, FooTest.java)
    python_module, // a dotted Python name (unittest "test_mod.TestClass") -> test_mod.py
    jvm_class,  // a JVM class as a path without extension ("com/foo/BarTest") -> .java, .kt, .scala, .groovy
    dotted,     // any dotted name ("pkg.mod.Class", "com.foo.Bar$Inner"): a Python module or a JVM class
    go_package, // a Go import path ("github.com/o/r/pkg") -> the package directory's files
    build_module, // a Maven/Gradle module ("core", "app/sub") -> its pom.xml or build.gradle
};

/// A file named by one log line, not yet checked against the work tree.
struct FileMention {
    std::string path;
    std::uint32_t line = 0; // 0 when the log gave no line
    MentionKind kind = MentionKind::path;
};

/// Every file mention in one normalised log line: Python tracebacks, gcc/clang/go/rustc/javac/pytest
/// "path:line[:col]", MSVC/tsc "path(line[,col])", maven "path:[line,col]", linker object files, pytest node
/// ids, jest/vitest frames and headers, unittest "test_y (test_mod.TestClass)", Java/Kotlin frames "at
/// com.foo.Bar.baz(Bar.java:42)", surefire/JUnit and Gradle test names, dotted Java/Kotlin/Python names
/// (inner classes "Foo$Bar" included; only with `dotted`), Go packages of "FAIL"/"#" lines, Maven/Gradle
/// failing modules. Pure; empty when there are none.
std::vector<FileMention> find_file_mentions(std::string_view line, bool dotted = true);

/// True for a path inside vendored or installed third-party code (node_modules, site-packages, vendor/,
/// .git): such frames do not point at the repository's own files.
bool is_vendored_path(std::string_view path);

} // namespace autofix::logs
