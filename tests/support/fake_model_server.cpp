#include "support/fake_model_server.hpp"

#include <set>

namespace autofix::testing {
namespace {

using nlohmann::json;

ServedResponse with_request_id(ServedResponse reply, int serial) {
    if (ports::find_header(reply.headers, "request-id").empty()) {
        reply.headers.emplace_back("request-id", "req_fake_" + std::to_string(serial));
    }
    return reply;
}

} // namespace

ServedResponse message_reply(json content, const std::string& stop_reason, std::int64_t input_tokens,
                             std::int64_t output_tokens) {
    const json body{{"id", "msg_fake"},
                    {"type", "message"},
                    {"role", "assistant"},
                    {"model", "claude-sonnet-4-5"},
                    {"content", std::move(content)},
                    {"stop_reason", stop_reason},
                    {"stop_sequence", nullptr},
                    {"usage", {{"input_tokens", input_tokens}, {"output_tokens", output_tokens}}}};
    return json_response(200, body.dump());
}

ServedResponse text_reply(const std::string& text, const std::string& stop_reason) {
    return message_reply(json::array({{{"type", "text"}, {"text", text}}}), stop_reason);
}

ServedResponse tool_use_reply(const std::vector<ScriptedToolCall>& calls, const std::string& text) {
    json content = json::array();
    if (!text.empty()) {
        content.push_back({{"type", "text"}, {"text", text}});
    }
    for (const auto& call : calls) {
        content.push_back(
            {{"type", "tool_use"}, {"id", call.id}, {"name", call.name}, {"input", call.input}});
    }
    return message_reply(content, "tool_use");
}

ServedResponse error_reply(int status, const std::string& type, const std::string& message,
                           ports::HttpHeaders headers) {
    const json body{{"type", "error"},
                    {"error", {{"type", type}, {"message", message}}},
                    {"request_id", "req_error_" + std::to_string(status)}};
    ServedResponse reply = json_response(status, body.dump());
    for (auto& header : headers) {
        reply.headers.push_back(std::move(header));
    }
    if (ports::find_header(reply.headers, "request-id").empty()) {
        reply.headers.emplace_back("request-id", "req_error_" + std::to_string(status));
    }
    return reply;
}

ServedResponse spend_limit_reply() {
    const json body{
        {"type", "error"},
        {"error",
         {{"type", "rate_limit_error"},
          {"message",
           "You have reached your specified API usage limits. You will regain access on 2026-01-01."},
          {"details", {{"error_code", "enforced_spend_limit_reached"}}}}},
        {"request_id", "req_spend"}};
    ServedResponse reply = json_response(429, body.dump());
    reply.headers.emplace_back("request-id", "req_spend");
    return reply;
}

ServedResponse dropped_connection() {
    ServedResponse reply;
    reply.drop_connection = true;
    return reply;
}

std::string conversation_problem(const json& body) {
    if (!body.is_object() || !body.contains("model") || !body.contains("max_tokens") ||
        !body.contains("messages") || !body["messages"].is_array() || body["messages"].empty()) {
        return "model, max_tokens and a non-empty messages array are required";
    }
    const json& messages = body["messages"];
    std::set<std::string> open_calls;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const json& message = messages[i];
        const std::string role = message.value("role", "");
        const std::string expected = i % 2 == 0 ? "user" : "assistant";
        if (role != expected) {
            return "messages." + std::to_string(i) + ": roles must alternate, starting with user";
        }
        const json& content = message.contains("content") ? message["content"] : json();
        if (!content.is_array() || content.empty()) {
            return "messages." + std::to_string(i) + ": content must be a non-empty array";
        }
        if (role == "user") {
            std::set<std::string> answered;
            for (const auto& block : content) {
                if (block.value("type", "") == "tool_result") {
                    answered.insert(block.value("tool_use_id", ""));
                }
            }
            for (const auto& id : open_calls) {
                if (answered.count(id) == 0) {
                    return "messages." + std::to_string(i) +
                           ": tool_use ids were found without tool_result "
                           "blocks immediately after: " +
                           id;
                }
            }
            open_calls.clear();
        } else {
            for (const auto& block : content) {
                if (block.value("type", "") == "tool_use") {
                    open_calls.insert(block.value("id", ""));
                }
            }
        }
    }
    if (messages.back().value("role", "") == "assistant" && !open_calls.empty()) {
        return "the final assistant message has unanswered tool_use blocks";
    }
    return "";
}

FakeModelServer::FakeModelServer()
    : m_server(std::make_unique<LocalHttpServer>([this](const RecordedRequest& r) { return answer(r); })) {}

FakeModelServer::FakeModelServer(Handler handler)
    : m_handler(std::move(handler)),
      m_server(std::make_unique<LocalHttpServer>([this](const RecordedRequest& r) { return answer(r); })) {}

void FakeModelServer::push(ServedResponse reply) {
    std::lock_guard lock(m_mutex);
    m_queue.push_back(std::move(reply));
}

std::size_t FakeModelServer::remaining() const {
    std::lock_guard lock(m_mutex);
    return m_queue.size();
}

std::vector<json> FakeModelServer::bodies() const {
    std::vector<json> result;
    for (const auto& request : m_server->requests()) {
        result.push_back(json::parse(request.body, nullptr, false));
    }
    return result;
}

void FakeModelServer::simulate_prompt_cache(bool on) {
    std::lock_guard lock(m_mutex);
    m_simulate_cache = on;
}

void FakeModelServer::expire_prompt_cache() {
    std::lock_guard lock(m_mutex);
    m_cache.clear();
}

std::vector<json> FakeModelServer::usages() const {
    std::lock_guard lock(m_mutex);
    return m_usages;
}

ServedResponse FakeModelServer::account(const json& body, ServedResponse reply) {
    if (reply.status != 200) {
        return reply;
    }
    json parsed = json::parse(reply.body, nullptr, false);
    if (!parsed.is_object() || parsed.value("type", "") != "message") {
        return reply;
    }
    if (m_simulate_cache) {
        const CacheUsage usage = m_cache.account(body);
        parsed["usage"]["input_tokens"] = usage.input_tokens;
        parsed["usage"]["cache_creation_input_tokens"] = usage.cache_creation_input_tokens;
        parsed["usage"]["cache_read_input_tokens"] = usage.cache_read_input_tokens;
        reply.body = parsed.dump();
    }
    m_usages.push_back(parsed.contains("usage") ? parsed["usage"] : json::object());
    return reply;
}

ServedResponse FakeModelServer::answer(const RecordedRequest& request) {
    std::lock_guard lock(m_mutex);
    ++m_served;
    if (request.method != "POST" || request.path != "/v1/messages") {
        return with_request_id(error_reply(404, "not_found_error", "Not found"), m_served);
    }
    if (request.header("x-api-key") != m_api_key) {
        return with_request_id(error_reply(401, "authentication_error", "invalid x-api-key"), m_served);
    }
    if (request.header("anthropic-version") != "2023-06-01") {
        return with_request_id(
            error_reply(400, "invalid_request_error", "anthropic-version: header is required"), m_served);
    }
    const json body = json::parse(request.body, nullptr, false);
    if (const std::string problem = conversation_problem(body); !problem.empty()) {
        return with_request_id(error_reply(400, "invalid_request_error", problem), m_served);
    }
    if (const std::string problem = cache_control_problem(body); !problem.empty()) {
        return with_request_id(error_reply(400, "invalid_request_error", problem), m_served);
    }
    if (m_handler) {
        return with_request_id(account(body, m_handler(body)), m_served);
    }
    if (m_queue.empty()) {
        return with_request_id(error_reply(500, "api_error", "fake model server: no scripted reply left"),
                               m_served);
    }
    ServedResponse reply = std::move(m_queue.front());
    m_queue.pop_front();
    return with_request_id(account(body, std::move(reply)), m_served);
}

} // namespace autofix::testing
