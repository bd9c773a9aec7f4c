// Checks the SigV4 signer against the published AWS Signature Version 4 test suite (the suite of the AWS
// General Reference, kept in awslabs/aws-c-auth tests/aws-signing-test-suite/v4): the credentials
// AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z, and each case's expected
// canonical request hash and Authorization header.
#include "adapters/sigv4.hpp"

#include <gtest/gtest.h>

namespace autofix::adapters {
namespace {

const AwsCredentials suite_credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
constexpr const char* suite_date = "20150830T123600Z";
constexpr const char* suite_scope =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

SigV4Request suite_request(std::string method, std::string path, std::string query = "") {
    SigV4Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", suite_date}};
    return request;
}

SigV4Signature sign(const SigV4Request& request, const AwsCredentials& credentials = suite_credentials) {
    return sigv4_sign(request, credentials, "us-east-1", "service", suite_date);
}

TEST(SigV4, GetVanilla) {
    const SigV4Signature signature = sign(suite_request("GET", "/"));
    EXPECT_EQ(signature.canonical_request,
              "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(signature.string_to_sign,
              "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/"
              "aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c2529"
              "2927e63");
    EXPECT_EQ(signature.authorization,
              std::string(suite_scope) +
                  "SignedHeaders=host;x-amz-date, "
                  "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, PostVanilla) {
    EXPECT_EQ(sign(suite_request("POST", "/")).signature,
              "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4, GetVanillaQueryOrderKeyCaseSortsTheParameters) {
    const SigV4Signature signature = sign(suite_request("GET", "/", "Param2=value2&Param1=value1"));
    EXPECT_EQ(sha256_hex(signature.canonical_request),
              "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
    EXPECT_EQ(signature.signature, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4, GetUtf8EncodesThePathBytes) {
    const SigV4Signature signature = sign(suite_request("GET", "/\xE1\x88\xB4"));
    EXPECT_NE(signature.canonical_request.find("\n/%E1%88%B4\n"), std::string::npos);
    EXPECT_EQ(signature.signature, "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
}

TEST(SigV4, PostXWwwFormUrlencodedSignsTheBodyAndContentType) {
    SigV4Request request = suite_request("POST", "/");
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.payload = "Param1=value1";
    const SigV4Signature signature = sign(request);
    EXPECT_EQ(signature.signed_headers, "content-type;host;x-amz-date");
    EXPECT_EQ(signature.signature, "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

TEST(SigV4, PostStsHeaderBeforeSignsTheSessionToken) {
    const std::string token =
        "AQoDYXdzEPT//////////"
        "wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8Y"
        "UuwthAx7mSEI/qkPpKPi/"
        "kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6f"
        "E8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+"
        "scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQ"
        "wj2ICCR/oLxBA==";
    SigV4Request request = suite_request("POST", "/");
    request.headers.emplace_back("X-Amz-Security-Token", token);
    const SigV4Signature signature =
        sign(request, {suite_credentials.access_key_id, suite_credentials.secret_access_key, token});
    EXPECT_EQ(signature.authorization,
              std::string(suite_scope) +
                  "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                  "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
}

TEST(SigV4, ABedrockModelIdColonSentEncodedIsEncodedAgain) {
    const SigV4Signature signature =
        sign(suite_request("POST", "/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke"));
    EXPECT_NE(
        signature.canonical_request.find("\n/model/anthropic.claude-sonnet-4-5-20250929-v1%253A0/invoke\n"),
        std::string::npos)
        << signature.canonical_request;
}

TEST(SigV4, AmzDateIsBasicIso8601InUtc) {
    EXPECT_EQ(amz_date(std::chrono::system_clock::from_time_t(1440938160)), "20150830T123600Z");
}

} // namespace
} // namespace autofix::adapters
