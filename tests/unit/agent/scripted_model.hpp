#pragma once

#include "ports/model_client.hpp"

#include <deque>
#include <nlohmann/json.hpp>
#include <vector>

namespace autofix::testing {

/// A ModelClient answering from a queue and recording every request (for loop and summary unit tests).
class ScriptedModel final : public ports::ModelClient {
public:
    core::Expected<ports::MessageResponse> create_message(const ports::MessageRequest& request) override {
        m_requests.push_back(request);
        if (m_replies.empty()) {
            return core::make_error(core::ErrorKind::model, "scripted model: no reply left");
        }
        auto reply = std::move(m_replies.front());
        m_replies.pop_front();
        return reply;
    }

    /// Queues a reply or an error.
    void push(core::Expected<ports::MessageResponse> reply) { m_replies.push_back(std::move(reply)); }

    /// Queues a reply of one text block.
    void push_text(const std::string& text, ports::StopReason reason = ports::StopReason::end_turn) {
        ports::MessageResponse reply;
        reply.content.push_back(ports::ContentBlock::make_text(text));
        reply.stop_reason = reason;
        reply.usage.input_tokens = 10;
        reply.usage.output_tokens = 5;
        m_replies.emplace_back(std::move(reply)); // built in place: no move of a variant GCC 12 misreads
    }

    /// Queues a tool_use reply calling `name` with `input`.
    void push_tool(const std::string& id, const std::string& name, const nlohmann::json& input) {
        ports::MessageResponse reply;
        reply.content.push_back(ports::ContentBlock::make_tool_use(id, name, input.dump()));
        reply.stop_reason = ports::StopReason::tool_use;
        reply.usage.input_tokens = 10;
        reply.usage.output_tokens = 5;
        m_replies.emplace_back(std::move(reply)); // built in place: no move of a variant GCC 12 misreads
    }

    /// Every request received.
    const std::vector<ports::MessageRequest>& requests() const { return m_requests; }

private:
    std::deque<core::Expected<ports::MessageResponse>> m_replies;
    std::vector<ports::MessageRequest> m_requests;
};

} // namespace autofix::testing
