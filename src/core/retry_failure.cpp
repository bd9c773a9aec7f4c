#include "core/retry_failure.hpp"

#include <algorithm>

namespace autofix::core {

RetryFailure choose_retry_failure(const std::vector<TipCiRun>& runs, const std::string& workflow,
                                  const std::string& sha) {
    RetryFailure chosen;
    const std::string commit = sha.substr(0, 12);
    if (workflow.empty()) {
        chosen.reason = "the ci-workflow input is not set, so the CI runs on " + commit +
                        " could not be looked up: the failure recorded on the branch";
        return chosen;
    }
    std::vector<TipCiRun> newest_first = runs;
    std::sort(newest_first.begin(), newest_first.end(),
              [](const TipCiRun& left, const TipCiRun& right) { return left.id > right.id; });
    for (const TipCiRun& run : newest_first) {
        if (run.status != "completed") {
            chosen.source = RetryFailure::Source::ci_running;
            chosen.run_id = run.id;
            chosen.run_url = run.html_url;
            chosen.reason = "CI (" + workflow + ") on " + commit + " has not finished (" +
                            (run.status.empty() ? std::string("running") : run.status) + ")";
            return chosen;
        }
    }
    for (const TipCiRun& run : newest_first) {
        if (run.conclusion == "failure" || run.conclusion == "timed_out") {
            chosen.source = RetryFailure::Source::ci_run;
            chosen.run_id = run.id;
            chosen.run_url = run.html_url;
            chosen.reason = "the failed jobs of CI run " + std::to_string(run.id) + " (" + workflow +
                            ") on the branch's tip " + commit;
            return chosen;
        }
    }
    if (newest_first.empty()) {
        chosen.reason = "no CI run (" + workflow + ") on the branch's tip " + commit +
                        ": the failure recorded on the branch";
    } else {
        const TipCiRun& newest = newest_first.front();
        chosen.reason =
            "CI run " + std::to_string(newest.id) + " on the branch's tip " + commit + " ended " +
            (newest.conclusion.empty() ? std::string("without a conclusion") : newest.conclusion) +
            ", not failed: the failure recorded on the branch";
    }
    return chosen;
}

const char* to_string(RetryFailure::Source source) {
    switch (source) {
    case RetryFailure::Source::failure_log:
        return "failure_log";
    case RetryFailure::Source::ci_run:
        return "ci_run";
    case RetryFailure::Source::recorded:
        return "recorded";
    case RetryFailure::Source::ci_running:
        return "ci_running";
    }
    return "recorded";
}

} // namespace autofix::core
