// Measures the action's own cost through the real binary in the workflow sandbox (local git http-backend
// origin, fake GitHub, instant scripted or recorded model). Prints markdown table rows for scripts/bench.
//
//   case1_bench exec --runs N -- CMD...      median wall ms and peak RSS of CMD (fork/exec/wait4)
//   case1_bench time-into FILE -- CMD...     runs CMD once, appends "wall_s user_s sys_s maxrss_kb" to FILE
//   case1_bench pair --runs N [--remove F] -- A... --vs-- B...
//                                            interleaved runs of A and a reference B: median wall, CPU, RSS
//   case1_bench scenarios [--binary B]       requests per case and first-request tokens (test-project)
//   case1_bench large --repo BARE --log LOG --target PATH [--runs N]
//                                            case-1 runs on a large repository with a large log
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using autofix::testing::RunOptions;
using autofix::testing::SandboxOptions;
using autofix::testing::ScriptedEdit;
using autofix::testing::WorkflowRun;
using autofix::testing::WorkflowSandbox;

constexpr std::size_t default_budget_tokens = 8000;

struct Usage {
    double wall_s = 0;
    double user_s = 0;
    double sys_s = 0;
    long maxrss_kb = 0;
    int status = -1;
};

double seconds(const timeval& value) {
    return static_cast<double>(value.tv_sec) + static_cast<double>(value.tv_usec) / 1e6;
}

enum class Output { keep, discard };

// Runs argv to completion and returns its wall time, CPU time and peak RSS (of it and its children).
Usage run_measured(const std::vector<std::string>& argv, Output quiet) {
    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        if (quiet == Output::discard) {
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execvp(args[0], args.data());
        _exit(127);
    }
    Usage usage;
    rusage resources{};
    int status = 0;
    wait4(pid, &status, 0, &resources);
    usage.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    usage.user_s = seconds(resources.ru_utime);
    usage.sys_s = seconds(resources.ru_stime);
    usage.maxrss_kb = resources.ru_maxrss;
    usage.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return usage;
}

template <typename T>
T median(std::vector<T> values) {
    if (values.empty()) {
        return T{};
    }
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

std::vector<std::string> after_dashes(int argc, char** argv, int from) {
    std::vector<std::string> command;
    bool seen = false;
    for (int i = from; i < argc; ++i) {
        if (seen) {
            command.emplace_back(argv[i]);
        } else if (std::string(argv[i]) == "--") {
            seen = true;
        }
    }
    return command;
}

std::string flag(int argc, char** argv, const std::string& name, const std::string& fallback = "") {
    for (int i = 1; i + 1 < argc; ++i) {
        if (argv[i] == name) {
            return argv[i + 1];
        }
    }
    return fallback;
}

int exec_mode(int argc, char** argv) {
    const int runs = std::stoi(flag(argc, argv, "--runs", "20"));
    const auto command = after_dashes(argc, argv, 2);
    std::vector<double> walls;
    std::vector<long> rss;
    int failures = 0;
    for (int i = 0; i < runs; ++i) {
        const Usage usage = run_measured(command, Output::discard);
        failures += usage.status != 0 ? 1 : 0;
        walls.push_back(usage.wall_s * 1000.0);
        rss.push_back(usage.maxrss_kb);
    }
    std::printf("%.2f %ld %d\n", median(walls), median(rss), failures);
    return 0;
}

// Interleaves runs of a command and a reference command ("pair --runs N [--remove FILE] -- A... --vs-- B...")
// and prints, for each, the median wall time and CPU time (user+sys) in ms, the median peak RSS in KB and
// the non-zero exits: "A|B wall_ms cpu_ms rss_kb failures". FILE is removed before every run (a result file
// the command writes, so that each run starts as a fresh workspace does).
int pair_mode(int argc, char** argv) {
    const int runs = std::stoi(flag(argc, argv, "--runs", "21"));
    const std::string remove = flag(argc, argv, "--remove");
    const auto both = after_dashes(argc, argv, 2);
    const auto split = std::find(both.begin(), both.end(), "--vs--");
    const std::vector<std::string> commands[2] = {{both.begin(), split},
                                                  {split == both.end() ? split : split + 1, both.end()}};
    std::vector<double> walls[2], cpus[2];
    std::vector<long> rss[2];
    int failures[2] = {0, 0};
    for (int i = 0; i < runs; ++i) {
        for (int k = 0; k < 2; ++k) {
            if (!remove.empty()) {
                std::error_code ignored;
                fs::remove(remove, ignored);
            }
            const Usage usage = run_measured(commands[k], Output::discard);
            failures[k] += usage.status != 0 ? 1 : 0;
            walls[k].push_back(usage.wall_s * 1000.0);
            cpus[k].push_back((usage.user_s + usage.sys_s) * 1000.0);
            rss[k].push_back(usage.maxrss_kb);
        }
    }
    for (int k = 0; k < 2; ++k) {
        std::printf("%s %.3f %.3f %ld %d\n", k == 0 ? "A" : "B", median(walls[k]), median(cpus[k]),
                    median(rss[k]), failures[k]);
    }
    return 0;
}

int time_into_mode(int argc, char** argv) {
    const std::string file = argv[2];
    const Usage usage = run_measured(after_dashes(argc, argv, 3), Output::keep);
    std::ofstream(file, std::ios::app)
        << usage.wall_s << ' ' << usage.user_s << ' ' << usage.sys_s << ' ' << usage.maxrss_kb << '\n';
    return usage.status;
}

// The first request of every fix session (tools offered, one message), in order.
std::vector<std::string> first_fix_requests(WorkflowSandbox& sandbox) {
    std::vector<std::string> bodies;
    for (const auto& request : sandbox.model().requests()) {
        const auto body = nlohmann::json::parse(request.body, nullptr, false);
        if (body.is_object() && body.contains("tools") && body["messages"].size() == 1) {
            bodies.push_back(request.body);
        }
    }
    return bodies;
}

// The text of the first user message of a request body.
std::string first_message_text(const std::string& request) {
    const auto body = nlohmann::json::parse(request, nullptr, false);
    const auto& content = body["messages"][0]["content"];
    if (content.is_string()) {
        return content.get<std::string>();
    }
    std::string text;
    for (const auto& block : content) {
        if (block.contains("text")) {
            text += block["text"].get<std::string>();
        }
    }
    return text;
}

void print_tokens(const std::string& label, const std::string& request) {
    const std::size_t message = first_message_text(request).size();
    std::printf("| %s | %zu | %zu | %zu | %zu |\n", label.c_str(), request.size(), request.size() / 4,
                message / 4, default_budget_tokens);
}

struct Counts {
    std::size_t github = 0;
    std::size_t git = 0;
    std::size_t model = 0;
};

Counts counts(WorkflowSandbox& sandbox) {
    return {sandbox.github().requests().size(), sandbox.git_server().server().requests().size(),
            sandbox.model().requests().size()};
}

// Runs one workflow and prints the requests it made as a table row.
WorkflowRun counted_run(WorkflowSandbox& sandbox, const std::string& branch, const std::string& scenario,
                        const RunOptions& options = {}) {
    const Counts before = counts(sandbox);
    WorkflowRun run = sandbox.run_workflow(branch, options);
    const Counts after = counts(sandbox);
    std::printf("| %s | %s | %s | %zu | %zu | %zu | %d |\n", run.output("case").c_str(), scenario.c_str(),
                run.output("action-taken").c_str(), after.github - before.github, after.git - before.git,
                after.model - before.model, run.exit_code);
    return run;
}

std::string recording(const std::string& name) {
    return std::string(AUTOFIX_SOURCE_DIR) + "/tests/e2e/recordings/" + name;
}

// Runs the workflow on `branch` and then on the fix branch after every pushed attempt, printing each run.
std::vector<WorkflowRun> counted_until_settled(WorkflowSandbox& sandbox, const std::string& branch,
                                               const std::string& scenario, int max_runs = 12) {
    std::vector<WorkflowRun> runs;
    std::string next = branch;
    for (int count = 0; count < max_runs; ++count) {
        runs.push_back(counted_run(sandbox, next, scenario + " run " + std::to_string(count + 1)));
        const WorkflowRun& run = runs.back();
        const std::string action = run.output("action-taken");
        const bool pushed =
            (action == "fix_attempted" || action == "retry_attempted") && !run.output("commit-sha").empty();
        if (run.exit_code != 0 || !pushed) {
            break;
        }
        next = run.output("fix-branch");
    }
    return runs;
}

int scenarios_mode(int argc, char** argv) {
    SandboxOptions binary_options;
    binary_options.binary = flag(argc, argv, "--binary", AUTOFIX_BINARY);
    std::vector<std::string> token_rows;
    std::printf("REQUESTS\n");
    std::printf("| case | scenario | action taken | GitHub API | git HTTP | model | exit |\n");
    std::printf("|---|---|---|---:|---:|---:|---:|\n");
    {
        WorkflowSandbox sandbox(
            autofix::testing::replay(autofix::testing::load_recorded_replies(recording("bug-simple.json"))),
            binary_options);
        counted_run(sandbox, "main", "green main");
        sandbox.break_project("bug-simple.py", "inventory/report.py");
        counted_until_settled(sandbox, "main", "single attempt");
        const auto first = first_fix_requests(sandbox);
        if (!first.empty()) {
            token_rows.push_back("single attempt, attempt 1\t" + first[0]);
        }
    }
    {
        WorkflowSandbox sandbox(
            autofix::testing::replay(autofix::testing::load_recorded_replies(recording("bug-complex.json"))),
            binary_options);
        sandbox.break_project("bug-complex.py", "inventory/pricing.py");
        counted_until_settled(sandbox, "main", "three attempts");
        const auto first = first_fix_requests(sandbox);
        if (first.size() >= 3) {
            token_rows.push_back("three attempts, attempt 1\t" + first[0]);
            token_rows.push_back("three attempts, attempt 3\t" + first[2]);
        }
    }
    {
        std::vector<ScriptedEdit> edits;
        for (int attempt = 1; attempt <= 6; ++attempt) {
            edits.push_back(autofix::testing::harmless_edit(attempt));
        }
        WorkflowSandbox sandbox(autofix::testing::scripted_fixer(edits), binary_options);
        sandbox.break_project("bug-simple.py", "inventory/report.py");
        counted_until_settled(sandbox, "main", "six failed attempts, escalation");
        const auto first = first_fix_requests(sandbox);
        if (first.size() >= 6) {
            token_rows.push_back("six attempts, attempt 6\t" + first[5]);
        }
    }
    std::printf("TOKENS\n");
    std::printf("| first fix request | body bytes | body tokens | user message tokens | log budget |\n");
    std::printf("|---|---:|---:|---:|---:|\n");
    for (const std::string& row : token_rows) {
        const std::size_t tab = row.find('\t');
        print_tokens(row.substr(0, tab), row.substr(tab + 1));
    }
    return 0;
}

int large_mode(int argc, char** argv) {
    const std::string repo = flag(argc, argv, "--repo");
    const std::string log = flag(argc, argv, "--log");
    const std::string target = flag(argc, argv, "--target");
    const int runs = std::stoi(flag(argc, argv, "--runs", "3"));
    const std::string binary = flag(argc, argv, "--binary", AUTOFIX_BINARY);
    if (repo.empty() || log.empty() || target.empty()) {
        std::cerr << "large: --repo, --log and --target are required\n";
        return 2;
    }
    const autofix::testing::TempDir scratch;
    const std::string times = scratch / "times";
    const std::string wrapper = scratch / "autofix-timed";
    std::ofstream(wrapper) << "#!/bin/bash\nexec '" << fs::canonical("/proc/self/exe").string()
                           << "' time-into '" << times << "' -- '" << binary << "' \"$@\"\n";
    fs::permissions(wrapper, fs::perms::owner_all);

    const std::string header = autofix::testing::git_in(repo, {"show", "main:" + target});
    const std::string first_line = header.substr(0, header.find('\n') + 1);
    std::vector<ScriptedEdit> edits;
    for (int i = 0; i < runs; ++i) {
        edits.push_back({target, first_line, first_line + "# reviewed by the benchmark\n",
                         "Mark " + target + " as reviewed"});
    }
    SandboxOptions options;
    options.binary = wrapper;
    WorkflowSandbox sandbox(autofix::testing::scripted_fixer(edits), options);
    // The origin borrows the cached repository's objects and takes its main.
    const std::string origin = sandbox.origin_path();
    std::ofstream(fs::path(origin) / "objects/info/alternates")
        << fs::canonical(repo).string() << "/objects\n";
    const std::string head = autofix::testing::git_in(repo, {"rev-parse", "main"}).substr(0, 40);
    autofix::testing::git_in(origin, {"update-ref", "refs/heads/main", head});

    RunOptions run_options;
    run_options.build_status = "failure";
    run_options.env["INPUT_FAILURE-LOG"] = log;
    std::vector<double> walls, cpus, users, syss, waits;
    std::vector<long> rss;
    std::size_t request_tokens = 0;
    std::size_t message_tokens = 0;
    for (int i = 0; i < runs; ++i) {
        const std::size_t model_before = sandbox.model().requests().size();
        const WorkflowRun run = sandbox.run_workflow("main", run_options);
        if (run.exit_code != 0 || run.output("action-taken") != "fix_attempted") {
            std::cerr << "large: run " << i + 1 << " did not attempt a fix (exit " << run.exit_code << ")\n"
                      << run.stdout_text << run.stderr_text << '\n';
            return 1;
        }
        const auto requests = sandbox.model().requests();
        if (requests.size() > model_before) {
            request_tokens = requests[model_before].body.size() / 4;
            message_tokens = first_message_text(requests[model_before].body).size() / 4;
            if (const char* dump = std::getenv("AUTOFIX_BENCH_DUMP_REQUEST")) {
                std::ofstream(dump, std::ios::binary) << first_message_text(requests[model_before].body);
            }
        }
        std::cerr << "large: run " << i + 1 << " of " << runs << " done\n";
    }
    std::ifstream lines(times);
    for (double wall = 0, user = 0, sys = 0; lines >> wall >> user >> sys;) {
        long kb = 0;
        lines >> kb;
        walls.push_back(wall);
        users.push_back(user);
        syss.push_back(sys);
        cpus.push_back(user + sys);
        waits.push_back(wall - user - sys);
        rss.push_back(kb);
    }
    std::printf("LARGE\n");
    std::printf("runs %d\nwall_s %.2f\ncpu_s %.2f\nuser_s %.2f\nsys_s %.2f\nwait_s %.2f\nmaxrss_mb %.1f\n"
                "first_request_tokens %zu\nfirst_message_tokens %zu\n",
                runs, median(walls), median(cpus), median(users), median(syss), median(waits),
                static_cast<double>(median(rss)) / 1024.0, request_tokens, message_tokens);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (mode == "exec") {
            return exec_mode(argc, argv);
        }
        if (mode == "time-into" && argc > 3) {
            return time_into_mode(argc, argv);
        }
        if (mode == "pair") {
            return pair_mode(argc, argv);
        }
        if (mode == "scenarios") {
            return scenarios_mode(argc, argv);
        }
        if (mode == "large") {
            return large_mode(argc, argv);
        }
    } catch (const std::exception& error) {
        std::cerr << "case1_bench: " << error.what() << '\n';
        return 1;
    }
    std::cerr << "usage: case1_bench exec|pair|time-into|scenarios|large ... (see bench/case1_bench.cpp)\n";
    return 2;
}
