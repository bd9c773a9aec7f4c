#include "app/guards.hpp"

#include "action/workflow_commands.hpp"
#include "app/fix_branch_reader.hpp"

#include <algorithm>

namespace autofix::app {

Outcome stopped_by(core::Route route, const core::GuardStop& stop, std::ostream& out) {
    Outcome outcome;
    outcome.route = std::move(route);
    outcome.route_decided = true;
    outcome.route.action = core::Action::stop_guard;
    outcome.route.reason = stop.reason;
    outcome.route.attempt = 0;
    outcome.route.model.clear();
    if (outcome.route.which == core::Case::first_failure) {
        outcome.route.fix_branch.clear(); // no branch was made
    }
    outcome.action_taken = core::to_string(stop.guard);
    outcome.note = std::string("Stopped by the runaway guard `") + core::to_string(stop.guard) +
                   "`: nothing was committed, pushed, opened or asked of the model.";
    action::notice(out, "autofix stopped (" + std::string(core::to_string(stop.guard)) + "): " + stop.reason);
    return outcome;
}

std::optional<core::GuardStop> disabled_guard(const action::Settings& settings) {
    std::string origin;
    if (const auto found = settings.origins.find("enabled"); found != settings.origins.end()) {
        origin = found->second.detail;
    }
    return core::check_enabled(settings.enabled, origin);
}

GuardCheck pause_guard(ports::Forge& forge) {
    const auto open = forge.find_open_issue_by_label(std::string(core::pause_label));
    if (!open) {
        return core::with_context(open.error(), "checking the pause switch (an open issue labelled " +
                                                    std::string(core::pause_label) +
                                                    "; the token needs `issues: read`)");
    }
    if (!*open) {
        return std::optional<core::GuardStop>();
    }
    const ports::Issue& issue = **open;
    return core::check_paused(core::PauseIssue{issue.number, issue.title, issue.html_url});
}

GuardCheck own_commit_guard(Collaborators& with, const std::string& sha) {
    const auto read = with.git.commits_between("", sha, 1);
    if (!read || read->empty()) {
        return core::with_context(read ? core::make_error(core::ErrorKind::git, "no such commit")
                                       : read.error(),
                                  "reading the failing commit " + sha.substr(0, 12));
    }
    const ports::CommitInfo& commit = read->back();
    core::BuiltCommit built;
    built.commit = to_facts(commit);
    built.parent_count = std::max(commit.parent_count, commit.parents.size());
    for (std::size_t index = 1; index < commit.parents.size(); ++index) {
        // A merge: its merged parent says whose work came in. A shallow checkout lacks it: fetch it alone.
        const std::string& parent = commit.parents[index];
        if (const auto present = with.git.resolves(parent); !present || !*present) {
            if (!with.git.fetch_commit(parent)) {
                continue;
            }
        }
        if (const auto merged = with.git.commits_between("", parent, 1); merged && !merged->empty()) {
            built.merged_parents.push_back(to_facts(merged->back()));
        }
    }
    return core::check_own_commit(built, agent_identity(with.settings));
}

GuardCheck fix_branch_guard(Collaborators& with, const std::string& fix_branch) {
    const auto exists = with.git.remote_branch_exists(fix_branch);
    if (!exists) {
        return core::with_context(exists.error(), "looking for " + fix_branch + " on the remote");
    }
    std::vector<core::FixPullRequest> pulls;
    if (*exists) {
        const auto listed = with.forge.list_pull_requests(fix_branch);
        if (!listed) {
            return listed.error();
        }
        for (const ports::PullRequest& pull : *listed) {
            pulls.push_back({pull.number, pull.state, pull.merged, pull.html_url});
        }
    }
    return core::check_fix_branch_alive(fix_branch, *exists, pulls);
}

} // namespace autofix::app
