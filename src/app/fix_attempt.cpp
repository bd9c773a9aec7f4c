#include "app/fix_attempt.hpp"

#include "action/workflow_commands.hpp"
#include "agent/fix_session.hpp"
#include "agent/workspace.hpp"
#include "app/escalation.hpp"
#include "app/failure_log.hpp"
#include "app/fix_branch_reader.hpp"
#include "app/fix_context.hpp"
#include "app/publish.hpp"
#include "core/commit_message.hpp"

#include <optional>

namespace autofix::app {
namespace {

constexpr std::size_t commit_failure_chars = 6000; // the failure excerpt kept in a commit body

Outcome decided(const core::Route& route) {
    Outcome outcome;
    outcome.route = route;
    outcome.route_decided = true;
    return outcome;
}

Outcome failed(Outcome outcome, core::Error error) {
    outcome.error = std::move(error);
    return outcome;
}

// Runs one fix session and, when it produced a fix, commits, pushes and dispatches it.
Outcome make_attempt(Collaborators& with, Outcome outcome, const logs::FailureContext& failure,
                     std::vector<agent::PreviousAttempt> previous, const std::string& base_branch) {
    const action::Settings& settings = with.settings;
    const core::Route& route = outcome.route;
    auto workspace = agent::Workspace::open(settings.github.workspace, workspace_options(settings));
    if (!workspace) {
        return failed(std::move(outcome), workspace.error());
    }
    const agent::FixContext context = make_fix_context(failure, settings, route.attempt, std::move(previous));
    const agent::FixSessionConfig config = make_session_config(
        settings, route.model, [&](std::string_view text) { return with.secrets.redact(text); });

    action::start_group(with.out, "Fix attempt " + std::to_string(route.attempt) + " with " + route.model);
    const agent::FixOutcome fix =
        agent::run_fix_session(with.model, *workspace, with.prompts, context, config);
    with.out << "model turns: " << fix.turns << ", files changed: " << fix.files_changed.size() << '\n';
    action::end_group(with.out);
    add_spend(outcome, with.prices, route.model, fix.usage);
    AttemptRow row{route.attempt, route.model, with.secrets.redact(fix.description), fix.files_changed,
                   "this run"};

    if (fix.error) {
        row.result = "API error";
        outcome.attempts.push_back(row);
        return failed(std::move(outcome),
                      core::with_context(*fix.error, "fix attempt " + std::to_string(route.attempt)));
    }
    if (!fix.succeeded()) {
        row.result = "no fix";
        outcome.attempts.push_back(row);
        outcome.action_taken = "fix_failed";
        outcome.note = "Attempt " + std::to_string(route.attempt) +
                       " produced no fix and committed nothing: " + with.secrets.redact(fix.failure_reason);
        action::warning(with.out, outcome.note);
        return outcome;
    }

    core::AttemptCommit commit;
    commit.fix_id = route.fix_id;
    commit.attempt = route.attempt;
    commit.description = with.secrets.redact(fix.description);
    commit.explanation = with.secrets.redact(fix.explanation);
    commit.failure = agent::keep_tail(failure.excerpt, commit_failure_chars);
    commit.base_branch = base_branch;
    commit.model = route.model;
    const std::string message = with.secrets.redact(core::format_attempt_commit(commit));
    const auto sha = with.git.commit_paths(fix.files_changed, message, commit_identity(settings));
    if (!sha) {
        outcome.attempts.push_back(row);
        return failed(std::move(outcome),
                      core::with_context(sha.error(), "committing attempt " + std::to_string(route.attempt)));
    }
    outcome.commit_sha = *sha;
    outcome.files_changed = fix.files_changed;
    row.result = "committed";
    outcome.attempts.push_back(row);

    if (dry_run(settings)) {
        outcome.action_taken = "dry_run";
        if (const auto diff = with.git.diff("HEAD~1", "HEAD", 200000)) {
            action::start_group(with.out,
                                "Dry run: the diff attempt " + std::to_string(route.attempt) + " would push");
            with.out << with.secrets.redact(diff->text);
            action::end_group(with.out);
        }
        outcome.note =
            "Dry run: committed " + sha->substr(0, 12) + " locally; nothing was pushed or dispatched.";
        return outcome;
    }

    const auto pushed = push_fix_branch(with, route.fix_branch);
    if (!pushed) {
        return failed(std::move(outcome), pushed.error());
    }
    if (*pushed == PushResult::superseded) {
        outcome.action_taken = "superseded";
        outcome.commit_sha.clear();
        outcome.note =
            "Another run of the action pushed to " + route.fix_branch + " first; this attempt is dropped.";
        return outcome;
    }
    if (*pushed == PushResult::human_took_over) {
        outcome.action_taken = core::to_string(core::Action::stop_human_took_over);
        outcome.commit_sha.clear();
        outcome.note =
            "A human pushed to " + route.fix_branch + " meanwhile; the agent stops and leaves it to them.";
        return outcome;
    }
    const auto dispatched = dispatch_ci(with, route.fix_branch);
    if (!dispatched) {
        return failed(std::move(outcome), dispatched.error());
    }
    outcome.note = "Pushed attempt " + std::to_string(route.attempt) + " to " + route.fix_branch + "; " +
                   *dispatched + ".";
    return outcome;
}

// On a re-run whose earlier attempt already pushed this run's commit: no second commit, CI started again.
// Returns nullopt when the run is not such a re-run.
std::optional<Outcome> resume_rerun(Collaborators& with, Outcome& outcome) {
    const auto resumed = redispatch_rerun(with, outcome.route.fix_branch, outcome.route.fix_id);
    if (!resumed) {
        return failed(std::move(outcome), resumed.error());
    }
    if (!resumed->has_value()) {
        return std::nullopt;
    }
    if (outcome.route.action != core::Action::stop_rerun) {
        outcome.route.action = core::Action::stop_rerun;
        outcome.route.reason = "this run's attempt is on " + outcome.route.fix_branch + " already";
    }
    outcome.note = "Re-run: " + **resumed + ".";
    return std::move(outcome);
}

// The failing commit when `fix_branch` is left over locally from an earlier failed run: the parent of its
// first commit of this fix when HEAD is on it, else HEAD (the checkout is back on the failing commit).
core::Expected<std::string> leftover_branch_start(Collaborators& with, const std::string& fix_branch,
                                                  const std::string& fix_id) {
    const auto current = with.git.current_branch();
    if (!current) {
        return current.error();
    }
    if (*current == fix_branch) {
        const auto state = read_fix_branch(with.git, agent_identity(with.settings), fix_id);
        if (!state) {
            return state.error();
        }
        if (!state->commits.empty()) {
            return with.git.resolve(state->commits.front().sha + "~1");
        }
    }
    return with.git.head_commit();
}

} // namespace

Outcome start_fix(Collaborators& with, const core::Triage& triage) {
    const action::Settings& settings = with.settings;
    const std::string& fix_branch = triage.route.fix_branch;
    // Only the remote decides that this run was handled: a local branch of that name alone is what an
    // earlier run of this checkout left when it failed before pushing, and must not block its re-run.
    const auto remote = with.git.remote_branch_exists(fix_branch);
    if (!remote) {
        return failed(decided(triage.route), core::with_context(remote.error(), "looking for " + fix_branch));
    }
    Outcome outcome = decided(core::route_first_failure(triage, *remote, model_policy(settings)));
    if (outcome.route.action == core::Action::stop_rerun) {
        if (auto resumed = resume_rerun(with, outcome)) {
            return std::move(*resumed);
        }
        return outcome;
    }
    if (outcome.route.action != core::Action::create_fix_branch) {
        return outcome;
    }
    const auto failure = read_failure_context(with);
    if (!failure) {
        return failed(std::move(outcome), failure.error());
    }
    const auto local = with.git.local_branch_exists(fix_branch);
    if (!local) {
        return failed(std::move(outcome), core::with_context(local.error(), "looking for " + fix_branch));
    }
    const auto start =
        *local ? leftover_branch_start(with, fix_branch, triage.route.fix_id) : with.git.head_commit();
    if (!start) {
        return failed(std::move(outcome), core::with_context(start.error(), "reading the failing commit"));
    }
    if (*local) {
        with.out << fix_branch << " exists only in this checkout (an earlier run failed before pushing it): "
                 << "it is made again from " << start->substr(0, 12) << "\n";
    }
    const core::Status created =
        *local ? with.git.replace_branch(fix_branch, *start) : with.git.create_branch(fix_branch, *start);
    if (!created) {
        return failed(std::move(outcome), core::with_context(created.error(), "creating " + fix_branch));
    }
    const std::string base = settings.base_branch.empty() ? settings.branch : settings.base_branch;
    return make_attempt(with, std::move(outcome), *failure, {}, base);
}

Outcome retry_fix(Collaborators& with, const core::Triage& triage) {
    const action::Settings& settings = with.settings;
    const std::string& fix_branch = triage.route.fix_branch;
    Outcome outcome = decided(triage.route);
    if (const auto current = with.git.current_branch(); !current) {
        return failed(std::move(outcome), current.error());
    } else if (*current != fix_branch) {
        const auto local = with.git.local_branch_exists(fix_branch);
        if (!local || !*local) {
            if (const core::Status fetched = with.git.fetch_branch(fix_branch); !fetched) {
                return failed(std::move(outcome), fetched.error());
            }
        }
        if (const core::Status switched = with.git.checkout_branch(fix_branch); !switched) {
            return failed(std::move(outcome), switched.error());
        }
    }
    const auto state = read_fix_branch(with.git, agent_identity(settings), triage.route.fix_id);
    if (!state) {
        return failed(std::move(outcome), state.error());
    }
    outcome.route = core::route_fix_branch_failure(triage, state->history, model_policy(settings));
    if (outcome.route.action == core::Action::open_escalation_issue) {
        return escalate(with, std::move(outcome), *state);
    }
    if (outcome.route.action != core::Action::retry_fix) {
        return outcome;
    }
    if (auto resumed = resume_rerun(with, outcome)) {
        return std::move(*resumed);
    }
    const auto failure = read_failure_context(with);
    if (!failure) {
        return failed(std::move(outcome), failure.error());
    }
    std::vector<AttemptRow> rows;
    auto previous = previous_attempts(with.git, *state, failure->excerpt, &rows);
    std::string base = settings.base_branch.empty() ? state->history.base_branch : settings.base_branch;
    Outcome result = make_attempt(with, std::move(outcome), *failure, std::move(previous), base);
    rows.insert(rows.end(), result.attempts.begin(), result.attempts.end());
    result.attempts = std::move(rows);
    return result;
}

} // namespace autofix::app
