#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace autofix::ports {

/// The kinds of content block the fix session sends and reads.
enum class BlockType {
    text,        // plain text
    tool_use,    // the model calls a tool: id, name, input_json
    tool_result, // our answer to a tool_use: tool_use_id, text, is_error
    other,       // any other block the API returns (thinking, server tools): kept verbatim in raw_json
};

/// One content block of a message; which fields matter depends on `type`.
struct ContentBlock {
    BlockType type = BlockType::text;
    std::string text;              // text, or the content of a tool_result
    std::string id;                // tool_use id
    std::string name;              // tool_use tool name
    std::string input_json;        // tool_use input, a JSON object serialised ("{}" when empty)
    std::string tool_use_id;       // tool_result: the id of the tool_use it answers
    bool is_error = false;         // tool_result: true when the tool refused or failed
    std::string raw_json;          // other: the block as the API sent it, sent back unchanged
    bool cache_breakpoint = false; // text, tool_use, tool_result: the prompt up to and including this block
                                   // is cached (`cache_control`); ignored on other blocks

    /// Makes a text block.
    static ContentBlock make_text(std::string text);
    /// Makes a tool_use block (as the model would send it; used by tests and history).
    static ContentBlock make_tool_use(std::string id, std::string name, std::string input_json);
    /// Makes a tool_result block answering `tool_use_id`.
    static ContentBlock make_tool_result(std::string tool_use_id, std::string content, bool is_error);
};

/// Who wrote a message.
enum class Role { user, assistant };

/// One turn of the conversation.
struct Message {
    Role role = Role::user;
    std::vector<ContentBlock> content;
};

/// A tool offered to the model: a custom tool (empty `type`, with description and input schema) or an
/// Anthropic-defined one (`type` such as "text_editor_20250728", no schema).
struct ToolDefinition {
    std::string name;
    std::string type;
    std::string description;
    std::string input_schema_json; // a JSON Schema object, serialised
};

/// One Messages API request.
struct MessageRequest {
    std::string model;
    std::string system;
    std::vector<Message> messages;
    std::vector<ToolDefinition> tools;
    int max_tokens = 4096;
    double temperature = -1.0; // negative: not sent, the API default applies
    bool cache_system = false; // the tools and system prompt are cached (a `cache_control` on the system)
};

/// The most `cache_control` breakpoints one request may hold (Anthropic's prompt caching limit).
inline constexpr int max_cache_breakpoints = 4;

/// Why the model stopped producing output.
enum class StopReason {
    end_turn,
    max_tokens,
    stop_sequence,
    tool_use,
    pause_turn,
    refusal,
    model_context_window_exceeded,
    unknown,
};

/// Returns the StopReason named by the API string `name` (unknown for anything else).
inline StopReason parse_stop_reason(const std::string& name) {
    if (name == "end_turn") {
        return StopReason::end_turn;
    }
    if (name == "max_tokens") {
        return StopReason::max_tokens;
    }
    if (name == "stop_sequence") {
        return StopReason::stop_sequence;
    }
    if (name == "tool_use") {
        return StopReason::tool_use;
    }
    if (name == "pause_turn") {
        return StopReason::pause_turn;
    }
    if (name == "refusal") {
        return StopReason::refusal;
    }
    if (name == "model_context_window_exceeded") {
        return StopReason::model_context_window_exceeded;
    }
    return StopReason::unknown;
}

/// Token counts of one response, or summed over a session.
struct Usage {
    std::int64_t input_tokens = 0;
    std::int64_t output_tokens = 0;
    std::int64_t cache_creation_input_tokens = 0;
    std::int64_t cache_read_input_tokens = 0;

    /// Adds `other` to this; returns *this.
    Usage& operator+=(const Usage& other) {
        input_tokens += other.input_tokens;
        output_tokens += other.output_tokens;
        cache_creation_input_tokens += other.cache_creation_input_tokens;
        cache_read_input_tokens += other.cache_read_input_tokens;
        return *this;
    }

    /// Returns every token counted, input of all kinds plus output.
    std::int64_t total() const {
        return input_tokens + output_tokens + cache_creation_input_tokens + cache_read_input_tokens;
    }
};

/// One Messages API response.
struct MessageResponse {
    std::string id;
    std::string model;
    std::vector<ContentBlock> content;
    StopReason stop_reason = StopReason::unknown;
    std::string stop_reason_name; // the API's string, for messages
    Usage usage;
    std::string request_id; // the `request-id` header

    /// Returns the concatenated text of every text block ("" when none).
    std::string text() const {
        std::string all;
        for (const auto& block : content) {
            if (block.type == BlockType::text) {
                all += block.text;
            }
        }
        return all;
    }
};

/// Sends Messages API requests; abstract so the fix session and summaries can be tested with scripts.
class ModelClient {
public:
    virtual ~ModelClient() = default;

    /// Sends `request` and returns the model's reply; fails with ErrorKind auth (401/403), rate_limited
    /// (429 after retries, or a spend limit), network (no response after retries) or model (any other
    /// error status or an unreadable reply), the message naming error.type and request_id, never the key.
    virtual core::Expected<MessageResponse> create_message(const MessageRequest& request) = 0;
};

inline ContentBlock ContentBlock::make_text(std::string text) {
    ContentBlock block;
    block.type = BlockType::text;
    block.text = std::move(text);
    return block;
}

inline ContentBlock ContentBlock::make_tool_use(std::string id, std::string name, std::string input_json) {
    ContentBlock block;
    block.type = BlockType::tool_use;
    block.id = std::move(id);
    block.name = std::move(name);
    block.input_json = std::move(input_json);
    return block;
}

inline ContentBlock ContentBlock::make_tool_result(std::string tool_use_id, std::string content,
                                                   bool is_error) {
    ContentBlock block;
    block.type = BlockType::tool_result;
    block.tool_use_id = std::move(tool_use_id);
    block.text = std::move(content);
    block.is_error = is_error;
    return block;
}

} // namespace autofix::ports
