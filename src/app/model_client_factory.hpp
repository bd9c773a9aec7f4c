#pragma once

#include "action/settings.hpp"
#include "core/error.hpp"
#include "ports/clock.hpp"
#include "ports/http_transport.hpp"
#include "ports/model_client.hpp"

#include <memory>

namespace autofix::app {

/// Returns the model client of the `provider` setting: the Anthropic API, Bedrock, Vertex AI or an
/// OpenAI-compatible server, each with the same retry rules; `transport` and `clock` must outlive it.
/// Fails (invalid_input) for a Vertex key file that cannot be found or read, or a Vertex project that is
/// named nowhere.
core::Expected<std::unique_ptr<ports::ModelClient>>
make_model_client(const action::Settings& settings, ports::HttpTransport& transport, ports::Clock& clock);

} // namespace autofix::app
