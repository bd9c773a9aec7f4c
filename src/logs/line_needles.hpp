#pragma once
// The needles of the line classifier and of the failure triage in one gram filter, so that the log pipeline
// passes over each line's bytes once to learn which of their checks may hold.

#include "logs/gram_filter.hpp"

#include <string_view>

namespace autofix::logs {

/// The groups of line_needles(): whose checks a needle stands for.
enum NeedleGroup : unsigned {
    classifier_needles = 0, // every rule of classify_line that can make a line more than the shape says
    job_needles = 1,        // the triage's job separator ("===== job: ")
    flaky_needles = 2,      // the test frameworks' rerun and flaky markers
    outcome_needles = 3,    // a test's outcome (PASSED, FAILED, ERROR, "... ok")
    code_needles = 4,       // failed tests and compiler errors
    signature_needles = 5,  // the first part of every triage signature
};

/// The filter of every group's needles, built once.
const GramFilter& line_needles();

/// The groups whose needles `line` may hold (bit g for group g); one pass over its bytes.
inline unsigned needle_groups(std::string_view line) {
    return line_needles().groups(line);
}

/// True when `groups` (from needle_groups) has `group`'s bit.
inline bool has_needles(unsigned groups, NeedleGroup group) {
    return (groups >> group & 1U) != 0;
}

/// Adds the classifier's needles (line_classifier.cpp) to `filter` as group classifier_needles.
void add_classifier_needles(GramFilter& filter);

/// Adds the triage's needles (failure_triage.cpp) to `filter`, each in its group.
void add_triage_needles(GramFilter& filter);

} // namespace autofix::logs
