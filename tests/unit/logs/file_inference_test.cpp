// Checks the files inferred from the repository when the log does not name them: the module under test
// (naming conventions, then imports), dependency files for dependency failures, lint configuration for lint
// failures and the declaration of a missing symbol; and the failure signals read from real toolchain lines.
#include "logs/failure_context.hpp"
#include "logs/file_inference.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace autofix::logs {
namespace {

FailureContext run(const std::string& log, const FileIndex& files) {
    std::istringstream in(log);
    return prepare_failure_context(in, FailureContextOptions{}, &files);
}

std::size_t rank_of(const FailureContext& context, const std::string& path) {
    for (std::size_t k = 0; k < context.files.size(); ++k) {
        if (context.files[k].path == path) {
            return k;
        }
    }
    return context.files.size();
}

TEST(TestNaming, ConventionsOfEachLanguage) {
    EXPECT_EQ(tested_file_names("tests/test_calc.py"), std::vector<std::string>{"calc.py"});
    EXPECT_EQ(tested_file_names("pkg/calc_test.go"), std::vector<std::string>{"calc.go"});
    EXPECT_EQ(tested_file_names("src/test/java/x/CalcTest.java"), std::vector<std::string>{"Calc.java"});
    EXPECT_EQ(tested_file_names("src/test/java/x/CalcTests.java"), std::vector<std::string>{"Calc.java"});
    EXPECT_EQ(tested_file_names("src/test/kotlin/x/TestCalc.kt"), std::vector<std::string>{"Calc.kt"});
    EXPECT_EQ(tested_file_names("src/calc.test.ts"), std::vector<std::string>{"calc.ts"});
    EXPECT_EQ(tested_file_names("src/calc.spec.js"), std::vector<std::string>{"calc.js"});
    EXPECT_TRUE(tested_file_names("src/calc.py").empty());
    EXPECT_TRUE(is_test_path("tests/helpers.py"));
    EXPECT_TRUE(is_test_path("src/test/java/x/CalcIT.java"));
    EXPECT_FALSE(is_test_path("src/main/java/x/Calc.java"));
}

TEST(FileInference, ModuleUnderTestByNamingConvention) {
    MemoryFileIndex files({"src/main/java/com/x/Account.java", "legacy/com/x/Account.java",
                           "src/test/java/com/x/AccountTest.java"});
    auto context = run("[ERROR] Tests run: 3, Failures: 1 <<< FAILURE! - in com.x.AccountTest\n"
                       "[ERROR] withdraw(com.x.AccountTest)  Time elapsed: 0.01 s  <<< FAILURE!\n",
                       files);
    ASSERT_GE(context.files.size(), 2u);
    EXPECT_EQ(context.files[0].path, "src/test/java/com/x/AccountTest.java");
    EXPECT_EQ(context.files[1].path, "src/main/java/com/x/Account.java"); // the twin of src/test, not legacy/
    EXPECT_TRUE(context.files[1].inferred);
    EXPECT_NE(context.files[1].reason.find("module under test of src/test/java/com/x/AccountTest.java"),
              std::string::npos);
}

TEST(FileInference, ModuleUnderTestByImports) {
    MemoryFileIndex files;
    files.add("tests/test_pricing_rules.py", "import os\nfrom shop.pricing import total\n");
    files.add("shop/pricing.py", "def total(items):\n    return 0\n");
    files.add("shop/__init__.py", "");
    auto context = run("======\nFAIL: test_sum (tests.test_pricing_rules.RulesTest)\n----\n"
                       "AssertionError: 3 != 4\n",
                       files);
    EXPECT_EQ(rank_of(context, "tests/test_pricing_rules.py"), 0u);
    ASSERT_EQ(rank_of(context, "shop/pricing.py"), 1u);
    EXPECT_NE(context.files[1].reason.find("imported by it"), std::string::npos);
}

TEST(FileInference, ThrowerOfAProjectExceptionTheTestsReport) {
    // The traces are trimmed to test frames; the project's own exception, reported by every failure, is
    // thrown by one file of its package.
    MemoryFileIndex files;
    files.add("core/src/main/java/org/x/mdb/LoadException.java",
              "class LoadException extends Exception {}\n");
    files.add("core/src/main/java/org/x/mdb/SheetReader.java", "throw new LoadException(\"bad sheet\");\n");
    files.add("core/src/main/java/org/x/mdb/Model.java", "class Model { LoadException last; }\n");
    files.add("core/src/test/java/org/x/AlarmTest.java", "class AlarmTest {}\n");
    std::string log = "Tests run: 3, Failures: 0, Errors: 3 <<< FAILURE! - in org.x.AlarmTest\n";
    for (const char* test : {"first", "second", "third"}) {
        log += std::string(test) +
               "(org.x.AlarmTest)  Time elapsed: 1 sec  <<< ERROR!\n"
               "org.x.mdb.LoadException: model.xls:0: Could not load: java.lang.NullPointerException\n"
               "\tat org.x.AlarmTest." +
               test + "(AlarmTest.java:12)\n\n";
    }
    auto context = run(log, files);
    EXPECT_EQ(rank_of(context, "core/src/test/java/org/x/AlarmTest.java"), 0u);
    ASSERT_EQ(rank_of(context, "core/src/main/java/org/x/mdb/SheetReader.java"), 1u);
    EXPECT_TRUE(context.files[1].inferred);
    EXPECT_NE(context.files[1].reason.find("throws org.x.mdb.LoadException"), std::string::npos);
    EXPECT_EQ(rank_of(context, "core/src/main/java/org/x/mdb/Model.java"), context.files.size());

    // Reported once, it is no pattern: nothing is inferred from it.
    auto once = run("Tests run: 1, Failures: 0, Errors: 1 <<< FAILURE! - in org.x.AlarmTest\n"
                    "first(org.x.AlarmTest)  Time elapsed: 1 sec  <<< ERROR!\n"
                    "org.x.mdb.LoadException: model.xls:0: Could not load\n"
                    "\tat org.x.AlarmTest.first(AlarmTest.java:12)\n",
                    files);
    EXPECT_EQ(rank_of(once, "core/src/main/java/org/x/mdb/SheetReader.java"), once.files.size());
}

TEST(FailureSignals, ThrownExceptionOfALine) {
    EXPECT_EQ(thrown_exception_of("org.x.mdb.LoadException: bad"), "org.x.mdb.LoadException");
    EXPECT_EQ(thrown_exception_of("Caused by: org.x.DataError"), "org.x.DataError");
    EXPECT_EQ(thrown_exception_of("\tat org.x.Foo.bar(Foo.java:3)"), "");
    EXPECT_EQ(thrown_exception_of("org.x.mdb.Loader: bad"), "");
}

TEST(FileInference, DependencyFilesForResolutionFailures) {
    MemoryFileIndex files({"pom.xml", "core/pom.xml", "core/src/main/java/x/A.java", "package.json"});
    auto maven =
        run("[ERROR] Failed to execute goal on project core: Could not resolve dependencies for project "
            "x:core:jar:1.0: Could not find artifact com.acme:lib:jar:9.9 in central\n",
            files);
    ASSERT_FALSE(maven.files.empty());
    EXPECT_EQ(maven.files[0].path, "core/pom.xml");
    EXPECT_TRUE(maven.files[0].inferred ||
                maven.files[0].reason.find("on project core") != std::string::npos);
    EXPECT_LT(rank_of(maven, "pom.xml"), rank_of(maven, "package.json"));

    MemoryFileIndex python({"requirements.txt", "requirements-dev.txt", "app/main.py", "package.json"});
    auto pip =
        run("Collecting lxml==9.9\n  Could not find a version that satisfies the requirement lxml==9.9\n"
            "No matching distribution found for lxml==9.9\n",
            python);
    ASSERT_FALSE(pip.files.empty());
    EXPECT_EQ(pip.files[0].path, "requirements.txt");
    EXPECT_NE(pip.files[0].reason.find("dependency"), std::string::npos);

    // An import of a package the repository does not provide is a dependency failure too.
    auto import = run("Traceback (most recent call last):\n  File \"app/main.py\", line 1, in <module>\n"
                      "    import yaml\nImportError: No module named yaml\n",
                      python);
    EXPECT_EQ(rank_of(import, "app/main.py"), 0u);
    EXPECT_EQ(rank_of(import, "requirements.txt"), 1u);
}

TEST(FileInference, ClassNotFoundLoggedByFailingTestsIsWeakDependencyEvidence) {
    MemoryFileIndex files({"pom.xml", "src/main/java/x/Loader.java", "src/test/java/x/LoaderTest.java",
                           "src/main/java/x/Cache.java", "src/test/java/x/CacheTest.java"});
    std::string log = "[ERROR] Tests run: 4, Failures: 1 <<< FAILURE! - in x.LoaderTest\n"
                      "[ERROR] load(x.LoaderTest)  Time elapsed: 0.01 s  <<< FAILURE!\n"
                      "java.lang.AssertionError: expected 2\n"
                      "\tat x.Cache.get(Cache.java:12)\n"
                      "\tat x.LoaderTest.load(LoaderTest.java:30)\n"
                      "WARN x.Loader - java.lang.ClassNotFoundException: not.a.Clazz\n";
    auto tests = run(log, files);
    // The tests log the class-load failure themselves: the build file comes after the named files.
    EXPECT_EQ(rank_of(tests, "src/test/java/x/LoaderTest.java"), 0u);
    EXPECT_LT(rank_of(tests, "src/main/java/x/Cache.java"), rank_of(tests, "pom.xml"));
    EXPECT_GE(rank_of(tests, "pom.xml"), 3u);
    EXPECT_LT(rank_of(tests, "pom.xml"), tests.files.size());

    // Without failing tests the same failure is a likely missing dependency: right after the first file.
    auto alone = run("Exception in thread \"main\" java.lang.ClassNotFoundException: org.acme.Lib\n"
                     "\tat x.Loader.load(Loader.java:12)\n",
                     files);
    EXPECT_EQ(rank_of(alone, "src/main/java/x/Loader.java"), 0u);
    EXPECT_EQ(rank_of(alone, "pom.xml"), 1u);
}

TEST(FileInference, FileListingAMissingModule) {
    MemoryFileIndex files;
    files.add("site/manage.py", "import sys\n");
    files.add("site/site/settings.py",
              "INSTALLED_APPS = [\n    'django.contrib.admin',\n    'catalog',\n]\n");
    files.add("site/site/urls.py", "urls = ['catalog']\n"); // names it, but neither imports nor lists it
    files.add("site/api/catalog/__init__.py", "");          // a sub-package, not the top-level module
    files.add("site/requirements.txt", "django\n");
    auto context =
        run("Traceback (most recent call last):\n  File \"manage.py\", line 10, in <module>\n"
            "    execute_from_command_line(sys.argv)\n"
            "  File \"/home/travis/virtualenv/lib/python2.7/site-packages/django/apps/config.py\", "
            "line 86, in create\n    module = import_module(entry)\n"
            "ImportError: No module named catalog\n",
            files);
    EXPECT_EQ(rank_of(context, "site/manage.py"), 0u);
    ASSERT_EQ(rank_of(context, "site/site/settings.py"), 1u);
    EXPECT_EQ(context.files[1].line, 3u);
    EXPECT_NE(context.files[1].reason.find("missing module `catalog`"), std::string::npos);
    EXPECT_EQ(rank_of(context, "site/site/urls.py"), context.files.size());
    EXPECT_LT(rank_of(context, "site/requirements.txt"), context.files.size()); // and a dependency failure

    // A module the repository provides at an import root is not missing from it: nothing is searched.
    files.add("site/catalog/__init__.py", "");
    auto provided = run("ImportError: No module named catalog\n", files);
    EXPECT_EQ(rank_of(provided, "site/site/settings.py"), provided.files.size());
}

TEST(FileReferences, PytestReceiverReprNamesTheObjectsModule) {
    MemoryFileIndex files({"shop/base.py", "shop/pricing.py", "shop/cart.py", "tests/test_shop.py"});
    std::string log;
    for (int k = 0; k < 30; ++k) {
        log += "tests/test_other.py ........ [ " + std::to_string(k) + "%]\n";
    }
    log += "=================================== FAILURES ===================================\n"
           "_____________________________ ShopTest.test_total _____________________________\n\n"
           "self = <tests.test_shop.ShopTest testMethod=test_total>\n\n"
           "    def test_total(self):\n>       rule.apply(3)\n\n"
           "tests/test_shop.py:12: \n"
           "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _\n"
           "shop/cart.py:31: in checkout\n    total = self.total()\n"
           "shop/cart.py:20: in total\n    return sum(self.prices())\n"
           "shop/cart.py:12: in prices\n    return [rule.apply(p) for p in self.items]\n"
           "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _\n\n"
           "self = <shop.pricing.DiscountRule object at 0x7fa1390556d8>, amount = 3\n\n"
           "    def apply(self, amount):\n"
           "        \"\"\"Apply the rule.\n\n        Subclasses say how: by percent, by amount,\n"
           "        or by a table of thresholds read from the settings of the shop,\n"
           "        each checked against the limits of the currency in use.\n        \"\"\"\n"
           "        # the base class has no rule of its own\n"
           ">       raise NotImplementedError()\n"
           "E       NotImplementedError\n\n"
           "shop/base.py:10: NotImplementedError\n";
    auto context = run(log, files);
    EXPECT_LT(rank_of(context, "shop/base.py"), 2u);
    EXPECT_LT(rank_of(context, "shop/pricing.py"),
              context.files.size()); // the subclass that lacks the method
}

TEST(FileInference, LintConfigurationForLintFailures) {
    MemoryFileIndex files({"app/views.py", "setup.cfg", "tox.ini", "docs/conf.py"});
    auto flake8 = run("$ flake8 app\napp/views.py:12:80: E501 line too long (88 > 79 characters)\n"
                      "The command \"flake8 app\" exited with 1.\n",
                      files);
    ASSERT_GE(flake8.files.size(), 2u);
    EXPECT_EQ(flake8.files[0].path, "app/views.py");
    EXPECT_EQ(flake8.files[0].line, 12u);
    EXPECT_LT(rank_of(flake8, "setup.cfg"), 3u);
    EXPECT_LT(rank_of(flake8, "tox.ini"), 3u);

    MemoryFileIndex java({"src/main/java/x/A.java", "config/checkstyle.xml", "config/suppressions.xml"});
    auto checkstyle =
        run("[checkstyle] [ERROR] /home/runner/work/r/r/src/main/java/x/A.java:3:5: Line is longer "
            "than 100 characters. [LineLength]\n",
            java);
    EXPECT_EQ(rank_of(checkstyle, "src/main/java/x/A.java"), 0u);
    EXPECT_LT(rank_of(checkstyle, "config/checkstyle.xml"), 3u);

    // Up to three configuration files (the checks, the suppressions, ...); at one depth the plainest name
    // first.
    MemoryFileIndex configs({"src/main/java/x/A.java", "config/checkstyle_extra_checks.xml",
                             "config/project_suppressions.xml", "config/checkstyle.xml",
                             "config/suppressions.xml"});
    auto three = run("[checkstyle] [ERROR] /home/runner/work/r/r/src/main/java/x/A.java:3:5: Line is longer "
                     "than 100 characters. [LineLength]\n",
                     configs);
    EXPECT_EQ(rank_of(three, "src/main/java/x/A.java"), 0u);
    EXPECT_LT(rank_of(three, "config/checkstyle.xml"), rank_of(three, "config/checkstyle_extra_checks.xml"));
    EXPECT_LT(rank_of(three, "config/suppressions.xml"), rank_of(three, "config/project_suppressions.xml"));
    EXPECT_LT(rank_of(three, "config/checkstyle.xml"), 4u);
    EXPECT_LT(rank_of(three, "config/suppressions.xml"), 4u);
    EXPECT_LT(rank_of(three, "config/project_suppressions.xml"), 4u);
}

TEST(FileReferences, AntBuildFileLocationWeighsLessThanTheViolation) {
    MemoryFileIndex files({"src/main/java/x/A.java", "config/verify.xml", "pom.xml"});
    auto context =
        run("[checkstyle] [ERROR] /home/travis/build/o/r/src/main/java/x/A.java:3:5: Line is longer than "
            "100 characters. [LineLength]\n"
            "[INFO] BUILD FAILURE\n"
            "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-antrun-plugin:1.8:run (verify) on "
            "project r: An Ant BuildException has occured: The following error occurred while executing this "
            "line:\n"
            "[ERROR] /home/travis/build/o/r/config/verify.xml:50: Checkstyle failed: Got 1 errors and 0 "
            "warnings.\n"
            "[ERROR] around Ant part ...<ant antfile=\"config/verify.xml\"/>... @ 7:47 in "
            "/home/travis/build/o/r/target/antrun/build-main.xml\n"
            "[ERROR] -> [Help 1]\n",
            files);
    EXPECT_EQ(rank_of(context, "src/main/java/x/A.java"), 0u);
    EXPECT_LT(rank_of(context, "config/verify.xml"), context.files.size()); // still listed, after the fault
}

std::string unittest_error(const std::string& test_file, const std::string& test, int line) {
    return "ERROR: " + test + " (" + test_file +
           ".Case)\n"
           "----------------------------------------------------------------------\n"
           "Traceback (most recent call last):\n"
           "  File \"/home/travis/build/o/r/test/" +
           test_file + ".py\", line " + std::to_string(line) + ", in " + test +
           "\n    f = lib.open_file(path)\n"
           "  File \"/home/travis/build/o/r/lib/core.py\", line 77, in open_file\n"
           "    return _load(path)\n"
           "RuntimeError: cannot open\n\n";
}

TEST(FileReferences, SourceFileSharedByTheFailuresOfSeveralTestFilesRanksFirst) {
    MemoryFileIndex files({"lib/core.py", "test/tst_read.py", "test/tst_write.py", "test/tst_slice.py"});
    std::string log = unittest_error("tst_read", "test_read", 10) +
                      unittest_error("tst_write", "test_write", 20) +
                      unittest_error("tst_slice", "test_slice", 30) + "Ran 9 tests\nFAILED (errors=3)\n";
    auto shared = run(log, files);
    EXPECT_EQ(rank_of(shared, "lib/core.py"), 0u);

    // The failures of one test file lead to the same source file: that test file keeps its place.
    std::string one = unittest_error("tst_read", "test_a", 10) + unittest_error("tst_read", "test_b", 20) +
                      unittest_error("tst_read", "test_c", 30) + "Ran 9 tests\nFAILED (errors=3)\n";
    auto single = run(one, files);
    EXPECT_LT(rank_of(single, "test/tst_read.py"), rank_of(single, "lib/core.py"));
}

TEST(FileReferences, TopFileKeepsManyOfItsLinesInTheExcerpt) {
    MemoryFileIndex files({"server/tests/test_search.py", "server/app/api.py"});
    std::string log;
    for (int k = 0; k < 10; ++k) {
        log += "ERROR: test_flag_" + std::to_string(k) +
               " (tests.test_search.SearchTest)\n"
               "Traceback (most recent call last):\n"
               "  File \"/home/travis/build/o/r/server/tests/test_search.py\", line " +
               std::to_string(100 + k) + ", in test_flag_" + std::to_string(k) +
               "\n    self.check()\nAssertionError: 1 != 2\n";
        for (int n = 0; n < 40; ++n) {
            log += "noise line " + std::to_string(k * 100 + n) + " of the test run output, long enough\n";
        }
    }
    std::istringstream in(log);
    FailureContextOptions options;
    options.budget_tokens = 1500;
    auto context = prepare_failure_context(in, options, &files);
    ASSERT_EQ(rank_of(context, "server/tests/test_search.py"), 0u);
    int shown = 0;
    for (int k = 0; k < 10; ++k) {
        shown +=
            context.excerpt.find("line " + std::to_string(100 + k) + ", in test_flag_") != std::string::npos;
    }
    EXPECT_GE(shown, 9); // lines naming the top file are kept, not only the first and last few
}

TEST(FileInference, DeclarationOfAMissingSymbol) {
    MemoryFileIndex java({"src/main/java/x/Shop.java", "src/main/java/x/model/Widget.java"});
    auto javac = run("[ERROR] /w/src/main/java/x/Shop.java:[12,9] cannot find symbol\n"
                     "[ERROR]   symbol:   class Widget\n[ERROR]   location: class x.Shop\n",
                     java);
    EXPECT_EQ(rank_of(javac, "src/main/java/x/Shop.java"), 0u);
    ASSERT_EQ(rank_of(javac, "src/main/java/x/model/Widget.java"), 1u);
    EXPECT_NE(javac.files[1].reason.find("declares `Widget`"), std::string::npos);

    MemoryFileIndex python;
    python.add("app/cart.py", "from app import billing\n\ndef checkout():\n    return compute_total()\n");
    python.add("app/billing.py", "import os\n\n\ndef compute_total(items=()):\n    return 0\n");
    python.add("app/other.py", "x = 1\n");
    auto name_error = run("Traceback (most recent call last):\n  File \"app/cart.py\", line 4, in checkout\n"
                          "NameError: name 'compute_total' is not defined\n",
                          python);
    ASSERT_EQ(rank_of(name_error, "app/billing.py"), 1u);
    EXPECT_EQ(name_error.files[1].line, 4u); // where it is defined
}

TEST(FileInference, OtherDeclarationOfADuplicateClassNextToTheFileFirst) {
    MemoryFileIndex java;
    java.add("src/a/aaa/Far.java", "package a.aaa;\nclass Anonymous {}\n"); // first in the tree
    java.add("src/a/checks/InputA.java", "package a.checks;\nclass InputA {}\nclass Anonymous {}\n");
    java.add("src/a/checks/InputB.java", "package a.checks;\nclass InputB {}\n\nclass Anonymous {}\n");
    auto javac = run("[ERROR] COMPILATION ERROR :\n"
                     "[ERROR] /home/travis/build/o/r/src/a/checks/InputA.java:[3,1] duplicate class: "
                     "a.checks.Anonymous\n[INFO] 1 error\n",
                     java);
    EXPECT_EQ(rank_of(javac, "src/a/checks/InputA.java"), 0u);
    ASSERT_EQ(rank_of(javac, "src/a/checks/InputB.java"), 1u);
    EXPECT_EQ(javac.files[1].line, 4u);
    EXPECT_NE(javac.files[1].reason.find("declares `Anonymous`"), std::string::npos);
    EXPECT_EQ(missing_symbol_of("a.o: multiple definition of `parse_args'"), "parse_args");
}

TEST(FailureSignals, MissingSymbolsOfEachToolchain) {
    EXPECT_EQ(missing_symbol_of("NameError: name 'compute_total' is not defined"), "compute_total");
    EXPECT_EQ(missing_symbol_of("NameError: global name 'FinalSubmission' is not defined"),
              "FinalSubmission");
    EXPECT_EQ(missing_symbol_of("ImportError: cannot import name 'Widget' from 'shop'"), "Widget");
    EXPECT_EQ(missing_symbol_of("main.cpp:(.text+0x1f): undefined reference to `geo::area(int)'"), "area");
    EXPECT_EQ(missing_symbol_of("error[E0425]: cannot find value `total` in this scope"), "total");
    EXPECT_EQ(missing_symbol_of("./cart.go:12:9: undefined: applyDiscount"), "applyDiscount");
    EXPECT_EQ(missing_symbol_of("src/a.ts(3,1): error TS2304: Cannot find name 'Widget'."), "Widget");
    EXPECT_EQ(missing_symbol_of("a.cpp:3:5: error: use of undeclared identifier 'helper'"), "helper");
    EXPECT_EQ(missing_symbol_of("[ERROR]   symbol:   method area(int)"), "area");
    EXPECT_EQ(missing_symbol_of("all good"), "");
}

} // namespace
} // namespace autofix::logs
