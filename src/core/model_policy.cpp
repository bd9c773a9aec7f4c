#include "core/model_policy.hpp"

namespace autofix::core {

const std::string& model_for_attempt(const ModelPolicy& policy, int attempt) {
    return attempt >= policy.strong_model_from_attempt ? policy.strong_model : policy.model;
}

bool escalation_due(const ModelPolicy& policy, int next_attempt) {
    return next_attempt > policy.max_attempts;
}

} // namespace autofix::core
