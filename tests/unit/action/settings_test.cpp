// Checks how settings are resolved from flags, INPUT_ variables, the config file and defaults, the GitHub
// context, each validation message, secrets and the credentials check.
#include "action/settings.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace autofix::action {
namespace {

using Variables = Environment::Variables;

CommandLine flags(std::map<std::string, std::string> values) {
    return CommandLine{Request::run, std::move(values)};
}

ConfigFile config(const std::string& text) {
    auto parsed = parse_config_file(text, ".github/autofix.yml");
    EXPECT_TRUE(parsed) << parsed.error().message;
    return parsed ? *parsed : ConfigFile{};
}

core::Expected<Settings> resolve(std::map<std::string, std::string> flag_values, Variables variables,
                                 const std::string& config_text = "") {
    variables.try_emplace("GITHUB_WORKSPACE", "/github/workspace");
    return resolve_settings(flags(std::move(flag_values)), Environment(std::move(variables)),
                            config(config_text));
}

std::string error_of(const core::Expected<Settings>& settings) {
    return settings ? std::string("(no error)") : settings.error().message;
}

TEST(Settings, DefaultsWithOnlyBuildStatus) {
    const auto settings = resolve({{"build-status", "success"}}, {});
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->build_status, BuildStatus::success);
    EXPECT_EQ(settings->branch, "");
    EXPECT_EQ(settings->failure_log, "");
    EXPECT_EQ(settings->model, "claude-sonnet-4-5");
    EXPECT_EQ(settings->strong_model, "claude-opus-4-5");
    EXPECT_EQ(settings->summary_model, "claude-sonnet-4-5");
    EXPECT_EQ(settings->strong_model_from_attempt, 5);
    EXPECT_EQ(settings->max_attempts, 6);
    EXPECT_EQ(settings->protected_paths, std::vector<std::string>{".github/workflows/**"});
    EXPECT_TRUE(settings->allow_test_changes.empty()); // every path is gated unless listed
    EXPECT_EQ(settings->skill_file, "SKILL.md");
    EXPECT_EQ(settings->prompts, "");
    EXPECT_EQ(settings->dispatch, Dispatch::automatic);
    EXPECT_EQ(settings->dry_run, DryRun::off);
    EXPECT_EQ(settings->result_file, "agent-result.json");
    EXPECT_EQ(settings->agent_name, "Autonomous Agent");
    EXPECT_EQ(settings->agent_email, "autonomous-agent@users.noreply.github.com");
    EXPECT_EQ(settings->log_budget_tokens, 8000);
    EXPECT_EQ(settings->max_turns, 30);
    EXPECT_TRUE(settings->redact.empty());
    EXPECT_EQ(settings->anthropic_base_url, "https://api.anthropic.com");
    EXPECT_EQ(settings->github.api_url, "https://api.github.com");
    EXPECT_EQ(settings->github.server_url, "https://github.com");
    EXPECT_EQ(settings->github.run_attempt, 1);
    EXPECT_EQ(settings->origins.at("model").source, ValueSource::fallback);
}

TEST(Settings, InputsWithHyphensKeptAndUnderscoreFallback) {
    const auto settings = resolve({}, {{"INPUT_BUILD-STATUS", "failure"},
                                       {"INPUT_FAILURE-LOG", "test-output.log"},
                                       {"INPUT_MAX_ATTEMPTS", "3"},
                                       {"INPUT_GITHUB-TOKEN", "ghs_token"}});
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->build_status, BuildStatus::failure);
    EXPECT_EQ(settings->failure_log, "test-output.log");
    EXPECT_EQ(settings->max_attempts, 3);
    EXPECT_EQ(settings->github_token, "ghs_token");
    EXPECT_EQ(settings->origins.at("failure-log").source, ValueSource::input);
    EXPECT_EQ(settings->origins.at("failure-log").detail, "INPUT_FAILURE-LOG");
    EXPECT_EQ(settings->origins.at("max-attempts").detail, "INPUT_MAX_ATTEMPTS");
}

TEST(Settings, PrecedenceFlagOverInputOverConfigOverDefault) {
    const auto settings =
        resolve({{"build-status", "failure"}, {"model", "from-flag"}},
                {{"INPUT_MODEL", "from-input"}, {"INPUT_STRONG-MODEL", "strong-from-input"}},
                "model: from-config\nstrong-model: strong-from-config\nskill-file: LESSONS.md\n");
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->model, "from-flag");
    EXPECT_EQ(settings->strong_model, "strong-from-input");
    EXPECT_EQ(settings->skill_file, "LESSONS.md");
    EXPECT_EQ(settings->result_file, "agent-result.json");
    EXPECT_EQ(settings->origins.at("model").source, ValueSource::flag);
    EXPECT_EQ(settings->origins.at("strong-model").source, ValueSource::input);
    EXPECT_EQ(settings->origins.at("skill-file").source, ValueSource::config_file);
    EXPECT_EQ(settings->origins.at("skill-file").detail, ".github/autofix.yml:3");
    EXPECT_EQ(settings->summary_model, "from-flag");
}

TEST(Settings, EmptyValuesFallThroughToTheNextSource) {
    const auto settings =
        resolve({{"build-status", "failure"}, {"model", ""}},
                {{"INPUT_MODEL", "  "}, {"INPUT_SKILL-FILE", ""}, {"INPUT_MAX-ATTEMPTS", ""}},
                "model: from-config\nskill-file:\n");
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->model, "from-config");
    EXPECT_EQ(settings->skill_file, "SKILL.md");
    EXPECT_EQ(settings->max_attempts, 6);
}

TEST(Settings, BranchDefaultsToHeadRefThenRefName) {
    EXPECT_EQ(resolve({{"build-status", "failure"}},
                      {{"GITHUB_HEAD_REF", "feature"}, {"GITHUB_REF_NAME", "7/merge"}})
                  ->branch,
              "feature");
    EXPECT_EQ(resolve({{"build-status", "failure"}}, {{"GITHUB_HEAD_REF", ""}, {"GITHUB_REF_NAME", "main"}})
                  ->branch,
              "main");
    EXPECT_EQ(
        resolve({{"build-status", "failure"}, {"branch", "mine"}}, {{"GITHUB_REF_NAME", "main"}})->branch,
        "mine");
    const auto settings = resolve({{"build-status", "failure"}}, {{"GITHUB_REF_NAME", "main"}});
    EXPECT_EQ(settings->origins.at("branch").source, ValueSource::environment);
    EXPECT_EQ(settings->origins.at("branch").detail, "GITHUB_REF_NAME");
}

TEST(Settings, CredentialsFallBackToTheirEnvironmentVariables) {
    const auto settings = resolve({{"build-status", "failure"}},
                                  {{"ANTHROPIC_API_KEY", "sk-ant-env"}, {"GITHUB_TOKEN", "ghs_env"}});
    EXPECT_EQ(settings->anthropic_api_key, "sk-ant-env");
    EXPECT_EQ(settings->github_token, "ghs_env");
    const auto input_wins =
        resolve({{"build-status", "failure"}},
                {{"ANTHROPIC_API_KEY", "sk-ant-env"}, {"INPUT_ANTHROPIC-API-KEY", "sk-ant-input"}});
    EXPECT_EQ(input_wins->anthropic_api_key, "sk-ant-input");
}

TEST(Settings, GithubContext) {
    const auto settings = resolve({{"build-status", "failure"}},
                                  {{"GITHUB_REPOSITORY", "o/r"},
                                   {"GITHUB_RUN_ID", "1234567890"},
                                   {"GITHUB_RUN_ATTEMPT", "2"},
                                   {"GITHUB_SHA", "deadbeef"},
                                   {"GITHUB_WORKSPACE", "/w"},
                                   {"GITHUB_API_URL", "http://127.0.0.1:8080"},
                                   {"GITHUB_SERVER_URL", "http://127.0.0.1:8081"},
                                   {"GITHUB_WORKFLOW_REF", "o/r/.github/workflows/ci.yml@refs/heads/main"},
                                   {"GITHUB_EVENT_NAME", "push"},
                                   {"GITHUB_OUTPUT", "/tmp/out"},
                                   {"GITHUB_STEP_SUMMARY", "/tmp/summary"},
                                   {"ANTHROPIC_BASE_URL", "http://127.0.0.1:9090"}});
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->github.repository, "o/r");
    EXPECT_EQ(settings->github.run_id, "1234567890");
    EXPECT_EQ(settings->github.run_attempt, 2);
    EXPECT_EQ(settings->github.sha, "deadbeef");
    EXPECT_EQ(settings->github.workspace, "/w");
    EXPECT_EQ(settings->github.api_url, "http://127.0.0.1:8080");
    EXPECT_EQ(settings->github.server_url, "http://127.0.0.1:8081");
    EXPECT_EQ(settings->github.workflow_ref, "o/r/.github/workflows/ci.yml@refs/heads/main");
    EXPECT_EQ(settings->github.event_name, "push");
    EXPECT_EQ(settings->github.output_path, "/tmp/out");
    EXPECT_EQ(settings->github.step_summary_path, "/tmp/summary");
    EXPECT_EQ(settings->anthropic_base_url, "http://127.0.0.1:9090");
}

TEST(Settings, ListsAreSplitAndTrimmed) {
    const auto settings =
        resolve({{"build-status", "failure"}, {"protected-paths", ".github/**, deploy/**\n\nsecrets/*"}},
                {{"INPUT_REDACT", "internal.host\n  second-value \n"}});
    ASSERT_TRUE(settings);
    EXPECT_EQ(settings->protected_paths, (std::vector<std::string>{".github/**", "deploy/**", "secrets/*"}));
    EXPECT_EQ(settings->redact, (std::vector<std::string>{"internal.host", "second-value"}));
}

TEST(Settings, CaBundleFromInputOrConfigFile) {
    const auto from_input = resolve({{"build-status", "failure"}},
                                    {{"INPUT_CA-BUNDLE", " certs/corp-ca.pem "}}, "ca-bundle: other.pem\n");
    ASSERT_TRUE(from_input) << from_input.error().message;
    EXPECT_EQ(from_input->ca_bundle, "certs/corp-ca.pem");
    EXPECT_EQ(from_input->origins.at("ca-bundle").source, ValueSource::input);

    const auto from_config = resolve({{"build-status", "failure"}}, {}, "ca-bundle: .github/corp-ca.pem\n");
    ASSERT_TRUE(from_config) << from_config.error().message;
    EXPECT_EQ(from_config->ca_bundle, ".github/corp-ca.pem");
    EXPECT_EQ(from_config->origins.at("ca-bundle").source, ValueSource::config_file);
    EXPECT_NE(describe_settings(*from_config).find("ca-bundle: .github/corp-ca.pem (config file"),
              std::string::npos);

    const auto unset = resolve({{"build-status", "failure"}}, {});
    ASSERT_TRUE(unset);
    EXPECT_EQ(unset->ca_bundle, "");
}

TEST(Settings, RunnerPathsCrossTheContainerBoundary) {
    const auto settings =
        resolve({{"build-status", "failure"}}, {{"RUNNER_WORKSPACE", "/home/runner/work/inventory"},
                                                {"RUNNER_TEMP", "/home/runner/work/_temp"},
                                                {"GITHUB_REPOSITORY", "octo/inventory"}});
    ASSERT_TRUE(settings);
    const RunnerPaths paths = runner_paths(settings->github);
    EXPECT_EQ(paths.workspace, "/github/workspace");
    EXPECT_EQ(paths.runner_workspace, "/home/runner/work/inventory");
    EXPECT_EQ(paths.runner_temp, "/home/runner/work/_temp");
    EXPECT_EQ(resolve_input_path("/home/runner/work/inventory/inventory/x.log", paths).path,
              "/github/workspace/x.log");
}

TEST(Settings, ConfigListsBecomeLists) {
    const auto settings =
        resolve({{"build-status", "failure"}}, {}, "protected-paths:\n  - a/**\n  - b/**\n");
    ASSERT_TRUE(settings);
    EXPECT_EQ(settings->protected_paths, (std::vector<std::string>{"a/**", "b/**"}));
}

TEST(Settings, AllowTestChangesFromInputOrConfigList) {
    const auto from_input = resolve({{"build-status", "failure"}},
                                    {{"INPUT_ALLOW-TEST-CHANGES", "tests/legacy/**, e2e/**\nsetup.cfg"}},
                                    "allow-test-changes:\n  - other/**\n");
    ASSERT_TRUE(from_input) << from_input.error().message;
    EXPECT_EQ(from_input->allow_test_changes,
              (std::vector<std::string>{"tests/legacy/**", "e2e/**", "setup.cfg"}));
    const auto from_config = resolve({{"build-status", "failure"}}, {},
                                     "allow-test-changes:\n  - tests/legacy/**\n  - codecov.yml\n");
    ASSERT_TRUE(from_config) << from_config.error().message;
    EXPECT_EQ(from_config->allow_test_changes, (std::vector<std::string>{"tests/legacy/**", "codecov.yml"}));
    EXPECT_NE(
        describe_settings(*from_config).find("allow-test-changes: tests/legacy/**, codecov.yml (config file"),
        std::string::npos)
        << describe_settings(*from_config);
}

TEST(Settings, BooleansAndDispatch) {
    for (const char* word : {"true", "yes", "1", "TRUE"}) {
        EXPECT_EQ(resolve({{"build-status", "failure"}, {"dry-run", word}}, {})->dry_run, DryRun::on) << word;
    }
    for (const char* word : {"false", "no", "0"}) {
        EXPECT_EQ(resolve({{"build-status", "failure"}, {"dry-run", word}}, {})->dry_run, DryRun::off)
            << word;
    }
    EXPECT_EQ(resolve({{"build-status", "failure"}}, {{"INPUT_DISPATCH", "always"}})->dispatch,
              Dispatch::always);
    EXPECT_EQ(resolve({{"build-status", "failure"}}, {}, "dispatch: never\n")->dispatch, Dispatch::never);
}

TEST(Settings, EnabledIsOnUnlessTheConfigFileOrAnInputSwitchesItOff) {
    const auto on = resolve({{"build-status", "failure"}}, {});
    ASSERT_TRUE(on) << on.error().message;
    EXPECT_EQ(on->enabled, core::Enabled::yes);
    const auto off = resolve({{"build-status", "failure"}}, {}, "model: m\nenabled: false\n");
    ASSERT_TRUE(off) << off.error().message;
    EXPECT_EQ(off->enabled, core::Enabled::no);
    EXPECT_EQ(off->origins.at("enabled").detail, ".github/autofix.yml:2");
    EXPECT_EQ(resolve({{"build-status", "failure"}}, {{"INPUT_ENABLED", "no"}})->enabled, core::Enabled::no);
    EXPECT_EQ(error_of(resolve({{"build-status", "failure"}}, {}, "enabled: maybe\n")),
              "enabled must be a boolean (true, false, yes, no, 1 or 0), got 'maybe' (from "
              ".github/autofix.yml:1)");
}

TEST(Settings, TriageAndConfigurationIssue) {
    const auto defaults = resolve({{"build-status", "failure"}}, {});
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->triage, core::TriageMode::automatic);
    EXPECT_EQ(defaults->configuration_issue, ConfigurationIssue::off);
    EXPECT_EQ(resolve({{"build-status", "failure"}}, {{"INPUT_TRIAGE", "off"}})->triage,
              core::TriageMode::off);
    EXPECT_EQ(resolve({{"build-status", "failure"}}, {}, "triage: off\n")->triage, core::TriageMode::off);
    EXPECT_EQ(resolve({{"build-status", "failure"}}, {}, "configuration-issue: true\n")->configuration_issue,
              ConfigurationIssue::on);
    const auto bad = resolve({{"build-status", "failure"}, {"triage", "sometimes"}}, {});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("triage must be auto or off, got 'sometimes'"), std::string::npos)
        << bad.error().message;
}

TEST(Settings, EveryBuildStatus) {
    EXPECT_EQ(resolve({{"build-status", "failure"}}, {})->build_status, BuildStatus::failure);
    EXPECT_EQ(resolve({{"build-status", "cancelled"}}, {})->build_status, BuildStatus::cancelled);
    EXPECT_EQ(resolve({{"build-status", "skipped"}}, {})->build_status, BuildStatus::skipped);
    EXPECT_EQ(resolve({{"build-status", "Success"}}, {})->build_status, BuildStatus::success);
}

TEST(SettingsErrors, MissingBuildStatus) {
    const auto settings = resolve({}, {{"INPUT_BUILD-STATUS", ""}});
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().kind, core::ErrorKind::invalid_input);
    EXPECT_EQ(error_of(settings), "build-status is required: pass --build-status or the build-status input "
                                  "(success, failure, cancelled or skipped); only a workflow_run event "
                                  "says it by itself");
}

TEST(SettingsErrors, UnknownBuildStatus) {
    EXPECT_EQ(
        error_of(resolve({{"build-status", "passed"}}, {})),
        "build-status must be success, failure, cancelled or skipped, got 'passed' (from --build-status)");
    EXPECT_EQ(error_of(resolve({}, {{"INPUT_BUILD-STATUS", "broken"}})),
              "build-status must be success, failure, cancelled or skipped, got 'broken' (from "
              "INPUT_BUILD-STATUS)");
}

TEST(SettingsErrors, NumbersMustBeWholeAndInRange) {
    EXPECT_EQ(error_of(resolve({{"build-status", "failure"}, {"max-attempts", "six"}}, {})),
              "max-attempts must be a whole number from 1 to 50, got 'six' (from --max-attempts)");
    EXPECT_EQ(error_of(resolve({{"build-status", "failure"}, {"max-attempts", "0"}}, {})),
              "max-attempts must be a whole number from 1 to 50, got '0' (from --max-attempts)");
    EXPECT_EQ(error_of(resolve({{"build-status", "failure"}, {"max-attempts", "51"}}, {})),
              "max-attempts must be a whole number from 1 to 50, got '51' (from --max-attempts)");
    EXPECT_EQ(resolve({{"build-status", "failure"}, {"max-attempts", "50"}}, {})->max_attempts, 50);
    EXPECT_EQ(resolve({{"build-status", "failure"}, {"max-attempts", "1"}}, {})->max_attempts, 1);
    EXPECT_EQ(error_of(resolve({{"build-status", "failure"}}, {}, "strong-model-from-attempt: 0\n")),
              "strong-model-from-attempt must be a whole number from 1 to 1000, got '0' (from "
              ".github/autofix.yml:1)");
    EXPECT_EQ(error_of(resolve({{"build-status", "failure"}, {"max-turns", "3.5"}}, {})),
              "max-turns must be a whole number from 1 to 500, got '3.5' (from --max-turns)");
    EXPECT_FALSE(resolve({{"build-status", "failure"}}, {{"INPUT_LOG-BUDGET-TOKENS", "-1"}}));
    EXPECT_FALSE(resolve({{"build-status", "failure"}}, {{"GITHUB_RUN_ATTEMPT", "x"}}));
}

TEST(Settings, TestCommandAndTimeoutFromInputOrConfigFile) {
    const auto unset = resolve({{"build-status", "failure"}}, {});
    ASSERT_TRUE(unset);
    EXPECT_EQ(unset->test_command, "");
    EXPECT_EQ(unset->test_timeout_seconds, 600);
    const auto from_config = resolve({{"build-status", "failure"}}, {{"INPUT_TEST-TIMEOUT", "90s"}},
                                     "test-command: python3 -m pytest -q\ntest-timeout: 20m\n");
    ASSERT_TRUE(from_config) << from_config.error().message;
    EXPECT_EQ(from_config->test_command, "python3 -m pytest -q");
    EXPECT_EQ(from_config->origins.at("test-command").source, ValueSource::config_file);
    EXPECT_EQ(from_config->test_timeout_seconds, 90);
    EXPECT_NE(describe_settings(*from_config).find("test-timeout: 90s (input"), std::string::npos);
    EXPECT_EQ(
        error_of(resolve({{"build-status", "failure"}}, {{"INPUT_TEST-TIMEOUT", "ten minutes"}})),
        "test-timeout 'ten minutes' is not a duration (seconds, or a number with s, m or h, at most 24h) "
        "(from INPUT_TEST-TIMEOUT)");
}

TEST(SettingsErrors, DispatchAndDryRun) {
    EXPECT_EQ(error_of(resolve({{"build-status", "failure"}, {"dispatch", "sometimes"}}, {})),
              "dispatch must be auto, always or never, got 'sometimes' (from --dispatch)");
    EXPECT_EQ(error_of(resolve({{"build-status", "failure"}}, {{"INPUT_DRY-RUN", "maybe"}})),
              "dry-run must be a boolean (true, false, yes, no, 1 or 0), got 'maybe' (from INPUT_DRY-RUN)");
}

TEST(Settings, SecretsListEveryCredentialAndRedactValue) {
    const auto settings = resolve({{"build-status", "failure"}, {"anthropic-api-key", "sk-ant-1"}},
                                  {{"INPUT_GITHUB-TOKEN", "ghs_2"}, {"INPUT_REDACT", "extra-1\nextra-2"}});
    EXPECT_EQ(settings->secrets(), (std::vector<std::string>{"sk-ant-1", "ghs_2", "extra-1", "extra-2"}));
    EXPECT_TRUE(resolve({{"build-status", "success"}}, {})->secrets().empty());
}

TEST(Settings, RequireCredentials) {
    auto settings = *resolve({{"build-status", "failure"}}, {});
    auto status = require_credentials(settings);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().kind, core::ErrorKind::invalid_input);
    EXPECT_EQ(status.error().message.rfind("anthropic-api-key is required", 0), 0u);
    settings.anthropic_api_key = "sk";
    EXPECT_EQ(require_credentials(settings).error().message.rfind("github-token is required", 0), 0u);
    settings.github_token = "ghs";
    EXPECT_EQ(require_credentials(settings).error().message.rfind("GITHUB_REPOSITORY is not set", 0), 0u);
    settings.github.repository = "o/r";
    EXPECT_TRUE(require_credentials(settings));
}

TEST(Settings, AModelLessCommandNeedsOnlyTheGitHubCredentials) {
    auto settings = *resolve({{"build-status", "failure"}}, {});
    settings.github_token = "ghs";
    settings.github.repository = "o/r";
    EXPECT_TRUE(require_github_credentials(settings)); // no anthropic-api-key
    EXPECT_EQ(require_model_credentials(settings).error().message.rfind("anthropic-api-key is required", 0),
              0u);
    settings.github_token.clear();
    settings.anthropic_api_key = "sk";
    EXPECT_TRUE(require_model_credentials(settings));
    EXPECT_EQ(require_github_credentials(settings).error().message.rfind("github-token is required", 0), 0u);
}

TEST(Settings, DescribeHidesSecretsAndNamesSources) {
    const auto settings = resolve({{"build-status", "failure"}, {"github-token", "ghs_secret"}},
                                  {{"INPUT_MODEL", "m"}, {"INPUT_REDACT", "hidden-value"}});
    const std::string text = describe_settings(*settings);
    EXPECT_EQ(text.find("ghs_secret"), std::string::npos);
    EXPECT_EQ(text.find("hidden-value"), std::string::npos);
    EXPECT_NE(text.find("github-token: *** (flag --github-token)"), std::string::npos) << text;
    EXPECT_NE(text.find("model: m (input INPUT_MODEL)"), std::string::npos) << text;
    EXPECT_NE(text.find("max-attempts: 6 (default)"), std::string::npos) << text;
}

TEST(LoadSettings, ReadsTheConfigFileFromTheWorkspace) {
    testing::TempDir dir;
    testing::write_text(dir.path() / ".github" / "autofix.yml", "max-attempts: 3\nagent-name: Fix Bot\n");
    const auto settings =
        load_settings(flags({{"build-status", "failure"}}),
                      Environment(Environment::Variables{{"GITHUB_WORKSPACE", dir.path().string()}}));
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->max_attempts, 3);
    EXPECT_EQ(settings->agent_name, "Fix Bot");
    EXPECT_EQ(settings->github.workspace, dir.path().string());
}

TEST(LoadSettings, InvalidConfigFileIsAnError) {
    testing::TempDir dir;
    testing::write_text(dir.path() / ".github" / "autofix.yml", "model: x\ngithub-token: ghp_oops\n");
    const auto settings =
        load_settings(flags({{"build-status", "failure"}}),
                      Environment(Environment::Variables{{"GITHUB_WORKSPACE", dir.path().string()}}));
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().kind, core::ErrorKind::config);
    EXPECT_EQ(settings.error().message.rfind(".github/autofix.yml:2:1: 'github-token' is a secret", 0), 0u)
        << settings.error().message;
}

TEST(LoadSettings, NoConfigFileIsFine) {
    testing::TempDir dir;
    const auto settings =
        load_settings(flags({{"build-status", "success"}}),
                      Environment(Environment::Variables{{"GITHUB_WORKSPACE", dir.path().string()}}));
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->max_attempts, 6);
}

} // namespace
} // namespace autofix::action

namespace autofix::action {
namespace {

TEST(Settings, BudgetsFromInputsAndTheConfigFile) {
    const auto defaults = resolve({{"build-status", "failure"}}, {});
    ASSERT_TRUE(defaults) << defaults.error().message;
    EXPECT_DOUBLE_EQ(defaults->max_cost_usd, 5.0);
    EXPECT_EQ(defaults->session_timeout_seconds, 1200);
    EXPECT_EQ(defaults->model_prices, "");
    EXPECT_EQ(defaults->prompt_caching, PromptCaching::on);

    const auto set = resolve({{"build-status", "failure"}},
                             {{"INPUT_MAX-COST-USD", "0.75"}, {"INPUT_SESSION-TIMEOUT", "5m"}},
                             "prompt-caching: false\n"
                             "model-prices:\n"
                             "  claude-sonnet-4-5: {input: 2, output: 10}\n");
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_DOUBLE_EQ(set->max_cost_usd, 0.75);
    EXPECT_EQ(set->session_timeout_seconds, 300);
    EXPECT_EQ(set->prompt_caching, PromptCaching::off);
    EXPECT_EQ(set->model_prices, R"({"claude-sonnet-4-5":{"input":2.0,"output":10.0}})");
    EXPECT_NE(describe_settings(*set).find("max-cost-usd: 0.75 (input INPUT_MAX-COST-USD)"),
              std::string::npos)
        << describe_settings(*set);
}

TEST(SettingsErrors, BudgetsMustBeAmountsAndDurations) {
    for (const char* bad : {"0", "-1", "1e3", "$5", "five", "10001"}) {
        EXPECT_NE(error_of(resolve({{"build-status", "failure"}, {"max-cost-usd", bad}}, {}))
                      .find("max-cost-usd must be an amount of US dollars"),
                  std::string::npos)
            << bad;
    }
    EXPECT_NE(error_of(resolve({{"build-status", "failure"}, {"session-timeout", "soon"}}, {}))
                  .find("session-timeout 'soon' is not a duration"),
              std::string::npos);
    EXPECT_NE(error_of(resolve({{"build-status", "failure"}, {"prompt-caching", "maybe"}}, {}))
                  .find("prompt-caching must be a boolean"),
              std::string::npos);
    const auto prices =
        parse_config_file("model-prices:\n  claude-x: {input: cheap}\n", ".github/autofix.yml");
    ASSERT_FALSE(prices);
    EXPECT_NE(prices.error().message.find(".github/autofix.yml:2:"), std::string::npos)
        << prices.error().message;
}

} // namespace
} // namespace autofix::action
