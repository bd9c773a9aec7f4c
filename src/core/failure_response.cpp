#include "core/failure_response.hpp"

namespace autofix::core {

const char* to_string(FailureClass kind) {
    switch (kind) {
    case FailureClass::code:
        return "code";
    case FailureClass::infrastructure:
        return "infrastructure";
    case FailureClass::flaky:
        return "flaky";
    case FailureClass::configuration:
        return "configuration";
    }
    return "code";
}

FailureResponse respond_to_failure(FailureClass kind, const TryFacts& tries) {
    FailureResponse response;
    response.path = tries.path;
    const std::string name = to_string(kind);
    switch (kind) {
    case FailureClass::configuration:
        response.step = FailureResponse::Step::stop_configuration;
        response.reason = "a configuration failure: no code change can fix it, a human must change the setup";
        return response;
    case FailureClass::code:
        response.reason = "a code failure";
        return response;
    case FailureClass::infrastructure:
    case FailureClass::flaky:
        break;
    }
    if (tries.run_attempt > 1) {
        response.reason = "a " + name + " failure on run attempt " + std::to_string(tries.run_attempt) +
                          ": it failed twice, so it is fixed as a code failure";
        return response;
    }
    if (tries.earlier_failures > 0) {
        response.reason = "a " + name +
                          " failure, and an earlier run of the same commit failed too: it failed " +
                          "twice, so it is fixed as a code failure";
        return response;
    }
    if (!tries.history_known && tries.path == RerunPath::dispatch_workflow) {
        response.reason = "a " + name +
                          " failure, but the earlier runs of the commit could not be read, so a " +
                          "second try could not be told from the first: it is fixed as a code failure";
        return response;
    }
    response.step = FailureResponse::Step::rerun;
    response.reason =
        "a " + name + " failure on its first try: " +
        (tries.path == RerunPath::rerun_failed_jobs ? "its failed jobs are re-run once"
                                                    : "the workflow is started once more on the branch") +
        " and nothing is fixed";
    return response;
}

} // namespace autofix::core
