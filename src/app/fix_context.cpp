#include "app/fix_context.hpp"

#include "logs/token_estimate.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace autofix::app {

agent::WorkspaceOptions workspace_options(const action::Settings& settings) {
    agent::WorkspaceOptions options;
    if (!settings.protected_paths.empty()) {
        options.protected_globs = settings.protected_paths;
    }
    return options;
}

std::string read_skill_file(const action::Settings& settings) {
    std::ifstream file(std::filesystem::path(settings.github.workspace) / settings.skill_file,
                       std::ios::binary);
    if (!file) {
        return {};
    }
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

core::GatePolicy commit_gate_policy(const action::Settings& settings) {
    core::GatePolicy policy;
    policy.allowed_globs = settings.allow_test_changes;
    policy.test_command = settings.test_command;
    policy.config_file = ".github/autofix.yml"; // action::config_file_path relative to the workspace
    return policy;
}

agent::FixContext make_fix_context(const logs::FailureContext& failure, const action::Settings& settings,
                                   int attempt, std::vector<agent::PreviousAttempt> previous) {
    agent::FixContext context;
    context.failure_excerpt = failure.excerpt;
    for (const logs::FileReference& reference : failure.files) {
        context.referenced_files.push_back({reference.path, static_cast<int>(reference.line)});
    }
    context.skill_text = read_skill_file(settings);
    context.attempt = attempt;
    context.previous_attempts = std::move(previous);
    return context;
}

agent::FixSessionConfig make_session_config(const action::Settings& settings, const std::string& model,
                                            agent::Redact redact) {
    agent::FixSessionConfig config;
    config.model = model;
    config.limits.max_turns = settings.max_turns;
    // The excerpt is already cut to log-budget-tokens: the prompt must not cut it again.
    config.context.max_excerpt_chars =
        std::max(config.context.max_excerpt_chars,
                 logs::token_budget_bytes(static_cast<std::size_t>(settings.log_budget_tokens)) + 1024);
    // The windows of the files the log points at share one budget the size of the excerpt's.
    config.context.max_referenced_chars =
        logs::token_budget_bytes(static_cast<std::size_t>(settings.log_budget_tokens));
    // The file tree gets a quarter of that: enough for the neighbours of the named files and an overview.
    config.context.max_tree_chars = config.context.max_referenced_chars / 4;
    config.redact = std::move(redact);
    config.commit_gate = commit_gate_policy(settings);
    return config;
}

} // namespace autofix::app
