#include "agent/fix_session.hpp"

#include "agent/change_review.hpp"
#include "core/budget.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace autofix::agent {
namespace {

using ports::ContentBlock;
using ports::Message;
using ports::Role;
using ports::StopReason;

bool has_tool_use(const std::vector<ContentBlock>& content) {
    return std::any_of(content.begin(), content.end(),
                       [](const ContentBlock& block) { return block.type == ports::BlockType::tool_use; });
}

std::string trimmed(std::string text, std::size_t cap) {
    if (text.size() > cap) {
        text = text.substr(0, cap) + "...";
    }
    return text;
}

constexpr std::size_t max_tried = 40;

// One line saying what a tool call did: the tool, its command and path or pattern, and its error if any.
std::string describe_call(const ContentBlock& block, const ToolOutcome& outcome) {
    std::string line = block.name;
    const nlohmann::json input = nlohmann::json::parse(block.input_json, nullptr, false);
    const auto field = [&](const char* key) {
        return input.is_object() && input.contains(key) && input[key].is_string()
                   ? input[key].get<std::string>()
                   : std::string();
    };
    for (const char* key : {"command", "path", "pattern", "glob", "description"}) {
        if (const std::string value = field(key); !value.empty()) {
            line += " " + trimmed(value, 120);
        }
    }
    if (block.name == "run_tests" && !outcome.is_error) {
        line += ": " + trimmed(outcome.content.substr(0, outcome.content.find('\n')), 200);
    }
    if (outcome.is_error) {
        const std::string first = outcome.content.substr(0, outcome.content.find('\n'));
        line += " (refused: " + trimmed(first, 200) + ")";
    }
    return line;
}

class Session {
public:
    Session(ports::ModelClient& client, Workspace& workspace, const PromptSet& prompts,
            const FixSessionConfig& config)
        : m_client(client), m_workspace(workspace), m_prompts(prompts), m_config(config),
          m_redact(config.redact ? config.redact : no_redaction()), m_tools(workspace) {
        if (config.run_tests) {
            m_tools.set_run_tests(config.run_tests);
        }
    }

    FixOutcome run(const FixContext& context) {
        auto request = first_request(m_workspace, m_prompts, context, m_config);
        if (!request) {
            m_outcome.error = request.error();
            return fail("the prompt could not be rendered");
        }
        m_request = std::move(*request);
        if (m_config.clock != nullptr) {
            m_started = m_config.clock->now();
        }
        return loop();
    }

private:
    // The chain's spend with this session's so far, or nullopt when there is no cap.
    std::optional<double> chain_spent() const {
        if (!m_config.budget.price) {
            return std::nullopt;
        }
        return m_config.budget.spent_before_usd + m_config.budget.price(m_outcome.usage);
    }

    // True when the session has run for limits.timeout or longer.
    bool timed_out() const {
        return m_config.clock != nullptr && m_config.limits.timeout.count() > 0 &&
               m_config.clock->now() - m_started >= m_config.limits.timeout;
    }

    // Moves the breakpoint that caches the conversation so far to the last block of the last message (the
    // first message keeps its own): each turn reads the turns before it from the cache. With the system
    // prompt's, at most three breakpoints are set (the API accepts four).
    void mark_conversation() {
        if (m_config.cache == PromptCache::off || m_request.messages.size() < 2) {
            return;
        }
        for (std::size_t index = 1; index < m_request.messages.size(); ++index) {
            for (auto& block : m_request.messages[index].content) {
                block.cache_breakpoint = false;
            }
        }
        if (auto& last = m_request.messages.back().content; !last.empty()) {
            last.back().cache_breakpoint = true;
        }
    }

    FixOutcome loop() {
        bool nudged = false;
        bool empty_submit_refused = false;
        for (;;) {
            if (m_outcome.turns >= m_config.limits.max_turns) {
                return fail("turn limit reached (" + std::to_string(m_config.limits.max_turns) +
                            " requests) without submit_fix");
            }
            if (m_outcome.usage.total() >= m_config.limits.max_total_tokens) {
                return fail("token budget exhausted (" + std::to_string(m_outcome.usage.total()) + " of " +
                            std::to_string(m_config.limits.max_total_tokens) + " tokens) without submit_fix");
            }
            if (const auto spent = chain_spent();
                spent && core::budget_reached(*spent, {m_config.budget.max_usd})) {
                m_outcome.budget_reached = true;
                return fail(core::budget_reason(*spent, {m_config.budget.max_usd}));
            }
            if (timed_out()) {
                m_outcome.timed_out = true;
                return fail("session-timeout of " + std::to_string(m_config.limits.timeout.count()) +
                            "s reached after " + std::to_string(m_outcome.turns) +
                            " model request(s) without submit_fix");
            }
            mark_conversation();
            ++m_outcome.turns;
            auto reply = m_client.create_message(m_request);
            if (!reply) {
                m_outcome.error = reply.error();
                return fail("the model API failed: " + reply.error().message);
            }
            m_outcome.usage += reply->usage;
            if (const std::string text = reply->text(); !text.empty()) {
                m_outcome.last_text = m_redact(trimmed(text, 600));
            }
            StopReason reason = reply->stop_reason;
            const bool calls = has_tool_use(reply->content);
            if (reason == StopReason::tool_use && !calls) {
                reason = StopReason::end_turn;
            } else if (calls && (reason == StopReason::end_turn || reason == StopReason::stop_sequence ||
                                 reason == StopReason::unknown)) {
                reason = StopReason::tool_use;
            }
            switch (reason) {
            case StopReason::max_tokens:
                if (m_request.max_tokens >= m_config.limits.max_tokens_ceiling) {
                    return fail("the model's reply exceeded the max_tokens ceiling of " +
                                std::to_string(m_config.limits.max_tokens_ceiling));
                }
                // The reply, possibly with a cut tool call, is dropped and asked for again with more room.
                m_request.max_tokens = std::min(m_request.max_tokens * 2, m_config.limits.max_tokens_ceiling);
                continue;
            case StopReason::refusal:
                return fail("the model refused to continue: " + trimmed(reply->text(), 500));
            case StopReason::model_context_window_exceeded:
                return fail("the conversation exceeded the model's context window");
            case StopReason::pause_turn:
                m_request.messages.push_back({Role::assistant, reply->content});
                continue;
            case StopReason::tool_use:
                break;
            case StopReason::end_turn:
            case StopReason::stop_sequence:
            case StopReason::unknown:
                if (nudged) {
                    return fail("the model ended the session without calling submit_fix");
                }
                nudged = true;
                if (reply->content.empty()) {
                    reply->content.push_back(ContentBlock::make_text("(no reply)"));
                }
                m_request.messages.push_back({Role::assistant, reply->content});
                m_request.messages.push_back(
                    {Role::user, {ContentBlock::make_text(m_redact(m_prompts.text("submit_nudge")))}});
                continue;
            }
            m_request.messages.push_back({Role::assistant, reply->content});
            std::vector<ContentBlock> results;
            for (const auto& block : reply->content) {
                if (block.type != ports::BlockType::tool_use) {
                    continue;
                }
                ToolOutcome outcome = m_tools.run(block.name, block.input_json);
                if (block.name == "submit_fix" && !outcome.is_error && m_workspace.changed_files().empty()) {
                    m_tools.clear_submission();
                    if (empty_submit_refused) {
                        return fail("the model submitted a fix without changing any file");
                    }
                    empty_submit_refused = true;
                    outcome =
                        ToolOutcome::error("no file has been changed yet; make the fix with "
                                           "str_replace_based_edit_tool first, then call submit_fix again");
                }
                if (block.name == "submit_fix" && m_config.commit_gate) {
                    outcome = gate(outcome);
                }
                if (m_outcome.tried.size() < max_tried) {
                    m_outcome.tried.push_back(m_redact(describe_call(block, outcome)));
                }
                results.push_back(
                    ContentBlock::make_tool_result(block.id, m_redact(outcome.content), outcome.is_error));
            }
            if (const auto& submission = m_tools.submission()) {
                m_outcome.submitted = true;
                m_outcome.description = submission->description;
                m_outcome.explanation = submission->explanation;
                m_outcome.files_changed = m_workspace.changed_files();
                return m_outcome;
            }
            m_request.messages.push_back({Role::user, std::move(results)});
        }
    }

    // Reviews the change submitted; on refusal withdraws the submission and answers with the reasons.
    ToolOutcome gate(ToolOutcome accepted) {
        if (accepted.is_error) {
            m_refused_now.clear(); // refused before the gate: nothing of the change was reviewed
            return accepted;
        }
        const std::vector<core::GateRefusal> refusals = review_workspace(m_workspace, *m_config.commit_gate);
        m_refused_now = refusals_line(refusals);
        if (refusals.empty()) {
            return accepted;
        }
        m_tools.clear_submission();
        for (const auto& refusal : refusals) {
            const auto same = [&](const core::GateRefusal& seen) {
                return seen.rule == refusal.rule && seen.path == refusal.path &&
                       seen.reason == refusal.reason;
            };
            if (std::none_of(m_outcome.refused.begin(), m_outcome.refused.end(), same)) {
                m_outcome.refused.push_back(refusal);
            }
        }
        return ToolOutcome::error(core::describe_refusals(refusals));
    }

    FixOutcome fail(std::string reason) {
        if (!m_refused_now.empty()) {
            reason = "the commit gate refused its change (" + m_refused_now + "), then " + reason;
        }
        m_outcome.failure_reason = std::move(reason);
        m_outcome.files_changed = m_workspace.changed_files();
        return m_outcome;
    }

    ports::ModelClient& m_client;
    Workspace& m_workspace;
    const PromptSet& m_prompts;
    const FixSessionConfig& m_config;
    Redact m_redact;
    ToolBox m_tools;
    ports::MessageRequest m_request;
    FixOutcome m_outcome;
    std::chrono::steady_clock::time_point m_started{};
    std::string m_refused_now; // why the last submit_fix was refused; empty when it was not
};

} // namespace

Redact no_redaction() {
    return [](std::string_view text) {
        return std::string(text);
    };
}

core::Expected<ports::MessageRequest> first_request(const Workspace& workspace, const PromptSet& prompts,
                                                    const FixContext& context,
                                                    const FixSessionConfig& config) {
    const Redact redact = config.redact ? config.redact : no_redaction();
    auto system = render_fix_system(prompts, workspace.options());
    if (!system) {
        return system.error();
    }
    auto user = render_fix_user(prompts, workspace, context, config.context);
    if (!user) {
        return user.error();
    }
    ports::MessageRequest request;
    request.model = config.model;
    request.system = redact(*system);
    request.tools = fix_tools(config.run_tests ? TestTool::offered : TestTool::absent);
    request.max_tokens = config.limits.max_tokens;
    request.messages.push_back({Role::user, {ContentBlock::make_text(redact(*user))}});
    if (config.cache == PromptCache::on) {
        // The stable prefix: tools and system prompt (the same for every session of a run and its model),
        // then the failure and file context of the first message (the same for every turn of the session).
        request.cache_system = true;
        request.messages.front().content.back().cache_breakpoint = true;
    }
    return request;
}

FixOutcome run_fix_session(ports::ModelClient& client, Workspace& workspace, const PromptSet& prompts,
                           const FixContext& context, const FixSessionConfig& config) {
    return Session(client, workspace, prompts, config).run(context);
}

} // namespace autofix::agent
