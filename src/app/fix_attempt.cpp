#include "app/fix_attempt.hpp"

#include "action/workflow_commands.hpp"
#include "agent/change_review.hpp"
#include "agent/fix_session.hpp"
#include "agent/workspace.hpp"
#include "app/attempt_commit.hpp"
#include "app/checkout.hpp"
#include "app/escalation.hpp"
#include "app/failure_log.hpp"
#include "app/failure_triage.hpp"
#include "app/fix_branch_reader.hpp"
#include "app/fix_context.hpp"
#include "app/guards.hpp"
#include "app/publish.hpp"
#include "app/spend_cap.hpp"
#include "app/stale_fix.hpp"
#include "app/test_command.hpp"
#include "core/budget.hpp"
#include "core/commit_message.hpp"

#include <algorithm>
#include <optional>

namespace autofix::app {
namespace {

Outcome decided(const core::Route& route) {
    Outcome outcome;
    outcome.route = route;
    outcome.route_decided = true;
    return outcome;
}

Outcome failed(Outcome outcome, core::Error error) {
    return step_failed(std::move(outcome), taken::failed, std::move(error));
}

// Pushes the fix branch; returns the finished outcome when the run must stop there (failed, superseded, a
// human took over), nullopt when the commits are on the remote. Commits that did not reach it are not
// reported as commit-sha.
std::optional<Outcome> push_attempts(Collaborators& with, Outcome& outcome) {
    const std::string& fix_branch = outcome.route.fix_branch;
    const auto pushed = push_fix_branch(with, fix_branch);
    if (!pushed) {
        outcome.commit_sha.clear();
        if (!outcome.attempts.empty()) {
            outcome.attempts.back().result = "committed, not pushed";
        }
        return step_failed(std::move(outcome), push_failure_taken(pushed.error()), pushed.error());
    }
    if (*pushed == PushResult::superseded) {
        outcome.action_taken = "superseded";
        outcome.commit_sha.clear();
        outcome.note =
            "Another run of the action pushed to " + fix_branch + " first; this attempt is dropped.";
        return std::move(outcome);
    }
    if (*pushed == PushResult::human_took_over) {
        outcome.action_taken = core::to_string(core::Action::stop_human_took_over);
        outcome.commit_sha.clear();
        outcome.note =
            "A human pushed to " + fix_branch + " meanwhile; the agent stops and leaves it to them.";
        return std::move(outcome);
    }
    return std::nullopt;
}

// Adds what the commit gate refused in attempt `route.attempt` to the run's report (each once) and warns of
// each in the log.
void record_refusals(Collaborators& with, Outcome& outcome, const std::vector<core::GateRefusal>& refusals) {
    for (const core::GateRefusal& refusal : refusals) {
        const RefusedChange row{outcome.route.attempt, refusal.path, core::to_string(refusal.rule),
                                refusal.reason};
        const auto same = [&](const RefusedChange& seen) {
            return seen.attempt == row.attempt && seen.path == row.path && seen.rule == row.rule &&
                   seen.reason == row.reason;
        };
        if (std::any_of(outcome.refused.begin(), outcome.refused.end(), same)) {
            continue;
        }
        outcome.refused.push_back(row);
        action::warning(with.out, with.secrets.redact("Attempt " + std::to_string(outcome.route.attempt) +
                                                      ": the commit gate refused " + refusal.path + ": " +
                                                      refusal.reason));
    }
}

// A session stopped at the cost cap has its work committed without a submit_fix: the commit gate reviews it
// first, and a change it refuses is put back (listed, and said in the attempt's reason) so that nothing
// refused is committed. Fails (io) when the workspace cannot be restored.
core::Status gate_unsubmitted(Collaborators& with, Outcome& outcome, agent::Workspace& workspace,
                              agent::FixOutcome& fix, const agent::FixSessionConfig& config) {
    if (!config.commit_gate || fix.files_changed.empty()) {
        return {};
    }
    const std::vector<core::GateRefusal> refusals = agent::review_workspace(workspace, *config.commit_gate);
    if (refusals.empty()) {
        return {};
    }
    record_refusals(with, outcome, refusals);
    fix.refused.insert(fix.refused.end(), refusals.begin(), refusals.end());
    if (const core::Status restored = workspace.restore(); !restored) {
        return restored;
    }
    fix.failure_reason += "; its unsubmitted change was refused by the commit gate (" +
                          agent::refusals_line(refusals) + ") and put back";
    fix.files_changed.clear();
    return {};
}

// What became of an attempt that is recorded without being the run's last word.
enum class Unfinished { no_change, failed_verification };

// Records an attempt that is not the run's fix (an empty commit when it changed nothing, its change when it
// failed the test-command) and decides what follows in this run: the next attempt, answering `next_failure`
// (returns nullopt, the route and `previous` updated), or the finished outcome (escalated, failed).
std::optional<Outcome> record_unfinished(Collaborators& with, Outcome& outcome, agent::Workspace& workspace,
                                         const agent::FixOutcome& fix, const logs::FailureContext& failure,
                                         const logs::FailureContext& next_failure,
                                         std::vector<agent::PreviousAttempt>& previous,
                                         const std::string& base_branch, const TestRun* verification) {
    const action::Settings& settings = with.settings;
    core::Route& route = outcome.route;
    const Unfinished kind = verification != nullptr ? Unfinished::failed_verification : Unfinished::no_change;
    if (kind == Unfinished::no_change) {
        if (const core::Status restored = workspace.restore(); !restored) {
            return step_failed(std::move(outcome), taken::commit_failed, restored.error());
        }
    }
    const std::string message = with.secrets.redact(
        core::format_attempt_commit(attempt_commit(with, outcome, fix, failure, base_branch, verification)));
    const auto sha = kind == Unfinished::no_change
                         ? with.git.commit_empty(message, commit_identity(settings))
                         : with.git.commit_paths(fix.files_changed, message, commit_identity(settings));
    if (!sha) {
        core::Error error =
            core::with_context(sha.error(), "recording attempt " + std::to_string(route.attempt));
        return step_failed(std::move(outcome), taken::commit_failed, std::move(error));
    }
    workspace.keep_changes(); // the next attempt builds on this one
    const std::string what =
        kind == Unfinished::no_change
            ? (fix.refused.empty() ? "changed nothing" : "was refused by the commit gate")
            : "failed verification (test-command " + verification->headline + ")";
    if (kind == Unfinished::no_change) {
        action::warning(with.out, "Attempt " + std::to_string(route.attempt) + " produced no change (" +
                                      with.secrets.redact(fix.failure_reason) + "); it is recorded on " +
                                      route.fix_branch + " as a commit without changes");
    } else {
        action::warning(with.out, "Attempt " + std::to_string(route.attempt) + " " + what +
                                      "; it is committed on " + route.fix_branch +
                                      " and not pushed on its own");
    }
    if (with.request != nullptr) {
        // `/autofix retry` asks for one attempt: it is recorded and pushed; CI is not started for it.
        outcome.note = "Attempt " + std::to_string(route.attempt) + " (asked for by @" + with.request->login +
                       ") " + what + "; it is recorded on " + route.fix_branch + ".";
        if (!dry_run(settings)) {
            if (auto stopped = push_attempts(with, outcome)) {
                return stopped;
            }
        }
        return std::move(outcome);
    }
    const auto state = read_fix_branch(with.git, agent_identity(settings), route.fix_id);
    if (!state) {
        return step_failed(std::move(outcome), taken::failed, state.error());
    }
    core::Triage next;
    next.route = route;
    const core::Route decided = core::route_fix_branch_failure(next, state->history, model_policy(settings));
    if (decided.action == core::Action::open_escalation_issue) {
        outcome.route = decided;
        outcome.route.reason = std::to_string(decided.attempt) + " attempts made no fix (attempt " +
                               std::to_string(decided.attempt) + " " + what + "; max-attempts is " +
                               std::to_string(settings.max_attempts) + "): a human is asked to take over";
        if (!dry_run(settings)) {
            if (auto stopped = push_attempts(with, outcome)) {
                return stopped;
            }
        }
        std::vector<AttemptRow> rows = std::move(outcome.attempts);
        outcome.attempts.clear();
        Outcome escalated = escalate(with, std::move(outcome), *state);
        escalated.attempts = std::move(rows); // this run's rows; escalate() lists the branch's attempts again
        return escalated;
    }
    previous = previous_attempts(with.git, *state, next_failure.excerpt, nullptr);
    route.attempt = decided.attempt;
    route.model = decided.model;
    route.reason += "; attempt " + std::to_string(decided.attempt - 1) + " " +
                    (kind == Unfinished::no_change ? what : std::string("failed verification")) +
                    ", so attempt " + std::to_string(decided.attempt) + " followed in the same run";
    return std::nullopt;
}

// Records a session stopped at the cost cap as a counted attempt (its changes committed as they were, or an
// empty commit when it changed nothing, so that its cost is on the branch) and escalates.
Outcome stop_at_budget(Collaborators& with, Outcome outcome, AttemptRow row, const agent::FixOutcome& fix,
                       const logs::FailureContext& failure, const std::string& base_branch) {
    const core::Route& route = outcome.route;
    const bool kept = !fix.files_changed.empty();
    row.description = with.secrets.redact(kept ? "stopped at the cost cap, changes kept"
                                               : "no change: " + fix.failure_reason);
    row.result = kept ? "budget reached, committed" : "budget reached, no change";
    if (!kept) {
        row.files.clear();
    }
    outcome.attempts.push_back(row);
    const std::string message = with.secrets.redact(
        core::format_attempt_commit(attempt_commit(with, outcome, fix, failure, base_branch)));
    const auto sha = kept ? with.git.commit_paths(fix.files_changed, message, commit_identity(with.settings))
                          : with.git.commit_empty(message, commit_identity(with.settings));
    if (!sha) {
        core::Error error =
            core::with_context(sha.error(), "recording attempt " + std::to_string(route.attempt));
        return step_failed(std::move(outcome), taken::commit_failed, std::move(error));
    }
    if (kept) {
        outcome.files_changed = fix.files_changed;
    }
    return escalate_at_budget(with, std::move(outcome), push_attempts);
}

// Runs the test-command on the workspace as `fix` left it, in a log group; returns the run, or the error
// when it could not start.
core::Expected<TestRun> verify(Collaborators& with, TestCommand& tests, const core::Route& route,
                               const agent::FixOutcome& fix) {
    action::start_group(with.out,
                        "Verifying attempt " + std::to_string(route.attempt) + " with test-command");
    auto verified = tests.run(fix.files_changed);
    if (verified) {
        with.out << with.secrets.redact(TestCommand::report(*verified)) << '\n';
    }
    action::end_group(with.out);
    return verified;
}

// Runs fix sessions from attempt `route.attempt` on: an attempt that changes nothing is recorded as an empty
// commit and the next one follows at once; with a test-command, a fix is run against it and one that fails is
// committed and followed by the next attempt, answering its output (up to max-attempts, then the
// escalation); the fix (verified, when there is a test-command) is committed, pushed with the attempts before
// it and dispatched.
Outcome make_attempt(Collaborators& with, Outcome outcome, logs::FailureContext failure,
                     std::vector<agent::PreviousAttempt> previous, const std::string& base_branch) {
    const action::Settings& settings = with.settings;
    core::Route& route = outcome.route;
    auto workspace = agent::Workspace::open(settings.github.workspace, workspace_options(settings));
    if (!workspace) {
        return step_failed(std::move(outcome), taken::failed, workspace.error());
    }
    std::optional<TestCommand> tests;
    if (!settings.test_command.empty()) {
        tests.emplace(settings, with.environment, with.secrets, with.commands);
    }
    agent::FixOutcome fix;
    std::optional<TestRun> verification;
    for (;;) {
        if (core::budget_reached(outcome.chain.spent_usd, cost_cap(settings))) {
            return escalate_at_budget(with, std::move(outcome), push_attempts); // no model call past the cap
        }
        agent::FixContext context = make_fix_context(failure, settings, route.attempt, previous);
        if (with.request != nullptr) {
            context.guidance = with.request->guidance;
            context.guidance_from = with.request->login;
        }
        agent::FixSessionConfig config = make_session_config(
            settings, route.model, [&](std::string_view text) { return with.secrets.redact(text); });
        apply_budgets(with, config, outcome.chain.spent_usd, route.model);
        if (tests) {
            config.run_tests = [&]() {
                const auto ran = tests->run(workspace->changed_files());
                if (!ran) {
                    return agent::ToolOutcome::error(ran.error().message);
                }
                with.out << "run_tests: test-command " << ran->headline << '\n';
                return agent::ToolOutcome::ok(TestCommand::report(*ran));
            };
        }
        action::start_group(with.out,
                            "Fix attempt " + std::to_string(route.attempt) + " with " + route.model);
        fix = agent::run_fix_session(with.model, *workspace, with.prompts, context, config);
        with.out << "model turns: " << fix.turns << ", files changed: " << fix.files_changed.size() << '\n';
        action::end_group(with.out);
        add_spend(outcome, with.prices, route.model, fix.usage);
        outcome.chain.spent_usd += with.prices.estimate_cost(route.model, fix.usage);
        record_refusals(with, outcome, fix.refused);
        AttemptRow row{route.attempt, route.model, with.secrets.redact(fix.description), fix.files_changed,
                       "this run"};
        if (fix.error) {
            row.result = "API error";
            outcome.attempts.push_back(row);
            const core::Error error =
                core::with_context(*fix.error, "fix attempt " + std::to_string(route.attempt));
            if (!dry_run(settings) && outcome.attempts.size() > 1) {
                (void)push_fix_branch(with, route.fix_branch); // keep this run's recorded attempts
            }
            return step_failed(std::move(outcome), taken::fix_session_failed, error);
        }
        if (fix.budget_reached) {
            if (const core::Status gated = gate_unsubmitted(with, outcome, *workspace, fix, config); !gated) {
                return step_failed(std::move(outcome), taken::commit_failed, gated.error());
            }
            return stop_at_budget(with, std::move(outcome), std::move(row), fix, failure, base_branch);
        }
        if (fix.succeeded() && !tests) {
            outcome.attempts.push_back(row);
            break;
        }
        if (fix.succeeded()) {
            auto verified = verify(with, *tests, route, fix);
            if (!verified) {
                row.result = "not verified";
                outcome.attempts.push_back(row);
                return step_failed(std::move(outcome), taken::failed, verified.error());
            }
            verification = std::move(*verified);
            if (verification->passed) {
                row.result = "this run, tests passed";
                outcome.attempts.push_back(row);
                break;
            }
            row.result = "failed verification";
            outcome.attempts.push_back(row);
            const logs::FailureContext answered = failure;
            if (auto finished =
                    record_unfinished(with, outcome, *workspace, fix, answered, verification->context,
                                      previous, base_branch, &*verification)) {
                return std::move(*finished);
            }
            failure = verification->context;
            verification.reset();
            continue;
        }
        row.description = with.secrets.redact("no change: " + fix.failure_reason);
        row.files.clear();
        row.result = fix.refused.empty() ? "no change" : "refused: weakens the tests";
        outcome.attempts.push_back(row);
        if (auto finished = record_unfinished(with, outcome, *workspace, fix, failure, failure, previous,
                                              base_branch, nullptr)) {
            return std::move(*finished);
        }
    }

    const std::string message = with.secrets.redact(core::format_attempt_commit(
        attempt_commit(with, outcome, fix, failure, base_branch, verification ? &*verification : nullptr)));
    const auto sha = with.git.commit_paths(fix.files_changed, message, commit_identity(settings));
    if (!sha) {
        core::Error error =
            core::with_context(sha.error(), "committing attempt " + std::to_string(route.attempt));
        return step_failed(std::move(outcome), taken::commit_failed, std::move(error));
    }
    outcome.commit_sha = *sha;
    outcome.files_changed = fix.files_changed;
    outcome.attempts.back().result = verification ? "committed, tests passed" : "committed";

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
        outcome.commit_sha.clear(); // commit-sha names pushed commits only
        return outcome;
    }
    if (auto stopped = push_attempts(with, outcome)) {
        return std::move(*stopped);
    }
    const auto dispatched = dispatch_ci(with, route.fix_branch);
    if (!dispatched) {
        outcome.note = "Pushed attempt " + std::to_string(route.attempt) + " to " + route.fix_branch +
                       ", but CI could not be started on it.";
        return step_failed(std::move(outcome), taken::dispatch_failed, dispatched.error());
    }
    std::string verified;
    if (verification) {
        const auto failed_runs =
            std::count_if(outcome.attempts.begin(), outcome.attempts.end(),
                          [](const AttemptRow& row) { return row.result == "failed verification"; });
        verified = " (test-command passed";
        if (failed_runs > 0) {
            verified +=
                "; pushed with the " + std::to_string(failed_runs) + " attempt(s) of this run that failed it";
        }
        verified += ")";
    }
    outcome.note = "Pushed attempt " + std::to_string(route.attempt) + verified + " to " + route.fix_branch +
                   "; " + *dispatched + ".";
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
    const RerunResume& resume = **resumed;
    if (resume.guard) {
        outcome.action_taken = core::to_string(resume.guard->guard); // CI was not started a second time
        action::notice(with.out, "autofix stopped (" + outcome.action_taken + "): " + resume.guard->reason);
    }
    outcome.note = "Re-run: " + resume.note + ".";
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
    return failing_commit(with);
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
    outcome.pull_request = static_cast<std::uint64_t>(std::max(settings.run.pull_request, 0));
    if (outcome.route.action == core::Action::stop_rerun) {
        if (auto duplicate = stop_if_duplicate(with, outcome)) {
            return std::move(*duplicate);
        }
        if (auto resumed = resume_rerun(with, outcome)) {
            return std::move(*resumed);
        }
        return outcome;
    }
    if (outcome.route.action != core::Action::create_fix_branch) {
        return outcome;
    }
    if (auto stale = stop_if_stale(with, outcome)) {
        return std::move(*stale);
    }
    const auto failure = read_failure_context(with);
    if (!failure) {
        return failed(std::move(outcome), failure.error());
    }
    const auto local = with.git.local_branch_exists(fix_branch);
    if (!local) {
        return failed(std::move(outcome), core::with_context(local.error(), "looking for " + fix_branch));
    }
    // A local leftover restarts where it started; a new branch starts at the run's failing commit.
    const auto start =
        *local ? leftover_branch_start(with, fix_branch, triage.route.fix_id) : failing_commit(with);
    if (!start) {
        return failed(std::move(outcome), start.error());
    }
    if (const auto own = own_commit_guard(with, *start); !own) {
        return failed(std::move(outcome), own.error());
    } else if (*own) {
        return stopped_by(outcome.route, **own, with.out); // the action's own work landed here: no loop
    }
    if (auto stopped = triage_failure(with, outcome, *failure, *start)) {
        return std::move(*stopped);
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
    const std::string base = settings.run.base_branch.empty() ? settings.branch : settings.run.base_branch;
    note_chain_spend(outcome, settings, 0.0); // a new chain
    return make_attempt(with, std::move(outcome), *failure, {}, base);
}

Outcome retry_fix(Collaborators& with, const core::Triage& triage) {
    const action::Settings& settings = with.settings;
    const std::string& fix_branch = triage.route.fix_branch;
    Outcome outcome = decided(triage.route);
    if (const auto gone = fix_branch_guard(with, fix_branch); !gone) {
        return failed(std::move(outcome), gone.error());
    } else if (*gone) {
        return stopped_by(outcome.route, **gone, with.out); // deleted, or its PR closed or merged
    }
    if (const core::Status prepared = prepare_fix_branch(with, fix_branch); !prepared) {
        return failed(std::move(outcome), prepared.error());
    }
    const auto state = read_fix_branch(with.git, agent_identity(settings), triage.route.fix_id);
    if (!state) {
        return failed(std::move(outcome), state.error());
    }
    outcome.pull_request = state->history.pull_request; // the chain's, not this run's event's
    outcome.route = core::route_fix_branch_failure(triage, state->history, model_policy(settings));
    outcome.facts.command_retries = state->history.command_retries;
    outcome.facts.stopped_by = state->history.stopped ? state->history.stopped_by : "";
    if (outcome.route.action == core::Action::open_escalation_issue) {
        return escalate(with, std::move(outcome), *state);
    }
    if (outcome.route.action != core::Action::retry_fix) {
        return outcome;
    }
    if (auto resumed = resume_rerun(with, outcome)) {
        return std::move(*resumed);
    }
    note_chain_spend(outcome, settings, state->history.spent_usd);
    if (core::budget_reached(state->history.spent_usd, cost_cap(settings))) {
        // The earlier attempts spent the cap: no model call at all, not even for the issue's summary.
        outcome.route = core::route_budget_reached(outcome.route, state->history.highest_attempt,
                                                   state->history.spent_usd, cost_cap(settings));
        return escalate(with, std::move(outcome), *state);
    }
    const auto failure = read_failure_context(with);
    if (!failure) {
        return failed(std::move(outcome), failure.error());
    }
    if (auto stopped = triage_failure(with, outcome, *failure, settings.run.commit)) {
        return std::move(*stopped);
    }
    std::vector<AttemptRow> rows;
    auto previous = previous_attempts(with.git, *state, failure->excerpt, &rows);
    std::string base = settings.base_branch.empty() ? state->history.base_branch : settings.base_branch;
    Outcome result = make_attempt(with, std::move(outcome), *failure, std::move(previous), base);
    rows.insert(rows.end(), result.attempts.begin(), result.attempts.end());
    result.attempts = std::move(rows);
    return result;
}

Outcome run_attempts(Collaborators& with, Outcome outcome, const logs::FailureContext& failure,
                     std::vector<agent::PreviousAttempt> previous, const std::string& base_branch) {
    return make_attempt(with, std::move(outcome), failure, std::move(previous), base_branch);
}

} // namespace autofix::app
