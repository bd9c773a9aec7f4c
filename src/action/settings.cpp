#include "action/settings.hpp"

#include "action/event_payload.hpp"
#include "action/inputs.hpp"
#include "core/fix_branch.hpp"
#include "core/shell_command.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <utility>

namespace autofix::action {
namespace {

core::Error invalid(std::string message) {
    return core::make_error(core::ErrorKind::invalid_input, std::move(message));
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

// One setting's text before conversion, with where it came from.
struct RawValue {
    std::string text;
    ValueOrigin origin;
};

// Applies the precedence flag > input > config file > default to one input; empty values fall through.
class Resolver {
public:
    Resolver(const CommandLine& command_line, const Environment& environment, const ConfigFile& config)
        : m_command_line(command_line), m_environment(environment), m_config(config) {}

    RawValue resolve(const InputSpec& spec) const {
        const std::string name(spec.name);
        if (const auto flag = m_command_line.values.find(name); flag != m_command_line.values.end()) {
            if (auto text = trim(flag->second); !text.empty()) {
                return {std::move(text), {ValueSource::flag, "--" + name}};
            }
        }
        std::string variable = "INPUT_" + upper(name);
        for (int spelling = 0; spelling < 2; ++spelling) {
            if (auto text = trim(m_environment.value_or(variable, "")); !text.empty()) {
                return {std::move(text), {ValueSource::input, variable}};
            }
            std::replace(variable.begin(), variable.end(), '-', '_');
        }
        if (const auto entry = m_config.entries.find(name); entry != m_config.entries.end()) {
            if (auto text = trim(entry->second.value); !text.empty()) {
                return {
                    std::move(text),
                    {ValueSource::config_file, m_config.label + ":" + std::to_string(entry->second.line)}};
            }
        }
        return {std::string(spec.default_value), {ValueSource::fallback, "default"}};
    }

    // The environment variable `variable` when the input was not set anywhere.
    RawValue resolve_or_environment(const InputSpec& spec, std::string_view variable) const {
        RawValue raw = resolve(spec);
        if (raw.origin.source == ValueSource::fallback) {
            if (auto text = trim(m_environment.value_or(variable, "")); !text.empty()) {
                return {std::move(text), {ValueSource::environment, std::string(variable)}};
            }
        }
        return raw;
    }

private:
    const CommandLine& m_command_line;
    const Environment& m_environment;
    const ConfigFile& m_config;
};

// True when a flag, an input or the config file gave the value (not a default or a GITHUB_* variable).
bool explicitly_set(const RawValue& raw) {
    return raw.origin.source == ValueSource::flag || raw.origin.source == ValueSource::input ||
           raw.origin.source == ValueSource::config_file;
}

std::string from(const RawValue& raw) {
    return " (from " + raw.origin.detail + ")";
}

core::Expected<int> to_number(std::string_view name, const RawValue& raw, int minimum, int maximum) {
    int number = 0;
    const char* begin = raw.text.data();
    const char* end = begin + raw.text.size();
    const auto [stop, code] = std::from_chars(begin, end, number);
    if (code != std::errc() || stop != end || number < minimum || number > maximum) {
        return invalid(std::string(name) + " must be a whole number from " + std::to_string(minimum) +
                       " to " + std::to_string(maximum) + ", got '" + raw.text + "'" + from(raw));
    }
    return number;
}

BuildStatus from_core(core::BuildStatus status) {
    switch (status) {
    case core::BuildStatus::success:
        return BuildStatus::success;
    case core::BuildStatus::failure:
        return BuildStatus::failure;
    case core::BuildStatus::cancelled:
        return BuildStatus::cancelled;
    case core::BuildStatus::skipped:
        return BuildStatus::skipped;
    }
    return BuildStatus::skipped;
}

core::Expected<BuildStatus> to_build_status(const RawValue& raw) {
    if (raw.text.empty()) {
        return invalid(
            "build-status is required: pass --build-status or the build-status input "
            "(success, failure, cancelled or skipped); only a workflow_run event says it by itself");
    }
    const std::string text = lower(raw.text);
    for (const auto status :
         {BuildStatus::success, BuildStatus::failure, BuildStatus::cancelled, BuildStatus::skipped}) {
        if (text == to_string(status)) {
            return status;
        }
    }
    // A workflow run's conclusion, as `${{ github.event.workflow_run.conclusion }}` passes it.
    for (const char* conclusion : {"timed_out", "neutral", "action_required", "stale", "startup_failure"}) {
        if (text == conclusion) {
            return from_core(core::build_status_from_conclusion(text));
        }
    }
    return invalid("build-status must be success, failure, cancelled or skipped, got '" + raw.text + "'" +
                   from(raw));
}

core::Expected<Dispatch> to_dispatch(const RawValue& raw) {
    const std::string text = lower(raw.text);
    for (const auto dispatch : {Dispatch::automatic, Dispatch::always, Dispatch::never}) {
        if (text == to_string(dispatch)) {
            return dispatch;
        }
    }
    return invalid("dispatch must be auto, always or never, got '" + raw.text + "'" + from(raw));
}

// A positive amount of US dollars, at most 10000, written as a plain decimal ("5", "0.75"; no sign or unit).
core::Expected<double> to_dollars(std::string_view name, const RawValue& raw) {
    double value = 0;
    const char* begin = raw.text.data();
    const char* end = begin + raw.text.size();
    const bool plain = !raw.text.empty() && raw.text.find_first_not_of("0123456789.") == std::string::npos;
    const auto [stop, code] = std::from_chars(begin, end, value);
    if (!plain || code != std::errc() || stop != end || value <= 0 || value > 10000) {
        return invalid(std::string(name) + " must be an amount of US dollars above 0 and at most 10000 " +
                       "(like 5 or 0.75), got '" + raw.text + "'" + from(raw));
    }
    return value;
}

core::Expected<core::TriageMode> to_triage(const RawValue& raw) {
    const std::string text = lower(raw.text);
    if (text == "auto") {
        return core::TriageMode::automatic;
    }
    if (text == "off") {
        return core::TriageMode::off;
    }
    return invalid("triage must be auto or off, got '" + raw.text + "'" + from(raw));
}

core::Expected<ConfigurationIssue> to_configuration_issue(const RawValue& raw) {
    const std::string text = lower(raw.text);
    if (text == "true" || text == "yes" || text == "1") {
        return ConfigurationIssue::on;
    }
    if (text == "false" || text == "no" || text == "0") {
        return ConfigurationIssue::off;
    }
    return invalid("configuration-issue must be a boolean (true, false, yes, no, 1 or 0), got '" + raw.text +
                   "'" + from(raw));
}

core::Expected<DryRun> to_dry_run(const RawValue& raw) {
    const std::string text = lower(raw.text);
    if (text == "true" || text == "yes" || text == "1") {
        return DryRun::on;
    }
    if (text == "false" || text == "no" || text == "0") {
        return DryRun::off;
    }
    return invalid("dry-run must be a boolean (true, false, yes, no, 1 or 0), got '" + raw.text + "'" +
                   from(raw));
}

core::Expected<core::Enabled> to_enabled(const RawValue& raw) {
    const std::string text = lower(raw.text);
    if (text == "true" || text == "yes" || text == "1") {
        return core::Enabled::yes;
    }
    if (text == "false" || text == "no" || text == "0") {
        return core::Enabled::no;
    }
    return invalid("enabled must be a boolean (true, false, yes, no, 1 or 0), got '" + raw.text + "'" +
                   from(raw));
}

// Splits `text` at any of `separators`, trimming items and dropping empty ones.
std::vector<std::string> split(std::string_view text, std::string_view separators) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto stop = text.find_first_of(separators, start);
        const auto length = stop == std::string_view::npos ? std::string_view::npos : stop - start;
        if (auto item = trim(text.substr(start, length)); !item.empty()) {
            items.push_back(std::move(item));
        }
        if (stop == std::string_view::npos) {
            break;
        }
        start = stop + 1;
    }
    return items;
}

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
    const std::string caching = lower(raw["prompt-caching"].text);
    if (caching == "true" || caching == "yes" || caching == "1") {
        settings.prompt_caching = PromptCaching::on;
    } else if (caching == "false" || caching == "no" || caching == "0") {
        settings.prompt_caching = PromptCaching::off;
    } else {
        return invalid("prompt-caching must be a boolean (true, false, yes, no, 1 or 0), got '" +
                       raw["prompt-caching"].text + "'" + from(raw["prompt-caching"]));
    }
    settings.test_command = raw["test-command"].text;
    auto dispatch = to_dispatch(raw["dispatch"]);
    if (!dispatch) {
        return dispatch.error();
    }
    settings.dispatch = *dispatch;
    auto dry_run = to_dry_run(raw["dry-run"]);
    if (!dry_run) {
        return dry_run.error();
    }
    settings.dry_run = *dry_run;
    auto enabled = to_enabled(raw["enabled"]);
    if (!enabled) {
        return enabled.error();
    }
    settings.enabled = *enabled;
    auto triage = to_triage(raw["triage"]);
    if (!triage) {
        return triage.error();
    }
    settings.triage = *triage;
    auto configuration_issue = to_configuration_issue(raw["configuration-issue"]);
    if (!configuration_issue) {
        return configuration_issue.error();
    }
    settings.configuration_issue = *configuration_issue;
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
    if (settings.model_provider.provider != Provider::anthropic) {
        if (const core::Status provider = check_provider_settings(settings.model_provider); !provider) {
            return provider;
        }
    } else if (settings.anthropic_api_key.empty()) {
        return invalid("anthropic-api-key is required to run a fix session or write a summary: set the "
                       "anthropic-api-key input (or ANTHROPIC_API_KEY)");
    }
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
