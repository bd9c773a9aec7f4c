#pragma once

#include "core/error.hpp"
#include "ports/model_client.hpp"

#include <string>

namespace autofix::adapters {

/// Returns the JSON body of a `POST /v1/messages` for `request`; fails with ErrorKind::internal when a
/// tool_use input or tool schema held is not valid JSON.
core::Expected<std::string> encode_message_request(const ports::MessageRequest& request);

/// Parses a successful Messages API response body; fails with ErrorKind::model when the body is not a
/// `"type": "message"` object.
core::Expected<ports::MessageResponse> decode_message_response(const std::string& body);

/// An API error as the Messages API reports it: `{"type":"error","error":{"type","message"},"request_id"}`.
struct ApiError {
    std::string type;    // error.type, e.g. "overloaded_error"; empty when the body was not an error object
    std::string message; // error.message
    std::string error_code; // error.details.error_code when present, e.g. "enforced_spend_limit_reached"
    std::string request_id; // the body's request_id
};

/// Parses an error body; never fails: an unreadable body gives empty fields.
ApiError decode_api_error(const std::string& body);

} // namespace autofix::adapters
