#pragma once

#include <string>

namespace autofix::core {

/// What kind of failure a red build is (see logs::TriageSignals for how a log is classified).
enum class FailureClass {
    code,           // the code or its tests are wrong: fix it
    infrastructure, // the network, a registry, the disk, memory, the runner, a timeout or a cancellation
    flaky,          // the same commit passed before, or the test framework itself marked a flaky test
    configuration,  // a missing secret, a token without a permission, a broken workflow file
};

/// Returns the stable name of `kind` (`code`, `infrastructure`, `flaky`, `configuration`), as written to the
/// `failure-class` output and the result JSON.
const char* to_string(FailureClass kind);

/// The `triage` input: classify failures before fixing (`auto`) or fix every failure (`off`).
enum class TriageMode { automatic, off };

/// How the failed CI can be run once more.
enum class RerunPath {
    rerun_failed_jobs, // the failed run has finished (workflow_run setup): re-run its failed jobs
    dispatch_workflow, // the action is a job of the failed run, still in progress: start the workflow again
};

/// What is known about earlier tries of the failing commit.
struct TryFacts {
    int run_attempt = 1;        // the failed run's attempt (2 after a re-run of its failed jobs)
    int earlier_failures = 0;   // earlier runs of the same workflow on the same commit that did not pass
    bool history_known = false; // the runs of the commit could be listed
    RerunPath path = RerunPath::dispatch_workflow;
};

/// What the run does about a classified failure.
struct FailureResponse {
    enum class Step {
        fix,                // run the fix session (a code failure, or one that failed twice)
        rerun,              // run the failed CI once more and stop
        stop_configuration, // no fix session: a human must change the configuration
    };
    Step step = Step::fix;
    RerunPath path = RerunPath::dispatch_workflow; // how to rerun when step == rerun
    std::string reason;                            // one sentence for humans
};

/// Decides what to do about a failure of `kind`: configuration stops; code is fixed; infrastructure and
/// flaky failures are run once more on their first try, and fixed as code on a later one (a run attempt
/// above 1, or an earlier failed run of the same commit). When the commit's earlier runs could not be
/// listed and only a dispatch can rerun, nothing proves this is the first try, so the failure is fixed
/// rather than risking a loop of dispatches.
FailureResponse respond_to_failure(FailureClass kind, const TryFacts& tries);

} // namespace autofix::core
