#include "core/branch_history.hpp"

#include "core/budget.hpp"
#include "core/commit_message.hpp"

#include <algorithm>

namespace autofix::core {
namespace {

enum class Authorship { agent, human };

bool authored_by_agent(const CommitFacts& commit, const AgentIdentity& agent) {
    if (commit.author_name != agent.name) {
        return false;
    }
    return agent.email.empty() || commit.author_email == agent.email;
}

Authorship authorship(const CommitFacts& commit, const AgentIdentity& agent) {
    if (!authored_by_agent(commit, agent)) {
        return Authorship::human;
    }
    if (find_trailer(commit.trailers, trailer_id)) {
        return Authorship::agent;
    }
    // Commits made before trailers existed: the agent's name and the attempt subject.
    return attempt_from_subject(commit.subject) ? Authorship::agent : Authorship::human;
}

std::optional<int> attempt_number(const CommitFacts& commit) {
    if (const auto value = find_trailer(commit.trailers, trailer_attempt)) {
        try {
            std::size_t used = 0;
            const int number = std::stoi(*value, &used);
            if (used == value->size() && number > 0) {
                return number;
            }
        } catch (const std::exception&) {
        }
    }
    if (find_trailer(commit.trailers, trailer_kind)) {
        return std::nullopt; // a skill commit, not an attempt
    }
    return attempt_from_subject(commit.subject);
}

bool belongs_to_fix(const CommitFacts& commit, std::string_view fix_id) {
    const auto id = find_trailer(commit.trailers, trailer_id);
    return !id || *id == fix_id;
}

// The Autofix-Pull-Request trailer of `commit` as a number; 0 when absent or not a whole number.
std::uint64_t pull_request_number(const CommitFacts& commit) {
    const auto value = find_trailer(commit.trailers, trailer_pull_request);
    if (!value || value->empty() || value->size() > 18 ||
        !std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return 0;
    }
    return std::stoull(*value);
}

} // namespace

BranchHistory read_branch_history(const std::vector<CommitFacts>& commits, const AgentIdentity& agent,
                                  std::string_view fix_id) {
    BranchHistory history;
    for (const CommitFacts& commit : commits) {
        if (authorship(commit, agent) == Authorship::human) {
            history.human_commits.push_back(
                {commit.sha, commit.author_name + " <" + commit.author_email + ">", commit.subject});
            continue;
        }
        if (!belongs_to_fix(commit, fix_id)) {
            continue; // the agent's commit for another fix, inherited from the base
        }
        const auto kind = find_trailer(commit.trailers, trailer_kind);
        if (kind && *kind == "skill") {
            history.has_skill_commit = true;
            continue;
        }
        if (kind && *kind == kind_command) {
            // `/autofix stop`, recorded on the branch so that every later run reads it with the attempts.
            if (find_trailer(commit.trailers, trailer_command) == std::string("stop")) {
                history.stopped = true;
                history.stopped_by = find_trailer(commit.trailers, trailer_requested_by).value_or("");
                history.stop_sha = commit.sha;
            }
            continue;
        }
        const auto number = attempt_number(commit);
        if (!number) {
            continue;
        }
        AttemptRecord record;
        record.number = *number;
        record.sha = commit.sha;
        record.subject = commit.subject;
        record.model = find_trailer(commit.trailers, trailer_model).value_or("");
        record.message = commit.message;
        const auto result = find_trailer(commit.trailers, trailer_result);
        record.no_change = result == std::string(result_no_change);
        record.failed_verification = result == std::string(result_failed_verification);
        record.budget_reached = result == std::string(result_budget_reached);
        if (const auto cost = find_trailer(commit.trailers, trailer_cost)) {
            record.cost_usd = parse_cost(*cost).value_or(0.0);
        }
        history.spent_usd += record.cost_usd;
        if (find_trailer(commit.trailers, trailer_command) == std::string("retry")) {
            record.requested_by = find_trailer(commit.trailers, trailer_requested_by).value_or("");
            ++history.command_retries;
            history.stopped = false; // the newest command wins: a human asked for this attempt
        }
        history.highest_attempt = std::max(history.highest_attempt, record.number);
        if (history.base_branch.empty()) {
            history.base_branch = find_trailer(commit.trailers, trailer_base).value_or("");
        }
        if (history.pull_request == 0) {
            history.pull_request = pull_request_number(commit);
        }
        if (record.number == 1 && history.original_error.empty()) {
            history.original_error = extract_original_error(commit.message).value_or("");
        }
        history.attempts.push_back(std::move(record));
    }
    return history;
}

std::optional<std::size_t> branch_start(const std::vector<CommitFacts>& newest_first,
                                        const AgentIdentity& agent, std::string_view fix_id) {
    std::optional<std::size_t> oldest;
    for (std::size_t index = 0; index < newest_first.size(); ++index) {
        const CommitFacts& commit = newest_first[index];
        if (authorship(commit, agent) != Authorship::agent) {
            continue;
        }
        const auto id = find_trailer(commit.trailers, trailer_id);
        if (id && *id != fix_id) {
            continue;
        }
        oldest = index;
        if (attempt_number(commit) == 1) {
            break; // attempt 1 is the first commit the fix made
        }
    }
    return oldest;
}

} // namespace autofix::core
