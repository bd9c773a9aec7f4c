#pragma once

#include "agent/fix_prompt.hpp"
#include "app/outcome.hpp"
#include "core/branch_history.hpp"
#include "core/error.hpp"
#include "ports/git_repository.hpp"

#include <string>
#include <vector>

namespace autofix::app {

/// The commits of a fix branch (after its base, oldest first) and what they say.
struct FixBranchState {
    std::vector<ports::CommitInfo> commits;
    core::BranchHistory history;
};

/// Returns what the routing core reads of `commit`: sha, author, subject, whole message, trailers.
core::CommitFacts to_facts(const ports::CommitInfo& commit);

/// Reads the fix branch checked out at HEAD: walks back from HEAD only until the fix's first commit (at most
/// `max_walk` commits), then reads the history. Fails (git) when the history cannot be read.
core::Expected<FixBranchState> read_fix_branch(ports::GitRepository& git, const core::AgentIdentity& agent,
                                               const std::string& fix_id, std::size_t max_walk = 2000);

/// Returns every attempt of `state` as the prompts and summaries show it: description, explanation, its own
/// diff (capped at `max_diff_bytes`) and the failure that followed it; `latest_failure` is the failure after
/// the last attempt ("" when it passed). Fills `rows` (when given) with the summary table's rows, each
/// attempt marked `failed`, or `last_result` for the last one.
std::vector<agent::PreviousAttempt> previous_attempts(ports::GitRepository& git, const FixBranchState& state,
                                                      const std::string& latest_failure,
                                                      std::vector<AttemptRow>* rows = nullptr,
                                                      const std::string& last_result = "failed",
                                                      std::size_t max_diff_bytes = 12000);

/// Returns the one-line description of an attempt subject ("... Attempt 3: fix x" gives "fix x").
std::string attempt_description(const std::string& subject);

/// Returns the model's explanation in an attempt commit body: the text before the failure block and trailers.
std::string attempt_explanation(const std::string& body);

} // namespace autofix::app
