#pragma once

#include "core/error.hpp"
#include "ports/model_client.hpp"

#include <string>

namespace autofix::adapters {

/// Returns the Messages request body as the cloud platforms take it: `model` left out (it is part of the
/// URL) and `anthropic_version` in the body (`bedrock-2023-05-31` on Bedrock, `vertex-2023-10-16` on
/// Vertex AI), as https://docs.anthropic.com/en/api/claude-on-amazon-bedrock and
/// https://docs.anthropic.com/en/api/claude-on-vertex-ai describe; fails (internal) as
/// encode_message_request does.
core::Expected<std::string> encode_platform_body(const ports::MessageRequest& request,
                                                 const std::string& anthropic_version);

/// Returns `text` with every byte outside A-Z a-z 0-9 - _ . ~ @ : percent-encoded, for one URL path
/// segment (a model id).
std::string encode_path_segment(const std::string& text);

} // namespace autofix::adapters
