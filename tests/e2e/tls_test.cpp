// Runs case 1 through the real binary with the git origin, the GitHub API and the model behind HTTPS signed
// by a throw-away CA (git ls-remote and push through libgit2, the model call and the workflow_dispatch REST
// call through Poco): trusted through SSL_CERT_FILE, SSL_CERT_DIR or the ca-bundle input, and refused by each
// of the three connections when the CA is not trusted.
#include "support/repo_builder.hpp"
#include "support/scripted_model.hpp"
#include "support/tls_proxy.hpp"
#include "support/workflow_sandbox.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <sstream>

namespace autofix {
namespace {

using testing::TlsProxy;
using testing::WorkflowRun;
using testing::WorkflowSandbox;

// The sandbox with each of its three servers also reachable over HTTPS.
struct HttpsSandbox {
    testing::TempDir certificates_dir;
    testing::TestCertificates certificates = testing::make_test_certificates(certificates_dir.path());
    WorkflowSandbox sandbox{testing::scripted_fixer({testing::import_json_fix()})};
    TlsProxy git{sandbox.git_server().server().url(), certificates};
    TlsProxy github{sandbox.github().api_url(), certificates};
    TlsProxy model{sandbox.model().url(), certificates};

    // The run's environment with the servers named in `https` (git, github, model) reached over HTTPS.
    testing::RunOptions options(const std::vector<std::string>& https = {"git", "github", "model"}) {
        const auto uses = [&](const std::string& name) {
            return std::find(https.begin(), https.end(), name) != https.end();
        };
        testing::RunOptions run;
        run.env["GITHUB_SERVER_URL"] = uses("git") ? git.url() : sandbox.git_server().server().url();
        run.env["GITHUB_API_URL"] = uses("github") ? github.url() : sandbox.github().api_url();
        run.env["ANTHROPIC_BASE_URL"] = uses("model") ? model.url() : sandbox.model().url();
        return run;
    }
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// Checks that the run pushed its fix over HTTPS and dispatched CI, every connection through the proxies.
void expect_fixed_over_https(HttpsSandbox& https, const WorkflowRun& run) {
    EXPECT_EQ(run.exit_code, 0) << run.stdout_text << run.stderr_text;
    EXPECT_EQ(run.output("action-taken"), "fix_attempted") << run.stdout_text << run.stderr_text;
    const std::string fix_branch = "autonomous-fix-" + std::to_string(run.run_id);
    EXPECT_EQ(https.sandbox.origin_branches(), (std::vector<std::string>{fix_branch, "main"}));
    ASSERT_EQ(https.sandbox.github().dispatches().size(), 1U);
    EXPECT_EQ(https.sandbox.github().dispatches()[0].ref, fix_branch);
    EXPECT_GE(https.git.forwarded_connections(), 2); // ls-remote, push
    EXPECT_GE(https.github.forwarded_connections(), 1);
    EXPECT_GE(https.model.forwarded_connections(), 2);
    EXPECT_EQ(https.git.failed_handshakes() + https.github.failed_handshakes() +
                  https.model.failed_handshakes(),
              0);
}

TEST(Tls, TrustedThroughSslCertFile) {
    HttpsSandbox https;
    https.sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options = https.options();
    options.env["SSL_CERT_FILE"] = https.certificates.ca_cert;
    expect_fixed_over_https(https, https.sandbox.run_workflow("main", options));
}

TEST(Tls, TrustedThroughSslCertDir) {
    HttpsSandbox https;
    https.sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::TempDir certs;
    std::filesystem::copy_file(https.certificates.ca_cert, certs / "corp-ca.pem");
    testing::run_command({"openssl", "rehash", certs.path()});
    testing::RunOptions options = https.options();
    options.env["SSL_CERT_DIR"] = certs.path();
    expect_fixed_over_https(https, https.sandbox.run_workflow("main", options));
}

TEST(Tls, TrustedThroughTheCaBundleInputInTheWorkspace) {
    HttpsSandbox https;
    https.sandbox.commit_as_human("main", ".github/corp-ca.pem", read_file(https.certificates.ca_cert));
    https.sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options = https.options();
    options.env["INPUT_CA-BUNDLE"] = ".github/corp-ca.pem";
    expect_fixed_over_https(https, https.sandbox.run_workflow("main", options));
}

TEST(Tls, MissingCaBundleIsABadInput) {
    HttpsSandbox https;
    https.sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options = https.options();
    options.env["INPUT_CA-BUNDLE"] = "certs/nowhere.pem";
    const WorkflowRun run = https.sandbox.run_workflow("main", options);
    EXPECT_EQ(run.exit_code, 2) << run.stdout_text << run.stderr_text;
    const std::string console = run.stdout_text + run.stderr_text;
    EXPECT_NE(console.find("ca-bundle 'certs/nowhere.pem' does not exist"), std::string::npos) << console;
    EXPECT_EQ(https.git.forwarded_connections() + https.git.failed_handshakes(), 0);
}

// Without the CA, each connection on its own refuses the server: git (libgit2), the model and the REST call
// (Poco). No request reaches the server behind the refused connection. (libgit2 with mbedTLS completes the
// handshake and refuses the certificate afterwards, so the proxy cannot always see the refusal itself.)
TEST(Tls, UntrustedCaIsRefusedByEachConnection) {
    for (const std::string server : {"git", "model", "github"}) {
        SCOPED_TRACE(server);
        HttpsSandbox https;
        https.sandbox.break_project("bug-simple.py", "inventory/report.py");
        const WorkflowRun run = https.sandbox.run_workflow("main", https.options({server}));
        EXPECT_NE(run.exit_code, 0) << run.stdout_text << run.stderr_text;
        ASSERT_TRUE(run.result.is_object()) << run.stdout_text << run.stderr_text;
        const std::string message = run.result["error"]["message"].get<std::string>();
        EXPECT_NE(lower(message).find("certificate"), std::string::npos) << message;
        const std::size_t served = server == "git"     ? https.sandbox.git_server().server().requests().size()
                                   : server == "model" ? https.sandbox.model().requests().size()
                                                       : https.sandbox.github().requests().size();
        EXPECT_EQ(served, 0U);
        EXPECT_TRUE(https.sandbox.github().dispatches().empty());
    }
}

} // namespace
} // namespace autofix
