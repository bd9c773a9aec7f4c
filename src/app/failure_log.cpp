#include "app/failure_log.hpp"

#include "app/workspace_file_index.hpp"

#include <filesystem>

namespace autofix::app {
namespace {

namespace fs = std::filesystem;

action::ResolvedPath resolve_log_path(const action::Settings& settings) {
    return action::resolve_input_path(settings.failure_log, action::runner_paths(settings.github));
}

} // namespace

core::Status check_failure_log(const action::Settings& settings) {
    if (settings.failure_log.empty()) {
        return {};
    }
    std::error_code error;
    const action::ResolvedPath resolved = resolve_log_path(settings);
    const auto status = fs::status(resolved.path, error);
    if (status.type() == fs::file_type::not_found) {
        return core::make_error(core::ErrorKind::invalid_input,
                                action::missing_path_message("failure-log", settings.failure_log, resolved,
                                                             action::runner_paths(settings.github)));
    }
    if (status.type() != fs::file_type::regular) {
        return core::make_error(core::ErrorKind::invalid_input,
                                "failure-log '" + settings.failure_log + "' is not a regular file");
    }
    return {};
}

core::Expected<logs::FailureContext> read_failure_context(Collaborators& with) {
    const action::Settings& settings = with.settings;
    if (settings.failure_log.empty()) {
        return run_failure_context(with, settings.run.log_run_id); // the triggering run's on workflow_run
    }
    if (const core::Status checked = check_failure_log(settings); !checked) {
        return checked.error();
    }
    auto context =
        failure_context_from_file(resolve_log_path(settings).path, settings, with.secrets.values());
    if (!context) {
        return core::with_context(context.error(), "reading the failure log");
    }
    return context;
}

core::Expected<logs::FailureContext> run_failure_context(Collaborators& with, const std::string& run_id) {
    const fs::path log_path = fs::temp_directory_path() / ("autofix-failure-" + run_id + ".log");
    const auto bytes = with.forge.download_failed_job_logs(run_id, log_path.string());
    if (!bytes) {
        return core::with_context(bytes.error(), "downloading the failed jobs' logs of run " + run_id);
    }
    auto context = failure_context_from_file(log_path.string(), with.settings, with.secrets.values());
    std::error_code ignored;
    fs::remove(log_path, ignored);
    if (!context) {
        return core::with_context(context.error(), "reading the failure log");
    }
    return context;
}

core::Expected<logs::FailureContext> failure_context_from_file(const std::string& path,
                                                               const action::Settings& settings,
                                                               const std::vector<std::string>& secrets) {
    logs::FailureContextOptions options;
    options.budget_tokens = static_cast<std::size_t>(settings.log_budget_tokens);
    options.secrets = secrets;
    options.workspace = settings.github.workspace;
    const WorkspaceFileIndex files(settings.github.workspace);
    auto context = logs::prepare_failure_context_from_file(path, options, &files);
    if (context && context->stats.bytes_in == 0) {
        context->excerpt = "(the failure log is empty: read the code and the tests to find what fails)";
    }
    return context;
}

} // namespace autofix::app
