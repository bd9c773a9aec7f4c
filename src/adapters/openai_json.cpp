#include "adapters/openai_json.hpp"

#include <nlohmann/json.hpp>

namespace autofix::adapters {
namespace {

using nlohmann::json;

constexpr const char* editor_schema = R"({
  "type": "object",
  "properties": {
    "command": {"type": "string", "enum": ["view", "create", "str_replace", "insert"],
                "description": "view: show a file with line numbers (or list a directory); create: write a new file; str_replace: replace one exact, unique occurrence of old_str by new_str; insert: insert insert_text after line insert_line (0: at the top)."},
    "path": {"type": "string", "description": "Path of the file, relative to the repository root."},
    "view_range": {"type": "array", "items": {"type": "integer"}, "description": "view: [first, last] line, 1-based; last -1 means the end."},
    "file_text": {"type": "string", "description": "create: the whole content of the new file."},
    "old_str": {"type": "string", "description": "str_replace: the exact text to replace, unique in the file."},
    "new_str": {"type": "string", "description": "str_replace: the replacement text."},
    "insert_line": {"type": "integer", "description": "insert: the line after which to insert."},
    "insert_text": {"type": "string", "description": "insert: the text to insert."}
  },
  "required": ["command", "path"]
})";

constexpr const char* editor_description =
    "View and edit files of the repository. Commands: view, create, str_replace, insert.";

json tool_call(const ports::ContentBlock& block) {
    return {{"id", block.id},
            {"type", "function"},
            {"function",
             {{"name", block.name}, {"arguments", block.input_json.empty() ? "{}" : block.input_json}}}};
}

void append_user(json& messages, const ports::Message& message) {
    std::string text;
    for (const auto& block : message.content) {
        if (block.type == ports::BlockType::tool_result) {
            // Tool results come first: they must follow the assistant message that made the calls.
            messages.push_back({{"role", "tool"},
                                {"tool_call_id", block.tool_use_id},
                                {"content", block.is_error ? "Error: " + block.text : block.text}});
        } else if (block.type == ports::BlockType::text) {
            text += (text.empty() ? "" : "\n\n") + block.text;
        }
    }
    if (!text.empty()) {
        messages.push_back({{"role", "user"}, {"content", text}});
    }
}

void append_assistant(json& messages, const ports::Message& message) {
    std::string text;
    json calls = json::array();
    for (const auto& block : message.content) {
        if (block.type == ports::BlockType::text) {
            text += block.text;
        } else if (block.type == ports::BlockType::tool_use) {
            calls.push_back(tool_call(block));
        }
    }
    json entry{{"role", "assistant"}, {"content", text.empty() ? json(nullptr) : json(text)}};
    if (!calls.empty()) {
        entry["tool_calls"] = calls;
    }
    messages.push_back(entry);
}

std::int64_t count(const json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_number_integer()) {
        return 0;
    }
    return object[key].get<std::int64_t>();
}

} // namespace

const char* editor_function_schema() {
    return editor_schema;
}

core::Expected<std::string> encode_chat_request(const ports::MessageRequest& request, TokenLimitField limit) {
    try {
        json body{{"model", request.model}};
        body[limit == TokenLimitField::max_completion_tokens ? "max_completion_tokens" : "max_tokens"] =
            request.max_tokens;
        if (request.temperature >= 0.0) {
            body["temperature"] = request.temperature;
        }
        json messages = json::array();
        if (!request.system.empty()) {
            messages.push_back({{"role", "system"}, {"content", request.system}});
        }
        for (const auto& message : request.messages) {
            if (message.role == ports::Role::user) {
                append_user(messages, message);
            } else {
                append_assistant(messages, message);
            }
        }
        body["messages"] = messages;
        if (!request.tools.empty()) {
            json tools = json::array();
            for (const auto& tool : request.tools) {
                const bool editor = !tool.type.empty();
                tools.push_back(
                    {{"type", "function"},
                     {"function",
                      {{"name", tool.name},
                       {"description", editor ? editor_description : tool.description},
                       {"parameters", json::parse(editor ? editor_schema : tool.input_schema_json)}}}});
            }
            body["tools"] = tools;
        }
        return body.dump(-1, ' ', false, json::error_handler_t::replace);
    } catch (const json::exception& error) {
        return core::make_error(core::ErrorKind::internal,
                                std::string("encoding a Chat Completions request: ") + error.what());
    }
}

core::Expected<ports::MessageResponse> decode_chat_response(const std::string& body) {
    const json value = json::parse(body, nullptr, false);
    if (!value.is_object() || !value.contains("choices") || !value["choices"].is_array() ||
        value["choices"].empty() || !value["choices"][0].is_object() ||
        !value["choices"][0].contains("message") || !value["choices"][0]["message"].is_object()) {
        return core::make_error(core::ErrorKind::model,
                                "Chat Completions reply has no choice with a message: " +
                                    body.substr(0, 200));
    }
    ports::MessageResponse response;
    response.id = value.contains("id") && value["id"].is_string() ? value["id"].get<std::string>() : "";
    response.model =
        value.contains("model") && value["model"].is_string() ? value["model"].get<std::string>() : "";
    const json& choice = value["choices"][0];
    const json& message = choice["message"];
    if (message.contains("content") && message["content"].is_string() &&
        !message["content"].get<std::string>().empty()) {
        response.content.push_back(ports::ContentBlock::make_text(message["content"].get<std::string>()));
    }
    if (message.contains("tool_calls") && message["tool_calls"].is_array()) {
        for (const auto& call : message["tool_calls"]) {
            if (!call.is_object() || !call.contains("function") || !call["function"].is_object()) {
                continue;
            }
            const json& function = call["function"];
            const std::string name = function.value("name", "");
            std::string arguments = function.contains("arguments") && function["arguments"].is_string()
                                        ? function["arguments"].get<std::string>()
                                        : "{}";
            const json parsed = json::parse(arguments, nullptr, false);
            // Arguments that are no JSON object reach the tool as one, which it refuses with a reason.
            const std::string input =
                parsed.is_object() ? parsed.dump() : json{{"unparsed_arguments", arguments}}.dump();
            response.content.push_back(ports::ContentBlock::make_tool_use(call.value("id", ""), name, input));
        }
    }
    const std::string finish = choice.contains("finish_reason") && choice["finish_reason"].is_string()
                                   ? choice["finish_reason"].get<std::string>()
                                   : "";
    bool has_calls = false;
    for (const auto& block : response.content) {
        has_calls = has_calls || block.type == ports::BlockType::tool_use;
    }
    if (has_calls || finish == "tool_calls" || finish == "function_call") {
        response.stop_reason_name = "tool_use";
    } else if (finish == "length") {
        response.stop_reason_name = "max_tokens";
    } else if (finish == "content_filter") {
        response.stop_reason_name = "refusal";
    } else {
        response.stop_reason_name = "end_turn";
    }
    response.stop_reason = ports::parse_stop_reason(response.stop_reason_name);
    if (value.contains("usage") && value["usage"].is_object()) {
        const json& usage = value["usage"];
        const std::int64_t prompt = count(usage, "prompt_tokens");
        const std::int64_t cached = usage.contains("prompt_tokens_details")
                                        ? count(usage["prompt_tokens_details"], "cached_tokens")
                                        : 0;
        response.usage.input_tokens = prompt - std::min(cached, prompt);
        response.usage.cache_read_input_tokens = std::min(cached, prompt);
        response.usage.output_tokens = count(usage, "completion_tokens");
    }
    return response;
}

} // namespace autofix::adapters
