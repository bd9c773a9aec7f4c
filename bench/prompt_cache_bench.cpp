// Measures the input tokens billed for the three-attempt scenario (test-project's bug-complex.py, the
// recorded replies that fix one bug per attempt, then the PR) without and with prompt caching, through the
// real binary in the workflow sandbox. The fake Messages API stands in for Anthropic's cache (tests/support/
// prompt_cache.hpp: tokens are bytes/4, a breakpoint's prefix is cached from the model's minimum of 1024
// tokens on, a later request starting with it reads it) and reports input_tokens,
// cache_creation_input_tokens and cache_read_input_tokens as the API does. Two cache lifetimes: the runs
// within the 5-minute TTL (a fast CI), and the cache expired before every run (CI slower than 5 minutes).
// Prints markdown for bench/RESULTS.md (scripts/bench-caching).
#include "support/workflow_sandbox.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace {

using autofix::testing::RunOptions;
using autofix::testing::WorkflowRun;
using autofix::testing::WorkflowSandbox;
using nlohmann::json;

struct Measured {
    int runs = 0;
    std::size_t requests = 0;
    std::int64_t input = 0; // input_tokens: billed at the input price
    std::int64_t write = 0; // cache_creation_input_tokens: 1.25x
    std::int64_t read = 0;  // cache_read_input_tokens: 0.1x
    std::int64_t output = 0;
    std::string outcome;
    std::string cost_usd; // the cost-usd outputs of the runs, summed by the action's own pricing

    std::int64_t all_input() const { return input + write + read; }
    // The input billed in input-price tokens: what the input costs divided by the input price.
    double billed() const {
        return static_cast<double>(input) + 1.25 * static_cast<double>(write) +
               0.1 * static_cast<double>(read);
    }
};

enum class Caching { off, on };
enum class Lifetime { kept, expired_between_runs };

Measured measure(Caching caching, Lifetime lifetime) {
    const std::string recordings = std::string(AUTOFIX_SOURCE_DIR) + "/tests/e2e/recordings/bug-complex.json";
    WorkflowSandbox sandbox(autofix::testing::replay(autofix::testing::load_recorded_replies(recordings)));
    sandbox.model().simulate_prompt_cache(true);
    sandbox.break_project("bug-complex.py", "inventory/pricing.py");
    RunOptions options;
    options.env["INPUT_PROMPT-CACHING"] = caching == Caching::on ? "true" : "false";
    Measured measured;
    double cost = 0;
    std::string branch = "main";
    for (int count = 0; count < 10; ++count) {
        if (lifetime == Lifetime::expired_between_runs) {
            sandbox.model().expire_prompt_cache();
        }
        const WorkflowRun run = sandbox.run_workflow(branch, options);
        ++measured.runs;
        measured.outcome = run.output("action-taken");
        cost += std::stod(run.output("cost-usd").empty() ? "0" : run.output("cost-usd"));
        const bool pushed = (measured.outcome == "fix_attempted" || measured.outcome == "retry_attempted") &&
                            !run.output("commit-sha").empty();
        if (run.exit_code != 0 || (!pushed && measured.outcome != "retry_attempted")) {
            break;
        }
        branch = run.output("fix-branch");
    }
    for (const json& usage : sandbox.model().usages()) {
        ++measured.requests;
        measured.input += usage.value("input_tokens", std::int64_t{0});
        measured.write += usage.value("cache_creation_input_tokens", std::int64_t{0});
        measured.read += usage.value("cache_read_input_tokens", std::int64_t{0});
        measured.output += usage.value("output_tokens", std::int64_t{0});
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", cost);
    measured.cost_usd = text;
    return measured;
}

} // namespace

int main() {
    const Measured off = measure(Caching::off, Lifetime::kept);
    const Measured kept = measure(Caching::on, Lifetime::kept);
    const Measured expired = measure(Caching::on, Lifetime::expired_between_runs);
    std::printf("| three-attempt scenario | runs | model requests | input tokens sent | input_tokens | "
                "cache writes | cache reads | billed input (input-price tokens) | vs. no caching | cost-usd "
                "(sum) | outcome |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    const auto row = [&off](const char* name, const Measured& m) {
        std::printf("| %s | %d | %zu | %lld | %lld | %lld | %lld | %.0f | %.0f%% | $%s | %s |\n", name,
                    m.runs, m.requests, static_cast<long long>(m.all_input()),
                    static_cast<long long>(m.input), static_cast<long long>(m.write),
                    static_cast<long long>(m.read), m.billed(), 100.0 * m.billed() / off.billed(),
                    m.cost_usd.c_str(), m.outcome.c_str());
    };
    row("prompt-caching: false", off);
    row("prompt-caching: true, runs within the 5-minute cache lifetime", kept);
    row("prompt-caching: true, cache expired before every run", expired);
    return 0;
}
