#pragma once

#include "core/error.hpp"
#include "logs/failure_context.hpp"

#include <cstddef>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace autofix::app {

// `autofix context --log FILE [--repo DIR] [--budget TOKENS] [--attempt-history] [--json] [--request]`:
// what the model would see for a failure log, offline. It runs the fix session's log pipeline and renders
// its first request with the same functions the session uses; no key, no network, and no git unless
// `--attempt-history` asks for the attempts of the fix branch checked out in the repository.

/// Whether the earlier attempts of the fix branch at HEAD are read (git) into the rendered request.
enum class AttemptHistory { skip, read };

/// How the result is printed: for a person, as one JSON object, or as the request body itself.
enum class ContextFormat { human, json, request };

/// The parsed arguments of `autofix context`.
struct ContextOptions {
    std::string log;           // --log FILE, required
    std::string repo = ".";    // --repo DIR
    std::optional<int> budget; // --budget TOKENS; unset: log-budget-tokens of the repo's config
    AttemptHistory history = AttemptHistory::skip;
    ContextFormat format = ContextFormat::human;
};

/// Returns the options of the arguments after `context`; fails (invalid_input) on an unknown flag, a flag
/// missing its value, a budget that is not a whole number from 1 to 10000000, or a missing --log.
core::Expected<ContextOptions> parse_context_arguments(std::span<const std::string> arguments);

/// What the model would be sent for a failure log, and what it cost in estimated tokens.
struct ContextReport {
    std::string log;                // the log file as given
    std::string repo;               // the repository root, absolute
    logs::FailureContext failure;   // excerpt, redactions, ranked files
    std::size_t budget = 0;         // the excerpt's token budget
    std::string request_body;       // the first request's JSON body, as it would be POSTed
    std::size_t request_tokens = 0; // estimated tokens of request_body
    std::size_t system_tokens = 0;  // of the system prompt
    std::size_t message_tokens = 0; // of the first user message
    std::size_t tool_tokens = 0;    // of the tool definitions in the body
    int attempt = 1;                // the attempt the request is for
    std::string model;              // the model it would go to
    std::vector<std::string> notes; // what the reader should know (attempt history, escalation)
};

/// Builds the report for `options`: settings from the repository's `.github/autofix.yml` (no environment),
/// the log pipeline, and the first request rendered by agent::first_request. Fails (invalid_input) for a
/// missing or unreadable log or repository, (config) for an invalid config file, and as the prompts or git
/// (with AttemptHistory::read) fail.
core::Expected<ContextReport> build_context_report(const ContextOptions& options);

/// Returns the report as one JSON object: excerpt, excerpt_tokens, files [{path, line, score, reason}] best
/// first, redactions, request_tokens, budget; one line, newline-terminated.
std::string format_context_json(const ContextReport& report);

/// Returns the report for a person: the excerpt, the ranked files with line and reason, the redactions and
/// the first request's estimated tokens against the budget.
std::string format_context_human(const ContextReport& report);

/// Runs `autofix context` with the arguments after `context`: prints to `out`, errors as one line to `err`.
/// Returns 0, 2 for bad arguments or input (log, repository, config), 1 for other failures.
int run_context_command(std::span<const std::string> arguments, std::ostream& out, std::ostream& err);

} // namespace autofix::app
