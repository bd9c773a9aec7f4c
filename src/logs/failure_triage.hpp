#pragma once

#include "core/failure_response.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::logs {

/// The classes of failure (core::FailureClass: code, infrastructure, flaky, configuration).
using core::FailureClass;

/// One step of a failed job, from the jobs API.
struct StepFacts {
    std::string name;
    std::string conclusion; // success, failure, cancelled, skipped, "" while running
};

/// One job of the failed run, from the jobs API (`GET /repos/{o}/{r}/actions/runs/{id}/jobs`).
struct JobFacts {
    std::string name;
    std::string conclusion;  // success, failure, cancelled, timed_out, skipped, "" while running
    std::string runner_name; // "" when no runner ever took the job
    std::vector<StepFacts> steps;
};

/// What the API says about the run besides its log; every field may be empty when the API was not asked.
struct RunFacts {
    std::vector<JobFacts> jobs;
    bool passed_before = false; // an earlier run of the same workflow on the same commit succeeded
};

/// The decision and its reason: `evidence` is the log line or API fact that decided it.
struct Classification {
    FailureClass kind = FailureClass::code;
    std::string reason;   // one sentence for humans
    std::string evidence; // the deciding line or fact, "" when nothing but the default decided
    std::string open_question =
        {}; // a `code` decision the signatures leave open: the infrastructure signature
            // that was seen beside failed tests ("" when nothing is ambiguous)
};

/// Watches the normalised lines of a failure log for the signatures of each class: runner, network,
/// registry, disk and memory failures, configuration errors, the test frameworks' own rerun and flaky
/// markers, tests reported both passing and failing, and evidence of a code failure (failed tests,
/// compiler errors). Lines that are a test's own output (pytest's `E   ` lines, assertions, stack frames)
/// never count as infrastructure or configuration. Memory is bounded.
class TriageSignals {
public:
    /// Looks at one normalised line.
    void observe(std::string_view line);

    /// observe with the line's needle_groups (line_needles.hpp) already known.
    void observe(std::string_view line, unsigned needle_groups);

    /// Classifies what was observed together with the API's facts about the run.
    Classification classify(const RunFacts& facts) const;

    /// True when a test failure or a compiler error was reported.
    bool code_failed() const { return !m_code_line.empty(); }

    /// A short fingerprint (12 hex digits) of the failure: its failed tests and error lines with numbers
    /// blanked, so that matrix jobs failing the same way share it; "" when the log reported nothing.
    std::string signature() const;

private:
    struct Hit {
        std::string what; // what the signature means
        std::string line; // where it was seen
    };
    void note_test_outcome(std::string_view test, bool passed);

    Hit m_configuration;
    Hit m_infrastructure;      // decides even when tests failed
    Hit m_weak_infrastructure; // decides only when no test failed and nothing compiled wrong
    Hit m_flaky;
    std::string m_code_line;
    std::vector<std::uint64_t> m_test_outcomes; // by hashed test name: bit 1 passed, 2 failed (see .cpp)
    std::size_t m_tracked_tests = 0;            // names in m_test_outcomes
    std::string m_both_ways;                    // a test seen passing and failing
    std::set<std::string> m_failure_lines;      // for the signature, numbers blanked
};

/// Classifies a whole raw log (normalised line by line) with `facts`; for tests and small logs.
Classification classify_log(std::string_view raw_log, const RunFacts& facts);

} // namespace autofix::logs
