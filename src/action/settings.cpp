#include "action/settings.hpp"

#include "action/event_payload.hpp"
#include "action/inputs.hpp"
#include "action/setting_values.hpp"
#include "core/fix_branch.hpp"
#include "core/shell_command.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <utility>

namespace autofix::action {
using namespace setting_values;

namespace {

std::string absolute_workspace(const Environment& environment) {
    if (auto workspace = environment.value_or("GITHUB_WORKSPACE", ""); !workspace.empty()) {
        return workspace;
    }
    std::error_code code;
    auto current = std::filesystem::current_path(code);
    return code ? std::string(".") : current.string();
}

core::Expected<GithubContext> read_github_context(const Environment& environment) {
    GithubContext github;
    github.repository = environment.value_or("GITHUB_REPOSITORY", "");
    github.run_id = environment.value_or("GITHUB_RUN_ID", "");
    const RawValue attempt{environment.value_or("GITHUB_RUN_ATTEMPT", "1"),
                           {ValueSource::environment, "GITHUB_RUN_ATTEMPT"}};
    auto run_attempt = to_number("GITHUB_RUN_ATTEMPT", attempt, 1, 1000000);
    if (!run_attempt) {
        return run_attempt.error();
    }
    github.run_attempt = *run_attempt;
    github.sha = environment.value_or("GITHUB_SHA", "");
    github.workspace = absolute_workspace(environment);
    github.api_url = environment.value_or("GITHUB_API_URL", "https://api.github.com");
    github.server_url = environment.value_or("GITHUB_SERVER_URL", "https://github.com");
    github.workflow_ref = environment.value_or("GITHUB_WORKFLOW_REF", "");
    github.head_ref = environment.value_or("GITHUB_HEAD_REF", "");
    github.ref_name = environment.value_or("GITHUB_REF_NAME", "");
    github.event_name = environment.value_or("GITHUB_EVENT_NAME", "");
    github.output_path = environment.value_or("GITHUB_OUTPUT", "");
    github.step_summary_path = environment.value_or("GITHUB_STEP_SUMMARY", "");
    github.runner_workspace = environment.value_or("RUNNER_WORKSPACE", "");
    github.runner_temp = environment.value_or("RUNNER_TEMP", "");
    return github;
}

std::string dollars_text(double usd) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", usd);
    return buffer;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string text;
    for (const auto& item : items) {
        if (!text.empty()) {
            text += separator;
        }
        text += item;
    }
    return text;
}

} // namespace

std::vector<std::string> Settings::secrets() const {
    std::vector<std::string> values;
    for (const auto* secret : {&anthropic_api_key, &github_token}) {
        if (!secret->empty()) {
            values.push_back(*secret);
        }
    }
    for (const auto& value : redact) {
        if (!value.empty()) {
            values.push_back(value);
        }
    }
    for (auto& value : model_provider.secrets()) {
        values.push_back(std::move(value));
    }
    return values;
}

RunnerPaths runner_paths(const GithubContext& github) {
    return {github.workspace, github.runner_workspace, github.runner_temp, github.repository};
}

const char* to_string(BuildStatus status) {
    switch (status) {
    case BuildStatus::success:
        return "success";
    case BuildStatus::failure:
        return "failure";
    case BuildStatus::cancelled:
        return "cancelled";
    case BuildStatus::skipped:
        return "skipped";
    }
    return "success";
}

const char* to_string(Dispatch dispatch) {
    switch (dispatch) {
    case Dispatch::automatic:
        return "auto";
    case Dispatch::always:
        return "always";
    case Dispatch::never:
        return "never";
    }
    return "auto";
}

const char* to_string(ValueSource source) {
    switch (source) {
    case ValueSource::flag:
        return "flag";
    case ValueSource::input:
        return "input";
    case ValueSource::config_file:
        return "config file";
    case ValueSource::environment:
        return "environment";
    case ValueSource::fallback:
        return "default";
    }
    return "default";
}

std::string config_file_path(const std::string& workspace) {
    return (std::filesystem::path(workspace) / ".github" / "autofix.yml").string();
}

core::Expected<Settings> resolve_settings(const CommandLine& command_line, const Environment& environment,
                                          const ConfigFile& config) {
    const Resolver resolver(command_line, environment, config);
    Settings settings;
    std::map<std::string, RawValue> raw;
    for (const auto& spec : input_specs()) {
        raw[std::string(spec.name)] = resolver.resolve(spec);
    }
    raw["anthropic-api-key"] =
        resolver.resolve_or_environment(*find_input("anthropic-api-key"), "ANTHROPIC_API_KEY");
    raw["github-token"] = resolver.resolve_or_environment(*find_input("github-token"), "GITHUB_TOKEN");
    for (const auto& [input, variables] : provider_input_variables()) { // in the order their SDKs read them
        for (const auto& variable : variables) {
            if (raw[input] = resolver.resolve_or_environment(*find_input(input), variable);
                !raw[input].text.empty()) {
                break;
            }
        }
    }
    raw["branch"] = resolver.resolve_or_environment(*find_input("branch"), "GITHUB_HEAD_REF");
    if (raw["branch"].text.empty()) {
        raw["branch"] = resolver.resolve_or_environment(*find_input("branch"), "GITHUB_REF_NAME");
    }
    if (raw["summary-model"].text.empty()) {
        raw["summary-model"] = {raw["model"].text, {ValueSource::fallback, "model"}};
    }

    auto event = read_event_facts(environment);
    if (!event) {
        return event.error();
    }
    const core::RunContext run =
        core::derive_run_context(*event, {explicitly_set(raw["branch"]) ? raw["branch"].text : std::string(),
                                          raw["base-branch"].text, raw["ci-workflow"].text});
    if (raw["build-status"].text.empty() && run.build_status) {
        raw["build-status"] = {to_string(from_core(*run.build_status)),
                               {ValueSource::environment, "the workflow_run event's conclusion"}};
    } else if (raw["build-status"].text.empty() && run.comment) {
        // A comment's run answers an `/autofix` command on a fix branch: no build of its own to judge.
        raw["build-status"] = {"failure", {ValueSource::environment, "unused: the run answers a comment"}};
    }
    auto build_status = to_build_status(raw["build-status"]);
    if (!build_status) {
        return build_status.error();
    }
    settings.build_status = *build_status;
    auto strong_from = to_number("strong-model-from-attempt", raw["strong-model-from-attempt"], 1, 1000);
    if (!strong_from) {
        return strong_from.error();
    }
    settings.strong_model_from_attempt = *strong_from;
    auto max_attempts = to_number("max-attempts", raw["max-attempts"], 1, 50);
    if (!max_attempts) {
        return max_attempts.error();
    }
    settings.max_attempts = *max_attempts;
    auto log_budget = to_number("log-budget-tokens", raw["log-budget-tokens"], 100, 1000000);
    if (!log_budget) {
        return log_budget.error();
    }
    settings.log_budget_tokens = *log_budget;
    auto max_turns = to_number("max-turns", raw["max-turns"], 1, 500);
    if (!max_turns) {
        return max_turns.error();
    }
    settings.max_turns = *max_turns;
    const auto test_timeout = core::parse_duration_seconds(raw["test-timeout"].text);
    if (!test_timeout) {
        return invalid("test-timeout '" + raw["test-timeout"].text +
                       "' is not a duration (seconds, or a number with s, m or h, at most 24h)" +
                       from(raw["test-timeout"]));
    }
    settings.test_timeout_seconds = *test_timeout;
    const auto session_timeout = core::parse_duration_seconds(raw["session-timeout"].text);
    if (!session_timeout || *session_timeout <= 0) {
        return invalid("session-timeout '" + raw["session-timeout"].text +
                       "' is not a duration (seconds, or a number with s, m or h, at most 24h)" +
                       from(raw["session-timeout"]));
    }
    settings.session_timeout_seconds = *session_timeout;
    auto max_cost = to_dollars("max-cost-usd", raw["max-cost-usd"]);
    if (!max_cost) {
        return max_cost.error();
    }
    settings.max_cost_usd = *max_cost;
    settings.model_prices = raw["model-prices"].text;
    auto caching = to_boolean("prompt-caching", raw["prompt-caching"]);
    if (!caching) {
        return caching.error();
    }
    settings.prompt_caching = *caching ? PromptCaching::on : PromptCaching::off;
    settings.test_command = raw["test-command"].text;
    auto dispatch = to_dispatch(raw["dispatch"]);
    if (!dispatch) {
        return dispatch.error();
    }
    settings.dispatch = *dispatch;
    auto dry_run = to_boolean("dry-run", raw["dry-run"]);
    if (!dry_run) {
        return dry_run.error();
    }
    settings.dry_run = *dry_run ? DryRun::on : DryRun::off;
    auto enabled = to_boolean("enabled", raw["enabled"]);
    if (!enabled) {
        return enabled.error();
    }
    settings.enabled = *enabled ? core::Enabled::yes : core::Enabled::no;
    auto triage = to_triage(raw["triage"]);
    if (!triage) {
        return triage.error();
    }
    settings.triage = *triage;
    auto configuration_issue = to_boolean("configuration-issue", raw["configuration-issue"]);
    if (!configuration_issue) {
        return configuration_issue.error();
    }
    settings.configuration_issue = *configuration_issue ? ConfigurationIssue::on : ConfigurationIssue::off;
    auto github = read_github_context(environment);
    if (!github) {
        return github.error();
    }
    settings.github = std::move(*github);

    settings.run = run;
    if (!explicitly_set(raw["branch"])) {
        if (!run.branch.empty() && run.branch != raw["branch"].text) {
            raw["branch"] = {run.branch, {ValueSource::environment, "the " + event->name + " event"}};
        }
    }
    settings.branch = raw["branch"].text;
    if (!settings.branch.empty() && !core::valid_branch_name(settings.branch)) {
        std::string shown;
        for (const char c : settings.branch) {
            shown += static_cast<unsigned char>(c) < 0x20 ? '?' : c; // keep the message on one line
        }
        return invalid("branch '" + shown + "' is not a valid git branch name" + from(raw["branch"]));
    }
    settings.failure_log = raw["failure-log"].text;
    settings.anthropic_api_key = raw["anthropic-api-key"].text;
    settings.github_token = raw["github-token"].text;
    settings.base_branch = raw["base-branch"].text;
    settings.model = raw["model"].text;
    settings.strong_model = raw["strong-model"].text;
    settings.summary_model = raw["summary-model"].text;
    settings.protected_paths = split(raw["protected-paths"].text, "\n,");
    settings.allow_test_changes = split(raw["allow-test-changes"].text, "\n,");
    settings.skill_file = raw["skill-file"].text;
    settings.prompts = raw["prompts"].text;
    settings.result_file = raw["result-file"].text;
    settings.agent_name = raw["agent-name"].text;
    settings.agent_email = raw["agent-email"].text;
    settings.redact = split(raw["redact"].text, "\n");
    settings.ca_bundle = raw["ca-bundle"].text;
    settings.anthropic_base_url = environment.value_or("ANTHROPIC_BASE_URL", "https://api.anthropic.com");
    auto provider = parse_provider(raw["provider"].text);
    if (!provider) {
        return invalid(provider.error().message + from(raw["provider"]));
    }
    std::map<std::string, std::string> provider_inputs;
    for (const auto& entry : provider_input_variables()) {
        provider_inputs[entry.first] = raw[entry.first].text;
    }
    settings.model_provider = make_provider_settings(*provider, provider_inputs, environment);
    for (auto& [name, value] : raw) {
        settings.origins[name] = std::move(value.origin);
    }
    return settings;
}

core::Expected<Settings> load_settings(const CommandLine& command_line, const Environment& environment) {
    const std::string workspace = absolute_workspace(environment);
    auto config = read_config_file(config_file_path(workspace), ".github/autofix.yml");
    if (!config) {
        return config.error();
    }
    return resolve_settings(command_line, environment, *config);
}

core::Status require_credentials(const Settings& settings) {
    if (const core::Status model = require_model_credentials(settings); !model) {
        return model;
    }
    return require_github_credentials(settings);
}

core::Status require_model_credentials(const Settings& settings) {
    if (settings.model_provider.provider != Provider::anthropic) {
        if (const core::Status provider = check_provider_settings(settings.model_provider); !provider) {
            return provider;
        }
        // The default model is an Anthropic API id, which Bedrock, Vertex AI and other servers name
        // otherwise.
        const auto model = settings.origins.find("model");
        if (model == settings.origins.end() || model->second.source == ValueSource::fallback) {
            return invalid(std::string("provider ") + to_string(settings.model_provider.provider) +
                           " needs the model input: its own id of the model (see the README's examples), "
                           "not the Anthropic API's default " +
                           settings.model);
        }
    } else if (settings.anthropic_api_key.empty()) {
        return invalid("anthropic-api-key is required to run a fix session or write a summary: set the "
                       "anthropic-api-key input (or ANTHROPIC_API_KEY)");
    }
    return {};
}

core::Status require_github_credentials(const Settings& settings) {
    if (settings.github_token.empty()) {
        return invalid(
            "github-token is required to talk to GitHub: set the github-token input (or GITHUB_TOKEN)");
    }
    if (settings.github.repository.empty()) {
        return invalid("GITHUB_REPOSITORY is not set: it names the repository (owner/name) to act on");
    }
    return {};
}

std::string describe_settings(const Settings& settings) {
    std::vector<std::pair<std::string, std::string>> values{
        {"build-status", to_string(settings.build_status)},
        {"branch", settings.branch},
        {"failure-log", settings.failure_log},
        {"anthropic-api-key", settings.anthropic_api_key.empty() ? "" : "***"},
        {"github-token", settings.github_token.empty() ? "" : "***"},
        {"base-branch", settings.base_branch},
        {"model", settings.model},
        {"strong-model", settings.strong_model},
        {"summary-model", settings.summary_model},
        {"strong-model-from-attempt", std::to_string(settings.strong_model_from_attempt)},
        {"max-attempts", std::to_string(settings.max_attempts)},
        {"protected-paths", join(settings.protected_paths, ", ")},
        {"allow-test-changes", join(settings.allow_test_changes, ", ")},
        {"skill-file", settings.skill_file},
        {"prompts", settings.prompts.empty() ? "(bundled)" : settings.prompts},
        {"dispatch", to_string(settings.dispatch)},
        {"ci-workflow", settings.run.workflow_file},
        {"dry-run", settings.dry_run == DryRun::on ? "true" : "false"},
        {"enabled", settings.enabled == core::Enabled::yes ? "true" : "false"},
        {"result-file", settings.result_file},
        {"agent-name", settings.agent_name},
        {"agent-email", settings.agent_email},
        {"log-budget-tokens", std::to_string(settings.log_budget_tokens)},
        {"max-turns", std::to_string(settings.max_turns)},
        {"max-cost-usd", dollars_text(settings.max_cost_usd)},
        {"session-timeout", std::to_string(settings.session_timeout_seconds) + "s"},
        {"model-prices", settings.model_prices.empty() ? "(bundled)" : settings.model_prices},
        {"prompt-caching", settings.prompt_caching == PromptCaching::on ? "true" : "false"},
        {"test-command", settings.test_command},
        {"test-timeout", std::to_string(settings.test_timeout_seconds) + "s"},
        {"redact",
         settings.redact.empty() ? "" : std::to_string(settings.redact.size()) + " value(s), hidden"},
        {"ca-bundle", settings.ca_bundle},
        {"triage", settings.triage == core::TriageMode::automatic ? "auto" : "off"},
        {"configuration-issue", settings.configuration_issue == ConfigurationIssue::on ? "true" : "false"},
    };
    std::string text;
    for (auto& line : describe_provider(settings.model_provider)) {
        values.push_back(std::move(line));
    }
    for (const auto& [name, value] : values) {
        text += name + ": " + value;
        if (const auto origin = settings.origins.find(name); origin != settings.origins.end()) {
            text += " (" + std::string(to_string(origin->second.source));
            if (origin->second.detail != to_string(origin->second.source)) {
                text += " " + origin->second.detail;
            }
            text += ")";
        }
        text += "\n";
    }
    const auto& github = settings.github;
    text += "github: repository=" + github.repository + " run_id=" + github.run_id +
            " run_attempt=" + std::to_string(github.run_attempt) + " sha=" + github.sha +
            " workspace=" + github.workspace + " api_url=" + github.api_url +
            " server_url=" + github.server_url + " workflow_ref=" + github.workflow_ref +
            " event_name=" + github.event_name + "\n";
    text += "run context: " + settings.run.source + ": branch=" + settings.run.branch +
            " commit=" + settings.run.commit + " base=" + settings.run.base_branch +
            " workflow=" + settings.run.workflow_file + " logs-of-run=" + settings.run.log_run_id +
            " fix-id=" + settings.run.fix_run_id + "\n";
    text += "anthropic-base-url: " + settings.anthropic_base_url + "\n";
    return text;
}

} // namespace autofix::action
