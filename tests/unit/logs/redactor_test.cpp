// Checks that the Redactor replaces exact secrets and every built-in secret shape, counts them, and leaves
// ordinary text (including source code) alone.
#include "logs/redactor.hpp"

#include <gtest/gtest.h>
#include <string>

namespace autofix::logs {
namespace {

std::string redact(std::string_view text, std::vector<std::string> secrets = {}) {
    Redactor redactor(std::move(secrets));
    return redactor.redact(text);
}

TEST(Redactor, ExactSecretEverywhereAndCounted) {
    Redactor redactor({"s3cr3t-value", "xy"});
    EXPECT_EQ(redactor.redact("a s3cr3t-value b s3cr3t-value xy"), "a [REDACTED] b [REDACTED] xy");
    EXPECT_EQ(redactor.count(), 2u);
    EXPECT_EQ(redactor.redact("nothing here"), "nothing here");
    EXPECT_EQ(redactor.count(), 2u);
}

TEST(Redactor, LongerSecretWinsOverContainedOne) {
    EXPECT_EQ(redact("key=abcd1234efgh!", {"abcd", "abcd1234efgh"}), "key=[REDACTED]!");
}

TEST(Redactor, MultiLineSecretMatchedLineByLine) {
    std::string pem = "line-one-of-secret\nline-two-of-secret";
    EXPECT_EQ(redact("x line-two-of-secret y", {pem}), "x [REDACTED] y");
}

TEST(Redactor, GitHubTokenShapes) {
    for (std::string prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
        std::string token = prefix + std::string("A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8");
        EXPECT_EQ(redact("token " + token + " end"), "token [REDACTED] end") << prefix;
    }
    EXPECT_EQ(redact("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"), "[REDACTED]");
    EXPECT_EQ(redact("ghp_short"), "ghp_short");
    EXPECT_EQ(redact("xghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"),
              "xghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8");
}

TEST(Redactor, AwsAccessKeyIds) {
    EXPECT_EQ(redact("aws_access_key_id AKIAIOSFODNN7EXAMPLE here"), "aws_access_key_id [REDACTED] here");
    EXPECT_EQ(redact("ASIAY34FZKBOKMUTVV7A"), "[REDACTED]");
    EXPECT_EQ(redact("AKIAIOSFODNN7EXAMPLEXX"), "AKIAIOSFODNN7EXAMPLEXX"); // too long: not a key id
}

TEST(Redactor, PrivateKeyBlockThroughEnd) {
    std::string text = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabcd\n"
                       "-----END RSA PRIVATE KEY-----\nafter";
    Redactor redactor;
    EXPECT_EQ(redactor.redact(text), "before\n[REDACTED]\nafter");
    EXPECT_EQ(redactor.count(), 1u);
    EXPECT_EQ(redact("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkt"), "[REDACTED]");
    EXPECT_EQ(redact("-----BEGIN CERTIFICATE-----\nMIIB"), "-----BEGIN CERTIFICATE-----\nMIIB");
}

TEST(Redactor, AuthorizationAndApiKeyHeaders) {
    EXPECT_EQ(redact("Authorization: Bearer abc.def.ghi"), "Authorization: [REDACTED]");
    EXPECT_EQ(redact("> authorization: token 123456\n< HTTP/1.1 200"),
              "> authorization: [REDACTED]\n< HTTP/1.1 200");
    EXPECT_EQ(redact("curl -H \"Authorization: Basic dXNlcjpwYXNz\" https://x"),
              "curl -H \"Authorization: [REDACTED]\" https://x");
    EXPECT_EQ(redact("x-api-key: my-anthropic-key"), "x-api-key: [REDACTED]");
}

TEST(Redactor, UrlCredentials) {
    EXPECT_EQ(redact("git push https://x-access-token:abc123@github.com/o/r.git"),
              "git push https://[REDACTED]@github.com/o/r.git");
    EXPECT_EQ(redact("postgres://user:pw@db:5432/app"), "postgres://[REDACTED]@db:5432/app");
    EXPECT_EQ(redact("see https://github.com/o/r and git@github.com:o/r"),
              "see https://github.com/o/r and git@github.com:o/r");
}

TEST(Redactor, SecretAssignments) {
    EXPECT_EQ(redact("mysql -u root password=hunter2 --x"), "mysql -u root password=[REDACTED] --x");
    EXPECT_EQ(redact("GITHUB_TOKEN=abc123 make"), "GITHUB_TOKEN=[REDACTED] make");
    EXPECT_EQ(redact("url?api_key=XYZ&page=2"), "url?api_key=[REDACTED]&page=2");
    EXPECT_EQ(redact("CLIENT_SECRET=\"quoted value\""), "CLIENT_SECRET=\"[REDACTED]\"");
    EXPECT_EQ(redact("--apikey=k1 secret=s2"), "--apikey=[REDACTED] secret=[REDACTED]");
}

TEST(Redactor, AnthropicKeys) {
    EXPECT_EQ(redact("key sk-ant-api03-AbCdEf_123-456xyz end"), "key [REDACTED] end");
}

TEST(Redactor, LeavesCodeAndReferencesAlone) {
    for (std::string text :
         {"def f(token=None):", "token = get_token()", "token=os.environ[\"T\"]", "password=$DB_PASSWORD",
          "token=${{ secrets.TOKEN }}", "if a == b:", "max_tokens=1024", "password=***",
          "Authorization: [REDACTED]", "token=[REDACTED]", "https://[REDACTED]@host"}) {
        Redactor redactor;
        EXPECT_EQ(redactor.redact(text), text);
        EXPECT_EQ(redactor.count(), 0u) << text;
    }
}

TEST(Redactor, IdempotentOnItsOwnOutput) {
    Redactor redactor({"my-secret-value"});
    std::string once =
        redactor.redact("a my-secret-value ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8 password=x");
    std::size_t count = redactor.count();
    EXPECT_EQ(count, 3u);
    EXPECT_EQ(redactor.redact(once), once);
    EXPECT_EQ(redactor.count(), count);
}

TEST(Redactor, LargeTextKeepsSize) {
    std::string text;
    for (int i = 0; i < 100000; ++i) {
        text +=
            "line " + std::to_string(i) + " of an ordinary log with assignments a=b and urls http://x/y\n";
    }
    text += "leak ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\n";
    auto result = Redactor().redact_counted(text);
    EXPECT_EQ(result.count, 1u);
    EXPECT_EQ(result.text.size(), text.size() - 40 + 10);
}

} // namespace
} // namespace autofix::logs
