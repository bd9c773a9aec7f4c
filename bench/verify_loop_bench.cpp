// Measures what test-command saves on the three-bug scenario (test-project's bug-complex.py, the recorded
// replies that fix one bug per attempt) in the workflow sandbox: CI runs on the fix branch, pushes,
// dispatches, and the wall time of every workflow run (the build's tests plus the action), without and with
// `test-command: python3 -m unittest discover`. Prints markdown for bench/RESULTS.md (scripts/bench-verify).
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

using autofix::testing::RunOptions;
using autofix::testing::WorkflowRun;
using autofix::testing::WorkflowSandbox;

struct Measured {
    int runs = 0;            // workflow runs until the PR, the first (on main) included
    int fix_branch_runs = 0; // CI runs on the fix branch
    std::size_t dispatches = 0;
    std::size_t pushes = 0;
    double wall_s = 0;   // all runs
    double action_s = 0; // the first run's action step alone
    std::string outcome;
};

Measured measure(bool with_tests) {
    const std::string recordings = std::string(AUTOFIX_SOURCE_DIR) + "/tests/e2e/recordings/bug-complex.json";
    WorkflowSandbox sandbox(autofix::testing::replay(autofix::testing::load_recorded_replies(recordings)));
    sandbox.break_project("bug-complex.py", "inventory/pricing.py");
    RunOptions options;
    if (with_tests) {
        options.env["INPUT_TEST-COMMAND"] = "python3 -m unittest discover";
    }
    Measured measured;
    std::string branch = "main";
    for (int count = 0; count < 10; ++count) {
        const auto started = std::chrono::steady_clock::now();
        const WorkflowRun run = sandbox.run_workflow(branch, options);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        measured.wall_s += seconds;
        ++measured.runs;
        if (branch != "main") {
            ++measured.fix_branch_runs;
        }
        measured.outcome = run.output("action-taken");
        const bool pushed = (measured.outcome == "fix_attempted" || measured.outcome == "retry_attempted") &&
                            !run.output("commit-sha").empty();
        if (run.exit_code != 0 || !pushed) {
            break;
        }
        branch = run.output("fix-branch");
    }
    for (const auto& request : sandbox.git_server().server().requests()) {
        if (request.method == "POST" && request.path.ends_with("/git-receive-pack")) {
            ++measured.pushes;
        }
    }
    measured.dispatches = sandbox.github().dispatches().size();
    return measured;
}

} // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::stoi(argv[1]) : 3;
    std::vector<Measured> without;
    std::vector<Measured> with;
    for (int repeat = 0; repeat < repeats; ++repeat) {
        without.push_back(measure(false));
        with.push_back(measure(true));
    }
    const auto median_wall = [](std::vector<Measured> all) {
        std::sort(all.begin(), all.end(),
                  [](const Measured& a, const Measured& b) { return a.wall_s < b.wall_s; });
        return all[all.size() / 2];
    };
    const Measured a = median_wall(without);
    const Measured b = median_wall(with);
    std::printf("| mode | workflow runs | CI runs on the fix branch | pushes | dispatches | wall time, all "
                "runs (s) | "
                "ends with |\n|---|---|---|---|---|---|---|\n");
    std::printf("| without test-command | %d | %d | %zu | %zu | %.1f | %s |\n", a.runs, a.fix_branch_runs,
                a.pushes, a.dispatches, a.wall_s, a.outcome.c_str());
    std::printf("| with test-command | %d | %d | %zu | %zu | %.1f | %s |\n", b.runs, b.fix_branch_runs,
                b.pushes, b.dispatches, b.wall_s, b.outcome.c_str());
    std::printf("\nmedian of %d repeats; CI runs saved: %d\n", repeats,
                a.fix_branch_runs - b.fix_branch_runs);
    return a.outcome == "pr_created" && b.outcome == "pr_created" ? 0 : 1;
}
