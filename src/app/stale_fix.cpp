#include "app/stale_fix.hpp"

#include "action/workflow_commands.hpp"
#include "app/checkout.hpp"
#include "app/failure_log.hpp"
#include "core/commit_message.hpp"
#include "core/stale_commit.hpp"

namespace autofix::app {

std::optional<Outcome> stop_if_stale(Collaborators& with, Outcome& outcome) {
    const action::Settings& settings = with.settings;
    const std::string& failing = settings.run.commit;
    if (failing.empty() || settings.branch.empty()) {
        return std::nullopt; // no event names the failing commit: the checkout is what failed
    }
    if (const core::Status fetched = with.git.fetch_branch(settings.branch); !fetched) {
        with.out << "stale check: " << settings.branch << " could not be fetched (" << fetched.error().message
                 << "); going on with " << failing.substr(0, 12) << '\n';
        return std::nullopt;
    }
    const auto tip = with.git.resolve("refs/remotes/origin/" + settings.branch);
    if (!tip) {
        return std::nullopt;
    }
    const core::Staleness staleness = core::check_staleness(settings.branch, failing, *tip);
    if (!staleness.stale) {
        return std::nullopt;
    }
    action::notice(with.out, "Autofix leaves " + failing.substr(0, 12) + " alone: " + staleness.reason + ".");
    outcome.route.action = core::Action::stop_stale_commit;
    outcome.route.fix_branch.clear();
    outcome.route.attempt = 0;
    outcome.route.model.clear();
    outcome.route.reason = staleness.reason;
    outcome.note = "Nothing was done: " + staleness.reason + ".";
    return std::move(outcome);
}

std::optional<Outcome> stop_if_duplicate(Collaborators& with, Outcome& outcome) {
    if (with.settings.run.run_attempt > 1) {
        return std::nullopt; // a re-run of the job that made the branch: resume_rerun's business
    }
    const std::string& fix_branch = outcome.route.fix_branch;
    const auto fail = [&](core::Error error) {
        return step_failed(std::move(outcome), taken::failed, std::move(error));
    };
    const auto failure = read_failure_context(with);
    if (!failure) {
        return fail(failure.error());
    }
    const auto failing = failing_commit(with);
    if (!failing) {
        return fail(failing.error());
    }
    if (const core::Status fetched = with.git.fetch_branch(fix_branch); !fetched) {
        return fail(core::with_context(fetched.error(), "fetching " + fix_branch));
    }
    const auto commits = with.git.commits_between(*failing, "refs/remotes/origin/" + fix_branch, 200);
    if (!commits) {
        return fail(core::with_context(commits.error(), "reading " + fix_branch));
    }
    if (commits->empty()) {
        return std::nullopt;
    }
    const auto start = with.git.resolve(commits->front().sha + "~1");
    if (!start) {
        return std::nullopt; // the branch's first commit has no parent here: not from this commit
    }
    const core::Duplicate duplicate =
        core::check_duplicate_fix(fix_branch, *failing, *start, failure->triage.signature(),
                                  commits->front().trailer(std::string(core::trailer_failure)));
    if (!duplicate.duplicate) {
        return std::nullopt;
    }
    outcome.route.action = core::Action::stop_duplicate_fix;
    outcome.route.attempt = 0;
    outcome.route.model.clear();
    outcome.route.reason = duplicate.reason;
    outcome.note = "No second fix branch: " + duplicate.reason + ".";
    return std::move(outcome);
}

} // namespace autofix::app
