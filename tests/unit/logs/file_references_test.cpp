// Checks file mentions per toolchain shape, the mapping of runner, container and Windows paths to the
// repository root, and resolution against a file index (existence, suffix lookup, ranking, merging).
#include "logs/file_references.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace autofix::logs {
namespace {

FileMention only_mention(std::string_view line) {
    auto mentions = find_file_mentions(line);
    EXPECT_EQ(mentions.size(), 1u) << line;
    return mentions.empty() ? FileMention{} : mentions.front();
}

void expect_mention(std::string_view line, std::string_view path, std::uint32_t number,
                    MentionKind kind = MentionKind::path) {
    FileMention mention = only_mention(line);
    EXPECT_EQ(mention.path, path) << line;
    EXPECT_EQ(mention.line, number) << line;
    EXPECT_EQ(mention.kind, kind) << line;
}

TEST(FileMentions, CompilerDiagnostics) {
    expect_mention("src/eval.cpp:42:12: error: 'x' was not declared", "src/eval.cpp", 42);
    expect_mention("D:\\a\\w\\w\\src\\main.cpp(27,15): error C2065: 'n': undeclared identifier",
                   "D:\\a\\w\\w\\src\\main.cpp", 27);
    expect_mention("src\\widget.h(12): warning C4244: conversion", "src\\widget.h", 12);
    expect_mention("  --> src/account.rs:14:24", "src/account.rs", 14);
    expect_mention("internal/cart/cart.go:31:9: undefined: applyDiscount", "internal/cart/cart.go", 31);
    expect_mention("[ERROR] /w/src/main/java/com/x/Account.java:[23,16] cannot find symbol",
                   "/w/src/main/java/com/x/Account.java", 23);
    expect_mention("/abs/Greeter.java:9: error: incompatible types", "/abs/Greeter.java", 9);
    expect_mention("src/components/Cart.ts(14,7): error TS2322: Type", "src/components/Cart.ts", 14);
    expect_mention("src/api/client.ts:22:5 - error TS2339: Property", "src/api/client.ts", 22);
}

TEST(FileMentions, TestRunners) {
    expect_mention("  File \"/home/runner/work/t/t/tool/parser.py\", line 7, in parse",
                   "/home/runner/work/t/t/tool/parser.py", 7);
    expect_mention("tests/test_calc.py:9: AssertionError", "tests/test_calc.py", 9);
    expect_mention("FAILED tests/test_calc.py::test_add - assert 5 == 6", "tests/test_calc.py", 0);
    expect_mention("ERROR: test_parse_empty (test_parser.ParserTest.test_parse_empty)",
                   "test_parser.ParserTest.test_parse_empty", 0, MentionKind::python_module);
    expect_mention("      at Object.<anonymous> (src/sum.test.js:5:17)", "src/sum.test.js", 5);
    expect_mention("FAIL src/sum.test.js", "src/sum.test.js", 0);
    expect_mention("    calc_test.go:12: Add(2, 3) = 6; want 5", "calc_test.go", 12);
    expect_mention("thread 'tests::w' panicked at src/lib.rs:48:9:", "src/lib.rs", 48);
}

TEST(FileMentions, JavaFramesAndSurefireNames) {
    expect_mention("\tat com.example.bank.AccountTest.withdraw(AccountTest.java:27)",
                   "com/example/bank/AccountTest.java", 27, MentionKind::suffix);
    expect_mention("\tat com.example.shop.Catalog$Loader.load(Catalog.java:58)",
                   "com/example/shop/Catalog.java", 58, MentionKind::suffix);
    expect_mention("[ERROR]   AccountTest.withdrawReducesBalance:27 expected: <50> but was: <100>",
                   "AccountTest", 27, MentionKind::jvm_class);
    auto mentions = find_file_mentions(
        "[ERROR] Tests run: 3, Failures: 1 <<< FAILURE! - in com.example.bank.AccountTest");
    ASSERT_FALSE(mentions.empty());
    EXPECT_EQ(mentions[0].path, "com/example/bank/AccountTest");
    EXPECT_EQ(mentions[0].kind, MentionKind::jvm_class);
    expect_mention("com.example.CalcTest > addsNumbers() FAILED", "com/example/CalcTest", 0,
                   MentionKind::jvm_class);
    // Maven 3.2 "Failed tests:" block, surefire reruns, Kotlin frames with inner classes.
    expect_mention("  testWithdraw(com.example.bank.AccountTest): expected:<50> but was:<100>",
                   "com/example/bank/AccountTest", 0, MentionKind::jvm_class);
    expect_mention(
        "[ERROR]   Run 1: SimpleDaoTest.test_fetch_by_join:943 \xC2\xBB ClassCast java.lang.Integer",
        "SimpleDaoTest", 943, MentionKind::jvm_class);
    expect_mention("\tat com.example.shop.Cart$Line.total(Cart.kt:12)", "com/example/shop/Cart.kt", 12,
                   MentionKind::suffix);
}

TEST(FileMentions, IgnoresUrlsVersionsAndPlainWords) {
    EXPECT_TRUE(find_file_mentions("see https://example.com/docs/page.html for help").empty());
    EXPECT_TRUE(find_file_mentions("Python 3.11.7, pytest-7.4.3 in 0.05s").empty());
    EXPECT_TRUE(find_file_mentions("").empty());
}

TEST(RepositoryPath, RunnerContainerWindowsAndWorkspaceRoots) {
    EXPECT_EQ(to_repository_path("/home/runner/work/calc/calc/src/x.py"), "src/x.py");
    EXPECT_EQ(to_repository_path("/github/workspace/src/x.py"), "src/x.py");
    EXPECT_EQ(to_repository_path("/__w/calc/calc/src/x.py"), "src/x.py");
    EXPECT_EQ(to_repository_path("D:\\a\\calc\\calc\\src\\main.cpp"), "src/main.cpp");
    EXPECT_EQ(to_repository_path("/Users/runner/work/calc/calc/lib/a.rb"), "lib/a.rb");
    EXPECT_EQ(to_repository_path("/opt/actions-runner/_work/calc/calc/a/b.c"), "a/b.c");
    EXPECT_EQ(to_repository_path("/srv/checkout/pkg/m.go", "/srv/checkout/"), "pkg/m.go");
    EXPECT_EQ(to_repository_path("./src/../lib/./a.js"), "lib/a.js");
    EXPECT_EQ(to_repository_path("../outside.c"), "");
    EXPECT_EQ(to_repository_path("/usr/include/stdio.h"), "/usr/include/stdio.h");
    EXPECT_EQ(to_repository_path("/home/travis/build/owner/calc/src/x.py"), "src/x.py");
    EXPECT_EQ(to_repository_path("/builds/group/calc/src/x.py"), "src/x.py");
}

TEST(FileReferences, ResolvesAgainstIndexAndRanks) {
    MemoryFileIndex files({"src/eval.cpp", "src/parser.cpp", "pkg/calc/calc_test.go", "tests/test_parser.py",
                           "src/main/java/com/example/bank/AccountTest.java", "node_modules/jest/x.js"});
    FileReferenceCollector collector;
    collector.add_line("/home/runner/work/c/c/src/eval.cpp:42:12: error: boom", 10);
    collector.add_line("   42 |     return lookup(x);", 4);
    collector.add_line("src/parser.cpp: In function 'f'", 3);
    collector.add_line("    calc_test.go:12: want 5", 3);
    collector.add_line("ERROR: test_parse (test_parser.ParserTest)", 10);
    collector.add_line("\tat com.example.bank.AccountTest.t(AccountTest.java:27)", 4);
    collector.add_line("    at f (node_modules/jest/x.js:1:1)", 4);
    collector.add_line("src/missing.cpp:1:1: error: gone", 10);
    collector.add_line("src/eval.cpp:57:5: warning: unused", 1);
    auto refs = collector.resolve(files, "", 10);
    ASSERT_EQ(refs.size(), 5u);
    EXPECT_EQ(refs[0].path, "src/eval.cpp");
    EXPECT_EQ(refs[0].line, 42u);
    EXPECT_EQ(refs[0].score, 11);
    EXPECT_EQ(refs[0].reason, "/home/runner/work/c/c/src/eval.cpp:42:12: error: boom");
    EXPECT_EQ(refs[1].path, "tests/test_parser.py");
    EXPECT_EQ(refs[2].path, "src/main/java/com/example/bank/AccountTest.java");
    EXPECT_EQ(refs[2].line, 27u);
    EXPECT_EQ(refs[3].path, "pkg/calc/calc_test.go");
    EXPECT_EQ(refs[4].path, "src/parser.cpp");
    EXPECT_EQ(refs[4].line, 0u);
    EXPECT_EQ(collector.resolve(files, "", 2).size(), 2u);
}

TEST(FileReferences, AbsolutePathUnderUnknownRootFindsExistingTail) {
    MemoryFileIndex files({"src/util/math.c", "math.c"});
    FileReferenceCollector collector;
    collector.add_line("/tmp/build-42/project/src/util/math.c:3:1: error: x", 10);
    auto refs = collector.resolve(files, "", 10);
    ASSERT_EQ(refs.size(), 1u);
    EXPECT_EQ(refs[0].path, "src/util/math.c");
}

TEST(FileReferences, AmbiguousSuffixIsDropped) {
    MemoryFileIndex files({"a/util.go", "b/util.go"});
    FileReferenceCollector collector;
    collector.add_line("util.go:3: bad", 10);
    EXPECT_TRUE(collector.resolve(files, "", 10).empty());
}

TEST(FileReferences, CandidateCapBoundsMemory) {
    FileReferenceCollector collector(5);
    for (int i = 0; i < 100; ++i) {
        collector.add_line("src/f" + std::to_string(i) + ".c:1: warning", 1);
    }
    collector.add_line("src/late.c:1: error", 10);
    EXPECT_LE(collector.size(), 5u);
    MemoryFileIndex files({"src/late.c"});
    auto refs = collector.resolve(files, "", 10);
    ASSERT_EQ(refs.size(), 1u); // the weakest were forgotten, not the late strong one
    EXPECT_EQ(refs[0].path, "src/late.c");
}

TEST(FileMentions, LintersLinkersBundlersGoAndBuildModules) {
    expect_mention("pkg/mod.py:66:80: E501 line too long (85 > 79 characters)", "pkg/mod.py", 66);
    expect_mention("app/views.py:3: 'os' imported but unused", "app/views.py", 3);
    expect_mention("[checkstyle] [ERROR] /home/travis/build/o/r/src/A.java:12:5: Line is longer [LineLength]",
                   "/home/travis/build/o/r/src/A.java", 12);
    expect_mention("src/a.ts:4:10: error: Missing semicolon (semi)", "src/a.ts", 4);
    expect_mention("FAILED: src/CMakeFiles/core.dir/matrix.cpp.o", "src/matrix.cpp", 0);
    expect_mention("ERROR in ./src/index.ts 12:5", "./src/index.ts", 12);
    expect_mention("FAIL\tgithub.com/acme/shop/pkg/cart\t0.012s", "github.com/acme/shop/pkg/cart", 0,
                   MentionKind::go_package);
    auto maven =
        find_file_mentions("[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-"
                           "plugin:3.1:compile (default-compile) on project shop-core: Compilation failure");
    EXPECT_TRUE(std::any_of(maven.begin(), maven.end(), [](const FileMention& m) {
        return m.kind == MentionKind::build_module && m.path == "shop-core";
    }));
    expect_mention("> Task :app:compileKotlin FAILED", "app", 0, MentionKind::build_module);
    expect_mention("self = <nikola.metadata_extractors.FilenameRegexMetadata object at 0x7f>",
                   "nikola.metadata_extractors.FilenameRegexMetadata", 0, MentionKind::dotted);
    EXPECT_TRUE(
        find_file_mentions("self = <app.models.User object>", false).empty()); // dotted names only if asked
}

TEST(FileReferences, ResolvesEveryKindOfName) {
    MemoryFileIndex files({"nikola/metadata_extractors.py", "shop/src/main/kotlin/com/x/CalcTest.kt",
                           "pkg/cart/cart.go", "pkg/cart/cart_test.go", "shop-core/pom.xml",
                           "app/build.gradle.kts", "src/Outer.java", "pom.xml"});
    FileReferenceCollector collector;
    collector.add_line("self = <nikola.metadata_extractors.Meta object at 0x1>", 10);
    collector.add_line("com.x.CalcTest > adds() FAILED", 10);
    collector.add_line("FAIL\tgithub.com/acme/shop/pkg/cart\t0.01s", 10);
    collector.add_line("[ERROR] Failed to execute goal x:y:1:z (d) on project shop-core: boom", 10);
    collector.add_line("> Task :app:test FAILED", 10);
    collector.add_line("Caused by: java.lang.IllegalStateException at x.Outer$Inner", 10);
    std::vector<std::string> paths;
    for (const auto& reference : collector.resolve(files, "", 20)) {
        paths.push_back(reference.path);
    }
    for (const char* expected :
         {"nikola/metadata_extractors.py", "shop/src/main/kotlin/com/x/CalcTest.kt", "pkg/cart/cart_test.go",
          "pkg/cart/cart.go", "shop-core/pom.xml", "app/build.gradle.kts"}) {
        EXPECT_NE(std::find(paths.begin(), paths.end(), expected), paths.end()) << expected;
    }
}

TEST(FileReferences, MavenArtifactNamedAfterItsDirectory) {
    MemoryFileIndex files({"pom.xml", "ui/pom.xml", "core/pom.xml"});
    auto resolve = [&](const std::string& line) {
        FileReferenceCollector collector;
        collector.add_line(line, 10);
        auto references = collector.resolve(files, "", 5);
        return references.empty() ? std::string{} : references.front().path;
    };
    // "rinsim-ui" lives in ui/: the tail of the artifact name after a '-' names the module directory.
    EXPECT_EQ(resolve("[ERROR] Failed to execute goal a:b:1:check (c) on project rinsim-ui: 1 issue"),
              "ui/pom.xml");
    EXPECT_EQ(resolve("[ERROR] Failed to execute goal a:b:1:check (c) on project core: boom"),
              "core/pom.xml");
    EXPECT_EQ(resolve("[ERROR] Failed to execute goal a:b:1:check (c) on project rinsim: boom"), "pom.xml");
}

TEST(FileReferences, MavenArtifactDeclaredByAModulePom) {
    // The directory is neither the artifact's name nor a tail of it: the pom.xml that declares the artifact
    // says where the module is; its parent's artifactId does not count.
    MemoryFileIndex files;
    files.add("pom.xml", "<project><artifactId>game-parent</artifactId></project>");
    files.add("gwt-tests/pom.xml", "<project><parent><artifactId>game-parent</artifactId></parent>\n"
                                   "<artifactId>game-odb-gwt-test</artifactId></project>");
    files.add("core/pom.xml", "<project><parent><artifactId>game-parent</artifactId></parent>\n"
                              "<artifactId>game-odb</artifactId></project>");
    auto resolve = [&](const std::string& line) {
        FileReferenceCollector collector;
        collector.add_line(line, 10);
        auto references = collector.resolve(files, "", 5);
        return references.empty() ? std::string{} : references.front().path;
    };
    EXPECT_EQ(resolve("[ERROR] Failed to execute goal a:b:1:test (d) on project game-odb-gwt-test: failures"),
              "gwt-tests/pom.xml");
    EXPECT_EQ(resolve("[ERROR] Failed to execute goal a:b:1:test (d) on project game-odb: failures"),
              "core/pom.xml");
    EXPECT_EQ(resolve("[ERROR] Failed to execute goal a:b:1:test (d) on project game-parent: failures"),
              "pom.xml");
}

TEST(FileReferences, VendoredFramesDoNotCount) {
    MemoryFileIndex files(
        {"node_modules/jest/x.js", "vendor/lib/y.go", "django/core/base.py", "app/models.py"});
    FileReferenceCollector collector;
    collector.add_line("    at f (node_modules/jest/x.js:1:1)", 4);
    collector.add_line("vendor/lib/y.go:3: boom", 10);
    collector.add_line("  File \"/home/u/venv/lib/python3.11/site-packages/django/core/base.py\", line 3", 4);
    collector.add_line("  File \"/usr/lib/python3.11/unittest/case.py\", line 59, in run", 4);
    collector.add_line("  File \"/home/runner/work/a/a/app/models.py\", line 7, in save", 4);
    auto refs = collector.resolve(files, "", 10);
    ASSERT_EQ(refs.size(), 1u);
    EXPECT_EQ(refs[0].path, "app/models.py");
}

TEST(FileReferences, AmbiguousSuffixSettledByProximity) {
    MemoryFileIndex files({"a/util.go", "b/util.go", "a/main.go"});
    FileReferenceCollector collector;
    collector.add_line("a/main.go:3:1: undefined: helper", 10);
    collector.add_line("util.go:3: bad", 10);
    auto refs = collector.resolve(files, "", 10);
    ASSERT_EQ(refs.size(), 2u);
    EXPECT_EQ(refs[1].path, "a/util.go");
}

TEST(FileReferences, FinalErrorBlockOutranksEarlierWarnings) {
    MemoryFileIndex files({"grammar/java.g", "docs/page.xml"});
    FileReferenceCollector collector;
    for (int i = 0; i < 40; ++i) {
        collector.add_line("grammar/java.g:" + std::to_string(600 + i) + ":9: warning: nondeterminism", 10);
    }
    collector.start_block();
    collector.add_line("[ERROR] docs/page.xml:318: Line matches the illegal pattern", 10);
    auto refs = collector.resolve(files, "", 10);
    ASSERT_EQ(refs.size(), 2u);
    EXPECT_EQ(refs[0].path, "docs/page.xml");
}

TEST(MemoryFileIndex, SuffixAtComponentBoundary) {
    MemoryFileIndex files({"src/Bar.java", "src/FooBar.java", "x/com/foo/Bar.java"});
    EXPECT_EQ(files.find_by_suffix("Bar.java", 5),
              (std::vector<std::string>{"src/Bar.java", "x/com/foo/Bar.java"}));
    EXPECT_EQ(files.find_by_suffix("com/foo/Bar.java", 5), (std::vector<std::string>{"x/com/foo/Bar.java"}));
    EXPECT_TRUE(files.exists("src/FooBar.java"));
    EXPECT_FALSE(files.exists("FooBar.java"));
}

} // namespace
} // namespace autofix::logs
