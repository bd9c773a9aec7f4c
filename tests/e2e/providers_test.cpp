// Runs the whole fix loop through the real binary once per model provider (Bedrock, Vertex AI with a key
// file and with an access token, an OpenAI-compatible server): test-project is broken, the scripted model
// behind each provider's fake repairs it, CI passes on the fix branch and a PR is opened. Each fake checks
// the provider's authentication as the service does and throttles the first request once, which must be
// retried; the Anthropic API is never called and no credential reaches an output or the model.
#include "support/provider_fakes.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::describe;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

// The Anthropic API of the sandbox: any request to it is a failure of provider selection.
testing::FakeModelServer::Handler anthropic_unused() {
    return [](const nlohmann::json&) {
        return testing::error_reply(500, "api_error", "the Anthropic API must not be called");
    };
}

// `text` without its `::add-mask::` lines, the one place a secret is written (for the runner to mask it).
std::string unmasked(const std::string& text) {
    std::string kept;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        if (text.compare(start, 12, "::add-mask::") != 0) {
            kept += text.substr(start, end - start) + "\n";
        }
        start = end + 1;
    }
    return kept;
}

// Runs bug-simple to its PR with `env` and checks what every provider must give the same way.
// `masked` are the secrets the binary was given (masked with ::add-mask::), `hidden` ones it made or read.
std::vector<WorkflowRun> fix_to_pull_request(WorkflowSandbox& sandbox, const std::vector<std::string>& masked,
                                             const std::vector<std::string>& hidden = {}) {
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const auto runs = sandbox.run_until_settled("main");
    EXPECT_EQ(runs.size(), 2U) << describe(runs);
    if (runs.size() != 2U) {
        return runs;
    }
    EXPECT_EQ(runs[0].exit_code, 0) << describe(runs);
    EXPECT_EQ(runs[0].output("action-taken"), "fix_attempted") << describe(runs);
    EXPECT_TRUE(sandbox.tests_pass_on(runs[0].output("fix-branch")));
    EXPECT_EQ(runs[1].output("action-taken"), "pr_created") << describe(runs);
    EXPECT_EQ(sandbox.github().pull_requests().size(), 1U);
    EXPECT_GT(std::stoll(runs[0].output("input-tokens")), 0) << describe(runs);
    EXPECT_TRUE(sandbox.model().requests().empty()) << "the Anthropic API was called";
    std::vector<std::string> secrets = masked;
    secrets.insert(secrets.end(), hidden.begin(), hidden.end());
    for (const auto& run : runs) {
        for (const auto& secret : masked) {
            EXPECT_NE(run.stdout_text.find("::add-mask::" + secret), std::string::npos) << secret;
        }
        for (const auto& secret : secrets) {
            EXPECT_EQ(unmasked(run.stdout_text).find(secret), std::string::npos) << secret;
            EXPECT_EQ(run.stderr_text.find(secret), std::string::npos) << secret;
            EXPECT_EQ(run.step_summary.find(secret), std::string::npos) << secret;
            EXPECT_EQ(run.result.dump().find(secret), std::string::npos) << secret;
        }
    }
    return runs;
}

template <typename Fake>
void expect_no_secret_sent_to_model(const Fake& fake, const std::vector<std::string>& secrets) {
    for (const auto& request : fake.requests()) {
        for (const auto& secret : secrets) {
            EXPECT_EQ(request.body.find(secret), std::string::npos) << "the model was sent " << secret;
        }
    }
}

TEST(Provider, BedrockSignsEveryRequestAndRetriesThrottling) {
    const adapters::AwsCredentials credentials{"AKIAFAKEBEDROCK00001",
                                               "fakeBedrockSecretKey/0123456789abcdefABCDEF",
                                               "FakeSessionToken//0123456789abcdefghijklmnopqrstuvwxyz=="};
    testing::FakeBedrock bedrock(testing::scripted_fixer({testing::import_json_fix()}), credentials,
                                 "eu-west-1");
    bedrock.throttle(1);
    testing::SandboxOptions options;
    options.env = {{"INPUT_PROVIDER", "bedrock"},
                   {"INPUT_ANTHROPIC-API-KEY", ""},
                   {"INPUT_MODEL", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"},
                   {"AWS_REGION", "eu-west-1"},
                   {"AWS_ACCESS_KEY_ID", credentials.access_key_id},
                   {"AWS_SECRET_ACCESS_KEY", credentials.secret_access_key},
                   {"AWS_SESSION_TOKEN", credentials.session_token},
                   {"AWS_ENDPOINT_URL", "http://127.0.0.1:9/not-this-one"},
                   {"AWS_ENDPOINT_URL_BEDROCK_RUNTIME", bedrock.url()}};
    WorkflowSandbox sandbox(anthropic_unused(), options);
    const std::vector<std::string> secrets{credentials.secret_access_key, credentials.session_token};
    const auto runs = fix_to_pull_request(sandbox, secrets);

    EXPECT_EQ(bedrock.refused(), 0);
    const auto requests = bedrock.requests();
    ASSERT_GE(requests.size(), 4U); // throttled, retried, submit_fix; the PR summary
    EXPECT_EQ(requests[0].body, requests[1].body) << "the throttled request was not sent again";
    EXPECT_NE(requests[0].header("x-amz-date").size(), 0U);
    EXPECT_EQ(requests[0].path, "/model/eu.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke");
    EXPECT_EQ(runs.empty() ? "" : runs[0].output("model"), "eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
    expect_no_secret_sent_to_model(bedrock, secrets);
}

TEST(Provider, BedrockWithWrongSecretFailsAsAuthWithoutRetrying) {
    const adapters::AwsCredentials server{"AKIAFAKEBEDROCK00001", "theRealSecretKey0123456789", ""};
    testing::FakeBedrock bedrock(testing::scripted_fixer({testing::import_json_fix()}), server, "us-east-1");
    testing::SandboxOptions options;
    options.env = {{"INPUT_PROVIDER", "bedrock"},
                   {"INPUT_MODEL", "anthropic.claude-sonnet-4-5-20250929-v1:0"},
                   {"AWS_REGION", "us-east-1"},
                   {"AWS_ACCESS_KEY_ID", server.access_key_id},
                   {"AWS_SECRET_ACCESS_KEY", "aWrongSecretKey0123456789"},
                   {"AWS_ENDPOINT_URL", bedrock.url()}};
    WorkflowSandbox sandbox(anthropic_unused(), options);
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    const WorkflowRun run = sandbox.run_workflow("main");
    EXPECT_NE(run.exit_code, 0);
    EXPECT_EQ(bedrock.requests().size(), 1U) << "a 403 is not retried";
    EXPECT_EQ(run.result["error"]["kind"], "auth") << run.result.dump();
    EXPECT_NE(run.result["error"]["message"].get<std::string>().find("InvalidSignatureException"),
              std::string::npos)
        << run.result.dump();
    EXPECT_EQ(unmasked(run.stdout_text).find("aWrongSecretKey0123456789"), std::string::npos);
}

TEST(Provider, VertexExchangesAServiceAccountKeyAndRetriesResourceExhausted) {
    testing::FakeVertex vertex(testing::scripted_fixer({testing::import_json_fix()}), "fix-project",
                               "us-east5");
    vertex.throttle(1);
    testing::TempDir keys;
    const std::string key_path = keys / "service-account.json";
    std::ofstream(key_path) << vertex.key_file();
    testing::SandboxOptions options;
    options.env = {{"INPUT_PROVIDER", "vertex"},
                   {"INPUT_ANTHROPIC-API-KEY", ""},
                   {"INPUT_MODEL", "claude-sonnet-4-5@20250929"},
                   {"CLOUD_ML_REGION", "us-east5"},
                   {"GOOGLE_APPLICATION_CREDENTIALS", key_path},
                   {"ANTHROPIC_VERTEX_BASE_URL", vertex.url() + "/v1"}};
    WorkflowSandbox sandbox(anthropic_unused(), options);
    const auto nlohmann_key = nlohmann::json::parse(vertex.key_file());
    const std::string private_key_body = nlohmann_key["private_key"].get<std::string>().substr(40, 64);
    const auto runs = fix_to_pull_request(sandbox, {}, {private_key_body, "ya29.fake-vertex-token"});

    EXPECT_EQ(vertex.refused(), 0);
    EXPECT_EQ(vertex.tokens_issued(), 2) << "one token per run of the binary";
    const auto requests = vertex.requests();
    ASSERT_GE(requests.size(), 5U); // token, throttled, retried, submit_fix; token, PR summary
    EXPECT_EQ(requests[0].path, "/token");
    EXPECT_EQ(requests[1].path, "/v1/projects/fix-project/locations/us-east5/publishers/anthropic/models/"
                                "claude-sonnet-4-5@20250929:rawPredict");
    EXPECT_EQ(requests[1].body, requests[2].body) << "the throttled request was not sent again";
    expect_no_secret_sent_to_model(vertex, {private_key_body});
}

TEST(Provider, VertexTakesAnAccessTokenFromTheInput) {
    testing::FakeVertex vertex(testing::scripted_fixer({testing::import_json_fix()}), "token-project",
                               "global");
    const std::string token = "ya29.a0GivenByGoogleGithubActionsAuth0123456789";
    vertex.accept_token(token);
    testing::SandboxOptions options;
    options.env = {{"INPUT_PROVIDER", "vertex"},         {"INPUT_MODEL", "claude-sonnet-4-5@20250929"},
                   {"INPUT_VERTEX-ACCESS-TOKEN", token}, {"INPUT_VERTEX-PROJECT-ID", "token-project"},
                   {"INPUT_VERTEX-REGION", "global"},    {"INPUT_VERTEX-BASE-URL", vertex.url() + "/v1/"}};
    WorkflowSandbox sandbox(anthropic_unused(), options);
    fix_to_pull_request(sandbox, {token});
    EXPECT_EQ(vertex.tokens_issued(), 0);
    EXPECT_EQ(vertex.refused(), 0);
}

TEST(Provider, OpenAiCompatibleServerWithFunctionToolsAndRetriedRateLimit) {
    const std::string key = "sk-proj-fakeOpenAiKey0123456789abcdefghij";
    testing::FakeOpenAi openai(testing::scripted_fixer({testing::import_json_fix()}), key);
    openai.throttle(1);
    testing::SandboxOptions options;
    options.env = {{"INPUT_PROVIDER", "openai"},
                   {"INPUT_ANTHROPIC-API-KEY", ""},
                   {"INPUT_MODEL", "qwen3-coder"},
                   {"INPUT_MODEL-PRICES", R"({"qwen3-coder": {"input": 0.5, "output": 2}})"},
                   {"OPENAI_API_KEY", key},
                   {"OPENAI_BASE_URL", openai.url() + "/v1"}};
    WorkflowSandbox sandbox(anthropic_unused(), options);
    const auto runs = fix_to_pull_request(sandbox, {key});

    EXPECT_EQ(openai.refused(), 0);
    const auto requests = openai.requests();
    ASSERT_GE(requests.size(), 4U);
    EXPECT_EQ(requests[0].body, requests[1].body) << "the rate-limited request was not sent again";
    const auto first = nlohmann::json::parse(requests[1].body);
    EXPECT_EQ(first["model"], "qwen3-coder");
    EXPECT_EQ(first["max_tokens"].is_number_integer(), true) << "a compatible server reads max_tokens";
    bool editor = false;
    for (const auto& tool : first["tools"]) {
        editor = editor || tool["function"]["name"] == "str_replace_based_edit_tool";
    }
    EXPECT_TRUE(editor) << first["tools"].dump();
    const auto second = nlohmann::json::parse(requests[2].body);
    EXPECT_EQ(second["messages"].back()["role"], "tool") << second["messages"].dump();
    expect_no_secret_sent_to_model(openai, {key});
}

} // namespace
} // namespace autofix
