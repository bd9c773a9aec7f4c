#pragma once

#include "support/local_http_server.hpp"
#include "support/prompt_cache.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace autofix::testing {

/// A tool call the scripted model makes: id, tool name and input object.
struct ScriptedToolCall {
    std::string id;
    std::string name;
    nlohmann::json input;
};

/// Makes a 200 Messages API reply with the given content blocks, stop reason and token counts.
ServedResponse message_reply(nlohmann::json content, const std::string& stop_reason,
                             std::int64_t input_tokens = 100, std::int64_t output_tokens = 50);

/// Makes a 200 reply holding one text block.
ServedResponse text_reply(const std::string& text, const std::string& stop_reason = "end_turn");

/// Makes a 200 reply with stop_reason tool_use holding an optional text block then the tool calls.
ServedResponse tool_use_reply(const std::vector<ScriptedToolCall>& calls, const std::string& text = "");

/// Makes an API error reply `{"type":"error","error":{"type","message"},"request_id"}` with extra headers.
ServedResponse error_reply(int status, const std::string& type, const std::string& message,
                           ports::HttpHeaders headers = {});

/// Makes the 429 the API sends when the organisation's monthly spend limit is reached.
ServedResponse spend_limit_reply();

/// Makes a reply that closes the connection without answering.
ServedResponse dropped_connection();

/// A scripted Messages API on 127.0.0.1: answers `POST /v1/messages` from a queue of replies (or a handler),
/// checks the headers and the conversation shape as the real API does (400/401 when wrong), records bodies.
class FakeModelServer {
public:
    /// Computes a reply from the parsed request body (handler mode).
    using Handler = std::function<ServedResponse(const nlohmann::json& body)>;

    /// Starts a server answering from the queue filled with push(); an empty queue answers 500 api_error.
    FakeModelServer();
    /// Starts a server answering every valid request with `handler`.
    explicit FakeModelServer(Handler handler);

    /// Appends a reply to the queue.
    void push(ServedResponse reply);

    /// The base URL to use as ANTHROPIC_BASE_URL.
    std::string url() const { return m_server->url(); }

    /// Every request received, in order.
    std::vector<RecordedRequest> requests() const { return m_server->requests(); }

    /// Every request body received, parsed (null when it was not JSON).
    std::vector<nlohmann::json> bodies() const;

    /// Replies still queued.
    std::size_t remaining() const;

    /// The API key the server accepts ("sk-ant-test-key" unless changed).
    void set_api_key(std::string key) { m_api_key = std::move(key); }

    /// With `on`, every successful reply's input usage is replaced by what the prompt cache stand-in
    /// (PromptCache) reports for the request: input_tokens, cache_creation_input_tokens and
    /// cache_read_input_tokens. Misplaced cache_control blocks are refused (400) either way.
    void simulate_prompt_cache(bool on);

    /// Forgets every prefix the prompt cache stand-in holds (the cache expired).
    void expire_prompt_cache();

    /// The usage object of every successful reply served, in order.
    std::vector<nlohmann::json> usages() const;

private:
    ServedResponse answer(const RecordedRequest& request);
    ServedResponse account(const nlohmann::json& body, ServedResponse reply);

    mutable std::mutex m_mutex;
    std::deque<ServedResponse> m_queue;
    Handler m_handler;
    std::string m_api_key = "sk-ant-test-key";
    int m_served = 0;
    bool m_simulate_cache = false;
    PromptCache m_cache;
    std::vector<nlohmann::json> m_usages;
    std::unique_ptr<LocalHttpServer> m_server;
};

/// Returns the problem the real API would report for the conversation in `body`, or "" when it is valid:
/// roles alternate starting with user, every tool_use is answered by a tool_result in the next message.
std::string conversation_problem(const nlohmann::json& body);

} // namespace autofix::testing
