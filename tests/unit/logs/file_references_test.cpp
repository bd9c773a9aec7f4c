// Checks file mentions per toolchain shape, the mapping of runner, container and Windows paths to the
// repository root, and resolution against a file index (existence, suffix lookup, ranking, merging).
#include "logs/file_references.hpp"

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
                   "AccountTest.java", 27, MentionKind::suffix);
    auto mentions = find_file_mentions(
        "[ERROR] Tests run: 3, Failures: 1 <<< FAILURE! - in com.example.bank.AccountTest");
    ASSERT_FALSE(mentions.empty());
    EXPECT_EQ(mentions[0].path, "com/example/bank/AccountTest.java");
    expect_mention("com.example.CalcTest > addsNumbers() FAILED", "com/example/CalcTest.java", 0,
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
        collector.add_line("src/f" + std::to_string(i) + ".c:1: error", 10);
    }
    EXPECT_EQ(collector.size(), 5u);
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
