#pragma once

#include <string>

namespace autofix::core {

/// Which model fixes which attempt, and when the agent gives up.
struct ModelPolicy {
    std::string model = "claude-sonnet-4-5";
    std::string strong_model = "claude-opus-4-5";
    int strong_model_from_attempt = 5;
    int max_attempts = 6;
};

/// Returns the model for fix attempt `attempt` (1-based): the strong model from `strong_model_from_attempt`
/// on.
const std::string& model_for_attempt(const ModelPolicy& policy, int attempt);

/// Returns true when attempt `next_attempt` would exceed `max_attempts`, so the run must escalate instead.
bool escalation_due(const ModelPolicy& policy, int next_attempt);

} // namespace autofix::core
