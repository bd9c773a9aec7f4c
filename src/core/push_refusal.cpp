#include "core/push_refusal.hpp"

#include <algorithm>
#include <cctype>

namespace autofix::core {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool has(const std::string& text, std::string_view needle) {
    return text.find(needle) != std::string::npos;
}

} // namespace

bool is_non_fast_forward_status(std::string_view status) {
    const std::string text = lower(status);
    return has(text, "non-fast-forward") || has(text, "fetch first") || has(text, "stale info");
}

std::string push_refusal_advice(std::string_view status, std::string_view message) {
    const std::string text = lower(std::string(status) + "\n" + std::string(message));
    if (has(text, "workflow") && (has(text, "permission") || has(text, "scope"))) {
        return "the commit changes a workflow file and the token may not: keep `.github/workflows/**` in "
               "`protected-paths`, or give the action a token with the `workflows` permission";
    }
    if (has(text, "gh009") || has(text, "secret") || has(text, "push protection")) {
        return "push protection found a secret in the commit: remove it from the fix (or allow it in the "
               "repository's secret scanning settings) and run the workflow again";
    }
    if (has(text, "sign") && (has(text, "verif") || has(text, "signature"))) {
        return "the branch requires signed commits and the agent's commits are unsigned: exempt "
               "`autonomous-fix-*` branches from that rule, or add the action to its bypass list";
    }
    if (has(text, "gh013") || has(text, "gh006") || has(text, "rule") || has(text, "protected branch")) {
        return "a repository ruleset or branch protection covers the fix branch: exclude `autonomous-fix-*` "
               "from it or add the action's token (github-actions) to its bypass list, then run the "
               "workflow again";
    }
    if (has(text, "hook")) {
        return "a server-side hook refused the push: its message above says why; allow pushes of "
               "`autonomous-fix-*` branches by the action, then run the workflow again";
    }
    return "the server's message above says why; let the action's token push `autonomous-fix-*` branches, "
           "then run the workflow again";
}

} // namespace autofix::core
