#pragma once

#include "action/environment.hpp"
#include "core/error.hpp"
#include "core/run_context.hpp"

#include <string_view>

namespace autofix::action {

/// Reads the fields of an event payload (the JSON at GITHUB_EVENT_PATH) that the run context needs into
/// `facts`: `pull_request`, `workflow_run`, `merge_group`, or the `comment` of `issue_comment` and
/// `pull_request_review_comment` (with its `issue` or `pull_request`), as GitHub's webhook payloads name
/// them. Absent fields stay empty. Fails (config) when `json` is not a JSON object.
core::Status read_event_payload(std::string_view json, core::EventFacts& facts);

/// The event facts of the run: GITHUB_EVENT_NAME and the other GITHUB_* values of `environment`, and the
/// payload at GITHUB_EVENT_PATH when that is set and the file exists. Fails (config) when the payload file
/// cannot be read or is not a JSON object.
core::Expected<core::EventFacts> read_event_facts(const Environment& environment);

} // namespace autofix::action
