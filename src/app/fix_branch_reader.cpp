#include "app/fix_branch_reader.hpp"

#include "core/commit_message.hpp"

#include <algorithm>

namespace autofix::app {

core::CommitFacts to_facts(const ports::CommitInfo& commit) {
    core::CommitFacts facts;
    facts.sha = commit.sha;
    facts.author_name = commit.author_name;
    facts.author_email = commit.author_email;
    facts.subject = commit.subject;
    facts.message = commit.body.empty() ? commit.subject : commit.subject + "\n\n" + commit.body;
    facts.trailers = commit.trailers;
    return facts;
}

namespace {

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

core::Expected<FixBranchState> read_fix_branch(ports::GitRepository& git, const core::AgentIdentity& agent,
                                               const std::string& fix_id, std::size_t max_walk) {
    auto walked = git.commits_between("", "HEAD", max_walk);
    if (!walked) {
        return core::with_context(walked.error(), "reading the fix branch");
    }
    std::vector<core::CommitFacts> newest_first;
    newest_first.reserve(walked->size());
    for (auto it = walked->rbegin(); it != walked->rend(); ++it) {
        newest_first.push_back(to_facts(*it));
    }
    FixBranchState state;
    const auto start = core::branch_start(newest_first, agent, fix_id);
    if (!start) {
        return state; // no commit of this fix: nothing on the branch is the agent's
    }
    const std::size_t count = *start + 1;
    state.commits.assign(walked->end() - static_cast<std::ptrdiff_t>(count), walked->end());
    std::vector<core::CommitFacts> oldest_first(
        newest_first.rbegin() + static_cast<std::ptrdiff_t>(walked->size() - count), newest_first.rend());
    state.history = core::read_branch_history(oldest_first, agent, fix_id);
    return state;
}

std::string attempt_description(const std::string& subject) {
    const auto colon = subject.find(": ");
    if (colon == std::string::npos || !core::attempt_from_subject(subject)) {
        return subject;
    }
    return subject.substr(colon + 2);
}

std::string attempt_explanation(const std::string& body) {
    std::size_t end = body.size();
    for (const char* marker :
         {"Original error:", "Failure after attempt ", "Guidance from @", "Autofix-Id:"}) {
        if (const auto at = body.find(marker); at != std::string::npos) {
            end = std::min(end, at);
        }
    }
    return trim(body.substr(0, end));
}

std::vector<agent::PreviousAttempt>
previous_attempts(ports::GitRepository& git, const FixBranchState& state, const std::string& latest_failure,
                  std::vector<AttemptRow>* rows, const std::string& last_result, std::size_t max_diff_bytes) {
    std::vector<agent::PreviousAttempt> attempts;
    const auto& records = state.history.attempts;
    for (std::size_t index = 0; index < records.size(); ++index) {
        const core::AttemptRecord& record = records[index];
        agent::PreviousAttempt attempt;
        attempt.number = record.number;
        attempt.description = attempt_description(record.subject);
        const auto body_start = record.message.find("\n\n");
        attempt.explanation =
            attempt_explanation(body_start == std::string::npos ? "" : record.message.substr(body_start + 2));
        AttemptRow row{record.number,
                       record.model,
                       attempt.description,
                       {},
                       index + 1 < records.size() ? "failed" : last_result};
        if (record.no_change) {
            attempt.diff = "(no change: this attempt's session changed no file)";
            row.result = "no change";
        } else if (const auto diff = git.diff(record.sha + "~1", record.sha, max_diff_bytes)) {
            if (record.failed_verification) {
                row.result = "failed verification";
            }
            attempt.diff = diff->text;
            for (const ports::DiffFile& file : diff->files) {
                row.files.push_back(file.path);
            }
        } else {
            attempt.diff = "(diff unavailable: " + diff.error().message + ")";
        }
        if (index + 1 < records.size()) {
            attempt.failure_excerpt = core::extract_answered_failure(records[index + 1].message).value_or("");
        } else {
            attempt.failure_excerpt = latest_failure;
        }
        attempts.push_back(std::move(attempt));
        if (rows) {
            rows->push_back(std::move(row));
        }
    }
    return attempts;
}

} // namespace autofix::app
