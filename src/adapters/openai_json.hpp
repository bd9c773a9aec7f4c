#pragma once

#include "core/error.hpp"
#include "ports/model_client.hpp"

#include <string>

namespace autofix::adapters {

// The Messages conversation in OpenAI's Chat Completions shape
// (https://platform.openai.com/docs/api-reference/chat/create): the system prompt as a `system` message,
// tool calls as the assistant's `tool_calls` ({id, type: function, function: {name, arguments}}), tool
// results as `tool` role messages with `tool_call_id`, tools as `{"type": "function", "function": {name,
// description, parameters}}`. Anthropic's text editor tool is offered as an ordinary function tool of the
// same name whose parameters are the editor's commands (view, create, str_replace, insert) and fields.

/// Which name the output limit takes: `max_completion_tokens` (api.openai.com, required by its reasoning
/// models) or `max_tokens` (what compatible servers such as vLLM, llama.cpp and Ollama read).
enum class TokenLimitField { max_completion_tokens, max_tokens };

/// Returns the JSON body of a `POST {base}/chat/completions` for `request`; fails (internal) when a
/// tool_use input or a tool schema is not valid JSON.
core::Expected<std::string> encode_chat_request(const ports::MessageRequest& request, TokenLimitField limit);

/// Reads a Chat Completions response: the first choice's content as a text block, its tool_calls as
/// tool_use blocks, finish_reason as the stop reason (tool_calls: tool_use, length: max_tokens,
/// content_filter: refusal, stop: end_turn) and `usage` (cached prompt tokens counted as cache reads);
/// fails (model) when there is no choice with a message.
core::Expected<ports::MessageResponse> decode_chat_response(const std::string& body);

/// The JSON Schema of the editor tool's parameters when offered as a function.
const char* editor_function_schema();

} // namespace autofix::adapters
