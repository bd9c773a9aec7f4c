#include "support/provider_fakes.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/RSADigestEngine.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/URI.h>
#include <map>
#include <set>
#include <sstream>

namespace autofix::testing {
namespace {

using nlohmann::json;

ServedResponse with_header(ServedResponse reply, std::string name, std::string value) {
    reply.headers.emplace_back(std::move(name), std::move(value));
    return reply;
}

ServedResponse bedrock_error(int status, const std::string& type, const std::string& message) {
    return with_header(with_header(json_response(status, json{{"message", message}}.dump()),
                                   "x-amzn-ErrorType",
                                   type + ":http://internal.amazon.com/coral/com.amazon.bedrock/"),
                       "x-amzn-RequestId", "fake-bedrock-error");
}

ServedResponse google_error(int status, const std::string& state, const std::string& message) {
    return json_response(status,
                         json{{"error", {{"code", status}, {"message", message}, {"status", state}}}}.dump());
}

ServedResponse openai_error(int status, const std::string& type, const std::string& code,
                            const std::string& message) {
    return with_header(
        json_response(
            status,
            json{{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}}
                .dump()),
        "x-request-id", "req_fake_openai_error");
}

// Reads `Credential=AK/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex`.
std::map<std::string, std::string> authorization_fields(const std::string& value) {
    std::map<std::string, std::string> fields;
    std::string rest = value.substr(value.find(' ') + 1);
    std::istringstream parts(rest);
    for (std::string part; std::getline(parts, part, ',');) {
        while (!part.empty() && part.front() == ' ') {
            part.erase(0, 1);
        }
        const auto equals = part.find('=');
        if (equals != std::string::npos) {
            fields[part.substr(0, equals)] = part.substr(equals + 1);
        }
    }
    return fields;
}

// The reply of a Messages API handler with the body it was given, as JSON (null when not a 200 message).
json handler_reply(const FakeModelServer::Handler& model, const json& body, ServedResponse& raw) {
    raw = model(body);
    if (raw.status != 200) {
        return nullptr;
    }
    return json::parse(raw.body, nullptr, false);
}

std::string base64url_decode(std::string text) {
    while (text.size() % 4 != 0) {
        text += '=';
    }
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING);
    return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}

std::map<std::string, std::string> form_fields(const std::string& body) {
    std::map<std::string, std::string> fields;
    std::istringstream parts(body);
    for (std::string part; std::getline(parts, part, '&');) {
        const auto equals = part.find('=');
        std::string name;
        std::string value;
        Poco::URI::decode(part.substr(0, equals), name);
        Poco::URI::decode(equals == std::string::npos ? "" : part.substr(equals + 1), value);
        fields[name] = value;
    }
    return fields;
}

} // namespace

// ---------------------------------------------------------------------------------------------- Bedrock

FakeBedrock::FakeBedrock(FakeModelServer::Handler model, adapters::AwsCredentials credentials,
                         std::string region)
    : m_model(std::move(model)), m_credentials(std::move(credentials)), m_region(std::move(region)),
      m_server(std::make_unique<LocalHttpServer>([this](const RecordedRequest& r) { return answer(r); })) {}

ServedResponse FakeBedrock::answer(const RecordedRequest& request) {
    const std::string prefix = "/model/";
    const std::string suffix = "/invoke";
    if (request.method != "POST" || request.path.rfind(prefix, 0) != 0 ||
        request.path.size() <= prefix.size() + suffix.size() ||
        request.path.compare(request.path.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return bedrock_error(404, "UnknownOperationException", "unknown operation");
    }
    // SigV4 as AWS checks it: recompute from what arrived, with the secret the server knows.
    const auto fields = authorization_fields(request.header("authorization"));
    const std::string date = request.header("x-amz-date");
    const std::string expected_scope =
        m_credentials.access_key_id + "/" + date.substr(0, 8) + "/" + m_region + "/bedrock/aws4_request";
    if (request.header("authorization").rfind("AWS4-HMAC-SHA256 ", 0) != 0 ||
        fields.count("Credential") == 0 || fields.at("Credential") != expected_scope ||
        fields.count("SignedHeaders") == 0 || date.size() != 16) {
        ++m_refused;
        return bedrock_error(403, "IncompleteSignatureException",
                             "Authorization header requires Credential, SignedHeaders and Signature");
    }
    adapters::SigV4Request signing;
    signing.method = request.method;
    const auto question = request.target.find('?');
    signing.path = request.target.substr(0, question);
    signing.query = question == std::string::npos ? "" : request.target.substr(question + 1);
    std::istringstream names(fields.at("SignedHeaders"));
    bool signs_host = false;
    for (std::string name; std::getline(names, name, ';');) {
        signs_host = signs_host || name == "host";
        signing.headers.emplace_back(name, request.header(name));
    }
    signing.payload = request.body;
    const auto expected = adapters::sigv4_sign(signing, m_credentials, m_region, "bedrock", date);
    if (!signs_host || fields.count("Signature") == 0 || fields.at("Signature") != expected.signature) {
        ++m_refused;
        return bedrock_error(
            403, "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.");
    }
    if (request.header("x-amz-security-token") != m_credentials.session_token ||
        (!m_credentials.session_token.empty() &&
         fields.at("SignedHeaders").find("x-amz-security-token") == std::string::npos)) {
        ++m_refused;
        return bedrock_error(403, "UnrecognizedClientException",
                             "The security token included in the request is invalid.");
    }
    json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || body.value("anthropic_version", "") != "bedrock-2023-05-31" ||
        body.contains("model")) {
        ++m_refused;
        return bedrock_error(400, "ValidationException",
                             "Malformed input request: anthropic_version or model");
    }
    if (m_throttle > 0) {
        --m_throttle;
        return bedrock_error(429, "ThrottlingException",
                             "Too many requests, please wait before trying again.");
    }
    std::string model_id;
    Poco::URI::decode(signing.path.substr(prefix.size(), signing.path.size() - prefix.size() - suffix.size()),
                      model_id);
    body.erase("anthropic_version");
    body["model"] = model_id;
    if (const std::string problem = conversation_problem(body); !problem.empty()) {
        return bedrock_error(400, "ValidationException", problem);
    }
    return with_header(m_model(body), "x-amzn-RequestId", "fake-bedrock-request");
}

// ----------------------------------------------------------------------------------------------- Vertex

struct FakeVertex::Keys {
    Poco::Crypto::RSAKey key{Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE};
    std::string private_pem;
    std::string issued_token;
};

FakeVertex::FakeVertex(FakeModelServer::Handler model, std::string project, std::string region)
    : m_model(std::move(model)), m_project(std::move(project)), m_region(std::move(region)),
      m_keys(std::make_unique<Keys>()),
      m_server(std::make_unique<LocalHttpServer>([this](const RecordedRequest& r) { return answer(r); })) {
    std::ostringstream public_key;
    std::ostringstream private_key;
    m_keys->key.save(&public_key, &private_key);
    m_keys->private_pem = private_key.str();
}

FakeVertex::~FakeVertex() = default;

std::string FakeVertex::url() const {
    return m_server->url();
}

std::vector<RecordedRequest> FakeVertex::requests() const {
    return m_server->requests();
}

std::string FakeVertex::key_file() const {
    return json{{"type", "service_account"},
                {"project_id", m_project},
                {"private_key_id", "fakekeyid0123"},
                {"private_key", m_keys->private_pem},
                {"client_email", "autofix@" + m_project + ".iam.gserviceaccount.com"},
                {"client_id", "1234567890"},
                {"token_uri", m_server->url() + "/token"}}
        .dump(2);
}

ServedResponse FakeVertex::exchange(const RecordedRequest& request) {
    const auto form = form_fields(request.body);
    const auto oauth_error = [this](const std::string& description) {
        ++m_refused;
        return json_response(400,
                             json{{"error", "invalid_grant"}, {"error_description", description}}.dump());
    };
    if (request.header("content-type") != "application/x-www-form-urlencoded" ||
        form.count("grant_type") == 0 ||
        form.at("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" ||
        form.count("assertion") == 0) {
        return oauth_error("grant_type jwt-bearer with an assertion is required");
    }
    const std::string& jwt = form.at("assertion");
    const auto first = jwt.find('.');
    const auto second = jwt.find('.', first + 1);
    if (first == std::string::npos || second == std::string::npos) {
        return oauth_error("malformed JWT");
    }
    const json header = json::parse(base64url_decode(jwt.substr(0, first)), nullptr, false);
    const json claims =
        json::parse(base64url_decode(jwt.substr(first + 1, second - first - 1)), nullptr, false);
    const std::string signature = base64url_decode(jwt.substr(second + 1));
    Poco::Crypto::RSADigestEngine verifier(m_keys->key, "SHA256");
    verifier.update(jwt.substr(0, second));
    const Poco::DigestEngine::Digest digest(signature.begin(), signature.end());
    if (!header.is_object() || header.value("alg", "") != "RS256" || !verifier.verify(digest)) {
        return oauth_error("Invalid JWT Signature.");
    }
    if (!claims.is_object() ||
        claims.value("iss", "") != "autofix@" + m_project + ".iam.gserviceaccount.com" ||
        claims.value("aud", "") != m_server->url() + "/token" ||
        claims.value("scope", "") != "https://www.googleapis.com/auth/cloud-platform" ||
        claims.value("exp", 0LL) - claims.value("iat", 0LL) > 3600) {
        return oauth_error("Invalid JWT claims.");
    }
    m_keys->issued_token = "ya29.fake-vertex-token-" + std::to_string(++m_issued);
    return json_response(
        200,
        json{{"access_token", m_keys->issued_token}, {"expires_in", 3599}, {"token_type", "Bearer"}}.dump());
}

ServedResponse FakeVertex::answer(const RecordedRequest& request) {
    if (request.method == "POST" && request.path == "/token") {
        return exchange(request);
    }
    const std::string prefix =
        "/v1/projects/" + m_project + "/locations/" + m_region + "/publishers/anthropic/models/";
    const std::string suffix = ":rawPredict";
    if (request.method != "POST" || request.path.rfind(prefix, 0) != 0 ||
        request.path.size() <= prefix.size() + suffix.size() ||
        request.path.compare(request.path.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return google_error(404, "NOT_FOUND",
                            "The requested URL " + request.path + " was not found on this server.");
    }
    const std::string bearer = request.header("authorization");
    const bool valid = (!m_keys->issued_token.empty() && bearer == "Bearer " + m_keys->issued_token) ||
                       (!m_static_token.empty() && bearer == "Bearer " + m_static_token);
    if (!valid) {
        ++m_refused;
        return google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    }
    json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || body.value("anthropic_version", "") != "vertex-2023-10-16" ||
        body.contains("model")) {
        ++m_refused;
        return google_error(400, "INVALID_ARGUMENT",
                            "anthropic_version vertex-2023-10-16 is required; model is not");
    }
    if (m_throttle > 0) {
        --m_throttle;
        return google_error(
            429, "RESOURCE_EXHAUSTED",
            "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model");
    }
    body.erase("anthropic_version");
    body["model"] = request.path.substr(prefix.size(), request.path.size() - prefix.size() - suffix.size());
    if (const std::string problem = conversation_problem(body); !problem.empty()) {
        return error_reply(400, "invalid_request_error", problem);
    }
    return m_model(body);
}

// ----------------------------------------------------------------------------------------------- OpenAI

json chat_to_messages(const json& chat) {
    if (!chat.is_object() || !chat.contains("messages") || !chat["messages"].is_array()) {
        return {{"error", "messages is required"}};
    }
    json body{{"model", chat.value("model", "")},
              {"max_tokens", chat.contains("max_tokens") ? chat["max_tokens"]
                                                         : chat.value("max_completion_tokens", json(0))}};
    json messages = json::array();
    std::set<std::string> open_calls;
    const auto user_blocks = [&messages]() -> json& {
        if (messages.empty() || messages.back()["role"] != "user") {
            messages.push_back({{"role", "user"}, {"content", json::array()}});
        }
        return messages.back()["content"];
    };
    for (const auto& message : chat["messages"]) {
        const std::string role = message.value("role", "");
        if (role == "system") {
            body["system"] = message.value("content", "");
        } else if (role == "user") {
            if (!open_calls.empty()) {
                return {{"error", "An assistant message with 'tool_calls' must be followed by tool messages "
                                  "responding to each 'tool_call_id'."}};
            }
            user_blocks().push_back({{"type", "text"}, {"text", message.value("content", "")}});
        } else if (role == "tool") {
            const std::string id = message.value("tool_call_id", "");
            if (open_calls.erase(id) == 0) {
                return {{"error", "Invalid parameter: messages with role 'tool' must be a response to a "
                                  "preceeding message with 'tool_calls'."}};
            }
            user_blocks().push_back(
                {{"type", "tool_result"}, {"tool_use_id", id}, {"content", message.value("content", "")}});
        } else if (role == "assistant") {
            json content = json::array();
            if (message.contains("content") && message["content"].is_string()) {
                content.push_back({{"type", "text"}, {"text", message["content"]}});
            }
            for (const auto& call : message.value("tool_calls", json::array())) {
                const json input = json::parse(call["function"].value("arguments", "{}"), nullptr, false);
                content.push_back({{"type", "tool_use"},
                                   {"id", call.value("id", "")},
                                   {"name", call["function"].value("name", "")},
                                   {"input", input}});
                open_calls.insert(call.value("id", ""));
            }
            messages.push_back({{"role", "assistant"}, {"content", content}});
        } else {
            return {{"error", "unknown role " + role}};
        }
    }
    body["messages"] = messages;
    if (chat.contains("tools")) {
        json tools = json::array();
        for (const auto& tool : chat["tools"]) {
            if (tool.value("type", "") != "function" || !tool.contains("function") ||
                !tool["function"].contains("parameters") || !tool["function"]["parameters"].is_object()) {
                return {{"error", "tools must be functions with parameters"}};
            }
            tools.push_back({{"name", tool["function"].value("name", "")},
                             {"description", tool["function"].value("description", "")},
                             {"input_schema", tool["function"]["parameters"]}});
        }
        body["tools"] = tools;
    }
    return body;
}

json messages_to_chat(const json& message) {
    std::string text;
    json calls = json::array();
    for (const auto& block : message.value("content", json::array())) {
        if (block.value("type", "") == "text") {
            text += block.value("text", "");
        } else if (block.value("type", "") == "tool_use") {
            calls.push_back(
                {{"id", block.value("id", "")},
                 {"type", "function"},
                 {"function", {{"name", block.value("name", "")}, {"arguments", block["input"].dump()}}}});
        }
    }
    json reply{{"role", "assistant"}, {"content", text.empty() ? json(nullptr) : json(text)}};
    if (!calls.empty()) {
        reply["tool_calls"] = calls;
    }
    const std::string stop = message.value("stop_reason", "");
    const std::string finish = stop == "tool_use" ? "tool_calls" : stop == "max_tokens" ? "length" : "stop";
    const json usage = message.value("usage", json::object());
    const std::int64_t input = usage.value("input_tokens", 0LL);
    const std::int64_t output = usage.value("output_tokens", 0LL);
    return {{"id", "chatcmpl-fake"},
            {"object", "chat.completion"},
            {"created", 1767225600},
            {"model", message.value("model", "")},
            {"choices", json::array({{{"index", 0}, {"message", reply}, {"finish_reason", finish}}})},
            {"usage",
             {{"prompt_tokens", input}, {"completion_tokens", output}, {"total_tokens", input + output}}}};
}

FakeOpenAi::FakeOpenAi(FakeModelServer::Handler model, std::string api_key)
    : m_model(std::move(model)), m_api_key(std::move(api_key)),
      m_server(std::make_unique<LocalHttpServer>([this](const RecordedRequest& r) { return answer(r); })) {}

ServedResponse FakeOpenAi::answer(const RecordedRequest& request) {
    if (request.method != "POST" || request.path != "/v1/chat/completions") {
        return openai_error(404, "invalid_request_error", "unknown_url",
                            "Invalid URL (" + request.method + " " + request.path + ")");
    }
    if (request.header("authorization") != "Bearer " + m_api_key) {
        ++m_refused;
        return openai_error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");
    }
    const json body = chat_to_messages(json::parse(request.body, nullptr, false));
    if (body.contains("error")) {
        ++m_refused;
        return openai_error(400, "invalid_request_error", "invalid_request",
                            body["error"].get<std::string>());
    }
    if (const std::string problem = conversation_problem(body); !problem.empty()) {
        ++m_refused;
        return openai_error(400, "invalid_request_error", "invalid_request", problem);
    }
    if (m_throttle > 0) {
        --m_throttle;
        return with_header(
            openai_error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests"),
            "retry-after-ms", "20");
    }
    ServedResponse raw;
    const json reply = handler_reply(m_model, body, raw);
    if (reply.is_null()) {
        return raw;
    }
    return with_header(json_response(200, messages_to_chat(reply).dump()), "x-request-id", "req_fake_openai");
}

} // namespace autofix::testing
