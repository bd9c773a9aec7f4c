#include "core/run_guards.hpp"

#include "core/commit_message.hpp"
#include "core/fix_branch.hpp"

#include <algorithm>

namespace autofix::core {
namespace {

constexpr const char* no_loop =
    ": fixing the action's own work could loop, so no fix is started (fix it by hand, or revert it)";

std::string short_sha(std::string_view sha) {
    return std::string(sha.substr(0, 12));
}

// The Autofix-Id of `commit`: its trailer, else a line `Autofix-Id: <id>` anywhere in the message (a squash
// merge keeps the squashed commits' messages, whose trailers are then no longer the last paragraph).
std::optional<std::string> autofix_id(const CommitFacts& commit) {
    if (auto id = find_trailer(commit.trailers, trailer_id)) {
        return id;
    }
    const std::string key = std::string(trailer_id) + ":";
    std::size_t start = 0;
    while (start < commit.message.size()) {
        std::size_t end = commit.message.find('\n', start);
        if (end == std::string::npos) {
            end = commit.message.size();
        }
        std::string_view line(commit.message.data() + start, end - start);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '*')) {
            line.remove_prefix(1);
        }
        if (line.starts_with(key)) {
            line.remove_prefix(key.size());
            const auto first = line.find_first_not_of(" \t");
            const auto last = line.find_last_not_of(" \t\r");
            if (first != std::string_view::npos) {
                return std::string(line.substr(first, last - first + 1));
            }
        }
        start = end + 1;
    }
    return std::nullopt;
}

bool by_agent(const CommitFacts& commit, const AgentIdentity& agent) {
    return commit.author_name == agent.name && commit.author_email == agent.email &&
           find_trailer(commit.trailers, trailer_id).has_value();
}

// The fix branch a merge subject names: `Merge pull request #7 from octo/autonomous-fix-123` or
// `Merge branch 'autonomous-fix-123' into main`.
std::optional<std::string> merged_fix_branch(std::string_view subject) {
    constexpr std::string_view prefix = "autonomous-fix-";
    const auto at = subject.find(prefix);
    if (at == std::string_view::npos || !subject.starts_with("Merge ")) {
        return std::nullopt;
    }
    std::size_t end = at;
    while (end < subject.size() && subject[end] != ' ' && subject[end] != '\'' && subject[end] != '"') {
        ++end;
    }
    const std::string_view branch = subject.substr(at, end - at);
    if (!parse_fix_id(branch)) {
        return std::nullopt;
    }
    return std::string(branch);
}

} // namespace

const char* to_string(Guard guard) {
    switch (guard) {
    case Guard::disabled:
        return "disabled";
    case Guard::paused:
        return "paused";
    case Guard::own_commit:
        return "own_commit_skipped";
    case Guard::fix_branch_deleted:
        return "fix_branch_deleted";
    case Guard::pull_request_closed:
        return "pr_closed";
    case Guard::pull_request_merged:
        return "pr_merged";
    case Guard::already_dispatched:
        return "already_dispatched";
    }
    return "disabled";
}

std::optional<GuardStop> check_enabled(Enabled enabled, std::string_view origin) {
    if (enabled == Enabled::yes) {
        return std::nullopt;
    }
    return GuardStop{Guard::disabled, "autofix is switched off (enabled: false" +
                                          (origin.empty() ? std::string() : " in " + std::string(origin)) +
                                          "): nothing is read, fetched or asked; set it to true to resume"};
}

std::optional<GuardStop> check_paused(const std::optional<PauseIssue>& open_pause_issue) {
    if (!open_pause_issue) {
        return std::nullopt;
    }
    const PauseIssue& issue = *open_pause_issue;
    return GuardStop{Guard::paused,
                     "fix work is paused: issue #" + std::to_string(issue.number) + " \"" + issue.title +
                         "\" is open with the label " + std::string(pause_label) +
                         (issue.html_url.empty() ? std::string() : " (" + issue.html_url + ")") +
                         "; close it or remove the label to resume"};
}

std::optional<GuardStop> check_own_commit(const BuiltCommit& built, const AgentIdentity& agent) {
    const CommitFacts& commit = built.commit;
    const std::string sha = short_sha(commit.sha);
    if (by_agent(commit, agent)) {
        return GuardStop{Guard::own_commit,
                         "the failing commit " + sha + " is the action's own commit of fix " +
                             find_trailer(commit.trailers, trailer_id).value_or("") +
                             ", landed here by a fast-forward, rebase or cherry-pick of its fix branch" +
                             no_loop};
    }
    if (built.parent_count > 1) {
        for (const CommitFacts& parent : built.merged_parents) {
            if (const auto id = autofix_id(parent)) {
                return GuardStop{Guard::own_commit, "the failing commit " + sha + " merges " +
                                                        short_sha(parent.sha) + ", the action's fix " +
                                                        fix_branch_name(*id) + no_loop};
            }
        }
        if (built.merged_parents.empty()) {
            if (const auto branch = merged_fix_branch(commit.subject)) {
                return GuardStop{Guard::own_commit,
                                 "the failing commit " + sha + " merges the action's fix branch " + *branch +
                                     " (its subject says so; the merged commit could not be read)" + no_loop};
            }
        }
        return std::nullopt;
    }
    if (const auto id = autofix_id(commit)) {
        return GuardStop{Guard::own_commit, "the failing commit " + sha + " carries the action's " +
                                                std::string(trailer_id) + " " + *id + " (a squash merge of " +
                                                fix_branch_name(*id) + ")" + no_loop};
    }
    return std::nullopt;
}

std::optional<GuardStop> check_fix_branch_alive(std::string_view fix_branch, bool branch_on_remote,
                                                const std::vector<FixPullRequest>& pull_requests) {
    const std::string branch(fix_branch);
    if (!branch_on_remote) {
        return GuardStop{Guard::fix_branch_deleted,
                         branch + " no longer exists on the remote (deleted): its fix was given up or is "
                                  "done, so nothing more is made for it"};
    }
    if (pull_requests.empty() ||
        std::any_of(pull_requests.begin(), pull_requests.end(),
                    [](const FixPullRequest& pull) { return pull.state == "open"; })) {
        return std::nullopt;
    }
    const FixPullRequest& latest = *std::max_element(
        pull_requests.begin(), pull_requests.end(),
        [](const FixPullRequest& a, const FixPullRequest& b) { return a.number < b.number; });
    const std::string which = "pull request #" + std::to_string(latest.number) +
                              (latest.html_url.empty() ? std::string() : " (" + latest.html_url + ")");
    if (latest.merged) {
        return GuardStop{Guard::pull_request_merged,
                         "the " + which + " of " + branch +
                             " was merged: its fix is done, nothing more is made"};
    }
    return GuardStop{Guard::pull_request_closed,
                     "the " + which + " of " + branch +
                         " was closed without merging: the fix was refused, so no more attempts, pull "
                         "requests or issues are made for it (reopen the pull request to resume)"};
}

std::optional<GuardStop> check_already_dispatched(std::string_view fix_branch, std::string_view sha,
                                                  const std::vector<CiRun>& runs) {
    if (runs.empty()) {
        return std::nullopt;
    }
    const CiRun& run = runs.front();
    return GuardStop{Guard::already_dispatched,
                     "CI already ran for attempt " + short_sha(sha) + " on " + std::string(fix_branch) +
                         " (run " + std::to_string(run.id) + ", " + run.event + ", " + run.status +
                         (run.html_url.empty() ? std::string() : ", " + run.html_url) +
                         "): one pushed attempt gets one CI run, so it is not started again"};
}

} // namespace autofix::core
