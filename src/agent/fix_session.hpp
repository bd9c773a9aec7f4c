#pragma once

#include "agent/fix_prompt.hpp"
#include "agent/prompts.hpp"
#include "agent/tool_box.hpp"
#include "agent/workspace.hpp"
#include "core/commit_gate.hpp"
#include "ports/clock.hpp"
#include "ports/model_client.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::agent {

/// Masks secrets in text before it is sent to the model (the caller passes the logs Redactor).
using Redact = std::function<std::string(std::string_view)>;

/// Returns a Redact that changes nothing.
Redact no_redaction();

/// Caps of one fix session.
struct SessionLimits {
    int max_turns = 40;                        // model requests, continuations included
    std::int64_t max_total_tokens = 2'000'000; // input + output summed over the session
    int max_tokens = 8192;                     // per reply at first
    int max_tokens_ceiling = 32000;            // a reply cut at max_tokens is asked again with twice as many
    std::chrono::seconds timeout{0};           // wall time of the session (session-timeout); 0: none
};

/// The cost cap of the fix chain as one session sees it: no model call is made once the chain's spend
/// before the session plus the session's own reaches `max_usd`. No cap when `price` is empty.
struct SessionBudget {
    double max_usd = 0;                               // the chain's cap (max-cost-usd)
    double spent_before_usd = 0;                      // what the chain spent before this session
    std::function<double(const ports::Usage&)> price; // the cost in USD of the session's usage so far
};

/// Whether the stable prefix of every request is marked for Anthropic's prompt caching.
enum class PromptCache { off, on };

/// Everything a fix session needs besides its ports.
struct FixSessionConfig {
    std::string model; // the model id chosen by the caller's model policy
    SessionLimits limits{};
    ContextLimits context{};
    Redact redact = no_redaction();      // applied to every text sent: prompts and tool results
    RunTests run_tests;                  // set: the run_tests tool is offered and runs this
    SessionBudget budget{};              // the chain's cost cap
    ports::Clock* clock = nullptr;       // measures limits.timeout; null: no timeout
    PromptCache cache = PromptCache::on; // tools, system, the first message and the conversation so far
    // set: a submit_fix whose change weakens the tests is refused (app::make_session_config sets the run's)
    std::optional<core::GatePolicy> commit_gate;
};

/// What a fix session did. A success is submitted with files changed and no failure_reason; anything else
/// is a failed attempt that must commit nothing.
struct FixOutcome {
    bool submitted = false;
    std::string description;
    std::string explanation;
    std::vector<std::string> files_changed; // relative paths, sorted
    ports::Usage usage;                     // summed over every request of the session
    int turns = 0;                          // model requests made
    std::string failure_reason;             // why the attempt failed; empty on success
    std::optional<core::Error> error;       // set when the model API failed (the action itself failed)
    std::vector<std::string> tried; // each tool call, one line ("view app.py", "str_replace x: error")
    std::string last_text;          // the model's last words (its final text reply), cut
    bool budget_reached = false;    // stopped at the chain's cost cap; the workspace keeps what was done
    bool timed_out = false;         // stopped at limits.timeout
    std::vector<core::GateRefusal> refused; // what the commit gate refused at submit_fix, each once, in order

    /// True when the session submitted a fix that changed at least one file.
    bool succeeded() const { return submitted && !files_changed.empty() && failure_reason.empty() && !error; }
};

/// Returns the first request of a fix session as run_fix_session sends it: the rendered system prompt and
/// first user message (both passed through `config.redact`), the fix tools, the model and max_tokens, with
/// the tools, system prompt and first message marked for prompt caching unless `config.cache` is off. Fails
/// when a template does not render.
core::Expected<ports::MessageRequest> first_request(const Workspace& workspace, const PromptSet& prompts,
                                                    const FixContext& context,
                                                    const FixSessionConfig& config);

/// Runs the tool-use loop: sends the context, executes every tool call through the sandboxed ToolBox, and
/// ends at submit_fix, a refusal, a cap or an API error (each recorded in the outcome; never throws).
/// With a commit gate, a submit_fix whose change weakens the tests is answered with the reasons as an error
/// and the session goes on; a session that ends with that change still refused fails and says so.
/// end_turn without submit_fix is nudged once; pause_turn is re-sent; a reply cut at max_tokens is asked
/// again with a larger budget up to the ceiling. Before every model call the cost cap and the timeout are
/// checked: at the cap the session stops with `budget_reached` (the tool calls of the last reply were
/// carried out, the workspace keeps them), at the timeout with `timed_out`.
FixOutcome run_fix_session(ports::ModelClient& client, Workspace& workspace, const PromptSet& prompts,
                           const FixContext& context, const FixSessionConfig& config);

} // namespace autofix::agent
