#include "action/inputs.hpp"

#include <array>

namespace autofix::action {
namespace {

constexpr std::array k_inputs{
    InputSpec{"build-status", "",
              "success, failure, cancelled or skipped (default: a workflow_run's conclusion)"},
    InputSpec{
        "branch", "",
        "the branch that was built (default: from the event: a pull request's head branch, a workflow_run's "
        "head_branch, a merge queue's branch; else GITHUB_REF_NAME)"},
    InputSpec{"failure-log", "", "the failure log file (default: download the failed jobs' logs)"},
    InputSpec{"anthropic-api-key", "", "Anthropic API key (default: ANTHROPIC_API_KEY)", Secrecy::secret},
    InputSpec{"github-token", "", "token for the API and git push (default: GITHUB_TOKEN)", Secrecy::secret},
    InputSpec{"base-branch", "", "PR target (default: the branch that failed)"},
    InputSpec{"model", "claude-sonnet-4-5", "model for fix attempts"},
    InputSpec{"strong-model", "claude-opus-4-5", "model from strong-model-from-attempt on"},
    InputSpec{"summary-model", "", "model for PR and escalation summaries (default: model)"},
    InputSpec{"strong-model-from-attempt", "5", "first attempt that uses strong-model"},
    InputSpec{"max-attempts", "6", "fix attempts before escalating, 1..50"},
    InputSpec{"protected-paths", ".github/workflows/**",
              "globs the fix may not write, newline or comma separated"},
    InputSpec{"allow-test-changes", "",
              "globs of paths a fix may change even where the commit gate refuses weakened tests, newline or "
              "comma separated"},
    InputSpec{"skill-file", "SKILL.md", "learned lessons file"},
    InputSpec{"prompts", "", "prompt templates file (default: the bundled prompts.json)"},
    InputSpec{"dispatch", "auto", "auto, always or never: start CI on the fix branch"},
    InputSpec{"ci-workflow", "",
              "the CI workflow file to start on the fix branch (default: the event's, e.g. ci.yml)"},
    InputSpec{"dry-run", "false", "decide and prepare only; push, open and label nothing", Secrecy::plain,
              FlagArity::optional_boolean},
    InputSpec{"enabled", "true",
              "false switches autofix off before any git, network or model work (best set in "
              ".github/autofix.yml)"},
    InputSpec{"result-file", "agent-result.json", "where the result JSON is written"},
    InputSpec{"agent-name", "Autonomous Agent", "author name of the agent's commits"},
    InputSpec{"agent-email", "autonomous-agent@users.noreply.github.com",
              "author email of the agent's commits"},
    InputSpec{"log-budget-tokens", "8000", "tokens of failure log given to the model"},
    InputSpec{"max-turns", "30", "tool-use turns per fix session"},
    InputSpec{"max-cost-usd", "5",
              "cost cap in US dollars of a whole fix chain (every attempt on one fix branch); at the cap the "
              "session stops, its work is committed and the run escalates"},
    InputSpec{"session-timeout", "20m", "wall time of one fix session: seconds, or 90s, 10m, 1h"},
    InputSpec{"model-prices", "",
              "JSON object overriding the bundled prices, USD per million tokens: "
              "{\"model-id\": {\"input\": 3, \"output\": 15, \"cache_write\": 3.75, \"cache_read\": 0.3}}"},
    InputSpec{"prompt-caching", "true", "mark the stable prefix of fix-session requests for prompt caching",
              Secrecy::plain, FlagArity::optional_boolean},
    InputSpec{"redact", "", "extra secret values to mask, newline separated"},
    InputSpec{"ca-bundle", "",
              "PEM file of extra CA certificates in the workspace, trusted for git and HTTPS"},
    InputSpec{"test-command", "", "shell command that runs the tests; verifies each fix before it is pushed"},
    InputSpec{"test-timeout", "10m", "time limit of one test-command run: seconds, or 90s, 10m, 1h"},
    InputSpec{"provider", "anthropic", "where the model runs: anthropic, bedrock, vertex or openai"},
    InputSpec{"aws-region", "", "bedrock: the AWS region (default: AWS_REGION, then AWS_DEFAULT_REGION)"},
    InputSpec{
        "bedrock-endpoint-url", "",
        "bedrock: the runtime endpoint (default: AWS_ENDPOINT_URL_BEDROCK_RUNTIME, then AWS_ENDPOINT_URL, "
        "else https://bedrock-runtime.<region>.amazonaws.com)"},
    InputSpec{"vertex-project-id", "",
              "vertex: the Google Cloud project (default: ANTHROPIC_VERTEX_PROJECT_ID, else the key file's)"},
    InputSpec{"vertex-region", "", "vertex: the region, e.g. us-east5 or global (default: CLOUD_ML_REGION)"},
    InputSpec{"vertex-base-url", "",
              "vertex: the API base with its version (default: ANTHROPIC_VERTEX_BASE_URL, else "
              "https://<region>-aiplatform.googleapis.com/v1)"},
    InputSpec{
        "vertex-access-token", "",
        "vertex: an OAuth access token (default: GOOGLE_OAUTH_ACCESS_TOKEN, CLOUDSDK_AUTH_ACCESS_TOKEN)",
        Secrecy::secret},
    InputSpec{
        "vertex-credentials-file", "",
        "vertex: a service-account key file in the workspace (default: GOOGLE_APPLICATION_CREDENTIALS)"},
    InputSpec{
        "openai-base-url", "",
        "openai: the API base with its version (default: OPENAI_BASE_URL, else https://api.openai.com/v1)"},
    InputSpec{"openai-api-key", "", "openai: the API key (default: OPENAI_API_KEY)", Secrecy::secret},
    InputSpec{"triage", "auto",
              "auto or off: classify a failure first; re-run infrastructure and flaky failures once, stop on "
              "configuration failures (off: fix every failure)"},
    InputSpec{"configuration-issue", "false",
              "open an issue saying what to change when a configuration failure stops the run",
              Secrecy::plain, FlagArity::optional_boolean},
};

} // namespace

std::span<const InputSpec> input_specs() {
    return k_inputs;
}

const InputSpec* find_input(std::string_view name) {
    for (const auto& spec : k_inputs) {
        if (spec.name == name) {
            return &spec;
        }
    }
    return nullptr;
}

} // namespace autofix::action
