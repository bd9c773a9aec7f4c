// Checks the Google service-account flow: base64url as RFC 4648 defines it, the JWT's header and claims, its
// RS256 signature verified with the public half of the key, the key file's checks, and a token source that
// exchanges the assertion once, reuses the token until a minute before it expires, and keeps the key out
// of its messages.
#include "adapters/google_token.hpp"
#include "support/fake_clock.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/RSADigestEngine.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace autofix::adapters {
namespace {

using nlohmann::json;

std::string decode64url(std::string text) {
    while (text.size() % 4 != 0) {
        text += '=';
    }
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING);
    return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}

struct KeyPair {
    Poco::Crypto::RSAKey key{Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE};
    std::string private_pem() const {
        std::ostringstream public_key;
        std::ostringstream private_key;
        key.save(&public_key, &private_key);
        return private_key.str();
    }
};

const KeyPair& key_pair() {
    static const KeyPair pair;
    return pair;
}

ServiceAccountKey service_account() {
    return {"fixer@proj.iam.gserviceaccount.com", key_pair().private_pem(), "kid-123",
            "http://127.0.0.1:1/token", "proj"};
}

TEST(Base64Url, Rfc4648VectorsWithoutPaddingAndWithTheUrlAlphabet) {
    EXPECT_EQ(base64url(""), "");
    EXPECT_EQ(base64url("f"), "Zg");
    EXPECT_EQ(base64url("fo"), "Zm8");
    EXPECT_EQ(base64url("foo"), "Zm9v");
    EXPECT_EQ(base64url("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64url("\xfb\xff\xbf"), "-_-_");
    EXPECT_EQ(base64url(std::string(200, 'a')).find('\n'), std::string::npos) << "no line breaks";
}

TEST(ServiceAccountJwt, SignatureVerifiesWithThePublicKeyAndClaimsAreGooglesOnes) {
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'767'225'600));
    const auto jwt =
        service_account_assertion(service_account(), "https://www.googleapis.com/auth/cloud-platform", now);
    ASSERT_TRUE(jwt) << jwt.error().message;
    const auto first = jwt->find('.');
    const auto second = jwt->find('.', first + 1);
    ASSERT_NE(second, std::string::npos);
    const json header = json::parse(decode64url(jwt->substr(0, first)));
    EXPECT_EQ(header, (json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "kid-123"}}));
    const json claims = json::parse(decode64url(jwt->substr(first + 1, second - first - 1)));
    EXPECT_EQ(claims["iss"], "fixer@proj.iam.gserviceaccount.com");
    EXPECT_EQ(claims["scope"], "https://www.googleapis.com/auth/cloud-platform");
    EXPECT_EQ(claims["aud"], "http://127.0.0.1:1/token");
    EXPECT_EQ(claims["iat"], 1'767'225'600);
    EXPECT_EQ(claims["exp"], 1'767'225'600 + 3600);

    const std::string signature = decode64url(jwt->substr(second + 1));
    EXPECT_EQ(signature.size(), 256U) << "RSA-2048 signature";
    Poco::Crypto::RSADigestEngine verifier(key_pair().key, "SHA256");
    verifier.update(jwt->substr(0, second));
    EXPECT_TRUE(verifier.verify(Poco::DigestEngine::Digest(signature.begin(), signature.end())));
    Poco::Crypto::RSADigestEngine tampered(key_pair().key, "SHA256");
    tampered.update(jwt->substr(0, second) + "x");
    EXPECT_FALSE(tampered.verify(Poco::DigestEngine::Digest(signature.begin(), signature.end())));
}

TEST(ServiceAccountJwt, AnUnreadableKeyFailsWithoutShowingIt) {
    ServiceAccountKey key = service_account();
    key.private_key = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
    const auto jwt = service_account_assertion(key, "scope", std::chrono::system_clock::now());
    ASSERT_FALSE(jwt);
    EXPECT_EQ(jwt.error().kind, core::ErrorKind::auth);
    EXPECT_EQ(jwt.error().message.find("bm90IGEga2V5"), std::string::npos);
}

TEST(ServiceAccountKeyFile, ReadsTheFieldsAndRefusesOtherTypes) {
    const auto key = parse_service_account_key(
        R"({"type":"service_account","project_id":"p","private_key_id":"k","private_key":"PEM","client_email":"a@p.iam.gserviceaccount.com"})");
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->token_uri, "https://oauth2.googleapis.com/token") << "the default token_uri";
    EXPECT_EQ(key->project_id, "p");
    const auto external = parse_service_account_key(R"({"type":"external_account","audience":"x"})");
    ASSERT_FALSE(external);
    EXPECT_NE(external.error().message.find("token_format: access_token"), std::string::npos);
    EXPECT_FALSE(parse_service_account_key(R"({"type":"service_account","client_email":"a"})"));
    EXPECT_FALSE(parse_service_account_key("not json"));
}

// Answers token requests from a list, recording them.
class TokenTransport final : public ports::HttpTransport {
public:
    std::vector<ports::HttpResponse> answers;
    std::vector<ports::HttpRequest> sent;
    core::Expected<ports::HttpResponse> send(const ports::HttpRequest& request) override {
        sent.push_back(request);
        if (answers.empty()) {
            return core::make_error(core::ErrorKind::network, "refused");
        }
        auto answer = answers.front();
        answers.erase(answers.begin());
        return answer;
    }
};

ports::HttpResponse token_answer(const std::string& token, int expires_in) {
    return {200,
            "OK",
            {},
            json{{"access_token", token}, {"expires_in", expires_in}, {"token_type", "Bearer"}}.dump()};
}

TEST(GoogleTokenSource, ExchangesOnceReusesAndRenewsBeforeExpiry) {
    TokenTransport transport;
    testing::FakeClock clock;
    transport.answers = {token_answer("ya29.first", 3599), token_answer("ya29.second", 3599)};
    GoogleTokenSource source(service_account(), transport, clock);
    EXPECT_EQ(source.token().value(), "ya29.first");
    clock.sleep_for(std::chrono::minutes(57));
    EXPECT_EQ(source.token().value(), "ya29.first");
    ASSERT_EQ(transport.sent.size(), 1U);
    EXPECT_EQ(transport.sent[0].url, "http://127.0.0.1:1/token");
    EXPECT_EQ(transport.sent[0].body.rfind(
                  "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=", 0),
              0U)
        << transport.sent[0].body;
    clock.sleep_for(std::chrono::minutes(2));
    EXPECT_EQ(source.token().value(), "ya29.second");
    EXPECT_EQ(transport.sent.size(), 2U);
    const auto secrets = source.secrets();
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), "ya29.first"), secrets.end());
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), service_account().private_key), secrets.end());
}

TEST(GoogleTokenSource, ARefusedExchangeIsAnAuthErrorNamingGooglesReason) {
    TokenTransport transport;
    testing::FakeClock clock;
    transport.answers = {{400,
                          "Bad Request",
                          {},
                          R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})"}};
    GoogleTokenSource source(service_account(), transport, clock);
    const auto token = source.token();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().kind, core::ErrorKind::auth);
    EXPECT_NE(token.error().message.find("400 invalid_grant Invalid JWT Signature."), std::string::npos)
        << token.error().message;
    EXPECT_EQ(token.error().message.find("PRIVATE KEY"), std::string::npos);
    EXPECT_EQ(GoogleTokenSource("ya29.given").token().value(), "ya29.given");
}

} // namespace
} // namespace autofix::adapters
