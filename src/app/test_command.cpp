#include "app/test_command.hpp"

#include "app/workspace_file_index.hpp"
#include "core/shell_command.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <string_view>
#include <unistd.h>

namespace autofix::app {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 13> withheld_names{"GITHUB_TOKEN",
                                                          "GH_TOKEN",
                                                          "GITHUB_PAT",
                                                          "ANTHROPIC_API_KEY",
                                                          "ACTIONS_CACHE_URL",
                                                          "ACTIONS_RESULTS_URL",
                                                          "ANTHROPIC_AUTH_TOKEN",
                                                          "ACTIONS_RUNTIME_TOKEN",
                                                          "AWS_SECRET_ACCESS_KEY",
                                                          "AWS_SESSION_TOKEN",
                                                          "OPENAI_API_KEY",
                                                          "GOOGLE_OAUTH_ACCESS_TOKEN",
                                                          "CLOUDSDK_AUTH_ACCESS_TOKEN"};

constexpr std::array<std::string_view, 3> withheld_prefixes{"INPUT_", "ACTIONS_RUNTIME_",
                                                            "ACTIONS_ID_TOKEN_REQUEST_"};

bool executable_file(const fs::path& path) {
    std::error_code error;
    return fs::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

std::string seconds_text(std::chrono::milliseconds duration) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

std::string path_of(const std::vector<std::string>& environment) {
    for (const std::string& entry : environment) {
        if (entry.starts_with("PATH=")) {
            return entry.substr(5);
        }
    }
    return "/usr/local/bin:/usr/bin:/bin";
}

} // namespace

bool withheld_from_tests(const std::string& name, const std::string& value, const SecretFilter& secrets) {
    for (const std::string_view withheld : withheld_names) {
        if (name == withheld) {
            return true;
        }
    }
    for (const std::string_view prefix : withheld_prefixes) {
        if (name.starts_with(prefix)) {
            return true;
        }
    }
    const std::string entry = name + "=" + value;
    return secrets.redact(entry) != entry;
}

std::vector<std::string> test_environment(const action::Environment& environment,
                                          const SecretFilter& secrets) {
    std::vector<std::string> entries;
    for (const auto& [name, value] : environment.variables()) {
        if (name == "PYTHONDONTWRITEBYTECODE" || withheld_from_tests(name, value, secrets)) {
            continue;
        }
        entries.push_back(name + "=" + value);
    }
    entries.emplace_back("PYTHONDONTWRITEBYTECODE=1");
    return entries;
}

TestCommand::TestCommand(const action::Settings& settings, const action::Environment& environment,
                         const SecretFilter& secrets, ports::CommandRunner& runner)
    : m_settings(settings), m_environment(environment), m_secrets(secrets), m_runner(runner) {}

core::Status TestCommand::check_startable() const {
    const std::string& command = m_settings.test_command;
    const auto bad = [&](const std::string& why) {
        return core::make_error(core::ErrorKind::invalid_input,
                                "test-command '" + m_secrets.redact(command) + "' cannot start: " + why);
    };
    if (!executable_file(test_shell)) {
        return bad(std::string(test_shell) +
                   " is missing, so no shell can run it (in the Docker image, use the "
                   "host mode action, host/action.yml, which runs on the runner)");
    }
    const auto program = core::first_program(command);
    if (!program) {
        return {};
    }
    if (program->find('/') != std::string::npos) {
        const fs::path path = fs::path(*program).is_absolute()
                                  ? fs::path(*program)
                                  : fs::path(m_settings.github.workspace) / *program;
        std::error_code error;
        if (!fs::exists(path, error)) {
            return bad(*program + " does not exist");
        }
        if (!executable_file(path)) {
            return bad(*program + " is not an executable file");
        }
        return {};
    }
    const std::string search = path_of(test_environment(m_environment, m_secrets));
    std::size_t start = 0;
    while (start <= search.size()) {
        const auto end = std::min(search.find(':', start), search.size());
        const std::string directory = search.substr(start, end - start);
        if (executable_file(fs::path(directory.empty() ? "." : directory) / *program)) {
            return {};
        }
        start = end + 1;
    }
    return bad(*program + " is not found in PATH (" + search + ")");
}

void TestCommand::remove_stale_bytecode() {
    for (const std::string& file : m_edited) {
        const fs::path source = fs::path(m_settings.github.workspace) / file;
        if (source.extension() != ".py") {
            continue;
        }
        std::error_code error;
        fs::remove(fs::path(source.string() + "c"), error); // a Python 2 style x.pyc beside x.py
        const fs::path cache = source.parent_path() / "__pycache__";
        const std::string prefix = source.stem().string() + ".";
        for (fs::directory_iterator entry(cache, error), end; !error && entry != end;
             entry.increment(error)) {
            const std::string name = entry->path().filename().string();
            if (name.starts_with(prefix) && (name.ends_with(".pyc") || name.ends_with(".pyo"))) {
                std::error_code ignored;
                fs::remove(entry->path(), ignored);
            }
        }
    }
}

core::Expected<TestRun> TestCommand::run(const std::vector<std::string>& edited) {
    m_edited.insert(edited.begin(), edited.end());
    remove_stale_bytecode();
    ports::CommandSpec spec;
    spec.argv = {test_shell, "-c", m_settings.test_command};
    spec.directory = m_settings.github.workspace;
    spec.environment = test_environment(m_environment, m_secrets);
    spec.timeout = std::chrono::seconds(m_settings.test_timeout_seconds);
    auto result = m_runner.run(spec);
    if (!result) {
        return core::with_context(result.error(), "running test-command");
    }
    TestRun run;
    run.timed_out = result->timed_out;
    run.exit_code = result->exit_code;
    run.signal = result->signal;
    run.duration = result->duration;
    run.passed = !run.timed_out && run.exit_code == 0;
    if (run.timed_out) {
        run.headline = "timed out after " + std::to_string(m_settings.test_timeout_seconds) +
                       " s (test-timeout): its process group was killed";
    } else if (run.signal != 0) {
        run.headline =
            "killed by signal " + std::to_string(run.signal) + " after " + seconds_text(run.duration);
    } else {
        run.headline = std::string(run.passed ? "passed" : "failed") + ": exit status " +
                       std::to_string(run.exit_code) + " after " + seconds_text(run.duration);
    }
    logs::FailureContextOptions options;
    options.budget_tokens = static_cast<std::size_t>(m_settings.log_budget_tokens);
    options.secrets = m_secrets.values();
    options.workspace = m_settings.github.workspace;
    logs::LogPipeline pipeline(options);
    pipeline.feed(result->output);
    const WorkspaceFileIndex files(m_settings.github.workspace);
    run.context = pipeline.finish(&files);
    if (result->output_bytes == 0) {
        run.context.excerpt = "(the test command printed nothing)";
    }
    run.context.excerpt = "test-command " + run.headline + "\n\n" + m_secrets.redact(run.context.excerpt);
    return run;
}

std::string TestCommand::report(const TestRun& run) {
    return run.context.excerpt;
}

} // namespace autofix::app
