// Checks prepare_failure_context end to end on real-shaped fixture logs of each toolchain (excerpt keeps
// the error, files resolve to the work tree), an Actions job log with timestamps and groups, the budget,
// empty, binary and one-50-MB-line logs, and redaction of caller-given secrets.
#include "logs/failure_context.hpp"
#include "logs/token_estimate.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace autofix::logs {
namespace {

std::string fixture_path(const std::string& name) {
    return std::string(AUTOFIX_SOURCE_DIR) + "/tests/fixtures/logs/" + name;
}

FailureContext from_fixture(const std::string& name, const FileIndex& files,
                            FailureContextOptions options = {}) {
    auto context = prepare_failure_context_from_file(fixture_path(name), options, &files);
    EXPECT_TRUE(context.has_value()) << name;
    return context ? *context : FailureContext{};
}

FailureContext from_text(const std::string& text, const FailureContextOptions& options = {},
                         const FileIndex* files = nullptr) {
    std::istringstream in(text);
    return prepare_failure_context(in, options, files);
}

struct ToolchainCase {
    const char* fixture;
    std::vector<std::string> tree;
    const char* must_keep;
    const char* first_file;
    std::uint32_t first_line;
};

class Toolchain : public ::testing::TestWithParam<ToolchainCase> {};

TEST_P(Toolchain, KeepsTheErrorAndLocatesTheFile) {
    const ToolchainCase& c = GetParam();
    MemoryFileIndex files(c.tree);
    FailureContext context = from_fixture(c.fixture, files);
    EXPECT_NE(context.excerpt.find(c.must_keep), std::string::npos) << context.excerpt;
    ASSERT_FALSE(context.files.empty()) << c.fixture;
    EXPECT_EQ(context.files[0].path, c.first_file) << c.fixture;
    EXPECT_EQ(context.files[0].line, c.first_line) << c.fixture;
    EXPECT_FALSE(context.files[0].reason.empty());
    for (const auto& file : context.files) {
        EXPECT_TRUE(files.exists(file.path)) << file.path;
    }

    // The same failure after 5000 lines of other output and before the runner's cleanup, in 1000 tokens:
    // the error line, the failed step and the end of the log are kept.
    std::ifstream in(fixture_path(c.fixture), std::ios::binary);
    std::string fixture((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string log = "##[group]Run ./install-deps.sh\n##[endgroup]\n";
    for (int i = 0; i < 5000; ++i) {
        log += "Unpacking libfoo" + std::to_string(i) + " (1.2." + std::to_string(i) + ") over (1.1) ...\n";
    }
    log += "##[group]Run ./ci.sh\n##[endgroup]\n" + fixture;
    log += "##[error]Process completed with exit code 1.\n";
    for (int i = 0; i < 30; ++i) {
        log += "Cleaning up orphan process " + std::to_string(i) + "\n";
    }
    FailureContextOptions tight;
    tight.budget_tokens = 1000;
    FailureContext squeezed = from_text(log, tight, &files);
    EXPECT_FALSE(squeezed.whole);
    EXPECT_LE(squeezed.excerpt_tokens, 1000u);
    EXPECT_EQ(squeezed.failed_step,
              std::string(c.fixture) == "actions_job.log" ? "Run pytest -q"
                                                          : "Run ./ci.sh"); // its own ##[error] is first
    EXPECT_NE(squeezed.excerpt.find(c.must_keep), std::string::npos) << c.fixture << "\n" << squeezed.excerpt;
    EXPECT_NE(squeezed.excerpt.find("lines cut ...]"), std::string::npos);
    EXPECT_TRUE(squeezed.excerpt.ends_with("Cleaning up orphan process 29"));
    ASSERT_FALSE(squeezed.files.empty());
    EXPECT_EQ(squeezed.files[0].path, c.first_file);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, Toolchain,
    ::testing::Values(
        // Travis: fold and time markers, \r progress bars, "./" paths of flake8.
        ToolchainCase{"travis_flake8.log",
                      {"billing/models/invoice.py", "billing/tests/test_invoice.py", "setup.cfg"},
                      "E501 line too long",
                      "billing/models/invoice.py",
                      66},
        // Gradle and Kotlin: inner classes, the "app//" class loader prefix, the failed task's module.
        ToolchainCase{"gradle_kotlin.log",
                      {"app/src/test/kotlin/com/acme/shop/CartServiceTest.kt",
                       "app/src/main/kotlin/com/acme/shop/CartService.kt", "app/build.gradle.kts"},
                      "expected: <108> but was: <100>",
                      "app/src/test/kotlin/com/acme/shop/CartServiceTest.kt",
                      42},
        // pytest long tracebacks: the crash site outranks the test's frames; site-packages frames do not
        // count.
        ToolchainCase{"pytest_long.log",
                      {"lib/wallet.py", "lib/tests/test_storage.py", "six.py"},
                      "lib/wallet.py:1740: TypeError",
                      "lib/wallet.py",
                      1740},
        // The checkstyle plugin's own prefix before [ERROR]; the violation outranks the Ant wrapper.
        ToolchainCase{"checkstyle_plugin.log",
                      {"src/main/java/com/acme/FinalLocalVariableCheck.java", "config/ant-phase-verify.xml",
                       "config/checkstyle_checks.xml", "pom.xml"},
                      "Cyclomatic Complexity is 14",
                      "src/main/java/com/acme/FinalLocalVariableCheck.java",
                      326},
        ToolchainCase{"gcc.log",
                      {"src/eval.cpp", "src/parser.cpp"},
                      "error: 'lookup_symbol' was not declared",
                      "src/eval.cpp",
                      42},
        ToolchainCase{"clang.log",
                      {"src/matrix.cpp", "include/vector_ops.hpp"},
                      "no matching function for call",
                      "src/matrix.cpp",
                      18},
        ToolchainCase{"msvc.log", {"src/main.cpp", "src/widget.h"}, "error C2065", "src/main.cpp", 27},
        ToolchainCase{"rustc.log",
                      {"src/account.rs", "src/lib.rs"},
                      "error[E0308]: mismatched types",
                      "src/account.rs",
                      14},
        ToolchainCase{"go_build.log",
                      {"internal/cart/cart.go"},
                      "undefined: applyDiscount",
                      "internal/cart/cart.go",
                      31},
        ToolchainCase{"javac_maven.log",
                      {"src/main/java/com/example/bank/Account.java"},
                      "cannot find symbol",
                      "src/main/java/com/example/bank/Account.java",
                      23},
        ToolchainCase{"javac_plain.log",
                      {"src/main/java/com/example/Greeter.java"},
                      "error: incompatible types",
                      "src/main/java/com/example/Greeter.java",
                      9},
        ToolchainCase{"tsc.log",
                      {"src/components/Cart.ts", "src/api/client.ts"},
                      "error TS2322",
                      "src/components/Cart.ts",
                      14},
        ToolchainCase{"pytest.log",
                      {"tests/test_calc.py", "calc.py"},
                      "E       assert 5 == 6",
                      "tests/test_calc.py",
                      9},
        ToolchainCase{"unittest.log",
                      {"tests/test_parser.py", "tool/parser.py", "tests/test_format.py"},
                      "IndexError: list index out of range",
                      "tests/test_parser.py",
                      18},
        ToolchainCase{"jest.log",
                      {"src/sum.test.js", "src/sum.js", "node_modules/jest-circus/build/utils.js"},
                      "Received: 5",
                      "src/sum.test.js",
                      5},
        ToolchainCase{"go_test.log",
                      {"pkg/calc/calc.go", "pkg/calc/calc_test.go"},
                      "--- FAIL: TestAdd",
                      "pkg/calc/calc_test.go",
                      12},
        ToolchainCase{"surefire.log",
                      {"src/main/java/com/example/bank/Account.java",
                       "src/test/java/com/example/bank/AccountTest.java"},
                      "expected: <50> but was: <100>",
                      "src/test/java/com/example/bank/AccountTest.java",
                      27},
        ToolchainCase{"java_stacktrace.log",
                      {"src/main/java/com/example/shop/Catalog.java",
                       "src/main/java/com/example/shop/Main.java",
                       "src/main/java/com/example/shop/Store.java"},
                      "java.lang.NullPointerException",
                      "src/main/java/com/example/shop/Catalog.java",
                      31},
        ToolchainCase{"ctest.log",
                      {"tests/area_test.cpp", "src/area.cpp"},
                      "area_test.cpp:33: Failure",
                      "tests/area_test.cpp",
                      33},
        ToolchainCase{"cargo_test.log", {"src/lib.rs"}, "panicked at src/lib.rs:48:9", "src/lib.rs", 48},
        ToolchainCase{"python_traceback.log",
                      {"manage.py", "app/migrate.py"},
                      "ValueError: migration plan is empty",
                      "app/migrate.py",
                      41},
        ToolchainCase{"actions_job.log",
                      {"tests/test_calc.py", "calc.py"},
                      "E       assert 5 == 6",
                      "tests/test_calc.py",
                      9}),
    [](const ::testing::TestParamInfo<ToolchainCase>& param_info) {
        std::string name = param_info.param.fixture;
        name = name.substr(0, name.find('.'));
        name.erase(std::remove(name.begin(), name.end(), '_'), name.end());
        return name;
    });

TEST(FailureContext, NpmAndPipErrorsKeptWithoutFiles) {
    MemoryFileIndex files({"package.json", "requirements.txt"});
    FailureContextOptions tight;
    tight.budget_tokens = 80;
    FailureContext npm = from_fixture("npm.log", files, tight);
    EXPECT_NE(npm.excerpt.find("npm ERR! code ERESOLVE"), std::string::npos) << npm.excerpt;
    FailureContext pip = from_fixture("pip.log", files, tight);
    EXPECT_NE(pip.excerpt.find("No matching distribution found for numpy==9.9.9"), std::string::npos);
    // Neither log names a file of the tree: the dependency files are inferred, with the reason.
    ASSERT_FALSE(pip.files.empty());
    EXPECT_EQ(pip.files[0].path, "requirements.txt");
    EXPECT_TRUE(pip.files[0].inferred);
    EXPECT_NE(pip.files[0].reason.find("dependency"), std::string::npos);
    ASSERT_FALSE(npm.files.empty());
    EXPECT_EQ(npm.files[0].path, "package.json");
}

TEST(FailureContext, ActionsJobLogNormalised) {
    MemoryFileIndex files({"tests/test_calc.py"});
    FailureContext context = from_fixture("actions_job.log", files);
    EXPECT_TRUE(context.whole);
    EXPECT_EQ(context.failed_step, "Run pytest -q");
    EXPECT_EQ(context.excerpt.find("2024-01-15T"), std::string::npos);
    EXPECT_EQ(context.excerpt.find('\x1b'), std::string::npos);
    EXPECT_EQ(context.excerpt.find('\r'), std::string::npos);
    EXPECT_EQ(context.excerpt.find("##["), std::string::npos);
    EXPECT_EQ(context.excerpt.find("\xEF\xBB\xBF"), std::string::npos);
    EXPECT_NE(context.excerpt.find("=== Run pytest -q ===\npytest -q\n"), std::string::npos)
        << context.excerpt;
    EXPECT_NE(context.excerpt.find("\n$ /usr/bin/git version\n"), std::string::npos);
    EXPECT_NE(context.excerpt.find("\nDownloading pytest 100%\n"), std::string::npos);
    EXPECT_EQ(context.excerpt.find("Downloading pytest 10%"), std::string::npos);
    EXPECT_TRUE(context.excerpt.starts_with("Current runner version: '2.311.0'\n=== Operating System ==="));
    EXPECT_NE(context.excerpt.find("\nError: Process completed with exit code 1.\n"), std::string::npos);
    EXPECT_EQ(context.stats.lines_in, 33u);
}

TEST(FailureContext, WorkspaceOptionMapsCustomRoot) {
    MemoryFileIndex files({"src/x.c"});
    FailureContextOptions options;
    options.workspace = "/builds/acme/proj";
    FailureContext context = from_text("/builds/acme/proj/src/x.c:3:4: error: boom\n", options, &files);
    ASSERT_EQ(context.files.size(), 1u);
    EXPECT_EQ(context.files[0].path, "src/x.c");
    EXPECT_EQ(context.files[0].line, 3u);
}

TEST(FailureContext, EmptyLog) {
    MemoryFileIndex files({"a.c"});
    FailureContext context = from_text("", {}, &files);
    EXPECT_EQ(context.excerpt, "");
    EXPECT_EQ(context.excerpt_tokens, 0u);
    EXPECT_TRUE(context.files.empty());
    EXPECT_EQ(context.stats.bytes_in, 0u);
    EXPECT_EQ(context.stats.lines_in, 0u);
}

TEST(FailureContext, BinaryLogNeverBreaks) {
    std::string binary;
    for (int i = 0; i < 200000; ++i) {
        binary.push_back(static_cast<char>((i * 7919 + 13) % 256));
    }
    binary += "\nsrc/a.c:1:1: error: after the garbage\n";
    MemoryFileIndex files({"src/a.c"});
    FailureContext context = from_text(binary, {}, &files);
    EXPECT_LE(context.excerpt_tokens, 8000u);
    EXPECT_NE(context.excerpt.find("error: after the garbage"), std::string::npos);
    ASSERT_FALSE(context.files.empty());
    EXPECT_EQ(context.files[0].path, "src/a.c");
    // Everything left is valid UTF-8 without control characters but newlines and tabs.
    for (std::size_t i = 0; i < context.excerpt.size(); ++i) {
        auto c = static_cast<unsigned char>(context.excerpt[i]);
        EXPECT_TRUE(c >= 0x20 || c == '\n' || c == '\t') << i;
        if (c < 0x20 && c != '\n' && c != '\t') {
            break;
        }
    }
}

TEST(FailureContext, OneFiftyMegabyteLine) {
    std::string line(50u << 20, 'x');
    line.replace(1000, 20, " error: in the giant ");
    line += "\nlast line\n";
    LogPipeline pipeline({});
    for (std::size_t at = 0; at < line.size(); at += 1 << 20) {
        pipeline.feed(std::string_view(line).substr(at, 1 << 20));
    }
    FailureContext context = pipeline.finish(nullptr);
    EXPECT_LE(context.excerpt_tokens, 8000u);
    EXPECT_EQ(context.stats.bytes_in, line.size());
    EXPECT_EQ(context.stats.lines_in, 2u);
    EXPECT_NE(context.excerpt.find(" bytes cut ...]"), std::string::npos);
    EXPECT_TRUE(context.excerpt.ends_with("\nlast line"));
}

TEST(FailureContext, SecretsGivenByCallerAndShapesRedacted) {
    FailureContextOptions options;
    options.secrets = {"sk-live-caller-secret"};
    std::string log = "Run deploy\n"
                      "curl -H 'Authorization: Bearer sk-live-caller-secret' https://api\n"
                      "src/deploy.py:3: error: push to https://bot:pa55word@example.com failed\n";
    MemoryFileIndex files({"src/deploy.py"});
    FailureContext context = from_text(log, options, &files);
    EXPECT_EQ(context.excerpt.find("sk-live-caller-secret"), std::string::npos);
    EXPECT_EQ(context.excerpt.find("pa55word"), std::string::npos);
    EXPECT_EQ(context.redactions, 2u);
    ASSERT_EQ(context.files.size(), 1u);
    EXPECT_EQ(context.files[0].reason.find("pa55word"), std::string::npos);
}

TEST(FailureContext, MissingFileIsAnIoError) {
    auto context = prepare_failure_context_from_file("/nonexistent/autofix/log.txt", {}, nullptr);
    ASSERT_FALSE(context.has_value());
    EXPECT_EQ(context.error().kind, core::ErrorKind::io);
}

TEST(FailureContext, FormatsReferencesAsMarkdown) {
    std::vector<FileReference> refs = {{"src/a.c", 3, 10, "src/a.c:3: error: x"}, {"b.py", 0, 1, ""}};
    EXPECT_EQ(format_file_references(refs), "- `src/a.c:3` (src/a.c:3: error: x)\n- `b.py`\n");
}

} // namespace
} // namespace autofix::logs
