#pragma once

#include "agent/fix_prompt.hpp"
#include "agent/fix_session.hpp"
#include "agent/prompts.hpp"
#include "ports/model_client.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace autofix::agent {

/// What the PR summary is built from (case 3).
struct PrSummaryInput {
    std::string original_error; // the failure excerpt of attempt 1
    std::string diff;           // the whole changeset, base...branch
    int attempt_count = 1;
    std::vector<PreviousAttempt> attempts; // every attempt, oldest first
    std::string branch;
    std::string base_branch;
};

/// A PR title, body and the lesson for SKILL.md; `fallback` when built from the inputs instead of the model.
struct PrSummary {
    std::string title;
    std::string body;
    std::string skill;
    ports::Usage usage;
    bool fallback = false;
};

/// What the escalation summary is built from (case 5).
struct EscalationInput {
    std::string original_error;
    std::vector<PreviousAttempt> attempts;
    int attempt_count = 0;
    std::string branch;
};

/// An issue title and body; `fallback` when built from the inputs instead of the model.
struct EscalationSummary {
    std::string title;
    std::string body;
    ports::Usage usage;
    bool fallback = false;
};

/// Settings of a summary request.
struct SummaryConfig {
    std::string model;
    int max_tokens = 4096;
    ContextLimits limits{};
    Redact redact = no_redaction();
};

/// What the triage question is asked about: a failure the signatures leave open.
struct FailureClassQuestion {
    std::string failure_excerpt; // the failure log's excerpt (redacted)
    std::string signature;       // the infrastructure signature seen beside failed tests, and its line
};

/// The model's answer: `kind` is code, infrastructure or flaky; `fallback` when the reply was unusable and
/// `kind` stays code.
struct FailureClassAnswer {
    std::string kind = "code";
    std::string reason;
    ports::Usage usage;
    bool fallback = false;
};

/// Asks the model (one request, asked again once when the reply is not the JSON object) whether an open
/// failure is code, infrastructure or flaky. Fails when the API call fails; an unusable reply gives the
/// fallback answer `code`.
core::Expected<FailureClassAnswer> ask_failure_class(ports::ModelClient& client, const PromptSet& prompts,
                                                     const FailureClassQuestion& question,
                                                     const SummaryConfig& config);

/// Parses a reply holding one JSON object, bare or in a ```json (or ```) fence, whose `keys` are all strings;
/// returns the values by key, or nullopt when no such object is found. Never throws.
std::optional<std::map<std::string, std::string>> parse_summary_reply(const std::string& text,
                                                                      const std::vector<std::string>& keys);

/// Returns the PR summary built from the inputs alone (no model).
PrSummary fallback_pr_summary(const PrSummaryInput& input);

/// Returns the escalation summary built from the inputs alone (no model).
EscalationSummary fallback_escalation_summary(const EscalationInput& input);

/// Asks the model (one request, no tools) for `{"title","body","skill"}`; a malformed reply is asked again
/// once, then the fallback is used. Fails only when the model API fails (the error of the client).
core::Expected<PrSummary> summarize_for_pr(ports::ModelClient& client, const PromptSet& prompts,
                                           const PrSummaryInput& input, const SummaryConfig& config);

/// Asks the model for `{"title","body"}` for the escalation issue; same retry and fallback rules.
core::Expected<EscalationSummary> summarize_escalation(ports::ModelClient& client, const PromptSet& prompts,
                                                       const EscalationInput& input,
                                                       const SummaryConfig& config);

/// Returns the attempts as a markdown list (number, description, explanation, capped diff and failure).
std::string render_attempts(const std::vector<PreviousAttempt>& attempts, const ContextLimits& limits);

} // namespace autofix::agent
