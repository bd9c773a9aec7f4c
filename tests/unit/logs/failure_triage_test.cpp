// Checks the failure classification over the fixture logs of tests/fixtures/triage (each file's name starts
// with the class it must get), the look-alikes that must stay `code`, and the facts the jobs API adds.
#include "logs/failure_triage.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>

namespace autofix::logs {
namespace {

namespace fs = std::filesystem;

const fs::path k_fixtures = fs::path(AUTOFIX_SOURCE_DIR) / "tests/fixtures/triage";

std::string read(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

Classification classify_fixture(const std::string& name, const RunFacts& facts = {}) {
    const fs::path path = k_fixtures / name;
    EXPECT_TRUE(fs::exists(path)) << path;
    return classify_log(read(path), facts);
}

TEST(FailureTriage, EveryFixtureGetsTheClassItsNameStartsWith) {
    std::map<std::string, int> per_class;
    int fixtures = 0;
    for (const auto& entry : fs::directory_iterator(k_fixtures)) {
        const std::string name = entry.path().filename().string();
        const std::string expected = name.substr(0, name.find('-'));
        const Classification got = classify_log(read(entry.path()), {});
        EXPECT_EQ(to_string(got.kind), expected) << name << ": " << got.reason << " [" << got.evidence << "]";
        EXPECT_FALSE(got.reason.empty()) << name;
        ++per_class[expected];
        ++fixtures;
    }
    EXPECT_GE(fixtures, 20);
    for (const char* kind : {"code", "infrastructure", "flaky", "configuration"}) {
        EXPECT_GE(per_class[kind], 3) << "too few fixtures of class " << kind;
    }
}

TEST(FailureTriage, ANetworkMessageInATestAssertionStaysCode) {
    for (const char* name : {"code-pytest-network-assertion.log", "code-jest-network-message.log",
                             "code-maven-test-failure.log"}) {
        const Classification got = classify_fixture(name);
        EXPECT_EQ(got.kind, FailureClass::code) << name << ": " << got.reason << " [" << got.evidence << "]";
    }
}

TEST(FailureTriage, ATestNamedTimeoutStaysCode) {
    const Classification got = classify_fixture("code-pytest-test-timeout.log");
    EXPECT_EQ(got.kind, FailureClass::code) << got.reason;
    EXPECT_NE(got.evidence.find("test_timeout"), std::string::npos) << got.evidence;
}

TEST(FailureTriage, ARegistryRetryThatRecoveredBeforeFailingTestsStaysCode) {
    EXPECT_EQ(classify_fixture("code-pip-retry-recovered.log").kind, FailureClass::code);
}

TEST(FailureTriage, OnlyAnInfrastructureSignatureBesideFailedTestsIsLeftOpen) {
    const Classification recovered = classify_fixture("code-pip-retry-recovered.log");
    EXPECT_EQ(recovered.kind, FailureClass::code);
    EXPECT_NE(recovered.open_question.find("pip could not reach the package index"), std::string::npos)
        << recovered.open_question;
    for (const auto& entry : fs::directory_iterator(k_fixtures)) {
        const std::string name = entry.path().filename().string();
        const Classification got = classify_log(read(entry.path()), {});
        if (got.kind != FailureClass::code) {
            EXPECT_TRUE(got.open_question.empty()) << name << " was decided by a signature";
        }
    }
    EXPECT_TRUE(classify_fixture("code-unittest-assertion.log").open_question.empty());
    EXPECT_TRUE(classify_fixture("code-pytest-test-timeout.log").open_question.empty());
}

TEST(FailureTriage, TheReasonAndEvidenceNameTheSignature) {
    const Classification disk = classify_fixture("infrastructure-disk-full.log");
    EXPECT_EQ(disk.reason, "infrastructure: the disk is full");
    EXPECT_NE(disk.evidence.find("No space left on device"), std::string::npos);
    const Classification timeout = classify_fixture("infrastructure-job-timeout.log");
    EXPECT_NE(timeout.reason.find("maximum execution time"), std::string::npos) << timeout.reason;
    const Classification secret = classify_fixture("configuration-input-not-supplied.log");
    EXPECT_NE(secret.evidence.find("Input required and not supplied: token"), std::string::npos);
}

TEST(FailureTriage, ACancelledOrTimedOutJobIsInfrastructure) {
    const std::string log = "FAILED (failures=1)\nAssertionError: 1 != 2\n";
    RunFacts cancelled;
    cancelled.jobs.push_back({"test", "cancelled", "GitHub Actions 3", {}});
    EXPECT_EQ(classify_log(log, cancelled).kind, FailureClass::infrastructure);
    RunFacts timed_out;
    timed_out.jobs.push_back({"test", "timed_out", "GitHub Actions 3", {}});
    const Classification got = classify_log(log, timed_out);
    EXPECT_EQ(got.kind, FailureClass::infrastructure);
    EXPECT_EQ(got.evidence, "job test concluded timed_out");
}

TEST(FailureTriage, AJobThatFailedSettingUpIsInfrastructure) {
    RunFacts facts;
    facts.jobs.push_back({"lint", "success", "GitHub Actions 1", {{"Run flake8", "success"}}});
    facts.jobs.push_back(
        {"test", "failure", "", {{"Set up job", "success"}, {"Initialize containers", "failure"}}});
    const Classification got = classify_log("", facts);
    EXPECT_EQ(got.kind, FailureClass::infrastructure);
    EXPECT_NE(got.evidence.find("Initialize containers"), std::string::npos);
    EXPECT_NE(got.evidence.find("no runner"), std::string::npos);
}

TEST(FailureTriage, AMatrixFailFastCancellationIsNotInfrastructure) {
    RunFacts facts;
    facts.jobs.push_back({"test (3.11)",
                          "failure",
                          "GitHub Actions 4",
                          {{"Set up job", "success"}, {"Run tests", "failure"}}});
    facts.jobs.push_back({"test (3.12)", "cancelled", "GitHub Actions 5", {{"Set up job", "success"}}});
    EXPECT_EQ(classify_log("FAILED (failures=1)\n", facts).kind, FailureClass::code);
}

TEST(FailureTriage, AFailedTestStepIsNotInfrastructure) {
    RunFacts facts;
    facts.jobs.push_back(
        {"test", "failure", "GitHub Actions 2", {{"Set up job", "success"}, {"Run tests", "failure"}}});
    EXPECT_EQ(classify_log("FAILED (failures=1)\n", facts).kind, FailureClass::code);
}

TEST(FailureTriage, ACommitThatPassedBeforeIsFlakyUnlessTheLogSaysInfrastructure) {
    RunFacts facts;
    facts.passed_before = true;
    EXPECT_EQ(classify_log("FAILED (failures=1)\n", facts).kind, FailureClass::flaky);
    EXPECT_EQ(classify_fixture("infrastructure-runner-shutdown.log", facts).kind,
              FailureClass::infrastructure);
}

TEST(FailureTriage, ATestPassingInOneJobAndFailingInAnotherIsNotFlaky) {
    const std::string log = "===== job: test (3.11) (id 1, failure) =====\n"
                            "test_sync (tests.SyncTest.test_sync) ... ok\n"
                            "test_other (tests.SyncTest.test_other) ... FAIL\n"
                            "===== job: test (3.12) (id 2, failure) =====\n"
                            "test_sync (tests.SyncTest.test_sync) ... FAIL\n"
                            "FAILED (failures=1)\n";
    EXPECT_EQ(classify_log(log, {}).kind, FailureClass::code);
}

TEST(FailureTriage, AnEmptyLogIsCode) {
    const Classification got = classify_log("", {});
    EXPECT_EQ(got.kind, FailureClass::code);
    EXPECT_TRUE(got.evidence.empty());
}

std::string signature_of(std::string_view log) {
    TriageSignals signals;
    std::size_t start = 0;
    while (start < log.size()) {
        const std::size_t end = std::min(log.find('\n', start), log.size());
        signals.observe(log.substr(start, end - start));
        start = end + 1;
    }
    return signals.signature();
}

TEST(FailureTriage, MatrixJobsFailingTheSameWayShareASignature) {
    const std::string py311 = "test_total (tests.CartTest.test_total) ... FAIL\n"
                              "FAIL: test_total (tests.CartTest.test_total)\n"
                              "AssertionError: 100 != 90\nRan 2 tests in 0.004s\nFAILED (failures=1)\n";
    const std::string py312 = "test_total (tests.CartTest.test_total) ... FAIL\n"
                              "FAIL: test_total (tests.CartTest.test_total)\n"
                              "AssertionError: 100 != 90\nRan 2 tests in 0.131s\nFAILED (failures=1)\n";
    const std::string other = "FAIL: test_stock (tests.StockTest.test_stock)\nAssertionError: 3 != 4\n"
                              "FAILED (failures=1)\n";
    EXPECT_EQ(signature_of(py311).size(), 12u);
    EXPECT_EQ(signature_of(py311), signature_of(py312));
    EXPECT_NE(signature_of(py311), signature_of(other));
    EXPECT_EQ(signature_of("all good\n"), "");
}

} // namespace
} // namespace autofix::logs
