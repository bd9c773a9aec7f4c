#pragma once

#include "action/command_line.hpp"
#include "action/config_file.hpp"
#include "action/container_paths.hpp"
#include "action/environment.hpp"
#include "action/model_provider.hpp"
#include "core/error.hpp"
#include "core/failure_response.hpp"
#include "core/run_context.hpp"
#include "core/run_guards.hpp"

#include <map>
#include <string>
#include <vector>

namespace autofix::action {

/// The `build-status` input: the result of the job that ran the project's tests.
enum class BuildStatus { success, failure, cancelled, skipped };

/// The `dispatch` input: when to start CI on the fix branch with workflow_dispatch after a push.
enum class Dispatch { automatic, always, never };

/// The `dry-run` input: decide and prepare only, or act.
enum class DryRun { off, on };

/// The `prompt-caching` input: mark the stable prefix of fix-session requests for Anthropic's prompt caching.
enum class PromptCaching { off, on };

/// The `configuration-issue` input: whether a configuration failure opens an issue besides the notice.
enum class ConfigurationIssue { off, on };

/// Where a setting's value came from, for `--print-settings` and for messages.
enum class ValueSource { flag, input, config_file, environment, fallback };

/// The source of one value and its detail: the flag, the variable, `file:line` or the default's origin.
struct ValueOrigin {
    ValueSource source = ValueSource::fallback;
    std::string detail;
};

/// The run's GitHub context, read from the `GITHUB_*` variables.
struct GithubContext {
    std::string repository;        // GITHUB_REPOSITORY, owner/name
    std::string run_id;            // GITHUB_RUN_ID
    int run_attempt = 1;           // GITHUB_RUN_ATTEMPT, 1 when unset
    std::string sha;               // GITHUB_SHA
    std::string workspace;         // GITHUB_WORKSPACE, else the current directory (absolute)
    std::string api_url;           // GITHUB_API_URL, default https://api.github.com
    std::string server_url;        // GITHUB_SERVER_URL, default https://github.com
    std::string workflow_ref;      // GITHUB_WORKFLOW_REF
    std::string head_ref;          // GITHUB_HEAD_REF
    std::string ref_name;          // GITHUB_REF_NAME
    std::string event_name;        // GITHUB_EVENT_NAME
    std::string output_path;       // GITHUB_OUTPUT, empty when unset
    std::string step_summary_path; // GITHUB_STEP_SUMMARY, empty when unset
    std::string runner_workspace;  // RUNNER_WORKSPACE, the runner's folder of the checkout
    std::string runner_temp;       // RUNNER_TEMP, the runner's temporary folder
};

/// Every setting of a run, resolved from flags, inputs, the config file and defaults.
struct Settings {
    BuildStatus build_status = BuildStatus::success;
    std::string branch;            // default: the event's branch (run.branch)
    std::string failure_log;       // empty: download the failed jobs' logs
    std::string anthropic_api_key; // fallback ANTHROPIC_API_KEY
    std::string github_token;      // fallback GITHUB_TOKEN
    std::string base_branch;       // empty: derived by the app
    std::string model;
    std::string strong_model;
    std::string summary_model; // default: model
    int strong_model_from_attempt = 5;
    int max_attempts = 6;
    std::vector<std::string> protected_paths;
    std::vector<std::string> allow_test_changes; // globs the commit gate lets change anyway
    std::string skill_file;
    std::string prompts; // empty: the bundled prompts/prompts.json
    Dispatch dispatch = Dispatch::automatic;
    DryRun dry_run = DryRun::off;
    core::Enabled enabled = core::Enabled::yes; // `enabled: false` switches the action off
    std::string result_file;
    std::string agent_name;
    std::string agent_email;
    int log_budget_tokens = 8000;
    int max_turns = 30;
    double max_cost_usd = 5.0;           // the cost cap of a whole fix chain
    long session_timeout_seconds = 1200; // wall time of one fix session
    std::string model_prices;            // JSON price overrides (the config file may give a mapping)
    PromptCaching prompt_caching = PromptCaching::on;
    std::vector<std::string> redact; // extra secret values to mask and redact
    std::string ca_bundle;           // extra CA certificates (PEM), a path in the workspace; empty: none
    std::string test_command;        // empty: no test run in the fix loop
    long test_timeout_seconds = 600; // the limit of one test-command run
    std::string anthropic_base_url;  // ANTHROPIC_BASE_URL, default https://api.anthropic.com
    ProviderSettings model_provider; // provider and the settings of Bedrock, Vertex AI, OpenAI-compatible
    core::TriageMode triage = core::TriageMode::automatic;            // the `triage` input
    ConfigurationIssue configuration_issue = ConfigurationIssue::off; // the `configuration-issue` input
    GithubContext github;
    core::RunContext run; // derived from the event and the inputs: commit, workflow, logs, fix id
    std::map<std::string, ValueOrigin> origins; // by input name

    /// Every non-empty secret value (API key, token, redact values) for masking and redaction.
    std::vector<std::string> secrets() const;
};

/// Both sides of the container boundary for paths given in inputs (workspace, RUNNER_*, repository).
RunnerPaths runner_paths(const GithubContext& github);

/// The input's value as written in the action (`success`, `auto`, ...).
const char* to_string(BuildStatus status);
const char* to_string(Dispatch dispatch);
const char* to_string(ValueSource source);

/// The path of the repository config file under `workspace`: `<workspace>/.github/autofix.yml`.
std::string config_file_path(const std::string& workspace);

/// Resolves the settings from `command_line` flags, `INPUT_<NAME>` variables of `environment` (hyphens kept,
/// underscores accepted), `config` and the defaults, in that precedence; unset or empty values fall through.
/// Fails (invalid_input) with one line for a missing or unknown build status, a non-numeric or out-of-range
/// number, a dispatch other than auto/always/never, a dry-run or prompt-caching that is not a boolean, a bad
/// GITHUB_RUN_ATTEMPT, a test-timeout or session-timeout that is no duration, a max-cost-usd that is not a
/// positive amount.
core::Expected<Settings> resolve_settings(const CommandLine& command_line, const Environment& environment,
                                          const ConfigFile& config);

/// Reads `.github/autofix.yml` from the workspace (GITHUB_WORKSPACE, else the current directory) and
/// resolves the settings as resolve_settings does; fails also (config) when the config file is invalid.
core::Expected<Settings> load_settings(const CommandLine& command_line, const Environment& environment);

/// Checks what talking to the model and GitHub needs (cases 1, 2, 3 and 5): anthropic-api-key (or what
/// the chosen provider needs), github-token and GITHUB_REPOSITORY. Fails (invalid_input) naming the first one
/// missing.
core::Status require_credentials(const Settings& settings);

/// Checks what talking to the model needs: anthropic-api-key, or what the chosen provider needs (and its own
/// model id). Fails (invalid_input) naming what is missing.
core::Status require_model_credentials(const Settings& settings);

/// Checks what talking to GitHub needs (a comment command that calls no model): github-token and
/// GITHUB_REPOSITORY. Fails (invalid_input) naming the first one missing.
core::Status require_github_credentials(const Settings& settings);

/// One line per setting, `name: value (source)`, secrets shown as `***`; for `--print-settings`.
std::string describe_settings(const Settings& settings);

} // namespace autofix::action
