// Checks what a run does about each class of failure, first try and second, and the stale and duplicate
// checks that keep a commit from being fixed twice.
#include "core/failure_response.hpp"
#include "core/stale_commit.hpp"

#include <gtest/gtest.h>

namespace autofix::core {
namespace {

using Step = FailureResponse::Step;

TryFacts first_try(RerunPath path) {
    TryFacts tries;
    tries.path = path;
    tries.history_known = true;
    return tries;
}

TEST(FailureResponse, CodeIsFixedAndConfigurationStops) {
    EXPECT_EQ(respond_to_failure(FailureClass::code, first_try(RerunPath::dispatch_workflow)).step,
              Step::fix);
    EXPECT_EQ(respond_to_failure(FailureClass::configuration, first_try(RerunPath::rerun_failed_jobs)).step,
              Step::stop_configuration);
}

TEST(FailureResponse, InfrastructureAndFlakyAreRunOnceMoreOnTheirFirstTry) {
    for (FailureClass kind : {FailureClass::infrastructure, FailureClass::flaky}) {
        const FailureResponse finished = respond_to_failure(kind, first_try(RerunPath::rerun_failed_jobs));
        EXPECT_EQ(finished.step, Step::rerun);
        EXPECT_EQ(finished.path, RerunPath::rerun_failed_jobs);
        const FailureResponse running = respond_to_failure(kind, first_try(RerunPath::dispatch_workflow));
        EXPECT_EQ(running.step, Step::rerun);
        EXPECT_EQ(running.path, RerunPath::dispatch_workflow);
    }
}

TEST(FailureResponse, ASecondRunAttemptIsFixedAsCode) {
    TryFacts tries = first_try(RerunPath::rerun_failed_jobs);
    tries.run_attempt = 2;
    const FailureResponse response = respond_to_failure(FailureClass::flaky, tries);
    EXPECT_EQ(response.step, Step::fix);
    EXPECT_NE(response.reason.find("run attempt 2"), std::string::npos) << response.reason;
}

TEST(FailureResponse, AnEarlierFailedRunOfTheCommitMakesThisTheSecondTry) {
    TryFacts tries = first_try(RerunPath::dispatch_workflow);
    tries.earlier_failures = 1;
    EXPECT_EQ(respond_to_failure(FailureClass::infrastructure, tries).step, Step::fix);
}

TEST(FailureResponse, UnknownHistoryNeverRisksADispatchLoop) {
    TryFacts tries = first_try(RerunPath::dispatch_workflow);
    tries.history_known = false;
    EXPECT_EQ(respond_to_failure(FailureClass::infrastructure, tries).step, Step::fix);
    tries.path = RerunPath::rerun_failed_jobs; // the run attempt tells a re-run of jobs apart by itself
    EXPECT_EQ(respond_to_failure(FailureClass::infrastructure, tries).step, Step::rerun);
}

TEST(FailureResponse, ClassNamesAreStable) {
    EXPECT_STREQ(to_string(FailureClass::code), "code");
    EXPECT_STREQ(to_string(FailureClass::infrastructure), "infrastructure");
    EXPECT_STREQ(to_string(FailureClass::flaky), "flaky");
    EXPECT_STREQ(to_string(FailureClass::configuration), "configuration");
}

TEST(StaleCommit, ABranchThatMovedOnMakesTheFailureStale) {
    const Staleness stale = check_staleness("main", std::string(40, 'a'), std::string(40, 'b'));
    EXPECT_TRUE(stale.stale);
    EXPECT_NE(stale.reason.find("main has moved on"), std::string::npos) << stale.reason;
    EXPECT_FALSE(check_staleness("main", std::string(40, 'a'), std::string(40, 'a')).stale);
}

TEST(StaleCommit, UnknownCommitsAreNotStale) {
    EXPECT_FALSE(check_staleness("main", "", std::string(40, 'b')).stale);
    EXPECT_FALSE(check_staleness("main", std::string(40, 'a'), "").stale);
}

TEST(StaleCommit, AFixBranchFromAnotherJobOnTheSameCommitIsADuplicate) {
    const std::string commit(40, 'c');
    const Duplicate same = check_duplicate_fix("autonomous-fix-7", commit, commit, "sig1", "sig1");
    EXPECT_TRUE(same.duplicate);
    EXPECT_TRUE(same.same_failure);
    EXPECT_NE(same.reason.find("same failure (sig1)"), std::string::npos) << same.reason;
    const Duplicate other = check_duplicate_fix("autonomous-fix-7", commit, commit, "sig1", "sig2");
    EXPECT_TRUE(other.duplicate);
    EXPECT_FALSE(other.same_failure);
    EXPECT_FALSE(
        check_duplicate_fix("autonomous-fix-7", commit, std::string(40, 'd'), "sig1", "sig1").duplicate);
}

} // namespace
} // namespace autofix::core
