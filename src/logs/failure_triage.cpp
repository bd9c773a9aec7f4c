#include "logs/failure_triage.hpp"

#include "logs/line_needles.hpp"
#include "logs/normalizer.hpp"
#include "logs/text_view.hpp"
#include "logs/triage_signatures.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <optional>

namespace autofix::logs {
namespace {

constexpr std::size_t max_tracked_tests = 4096;
constexpr std::size_t max_evidence_chars = 300;
constexpr std::size_t max_signature_lines = 64;

bool contains(std::string_view line, std::string_view part) {
    return text::contains(line, part);
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

// True for lines a test prints about itself: an expected message in an assertion is not the network
// failing. pytest's "E   " lines, assertion messages, stack frames, unittest's tracebacks.
bool is_test_output(std::string_view line) {
    if (line.starts_with("E ") || line.starts_with(">  ")) { // pytest: the error, the failing source line
        return true;
    }
    if (contains(line, "assert ")) {
        return true;
    }
    const std::string_view trimmed = trim(line);
    if (trimmed.starts_with("at ") || trimmed.starts_with("File \"") || trimmed.starts_with("Expected") ||
        trimmed.starts_with("Received") || trimmed.starts_with("expect(") || trimmed.starts_with("assert")) {
        return true;
    }
    for (std::string_view part :
         {"AssertionError", "assertEqual", "assertIn", "assertRaises", "AssertionFailedError", "toThrow",
          "toContain", "toBe(", "toEqual(", "assertThat"}) {
        if (contains(line, part)) {
            return true;
        }
    }
    return false;
}

bool matches(const Signature& signature, std::string_view line) {
    for (std::string_view part : signature.all) {
        if (!contains(line, part)) {
            return false;
        }
    }
    if (signature.any.empty()) {
        return true;
    }
    return std::any_of(signature.any.begin(), signature.any.end(),
                       [&](std::string_view part) { return contains(line, part); });
}

// The framework's own rerun and flaky markers.
const char* flaky_marker(std::string_view line) {
    const std::string_view trimmed = trim(line);
    // pytest-rerunfailures: "tests/test_x.py::test_y RERUN" and "=== 1 failed, 9 passed, 2 rerun in 1.2s
    // ===".
    if (trimmed.ends_with(" RERUN") || contains(trimmed, " RERUN [")) {
        return "pytest-rerunfailures re-ran a failing test";
    }
    if (trimmed.starts_with("=") && contains(trimmed, " rerun") && contains(trimmed, " in ")) {
        return "pytest-rerunfailures re-ran a failing test";
    }
    // the flaky plugin's report.
    if (contains(trimmed, "===Flaky Test Report===")) {
        return "the flaky plugin re-ran a test";
    }
    // Maven Surefire with rerunFailingTestsCount: "Tests run: 9, Failures: 0, Errors: 0, Skipped: 0, Flakes:
    // 1".
    if (contains(trimmed, "Flakes: ") && !contains(trimmed, "Flakes: 0")) {
        return "Surefire reported a flaky test (Flakes)";
    }
    if (contains(trimmed, "There are ") && contains(trimmed, " flakes and failOnFlakeCount")) {
        return "Surefire reported a flaky test (Flakes)";
    }
    // jest.retryTimes with logErrorsBeforeRetry: "RETRY 1" above the errors of a retried test.
    if (trimmed.starts_with("RETRY ") && trimmed.size() > 6 &&
        std::all_of(trimmed.begin() + 6, trimmed.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        return "jest retried a failing test (jest.retryTimes)";
    }
    return nullptr;
}

// A test's outcome in verbose pytest ("path::name PASSED") or unittest ("test_x (mod.Class) ... ok").
struct TestOutcome {
    std::string_view test;
    bool passed = false;
    bool known = false;
};

TestOutcome test_outcome(std::string_view line) {
    const std::string_view trimmed = trim(line);
    if (contains(trimmed, "::")) {
        for (auto [word, passed] :
             {std::pair{std::string_view(" PASSED"), true}, {" FAILED", false}, {" ERROR", false}}) {
            const auto at = text::find(trimmed, word);
            if (at != std::string_view::npos && at > 0 && !trimmed.starts_with("FAILED ") &&
                !trimmed.starts_with("ERROR ")) {
                return {trimmed.substr(0, at), passed, true};
            }
        }
    }
    if (const auto at = trimmed.starts_with("test") ? text::find(trimmed, ") ... ") : std::string_view::npos;
        at != std::string_view::npos) {
        const std::string_view verdict = trimmed.substr(at + 6);
        if (verdict == "ok") {
            return {trimmed.substr(0, at + 1), true, true};
        }
        if (verdict == "FAIL" || verdict == "ERROR") {
            return {trimmed.substr(0, at + 1), false, true};
        }
    }
    return {};
}

// Evidence that the code itself failed: failed tests or compiler errors.
bool is_code_failure(std::string_view line) {
    const std::string_view trimmed = trim(line);
    if (trimmed.starts_with("FAILED ") || trimmed.starts_with("FAILED (") || trimmed.starts_with("FAIL: ") ||
        trimmed.starts_with("ERROR: test") || trimmed.starts_with("--- FAIL:") ||
        trimmed.starts_with("FAIL ")) {
        return true;
    }
    if (contains(trimmed, "Tests run:") && contains(trimmed, "Failures: ") &&
        !contains(trimmed, "Failures: 0, Errors: 0")) {
        return true;
    }
    if (trimmed.starts_with("Tests:") && contains(trimmed, " failed")) {
        return true;
    }
    for (std::string_view part :
         {": error: ", "error[E", ": error TS", "AssertionError", "cannot find symbol"}) {
        if (contains(trimmed, part)) {
            return true;
        }
    }
    return false;
}

std::string clip(std::string_view line) {
    line = trim(line);
    if (line.size() > max_evidence_chars) {
        line = line.substr(0, max_evidence_chars);
    }
    return std::string(line);
}

// `line` with every run of digits replaced by '#', trimmed: timings, line numbers and ids vary between jobs.
std::string blank_numbers(std::string_view line) {
    std::string out;
    bool in_digits = false;
    for (char c : trim(line)) {
        const bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
        if (digit && !in_digits) {
            out += '#';
        } else if (!digit) {
            out += c;
        }
        in_digits = digit;
    }
    return out;
}

bool is_setup_step(std::string_view name) {
    return name == "Set up job" || name == "Initialize containers" || name == "Set up runner";
}

// What the jobs alone say. A job that failed in a step of its own (its tests, its build) decides nothing
// here: a matrix's fail-fast cancels the other jobs, which does not make the failure a cancellation.
// Infrastructure when every failed job failed setting up (no runner, a service container), else when no
// job failed but one timed out or was cancelled.
std::optional<Classification> classify_jobs(const std::vector<JobFacts>& jobs) {
    const JobFacts* setup_failure = nullptr;
    std::string setup_step;
    bool failed = false;
    for (const JobFacts& job : jobs) {
        if (job.conclusion != "failure") {
            continue;
        }
        failed = true;
        const auto step = std::find_if(job.steps.begin(), job.steps.end(),
                                       [](const StepFacts& s) { return s.conclusion == "failure"; });
        if (step == job.steps.end() || !is_setup_step(step->name)) {
            return std::nullopt;
        }
        setup_failure = &job;
        setup_step = step->name;
    }
    if (setup_failure != nullptr) {
        return Classification{FailureClass::infrastructure,
                              "infrastructure: the job failed in '" + setup_step +
                                  "', before any of the workflow's steps",
                              "job " + setup_failure->name + ", step '" + setup_step + "' failed" +
                                  (setup_failure->runner_name.empty() ? std::string(" (no runner)")
                                                                      : " on " + setup_failure->runner_name)};
    }
    if (failed) {
        return std::nullopt;
    }
    for (const char* conclusion : {"timed_out", "cancelled"}) {
        for (const JobFacts& job : jobs) {
            if (job.conclusion == conclusion) {
                return Classification{FailureClass::infrastructure,
                                      job.conclusion == "cancelled"
                                          ? "infrastructure: the job was cancelled"
                                          : "infrastructure: the job exceeded its maximum execution time",
                                      "job " + job.name + " concluded " + job.conclusion};
            }
        }
    }
    return std::nullopt;
}

} // namespace

void TriageSignals::note_test_outcome(std::string_view test, bool passed) {
    // Open addressing over the names' 64-bit hashes: the top 62 bits of an entry are the hash, the low two
    // the outcomes seen (1: passed, 2: failed); 0 is a free slot. No name is copied.
    constexpr std::size_t slots = 2 * max_tracked_tests; // a power of two, never more than half full
    if (m_test_outcomes.empty()) {
        m_test_outcomes.assign(slots, 0);
    }
    std::uint64_t key = std::hash<std::string_view>{}(test) & ~std::uint64_t{3};
    if (key == 0) {
        key = 4;
    }
    std::size_t slot = static_cast<std::size_t>(key >> 2) & (slots - 1);
    while (m_test_outcomes[slot] != 0 && (m_test_outcomes[slot] & ~std::uint64_t{3}) != key) {
        slot = (slot + 1) & (slots - 1);
    }
    std::uint64_t& entry = m_test_outcomes[slot];
    if (entry == 0) {
        if (m_tracked_tests >= max_tracked_tests) {
            return;
        }
        ++m_tracked_tests;
        entry = key;
    }
    entry |= passed ? 1 : 2;
    if ((entry & 3) == 3 && m_both_ways.empty()) {
        m_both_ways = clip(test);
    }
}

void add_triage_needles(GramFilter& filter) {
    auto add = [&filter](NeedleGroup group, std::initializer_list<std::string_view> needles) {
        for (std::string_view needle : needles) {
            filter.add(needle, group);
        }
    };
    add(job_needles, {"===== job: "});
    add(flaky_needles,
        {" RERUN", " rerun", "===Flaky Test Report===", "Flakes: ", "flakes and failOnFlakeCount", "RETRY "});
    add(outcome_needles, {" PASSED", " FAILED", " ERROR", ") ... "});
    add(code_needles, {"FAIL", "ERROR: test", "Tests run:", "Tests:", ": error", "error[E", "AssertionError",
                       "cannot find symbol"});
    for (const Signature& signature : triage_signatures()) {
        filter.add(signature.all.front(), signature_needles);
    }
}

void TriageSignals::observe(std::string_view line) {
    observe(line, needle_groups(line));
}

void TriageSignals::observe(std::string_view line, unsigned groups) {
    // Every check below needs one of its group's needles in the line: a line with none (most of a large
    // log) is skipped, a test's PASSED line goes to test_outcome alone.
    constexpr unsigned triage_groups = ~(1U << classifier_needles);
    if ((groups & triage_groups) == 0) {
        return;
    }
    if (has_needles(groups, job_needles) && line.starts_with("===== job: ")) {
        // a test passing in one job and failing in another may be a platform's bug
        std::fill(m_test_outcomes.begin(), m_test_outcomes.end(), 0);
        m_tracked_tests = 0;
    }
    if (const char* marker = has_needles(groups, flaky_needles) ? flaky_marker(line) : nullptr;
        marker != nullptr && m_flaky.what.empty()) {
        m_flaky = {marker, clip(line)};
    }
    if (has_needles(groups, outcome_needles)) {
        if (const TestOutcome outcome = test_outcome(line); outcome.known) {
            note_test_outcome(outcome.test, outcome.passed);
        }
    }
    if (has_needles(groups, code_needles) && is_code_failure(line)) {
        if (m_code_line.empty()) {
            m_code_line = clip(line);
        }
        if (m_failure_lines.size() < max_signature_lines) {
            m_failure_lines.insert(blank_numbers(clip(line)));
        }
    }
    if (!has_needles(groups, signature_needles) || is_test_output(line)) {
        return;
    }
    for (const Signature& signature : triage_signatures()) {
        Hit& slot = signature.kind == FailureClass::configuration ? m_configuration
                    : signature.strength == Strength::fatal       ? m_infrastructure
                                                                  : m_weak_infrastructure;
        if (slot.what.empty() && matches(signature, line)) {
            slot = {signature.what, clip(line)};
        }
    }
}

Classification TriageSignals::classify(const RunFacts& facts) const {
    if (!m_configuration.what.empty()) {
        return {FailureClass::configuration, "configuration: " + m_configuration.what, m_configuration.line};
    }
    if (!m_infrastructure.what.empty()) {
        return {FailureClass::infrastructure, "infrastructure: " + m_infrastructure.what,
                m_infrastructure.line};
    }
    if (auto from_jobs = classify_jobs(facts.jobs)) {
        return *from_jobs;
    }
    if (!m_flaky.what.empty()) {
        return {FailureClass::flaky, "flaky: " + m_flaky.what, m_flaky.line};
    }
    if (!m_both_ways.empty()) {
        return {FailureClass::flaky, "flaky: a test both passed and failed in this run", m_both_ways};
    }
    if (!m_weak_infrastructure.what.empty() && m_code_line.empty()) {
        return {FailureClass::infrastructure, "infrastructure: " + m_weak_infrastructure.what,
                m_weak_infrastructure.line};
    }
    if (facts.passed_before) {
        return {FailureClass::flaky, "flaky: an earlier run of the same commit passed",
                "the runs of this commit include a success"};
    }
    if (!m_code_line.empty() && !m_weak_infrastructure.what.empty()) {
        return {FailureClass::code,
                "code: a test or the build failed; " + m_weak_infrastructure.what +
                    " was seen too, which "
                    "may not have stopped the build",
                m_code_line, m_weak_infrastructure.what + ": " + m_weak_infrastructure.line};
    }
    if (!m_code_line.empty()) {
        return {FailureClass::code, "code: a test or the build failed, with no sign of infrastructure",
                m_code_line};
    }
    return {FailureClass::code, "code: no signature of infrastructure, flakiness or configuration", ""};
}

std::string TriageSignals::signature() const {
    std::uint64_t hash = 14695981039346656037ull; // FNV-1a
    const auto add = [&hash](std::string_view text) {
        for (char c : text) {
            hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        }
        hash = (hash ^ '\n') * 1099511628211ull;
    };
    if (!m_failure_lines.empty()) {
        for (const std::string& line : m_failure_lines) {
            add(line);
        }
    } else {
        const Hit* hit = !m_configuration.what.empty()    ? &m_configuration
                         : !m_infrastructure.what.empty() ? &m_infrastructure
                         : !m_flaky.what.empty()          ? &m_flaky
                                                          : &m_weak_infrastructure;
        if (hit->what.empty()) {
            return "";
        }
        add(blank_numbers(hit->line));
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string text(12, '0');
    for (std::size_t index = 0; index < text.size(); ++index) {
        text[text.size() - 1 - index] = digits[(hash >> (4 * index)) & 0xF];
    }
    return text;
}

Classification classify_log(std::string_view raw_log, const RunFacts& facts) {
    TriageSignals signals;
    LineNormalizer normalizer({}, [&](const NormalizedLine& line) { signals.observe(line.text); });
    normalizer.feed(raw_log);
    normalizer.finish();
    return signals.classify(facts);
}

} // namespace autofix::logs
