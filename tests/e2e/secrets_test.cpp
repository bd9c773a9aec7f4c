// Runs cases 1, 3 and 5 with the GitHub token, the Anthropic key and secret-shaped strings in the failure
// log, in the repository and in the model's replies, and checks that none of them leaves the binary: not on
// its outputs, not in a request to GitHub or the model, not in a commit, PR or issue.
#include "support/hardening.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace autofix {
namespace {

using testing::WorkflowRun;
using testing::WorkflowSandbox;

const std::string aws_key_id = "AKIAZ7QWERTYUIOPASDF";
const std::string personal_token = "ghp_9fK2mQ7xL4vB8nR1tY6wE3sD5aZ0cH2jU7iO";
const std::string private_key_body = "MIIEowIBAAKCAQEAu9zXq1v2Jk8sTq0pL5mN3bV7cX1zR4yW6eA2dF8gH0jK";
const std::string private_key = "-----BEGIN RSA PRIVATE KEY-----\n" + private_key_body +
                                "\nQ2w3E4r5T6y7U8i9O0pA1sD2fG3hJ4kL5zX6cV7bN8mQ1w2E3r4T5y6U7i8O9p0\n"
                                "-----END RSA PRIVATE KEY-----";

testing::SandboxOptions secret_options() {
    testing::SandboxOptions options;
    options.github_token = "ghs_LeakCanaryInstallationToken7f3a9c21";
    options.api_key = "sk-ant-api03-LeakCanaryAnthropicKey-5e8d2b7c41";
    return options;
}

// Every value that must never leave the binary, and a short name for each.
std::vector<std::pair<std::string, std::string>> secret_values(const testing::SandboxOptions& options) {
    return {{"github token", options.github_token},
            {"anthropic key", options.api_key},
            {"aws key id", aws_key_id},
            {"ghp token", personal_token},
            {"private key", private_key_body}};
}

std::string all_secrets_text(const testing::SandboxOptions& options) {
    return options.github_token + " " + options.api_key + " " + aws_key_id + " " + personal_token + "\n" +
           private_key + "\n";
}

// A config file of the repository holding every secret.
std::string config_file(const testing::SandboxOptions& options) {
    return "[deploy]\ngithub_token = " + options.github_token + "\nanthropic_key = " + options.api_key +
           "\naws_access_key_id = " + aws_key_id + "\nbot_token = " + personal_token +
           "\nssh_key = \"\"\"\n" + private_key + "\n\"\"\"\n";
}

// A test that prints every secret and fails (naming them) until inventory/report.py imports json.
std::string credentials_test(const testing::SandboxOptions& options) {
    return "import sys\nimport unittest\n\nSECRETS = " + nlohmann::json(all_secrets_text(options)).dump() +
           "\n\n\nclass CredentialsTest(unittest.TestCase):\n"
           "    def test_report_module_is_ready(self):\n"
           "        from inventory import report\n"
           "        print('loaded credentials:', SECRETS, file=sys.stderr)\n"
           "        self.assertTrue(hasattr(report, 'json'), 'report lacks json; credentials were ' + "
           "SECRETS)\n";
}

// A model that views the secret files, edits (the real fix, or a harmless note), and then submits, summarises
// and writes lessons that repeat every secret (as if redaction had failed upstream). Its tool calls carry
// none: they come back to it in the next request, which would only return its own words.
testing::FakeModelServer::Handler leaking_model(const testing::SandboxOptions& options, bool fixes) {
    const std::string secrets = all_secrets_text(options);
    auto ids = std::make_shared<int>(0);
    return [secrets, fixes, ids](const nlohmann::json& body) {
        const std::string id = "toolu_leak_" + std::to_string(++*ids);
        if (!body.contains("tools")) {
            nlohmann::json reply{{"title", "Fix report " + secrets.substr(0, 40)},
                                 {"body", "## Summary\n\nThe credentials were:\n" + secrets},
                                 {"skill", "- Never print " + secrets}};
            return testing::text_reply("```json\n" + reply.dump(2) + "\n```");
        }
        const std::size_t turn = body["messages"].size();
        if (turn == 1) {
            return testing::tool_use_reply({{id + "a",
                                             "str_replace_based_edit_tool",
                                             {{"command", "view"}, {"path", "config/deploy.ini"}}},
                                            {id + "b",
                                             "str_replace_based_edit_tool",
                                             {{"command", "view"}, {"path", "tests/test_credentials.py"}}}},
                                           "Looking at the credentials.");
        }
        if (turn == 3) {
            const testing::ScriptedEdit edit = fixes ? testing::import_json_fix() : testing::harmless_edit(1);
            return testing::tool_use_reply({{id,
                                             "str_replace_based_edit_tool",
                                             {{"command", "str_replace"},
                                              {"path", edit.path},
                                              {"old_str", edit.old_str},
                                              {"new_str", edit.new_str}}}});
        }
        return testing::tool_use_reply({{id,
                                         "submit_fix",
                                         {{"description", "Import json " + secrets.substr(0, 30)},
                                          {"explanation", "Found " + secrets}}}});
    };
}

// Everything the binary emitted or caused, each with a name, for the leak check.
std::vector<std::pair<std::string, std::string>>
emitted(WorkflowSandbox& sandbox, const std::vector<WorkflowRun>& runs, const std::string& fix_branch) {
    std::vector<std::pair<std::string, std::string>> texts;
    for (const WorkflowRun& run : runs) {
        const std::string name = "run on " + run.branch + " ";
        texts.emplace_back(name + "stdout", testing::without_mask_lines(run.stdout_text));
        texts.emplace_back(name + "stderr", run.stderr_text);
        for (const auto& [output, value] : run.outputs) {
            texts.emplace_back(name + "output " + output, value);
        }
        texts.emplace_back(name + "step summary", run.step_summary);
        texts.emplace_back(name + "result json", run.result.dump());
    }
    for (const auto& request : sandbox.github().requests()) {
        texts.emplace_back("github " + request.method + " " + request.target, request.target + request.body);
    }
    for (const auto& request : sandbox.model().requests()) {
        texts.emplace_back("model request " + request.target, request.body);
    }
    texts.emplace_back("fix branch commit messages", sandbox.origin_log("main.." + fix_branch, "%B"));
    texts.emplace_back("fix branch changes",
                       testing::git_in(sandbox.origin_path(), {"log", "-p", "main.." + fix_branch}));
    for (const auto& pull : sandbox.github().pull_requests()) {
        texts.emplace_back("pull request", pull.title + pull.body);
    }
    for (const auto& issue : sandbox.github().issues()) {
        std::string comments;
        for (const auto& comment : issue.comments) {
            comments += comment;
        }
        texts.emplace_back("issue", issue.title + issue.body + comments);
    }
    return texts;
}

void expect_no_leak(WorkflowSandbox& sandbox, const std::vector<WorkflowRun>& runs,
                    const std::string& fix_branch) {
    const auto secrets = secret_values(sandbox.options());
    for (const auto& [where, text] : emitted(sandbox, runs, fix_branch)) {
        for (const auto& [what, value] : secrets) {
            EXPECT_EQ(text.find(value), std::string::npos)
                << "the " << what << " leaked in " << where << ":\n"
                << text;
        }
    }
}

// The first stdout lines of every run mask the key and the token.
void expect_masks_first(const testing::SandboxOptions& options, const std::vector<WorkflowRun>& runs) {
    for (const WorkflowRun& run : runs) {
        const auto lines = testing::text_lines(run.stdout_text);
        ASSERT_GE(lines.size(), 2U) << run.stdout_text;
        const std::vector<std::string> first{lines[0], lines[1]};
        for (const std::string& value : {options.api_key, options.github_token}) {
            EXPECT_NE(std::find(first.begin(), first.end(), "::add-mask::" + value), first.end())
                << run.stdout_text;
        }
    }
}

// Puts the secrets in the repository (config file, a test printing them) and breaks report.py.
void plant_secrets(WorkflowSandbox& sandbox) {
    sandbox.commit_as_human("main", "config/deploy.ini", config_file(sandbox.options()));
    sandbox.commit_as_human("main", "tests/test_credentials.py", credentials_test(sandbox.options()));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
}

TEST(Secrets, NothingLeaksThroughTheFixAndThePullRequest) {
    const testing::SandboxOptions options = secret_options();
    WorkflowSandbox sandbox(leaking_model(options, true), options);
    plant_secrets(sandbox);

    const auto runs = sandbox.run_until_settled("main");
    ASSERT_EQ(runs.size(), 2U) << testing::describe_runs(runs);
    ASSERT_NE(runs[0].build_log.find(options.github_token), std::string::npos); // the log holds them
    ASSERT_NE(runs[0].build_log.find(private_key_body), std::string::npos);
    EXPECT_EQ(runs[0].output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    EXPECT_EQ(runs[1].output("action-taken"), "pr_created") << testing::describe_runs(runs);
    const std::string fix_branch = runs[0].output("fix-branch");

    // The model viewed the config file: it got the file with the values redacted.
    bool viewed_config = false;
    for (const auto& body : sandbox.model().bodies()) {
        const std::string text = body.dump();
        viewed_config = viewed_config || text.find("aws_access_key_id = [REDACTED]") != std::string::npos;
    }
    EXPECT_TRUE(viewed_config);
    EXPECT_EQ(sandbox.github().pull_requests().size(), 1U);
    expect_masks_first(options, runs);
    expect_no_leak(sandbox, runs, fix_branch);
}

TEST(Secrets, NothingLeaksThroughTheEscalationIssue) {
    const testing::SandboxOptions options = secret_options();
    WorkflowSandbox sandbox(leaking_model(options, false), options);
    plant_secrets(sandbox);

    testing::RunOptions one_attempt;
    one_attempt.env["INPUT_MAX-ATTEMPTS"] = "1";
    std::vector<WorkflowRun> runs{sandbox.run_workflow("main", one_attempt)};
    ASSERT_EQ(runs[0].output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    const std::string fix_branch = runs[0].output("fix-branch");
    runs.push_back(sandbox.run_workflow(fix_branch, one_attempt));
    EXPECT_EQ(runs[1].output("action-taken"), "escalated") << testing::describe_runs(runs);
    EXPECT_EQ(sandbox.github().issues().size(), 1U);
    expect_masks_first(options, runs);
    expect_no_leak(sandbox, runs, fix_branch);
}

} // namespace
} // namespace autofix
