#include "adapters/anthropic_json.hpp"

#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

using nlohmann::json;

json encode_plain_block(const ports::ContentBlock& block) {
    switch (block.type) {
    case ports::BlockType::text:
        return json{{"type", "text"}, {"text", block.text}};
    case ports::BlockType::tool_use:
        return json{{"type", "tool_use"},
                    {"id", block.id},
                    {"name", block.name},
                    {"input", block.input_json.empty() ? json::object() : json::parse(block.input_json)}};
    case ports::BlockType::tool_result: {
        json result{{"type", "tool_result"}, {"tool_use_id", block.tool_use_id}, {"content", block.text}};
        if (block.is_error) {
            result["is_error"] = true;
        }
        return result;
    }
    case ports::BlockType::other:
        return json::parse(block.raw_json);
    }
    return json::object();
}

// Prompt caching (https://platform.claude.com/docs/en/build-with-claude/prompt-caching): a block marked
// `"cache_control": {"type": "ephemeral"}` caches the prompt prefix up to and including it, in the order
// tools, system, messages; a request may hold at most 4 such breakpoints; they may be put on tool
// definitions, system text blocks and message content blocks (text, tool_use, tool_result), not on thinking
// blocks nor on empty text blocks. A prefix shorter than the model's minimum (1024 tokens for Sonnet 4.5,
// 4096 for Opus 4.5 and Haiku 4.5) is not cached and is billed as plain input, without an error.
json ephemeral() {
    return json{{"type", "ephemeral"}};
}

// Counts the breakpoints written so that a request never holds more than the API accepts.
class Breakpoints {
public:
    bool take() {
        if (m_used >= ports::max_cache_breakpoints) {
            return false;
        }
        ++m_used;
        return true;
    }

private:
    int m_used = 0;
};

json encode_block(const ports::ContentBlock& block, Breakpoints& breakpoints) {
    json encoded = encode_plain_block(block);
    const bool cacheable = block.type == ports::BlockType::tool_use ||
                           block.type == ports::BlockType::tool_result ||
                           (block.type == ports::BlockType::text && !block.text.empty());
    if (block.cache_breakpoint && cacheable && breakpoints.take()) {
        encoded["cache_control"] = ephemeral();
    }
    return encoded;
}

ports::ContentBlock decode_block(const json& value) {
    ports::ContentBlock block;
    const std::string type = value.value("type", "");
    if (type == "text") {
        block.type = ports::BlockType::text;
        block.text = value.value("text", "");
    } else if (type == "tool_use") {
        block.type = ports::BlockType::tool_use;
        block.id = value.value("id", "");
        block.name = value.value("name", "");
        block.input_json = value.contains("input") ? value["input"].dump() : "{}";
    } else {
        block.type = ports::BlockType::other;
        block.raw_json = value.dump();
    }
    return block;
}

std::int64_t count(const json& usage, const char* key) {
    if (!usage.contains(key) || !usage[key].is_number_integer()) {
        return 0;
    }
    return usage[key].get<std::int64_t>();
}

} // namespace

core::Expected<std::string> encode_message_request(const ports::MessageRequest& request) {
    try {
        json body{{"model", request.model}, {"max_tokens", request.max_tokens}};
        Breakpoints breakpoints;
        if (!request.system.empty() && request.cache_system && breakpoints.take()) {
            // A cache_control needs the system prompt as an array of text blocks.
            body["system"] = json::array(
                {json{{"type", "text"}, {"text", request.system}, {"cache_control", ephemeral()}}});
        } else if (!request.system.empty()) {
            body["system"] = request.system;
        }
        if (request.temperature >= 0.0) {
            body["temperature"] = request.temperature;
        }
        json messages = json::array();
        for (const auto& message : request.messages) {
            json content = json::array();
            for (const auto& block : message.content) {
                content.push_back(encode_block(block, breakpoints));
            }
            messages.push_back(
                {{"role", message.role == ports::Role::user ? "user" : "assistant"}, {"content", content}});
        }
        body["messages"] = messages;
        if (!request.tools.empty()) {
            json tools = json::array();
            for (const auto& tool : request.tools) {
                if (!tool.type.empty()) {
                    tools.push_back({{"type", tool.type}, {"name", tool.name}});
                } else {
                    tools.push_back({{"name", tool.name},
                                     {"description", tool.description},
                                     {"input_schema", json::parse(tool.input_schema_json)}});
                }
            }
            body["tools"] = tools;
        }
        return body.dump(-1, ' ', false, json::error_handler_t::replace);
    } catch (const json::exception& error) {
        return core::make_error(core::ErrorKind::internal,
                                std::string("encoding a Messages API request: ") + error.what());
    }
}

core::Expected<ports::MessageResponse> decode_message_response(const std::string& body) {
    try {
        const json value = json::parse(body);
        if (!value.is_object() || value.value("type", "") != "message" || !value.contains("content") ||
            !value["content"].is_array()) {
            return core::make_error(core::ErrorKind::model, "Messages API reply is not a message object");
        }
        ports::MessageResponse response;
        response.id = value.value("id", "");
        response.model = value.value("model", "");
        for (const auto& block : value["content"]) {
            response.content.push_back(decode_block(block));
        }
        if (value.contains("stop_reason") && value["stop_reason"].is_string()) {
            response.stop_reason_name = value["stop_reason"].get<std::string>();
        }
        response.stop_reason = ports::parse_stop_reason(response.stop_reason_name);
        if (value.contains("usage") && value["usage"].is_object()) {
            const json& usage = value["usage"];
            response.usage.input_tokens = count(usage, "input_tokens");
            response.usage.output_tokens = count(usage, "output_tokens");
            response.usage.cache_creation_input_tokens = count(usage, "cache_creation_input_tokens");
            response.usage.cache_read_input_tokens = count(usage, "cache_read_input_tokens");
        }
        return response;
    } catch (const json::exception& error) {
        return core::make_error(core::ErrorKind::model,
                                std::string("Messages API reply is not valid JSON: ") + error.what());
    }
}

ApiError decode_api_error(const std::string& body) {
    ApiError error;
    const json value = json::parse(body, nullptr, false);
    if (!value.is_object()) {
        return error;
    }
    if (value.contains("request_id") && value["request_id"].is_string()) {
        error.request_id = value["request_id"].get<std::string>();
    }
    if (value.contains("error") && value["error"].is_object()) {
        const json& inner = value["error"];
        if (inner.contains("type") && inner["type"].is_string()) {
            error.type = inner["type"].get<std::string>();
        }
        if (inner.contains("message") && inner["message"].is_string()) {
            error.message = inner["message"].get<std::string>();
        }
        if (inner.contains("details") && inner["details"].is_object() &&
            inner["details"].contains("error_code") && inner["details"]["error_code"].is_string()) {
            error.error_code = inner["details"]["error_code"].get<std::string>();
        }
    }
    return error;
}

} // namespace autofix::adapters
