#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace autofix::core {

/// A run of the CI workflow on the fix branch's tip commit, as the forge lists it.
struct TipCiRun {
    std::uint64_t id = 0;
    std::string status;     // queued, in_progress, completed, ...
    std::string conclusion; // success, failure, cancelled, ...; "" while it runs
    std::string html_url;
};

/// Which failure a `/autofix retry` answers when no failure-log is given.
struct RetryFailure {
    enum class Source {
        failure_log, // the failure-log input
        ci_run,      // the failed CI run on the tip: its failed jobs' logs
        recorded,    // the newest failure recorded on the branch (no failed run on the tip)
        ci_running,  // CI on the tip has not finished: nothing is attempted
    };
    Source source = Source::recorded;
    std::uint64_t run_id = 0; // ci_run, ci_running: the run
    std::string run_url;
    std::string reason; // one phrase for the summary and the reply: why this failure
};

/// Decides which failure a retry answers from `runs`, the CI workflow's runs on the fix branch for its tip
/// `sha` (any order): a run still queued or in progress holds the retry (ci_running, the newest such run);
/// else the newest completed run that failed (conclusion failure or timed_out) gives its logs (ci_run); else
/// (no run, a pass, a cancelled run) the recorded failure, with the reason. `workflow` is the ci-workflow
/// input: empty means the runs could not be looked up.
RetryFailure choose_retry_failure(const std::vector<TipCiRun>& runs, const std::string& workflow,
                                  const std::string& sha);

/// The name of `source` in the result JSON: failure_log, ci_run, recorded, ci_running.
const char* to_string(RetryFailure::Source source);

} // namespace autofix::core
