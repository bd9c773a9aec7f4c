#pragma once

#include <string>
#include <string_view>

namespace autofix::core {

/// Returns true when a per-ref status from the server (`git push`'s "[remote rejected]" reason or the
/// receive-pack `ng` line) means the branch moved on: a race with another push, not a refusal.
bool is_non_fast_forward_status(std::string_view status);

/// Returns what the user can do about a push the server refused, from the server's own words (`status`: the
/// per-ref reason; `message`: what the server printed, e.g. GitHub's "GH013: Repository rule violations").
/// Names rulesets, required signatures, push protection, the `workflows` permission and hooks when the
/// message points at them, else a general hint.
std::string push_refusal_advice(std::string_view status, std::string_view message);

} // namespace autofix::core
