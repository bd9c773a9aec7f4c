// The demo of scripts/demo: the five cases on test-project, in the local sandbox (a git http-backend origin,
// a fake GitHub API and a model that replays recorded replies, all on 127.0.0.1), through the real autofix
// binary.
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <iostream>
#include <sstream>

namespace {

using autofix::testing::WorkflowRun;
using autofix::testing::WorkflowSandbox;

const std::string bold = "\033[1m";
const std::string plain = "\033[0m";

std::string indent(const std::string& text, const std::string& prefix = "    ") {
    std::istringstream in(text);
    std::string out;
    for (std::string line; std::getline(in, line);) {
        out += prefix + line + "\n";
    }
    return out;
}

void heading(const std::string& text) {
    std::cout << "\n" << bold << "== " << text << " ==" << plain << "\n";
}

void show_run(const WorkflowRun& run) {
    std::cout << "\n"
              << bold << "workflow run " << run.run_id << " on " << run.branch << plain << ": tests "
              << (run.build_passed ? "passed" : "failed") << " -> autofix case " << run.output("case") << ", "
              << run.output("action-taken");
    if (!run.output("model").empty()) {
        std::cout << ", attempt " << run.output("attempt") << " with " << run.output("model");
    } else if (!run.output("attempt").empty()) {
        std::cout << " after " << run.output("attempt") << " attempt(s)";
    }
    std::cout << " (exit " << run.exit_code << ")\n";
    if (run.exit_code != 0) {
        std::cout << indent(run.stdout_text + run.stderr_text);
    }
}

void show_branch(WorkflowSandbox& sandbox, const std::string& branch) {
    std::cout << "\n" << bold << "commits on " << branch << " (newest first):" << plain << "\n";
    std::cout << indent(sandbox.origin_log("main.." + branch, "--- %h %an <%ae>%n%B"));
}

void show_forge(WorkflowSandbox& sandbox) {
    for (const auto& pull : sandbox.github().pull_requests()) {
        std::cout << "\n" << bold << "pull request #" << pull.number << ": " << pull.title << plain << "\n";
        std::cout << "    " << pull.head << " -> " << pull.base << ", labels:";
        for (const auto& label : pull.labels) {
            std::cout << " " << label;
        }
        std::cout << "\n" << indent(pull.body);
    }
    for (const auto& issue : sandbox.github().issues()) {
        std::cout << "\n"
                  << bold << "issue #" << issue.number << ": " << issue.title << plain << "\n    labels:";
        for (const auto& label : issue.labels) {
            std::cout << " " << label;
        }
        std::cout << "\n" << indent(issue.body);
    }
    for (const auto& dispatch : sandbox.github().dispatches()) {
        std::cout << "    workflow_dispatch of " << dispatch.workflow << " on " << dispatch.ref << "\n";
    }
}

int scenario(const std::string& title, WorkflowSandbox& sandbox, const std::string& scenario_file,
             const std::string& target) {
    heading(title);
    const WorkflowRun healthy = sandbox.run_workflow("main");
    show_run(healthy);
    std::cout << "    a developer commits scenarios/" << scenario_file << " over " << target << " on main\n";
    sandbox.break_project(scenario_file, target);
    const auto runs = sandbox.run_until_settled("main");
    for (const WorkflowRun& run : runs) {
        show_run(run);
    }
    int failures = healthy.exit_code != 0 ? 1 : 0;
    for (const WorkflowRun& run : runs) {
        failures += run.exit_code != 0 ? 1 : 0;
    }
    if (!runs.empty() && !runs.front().output("fix-branch").empty()) {
        const std::string fix_branch = runs.front().output("fix-branch");
        if (runs.back().output("action-taken") == "escalated") {
            const WorkflowRun again = sandbox.run_workflow(fix_branch);
            show_run(again);
            failures += again.exit_code != 0 ? 1 : 0;
        }
        show_branch(sandbox, fix_branch);
        std::cout << "    tests on " << fix_branch << ": "
                  << (sandbox.tests_pass_on(fix_branch) ? "pass" : "fail") << "\n";
    }
    show_forge(sandbox);
    return failures;
}

} // namespace

int main() {
    std::cout
        << bold << "autofix demo: the local sandbox" << plain << "\n"
        << "GitHub is a local stand-in (a fake REST API and a real `git http-backend` origin on 127.0.0.1),\n"
        << "and so is the model: its replies are RECORDED (tests/e2e/recordings/*.json) or scripted, "
           "replayed\n"
        << "in order; nothing reaches the internet. The autofix binary itself is the real one, run as the\n"
        << "workflow's step would run it. To run against the real API, use the action in a workflow "
           "(README:\n"
        << "\"Using the action\"), or run the binary in a checkout with INPUT_ANTHROPIC-API-KEY, "
           "GITHUB_TOKEN\n"
        << "and the GITHUB_* variables set (README: \"Running locally\").\n";
    const std::string recordings = std::string(AUTOFIX_SOURCE_DIR) + "/tests/e2e/recordings/";
    int failures = 0;
    {
        WorkflowSandbox sandbox(autofix::testing::replay(
            autofix::testing::load_recorded_replies(recordings + "bug-simple.json")));
        failures +=
            scenario("Scenario 1: a missing import, fixed in one attempt (cases 4, 1, 3; recorded replies)",
                     sandbox, "bug-simple.py", "inventory/report.py");
    }
    {
        WorkflowSandbox sandbox(autofix::testing::replay(
            autofix::testing::load_recorded_replies(recordings + "bug-complex.json")));
        failures +=
            scenario("Scenario 2: three bugs, one fixed per attempt (cases 1, 2, 3; recorded replies)",
                     sandbox, "bug-complex.py", "inventory/pricing.py");
    }
    {
        std::vector<autofix::testing::ScriptedEdit> edits;
        for (int attempt = 1; attempt <= 6; ++attempt) {
            edits.push_back(autofix::testing::harmless_edit(attempt));
        }
        WorkflowSandbox sandbox(autofix::testing::scripted_fixer(edits));
        failures += scenario("Scenario 3: a model that never fixes it (cases 1, 2, 5; scripted replies)",
                             sandbox, "bug-simple.py", "inventory/report.py");
    }
    heading(failures == 0 ? "demo finished: every run exited 0" : "demo finished with failing runs");
    return failures == 0 ? 0 : 1;
}
