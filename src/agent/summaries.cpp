#include "agent/summaries.hpp"

#include "agent/tool_box.hpp"
#include "core/markdown_fence.hpp"

#include <nlohmann/json.hpp>

namespace autofix::agent {
namespace {

using ports::ContentBlock;
using ports::Role;

std::optional<std::map<std::string, std::string>> object_with(const std::string& text,
                                                              const std::vector<std::string>& keys) {
    const nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded() || !value.is_object()) {
        return std::nullopt;
    }
    std::map<std::string, std::string> fields;
    for (const auto& key : keys) {
        if (!value.contains(key) || !value[key].is_string()) {
            return std::nullopt;
        }
        fields[key] = value[key].get<std::string>();
    }
    if (fields.count("title") != 0 && fields["title"].find_first_not_of(" \t\r\n") == std::string::npos) {
        return std::nullopt;
    }
    return fields;
}

std::string first_line(const std::string& text, std::size_t cap) {
    std::string line = text.substr(0, text.find('\n'));
    if (utf8_length(line) > cap) {
        line = line.substr(0, cap - 3) + "...";
    }
    return line;
}

std::string title_line(std::string title) {
    title = first_line(title, 256);
    return title;
}

struct Exchange {
    std::optional<std::map<std::string, std::string>> fields;
    ports::Usage usage;
};

core::Expected<Exchange> ask(ports::ModelClient& client, const PromptSet& prompts, const std::string& system,
                             const std::string& user, const std::vector<std::string>& keys,
                             const SummaryConfig& config) {
    const Redact redact = config.redact ? config.redact : no_redaction();
    ports::MessageRequest request;
    request.model = config.model;
    request.max_tokens = config.max_tokens;
    request.system = redact(system);
    request.messages.push_back({Role::user, {ContentBlock::make_text(redact(user))}});
    Exchange exchange;
    for (int round = 0; round < 2; ++round) {
        auto reply = client.create_message(request);
        if (!reply) {
            return reply.error();
        }
        exchange.usage += reply->usage;
        exchange.fields = parse_summary_reply(reply->text(), keys);
        if (exchange.fields) {
            return exchange;
        }
        std::string names;
        for (const auto& key : keys) {
            names += (names.empty() ? "\"" : ", \"") + key + "\"";
        }
        auto again = prompts.render("summary_json_retry", {{"keys", names}});
        if (!again) {
            return again.error();
        }
        auto content = reply->content;
        if (content.empty()) {
            content.push_back(ContentBlock::make_text("(empty reply)"));
        }
        request.messages.push_back({Role::assistant, content});
        request.messages.push_back({Role::user, {ContentBlock::make_text(redact(*again))}});
    }
    return exchange;
}

} // namespace

std::optional<std::map<std::string, std::string>> parse_summary_reply(const std::string& text,
                                                                      const std::vector<std::string>& keys) {
    if (auto bare = object_with(text, keys)) {
        return bare;
    }
    for (const std::string fence : {"```json", "```JSON", "```"}) {
        for (std::size_t open = text.find(fence); open != std::string::npos;
             open = text.find(fence, open + 3)) {
            const std::size_t start = text.find('\n', open);
            if (start == std::string::npos) {
                break;
            }
            const std::size_t close = text.find("```", start);
            if (close == std::string::npos) {
                break;
            }
            if (auto fenced = object_with(text.substr(start + 1, close - start - 1), keys)) {
                return fenced;
            }
            open = close;
        }
    }
    const std::size_t first = text.find('{');
    const std::size_t last = text.rfind('}');
    if (first != std::string::npos && last != std::string::npos && last > first) {
        return object_with(text.substr(first, last - first + 1), keys);
    }
    return std::nullopt;
}

std::string render_attempts(const std::vector<PreviousAttempt>& attempts, const ContextLimits& limits) {
    if (attempts.empty()) {
        return "(no attempts recorded)";
    }
    std::string out;
    for (const auto& attempt : attempts) {
        out += "### Attempt " + std::to_string(attempt.number) + ": " + attempt.description + "\n";
        if (!attempt.explanation.empty()) {
            out += attempt.explanation + "\n";
        }
        if (!attempt.diff.empty()) {
            const std::string diff = keep_head(attempt.diff, limits.max_diff_chars);
            const std::string fence = core::code_fence(diff); // a diff of a Markdown file may hold ```
            out += fence + "diff\n" + diff + "\n" + fence + "\n";
        }
        if (!attempt.failure_excerpt.empty()) {
            const std::string excerpt = keep_tail(attempt.failure_excerpt, limits.max_attempt_excerpt_chars);
            const std::string fence = core::code_fence(excerpt);
            out += "Build failure after this attempt:\n" + fence + "\n" + excerpt + "\n" + fence + "\n";
        }
        out += "\n";
    }
    return out;
}

PrSummary fallback_pr_summary(const PrSummaryInput& input) {
    PrSummary summary;
    summary.fallback = true;
    const std::string last = input.attempts.empty() ? std::string() : input.attempts.back().description;
    summary.title = last.empty() ? "Autonomous fix for the failing build on " + input.base_branch
                                 : "🤖 " + first_line(last, 68);
    summary.body = "## Problem\n\n```\n" + keep_tail(input.original_error, 4000) + "\n```\n\n## Fix\n\n" +
                   "The build passes after " + std::to_string(input.attempt_count) +
                   " automated attempt(s).\n\n";
    for (const auto& attempt : input.attempts) {
        summary.body += "- Attempt " + std::to_string(attempt.number) + ": " + attempt.description + "\n";
    }
    summary.body += "\n## Review notes\n\nThis description was generated without the model; review the diff "
                    "carefully.\n";
    summary.skill =
        last.empty() ? std::string()
                     : "### " + first_line(last, 72) + "\n\n- A build failure was fixed by: " + last + "\n";
    return summary;
}

EscalationSummary fallback_escalation_summary(const EscalationInput& input) {
    EscalationSummary summary;
    summary.fallback = true;
    summary.title = "Build failure on " + input.branch + " needs a human after " +
                    std::to_string(input.attempt_count) + " attempts";
    summary.body =
        "## Failure\n\n```\n" + keep_tail(input.original_error, 4000) + "\n```\n\n## What was tried\n\n";
    for (const auto& attempt : input.attempts) {
        summary.body += "- Attempt " + std::to_string(attempt.number) + ": " + attempt.description + "\n";
    }
    if (input.attempts.empty()) {
        summary.body += "(no attempts recorded)\n";
    }
    summary.body +=
        "\n## Suggested next steps\n\nReview the attempts on the branch and fix the build by hand.\n";
    return summary;
}

core::Expected<PrSummary> summarize_for_pr(ports::ModelClient& client, const PromptSet& prompts,
                                           const PrSummaryInput& input, const SummaryConfig& config) {
    auto system = prompts.render("pr_summary_system", {});
    auto user =
        prompts.render("pr_summary_user",
                       {{"original_error", keep_tail(input.original_error, config.limits.max_excerpt_chars)},
                        {"diff", keep_head(input.diff, config.limits.max_diff_chars * 2)},
                        {"attempt_count", std::to_string(input.attempt_count)},
                        {"attempts", render_attempts(input.attempts, config.limits)},
                        {"branch", input.branch},
                        {"base_branch", input.base_branch}});
    if (!system || !user) {
        return system ? user.error() : system.error();
    }
    auto exchange = ask(client, prompts, *system, *user, {"title", "body", "skill"}, config);
    if (!exchange) {
        return exchange.error();
    }
    PrSummary summary = exchange->fields ? PrSummary{title_line((*exchange->fields)["title"]),
                                                     (*exchange->fields)["body"],
                                                     (*exchange->fields)["skill"],
                                                     {},
                                                     false}
                                         : fallback_pr_summary(input);
    summary.usage = exchange->usage;
    return summary;
}

core::Expected<EscalationSummary> summarize_escalation(ports::ModelClient& client, const PromptSet& prompts,
                                                       const EscalationInput& input,
                                                       const SummaryConfig& config) {
    auto system = prompts.render("escalation_summary_system", {});
    auto user =
        prompts.render("escalation_summary_user",
                       {{"original_error", keep_tail(input.original_error, config.limits.max_excerpt_chars)},
                        {"attempts", render_attempts(input.attempts, config.limits)},
                        {"attempt_count", std::to_string(input.attempt_count)},
                        {"branch", input.branch}});
    if (!system || !user) {
        return system ? user.error() : system.error();
    }
    auto exchange = ask(client, prompts, *system, *user, {"title", "body"}, config);
    if (!exchange) {
        return exchange.error();
    }
    EscalationSummary summary = exchange->fields ? EscalationSummary{title_line((*exchange->fields)["title"]),
                                                                     (*exchange->fields)["body"],
                                                                     {},
                                                                     false}
                                                 : fallback_escalation_summary(input);
    summary.usage = exchange->usage;
    return summary;
}

core::Expected<FailureClassAnswer> ask_failure_class(ports::ModelClient& client, const PromptSet& prompts,
                                                     const FailureClassQuestion& question,
                                                     const SummaryConfig& config) {
    auto system = prompts.render("triage_system", {});
    auto user = prompts.render(
        "triage_user",
        {{"failure_excerpt", keep_tail(question.failure_excerpt, config.limits.max_excerpt_chars)},
         {"signature", question.signature}});
    if (!system || !user) {
        return system ? user.error() : system.error();
    }
    auto exchange = ask(client, prompts, *system, *user, {"class", "reason"}, config);
    if (!exchange) {
        return exchange.error();
    }
    FailureClassAnswer answer;
    answer.usage = exchange->usage;
    const std::string kind = exchange->fields ? (*exchange->fields)["class"] : "";
    if (kind == "code" || kind == "infrastructure" || kind == "flaky") {
        answer.kind = kind;
        answer.reason = first_line((*exchange->fields)["reason"], 300);
    } else {
        answer.fallback = true;
    }
    return answer;
}

} // namespace autofix::agent
