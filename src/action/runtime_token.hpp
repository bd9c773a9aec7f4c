#pragma once

#include "core/error.hpp"

#include <string>

namespace autofix::action {

/// The workflow run and job of the results service, as the artifact API names them.
struct BackendIds {
    std::string workflow_run_backend_id;
    std::string workflow_job_run_backend_id;
};

/// Returns the backend ids from the `scp` claim ("Actions.Results:<run>:<job>") of the JWT in
/// ACTIONS_RUNTIME_TOKEN; fails with ErrorKind::invalid_input when the token is not a JWT, its payload is
/// not base64url JSON, or no scope names the results service. The error never quotes the token.
core::Expected<BackendIds> backend_ids_from_token(const std::string& runtime_token);

/// Returns the bytes of the base64url text `text` (padding optional), or an error for other characters.
core::Expected<std::string> decode_base64url(const std::string& text);

} // namespace autofix::action
