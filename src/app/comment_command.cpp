#include "app/comment_command.hpp"

#include "action/workflow_commands.hpp"
#include "app/checkout.hpp"
#include "app/command_explain.hpp"
#include "app/failure_log.hpp"
#include "app/fix_attempt.hpp"
#include "app/fix_branch_reader.hpp"
#include "app/guards.hpp"
#include "app/publish.hpp"
#include "core/budget.hpp"
#include "core/commit_message.hpp"
#include "core/fix_branch.hpp"
#include "core/retry_failure.hpp"

#include <algorithm>

namespace autofix::app {
namespace {

constexpr std::size_t max_candidate_branches = 10; // fix branches read to find a pull request's fix
constexpr std::size_t max_commits_read = 50;       // commits of a candidate read for its trailers

Outcome command_outcome(const core::CommentEvent& comment, const std::string& command, core::Action action) {
    Outcome outcome;
    outcome.route.which = core::Case::nothing;
    outcome.route.action = action;
    outcome.route_decided = true;
    outcome.comment = action::ResultComment{command, comment.html_url, ""};
    return outcome;
}

std::string where_of(const core::CommentEvent& comment) {
    return (comment.on_pull_request ? "pull request #" : "issue #") + std::to_string(comment.number);
}

// Posts `body` where the comment was: in its review thread for a review comment (falling back to the pull
// request's conversation when GitHub refuses the thread reply), else on its issue or pull request.
core::Expected<ports::IssueComment> post_reply(Collaborators& with, const std::string& body) {
    const core::CommentEvent& comment = *with.settings.run.comment;
    if (comment.event_name == "pull_request_review_comment" && comment.comment_id != 0) {
        auto threaded = with.forge.reply_to_review_comment(comment.number, comment.comment_id, body);
        if (threaded) {
            with.out << "replied in the review thread on " << where_of(comment) << '\n';
            return threaded;
        }
        action::warning(with.out, with.secrets.redact("Could not reply in the review thread (" +
                                                      threaded.error().message + "); replying on " +
                                                      where_of(comment) + " instead."));
    }
    auto posted = with.forge.post_comment(comment.number, body);
    if (posted) {
        with.out << "replied on " << where_of(comment) << '\n';
    }
    return posted;
}

// Posts `text` (redacted) as a reply to the comment and finishes `outcome` with `note`, the reply's URL in
// the outcome; a dry run prints the reply instead. A reply that cannot be posted fails the run
// (reply_failed).
Outcome replied(Collaborators& with, Outcome outcome, const std::string& text, const std::string& note) {
    const core::CommentEvent& comment = *with.settings.run.comment;
    const std::string body = with.secrets.redact(text);
    outcome.note = note;
    if (dry_run(with.settings)) {
        action::start_group(with.out, "Dry run: the reply that would be posted on " + where_of(comment));
        with.out << body << '\n';
        action::end_group(with.out);
        outcome.note += " Dry run: the reply was not posted.";
        return outcome;
    }
    const auto posted = post_reply(with, body);
    if (!posted) {
        return step_failed(std::move(outcome), taken::reply_failed,
                           core::with_context(posted.error(), "replying on " + where_of(comment)));
    }
    if (outcome.comment) {
        outcome.comment->reply_url = posted->html_url;
    }
    return outcome;
}

// The command as typed, for logs: `/autofix <word>` (the word cut at 40 characters, control characters
// shown as `?`), `/autofix` alone for a bare one.
std::string typed(const core::CommentCommand& command) {
    std::string text = "/autofix";
    if (!command.word.empty()) {
        text += ' ';
        for (const char c : command.word.substr(0, 40)) {
            text += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
        }
    }
    return text;
}

// The fix id of a candidate branch as a number for ordering (run ids grow); 0 when it is not numeric.
std::uint64_t numeric_id(const std::string& branch) {
    const auto id = core::parse_fix_id(branch).value_or("");
    if (id.empty() || id.size() > 19 ||
        !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return 0;
    }
    return std::stoull(id);
}

// The pull request whose build failed names no fix: its fix branch is the newest `autonomous-fix-*` branch
// whose attempts record that pull request (the Autofix-Pull-Request trailer), or, for attempts made without
// that trailer, whose Autofix-Base is the pull request's branch (a pull_request run bases its fix there).
core::Expected<std::optional<core::CommandTarget>>
fix_of_pull_request(Collaborators& with, std::uint64_t number, const std::string& head) {
    auto branches = with.forge.list_branches(std::string(core::fix_branch_prefix));
    if (!branches) {
        return branches.error();
    }
    std::erase_if(*branches, [](const std::string& name) { return !core::parse_fix_id(name); });
    std::sort(branches->begin(), branches->end(), [](const std::string& left, const std::string& right) {
        return numeric_id(left) > numeric_id(right);
    });
    if (branches->size() > max_candidate_branches) {
        branches->resize(max_candidate_branches);
    }
    for (const std::string& name : *branches) {
        if (!with.git.fetch_branch(name)) {
            continue; // deleted meanwhile
        }
        const auto commits = with.git.commits_between("", "refs/remotes/origin/" + name, max_commits_read);
        if (!commits) {
            return commits.error();
        }
        std::optional<std::string> pull_request;
        std::optional<std::string> base;
        for (auto commit = commits->rbegin(); commit != commits->rend(); ++commit) { // newest first
            if (!pull_request) {
                pull_request = core::find_trailer(commit->trailers, core::trailer_pull_request);
            }
            if (!base) {
                base = core::find_trailer(commit->trailers, core::trailer_base);
            }
        }
        const bool recorded = pull_request && *pull_request == std::to_string(number);
        if (recorded || (!pull_request && base == head)) {
            const std::string id = *core::parse_fix_id(name);
            return std::optional<core::CommandTarget>(
                core::CommandTarget{id, name,
                                    recorded ? "the fix of pull request #" + std::to_string(number)
                                             : "the fix branch based on " + head});
        }
    }
    return std::optional<core::CommandTarget>();
}

// The fix branch the comment is about: the payload's labels or pull request branch, the pull request's
// branch read through the API for an issue comment, else the fix of the pull request whose build failed.
core::Expected<std::optional<core::CommandTarget>> find_target(Collaborators& with,
                                                               const core::CommentEvent& comment) {
    std::string head = comment.head_ref;
    if (comment.on_pull_request && head.empty()) {
        const auto pull = with.forge.get_pull_request(comment.number);
        if (!pull) {
            return pull.error();
        }
        head = pull->head;
    }
    if (auto target = core::command_target(comment, head)) {
        return target;
    }
    if (!comment.on_pull_request || head.empty()) {
        return std::optional<core::CommandTarget>();
    }
    return fix_of_pull_request(with, comment.number, head);
}

// Checks out the fix branch and reads its attempts; nullopt when the branch does not exist on the remote.
core::Expected<std::optional<FixBranchState>> read_target(Collaborators& with, const std::string& fix_branch,
                                                          const std::string& fix_id) {
    const auto exists = with.git.remote_branch_exists(fix_branch);
    if (!exists) {
        return exists.error();
    }
    if (!*exists) {
        return std::optional<FixBranchState>();
    }
    if (const core::Status prepared = prepare_fix_branch(with, fix_branch); !prepared) {
        return prepared.error();
    }
    auto state = read_fix_branch(with.git, agent_identity(with.settings), fix_id);
    if (!state) {
        return state.error();
    }
    return std::optional<FixBranchState>(std::move(*state));
}

// What a stop does not stop, said in its reply: it ends this fix chain only.
std::string stop_scope() {
    return "This stops this fix chain only: a new failing build (a new push to the pull request, or a new "
           "failure on a branch) starts a new fix on a new branch. To stop all fixes, open an issue labelled "
           "`autofix-pause` (close it to resume) or set `enabled: false` in `.github/autofix.yml`.";
}

// `/autofix stop`: an empty agent commit on the fix branch (Autofix-Kind: command, Autofix-Command: stop).
// A commit rather than a label: every later run already reads the branch's commits to count its attempts, so
// it sees the stop with no extra API call or permission, wherever the comment was (fix PR, escalation
// issue, the failing PR), and no one can lose it by editing labels. A later `/autofix retry` lifts it.
Outcome stop(Collaborators& with, Outcome outcome, const FixBranchState& state) {
    const core::CommentEvent& comment = *with.settings.run.comment;
    const core::Route& route = outcome.route;
    const std::string branch = route.fix_branch; // the replies are built while `outcome` moves
    if (state.history.stopped) {
        return replied(with, std::move(outcome),
                       "`" + branch + "` is already stopped (by @" + state.history.stopped_by +
                           "). Comment `/autofix retry <guidance>` to ask for one more attempt.\n\n" +
                           stop_scope(),
                       branch + " was already stopped; nothing was recorded again.");
    }
    const auto sha =
        with.git.commit_empty(core::format_stop_commit(route.fix_id, comment.author_login, where_of(comment)),
                              commit_identity(with.settings));
    if (!sha) {
        return step_failed(std::move(outcome), taken::commit_failed, sha.error());
    }
    if (dry_run(with.settings)) {
        outcome.note = "Dry run: the stop is committed locally (" + sha->substr(0, 12) + "), not pushed.";
        return outcome;
    }
    const auto pushed = push_fix_branch(with, route.fix_branch);
    if (!pushed) {
        return step_failed(std::move(outcome), push_failure_taken(pushed.error()), pushed.error());
    }
    if (*pushed != PushResult::pushed) {
        return step_failed(std::move(outcome), taken::push_failed,
                           core::make_error(core::ErrorKind::git, branch +
                                                                      " moved while the stop was recorded: "
                                                                      "comment `/autofix stop` again"));
    }
    outcome.commit_sha = *sha;
    outcome.pull_request = state.history.pull_request; // its progress comment says who stopped it
    outcome.facts.stopped_by = comment.author_login;
    outcome.facts.command_retries = state.history.command_retries;
    if (outcome.pull_request != 0) {
        const ChainLinks links = chain_links(with, branch, route.fix_id, "");
        outcome.facts.open_pr_url = links.open_pr_url;
        outcome.facts.issue_url = links.issue_url;
    }
    return replied(with, std::move(outcome),
                   "Stopped: no further fix attempts on `" + branch + "` (recorded in " + sha->substr(0, 12) +
                       "). Comment `/autofix retry <guidance>` to ask for one more.\n\n" + stop_scope(),
                   "@" + comment.author_login + " stopped " + branch + "; the stop is recorded in " +
                       sha->substr(0, 12) + ".");
}

// What a retry answers: the failure (none while CI on the tip still runs) and which one it is.
struct RetryAnswer {
    std::optional<logs::FailureContext> failure;
    core::RetryFailure chosen;
};

// The failure a retry answers: the failure-log input when one is given; else the failed jobs' logs of the
// newest failed run of the CI workflow on the fix branch's tip (what the human read before asking), through
// the same log pipeline as a run's log; else (no such run: cancelled, passed, none, not listable) the newest
// failure recorded on the branch. While CI on the tip still runs there is none: the retry waits for it.
core::Expected<RetryAnswer> retry_failure(Collaborators& with, const FixBranchState& state,
                                          const std::string& fix_branch) {
    RetryAnswer answer;
    if (!with.settings.failure_log.empty()) {
        answer.chosen.source = core::RetryFailure::Source::failure_log;
        answer.chosen.reason = "the failure-log input (" + with.settings.failure_log + ")";
        auto failure = read_failure_context(with);
        if (!failure) {
            return failure.error();
        }
        answer.failure = std::move(*failure);
        return answer;
    }
    const std::string& workflow = with.settings.run.workflow_file;
    const std::string tip = state.commits.empty() ? std::string() : state.commits.back().sha;
    std::vector<core::TipCiRun> runs;
    std::string unlisted;
    if (!workflow.empty() && !tip.empty()) {
        if (const auto listed = with.forge.list_workflow_runs(workflow, fix_branch, tip); !listed) {
            unlisted = listed.error().message;
        } else {
            for (const ports::WorkflowRunInfo& run : *listed) {
                if (run.head_sha == tip) {
                    runs.push_back({run.id, run.status, run.conclusion, run.html_url});
                }
            }
        }
    }
    answer.chosen = core::choose_retry_failure(runs, workflow, tip);
    if (!unlisted.empty()) {
        answer.chosen.reason = "the CI runs on " + tip.substr(0, 12) + " could not be listed (" + unlisted +
                               "): the failure recorded on the branch";
    }
    if (answer.chosen.source == core::RetryFailure::Source::ci_running) {
        return answer;
    }
    if (answer.chosen.source == core::RetryFailure::Source::ci_run) {
        auto failure = run_failure_context(with, std::to_string(answer.chosen.run_id));
        if (failure) {
            answer.failure = std::move(*failure);
            return answer;
        }
        // The logs may have expired or be unreadable: say so and answer what the branch records.
        answer.chosen.reason = "the logs of CI run " + std::to_string(answer.chosen.run_id) +
                               " could not be read (" + failure.error().message +
                               "): the failure recorded on the branch";
        answer.chosen.source = core::RetryFailure::Source::recorded;
        answer.chosen.run_id = 0;
        answer.chosen.run_url.clear();
    }
    auto failure = recorded_failure_context(with, state);
    if (!failure) {
        return failure.error();
    }
    answer.failure = std::move(*failure);
    return answer;
}

action::ResultFailureSource to_result(const core::RetryFailure& chosen) {
    return {core::to_string(chosen.source), chosen.run_id, chosen.run_url, chosen.reason};
}

Outcome retry_with_model(Collaborators& with, Outcome outcome, const FixBranchState& state,
                         const core::CommentCommand& command, const logs::FailureContext& failure);

// `/autofix retry <guidance>`: exactly one attempt with the guidance in the prompt, on top of whatever is on
// the branch (after an escalation, a stop or a human's commit too: a human asked), with the policy's model
// for its number; the cost cap still applies. The model is set up only here, after the refusals.
Outcome retry(Collaborators& with, Outcome outcome, const FixBranchState& state,
              const core::CommentCommand& command) {
    const action::Settings& settings = with.settings;
    core::Route& route = outcome.route;
    const std::string branch = route.fix_branch; // the replies are built while `outcome` moves
    if (const auto gone = fix_branch_guard(with, route.fix_branch); !gone) {
        return step_failed(std::move(outcome), taken::failed, gone.error());
    } else if (*gone) {
        route.action = core::Action::command_refused;
        route.reason = "no retry: " + (*gone)->reason;
        return replied(with, std::move(outcome), "I cannot retry `" + branch + "`: " + (*gone)->reason + ".",
                       "No attempt: " + (*gone)->reason + ".");
    }
    note_chain_spend(outcome, settings, state.history.spent_usd);
    if (core::budget_reached(state.history.spent_usd, cost_cap(settings))) {
        route.action = core::Action::command_refused;
        const std::string why = core::budget_reason(state.history.spent_usd, cost_cap(settings));
        route.reason = "no retry: " + why;
        return replied(with, std::move(outcome),
                       "I cannot retry `" + branch + "`: " + why +
                           ". Raise `max-cost-usd` in the workflow to allow more.",
                       "No attempt: " + why + ".");
    }
    const bool needs_dispatch =
        settings.dispatch == action::Dispatch::always ||
        (settings.dispatch == action::Dispatch::automatic && token_needs_dispatch(settings.github_token));
    if (needs_dispatch && settings.run.workflow_file.empty()) {
        // Checked before the model is asked: the attempt could be pushed but its CI never started.
        route.action = core::Action::command_refused;
        route.reason =
            "no retry: the ci-workflow input is not set, so CI could not be started on the fix branch";
        return replied(
            with, std::move(outcome),
            "I cannot retry `" + branch +
                "`: this workflow does not say which CI workflow to start on the fix branch. Set the "
                "`ci-workflow` input of the comment job (e.g. `ci.yml`).",
            "No attempt: the ci-workflow input is not set, so CI could not be started on the fix "
            "branch.");
    }
    const auto answer = retry_failure(with, state, branch);
    if (!answer) {
        return step_failed(std::move(outcome), taken::failed, answer.error());
    }
    outcome.failure_source = to_result(answer->chosen);
    if (!answer->failure) {
        // The last attempt's CI has not finished: its result is what a retry answers, and it may pass.
        route.action = core::Action::command_refused;
        route.reason = "no retry yet: " + answer->chosen.reason;
        const std::string link =
            answer->chosen.run_url.empty() ? "" : " ([run](" + answer->chosen.run_url + "))";
        return replied(with, std::move(outcome),
                       "I have not retried `" + branch + "`: " + answer->chosen.reason + link +
                           ". Comment `/autofix retry <guidance>` again once it has failed, so the attempt "
                           "answers that failure.",
                       "No attempt: " + answer->chosen.reason + "; the retry waits for its result.");
    }
    if (!with.model_setup) {
        return retry_with_model(with, std::move(outcome), state, command, *answer->failure);
    }
    Outcome unchanged = outcome; // what a failed model set-up reports
    auto result = (*with.model_setup)(with, [&](Collaborators& armed) {
        return retry_with_model(armed, std::move(outcome), state, command, *answer->failure);
    });
    if (!result) {
        const core::Error error = core::with_context(result.error(), "setting up the model for the retry");
        Outcome answered = replied(with, step_failed(std::move(unchanged), taken::failed, error),
                                   "I cannot retry `" + branch + "`: " + error.message + ".",
                                   "No attempt: the model could not be set up.");
        return answered.error->message == error.message
                   ? answered
                   : step_failed(std::move(answered), taken::failed, error);
    }
    return std::move(*result);
}

// The attempt of a retry, with the model set up, answering `failure`.
Outcome retry_with_model(Collaborators& with, Outcome outcome, const FixBranchState& state,
                         const core::CommentCommand& command, const logs::FailureContext& failure) {
    const action::Settings& settings = with.settings;
    const core::CommentEvent& comment = *settings.run.comment;
    core::Route& route = outcome.route;
    route.which = core::Case::retry;
    route.attempt = state.history.highest_attempt + 1;
    route.model = core::model_for_attempt(model_policy(settings), route.attempt);
    route.reason = "@" + comment.author_login + " asked for one more attempt with /autofix retry on " +
                   where_of(comment) + ": attempt " + std::to_string(route.attempt) + " with " + route.model;
    std::vector<AttemptRow> rows;
    auto previous = previous_attempts(with.git, state, "", &rows);
    const std::string base = settings.base_branch.empty() ? state.history.base_branch : settings.base_branch;
    outcome.pull_request = state.history.pull_request; // the chain's: its progress comment shows the attempt
    const HumanRequest request{comment.author_login, command.guidance};
    with.request = &request;
    Outcome result = run_attempts(with, std::move(outcome), failure, std::move(previous), base);
    with.request = nullptr;
    result.facts.command_retries = state.history.command_retries + (result.commit_sha.empty() ? 0 : 1);
    if (result.pull_request != 0 && !result.commit_sha.empty()) {
        // The progress comment keeps the chain's PR or issue and links the CI run started on the attempt.
        const ChainLinks links =
            chain_links(with, result.route.fix_branch, result.route.fix_id, result.commit_sha);
        result.facts.open_pr_url = links.open_pr_url;
        result.facts.issue_url = links.issue_url;
        result.facts.ci_run_url = links.tip_run_url;
    }
    rows.insert(rows.end(), result.attempts.begin(), result.attempts.end());
    result.attempts = std::move(rows);
    std::string reply = "Attempt " + std::to_string(result.route.attempt) + " with `" + result.route.model +
                        "` on `" + result.route.fix_branch + "`";
    if (result.error) {
        reply += " did not finish: " + result.error->message;
    } else {
        reply += ": " + result.note;
    }
    if (result.failure_source) {
        reply += "\n\nThe failure it answered: " + result.failure_source->reason + ".";
    }
    Outcome answered = replied(with, result, reply, result.note);
    if (answered.error && !result.error) {
        return answered;
    }
    result.comment = answered.comment; // the reply's URL; the attempt's own failure comes first
    return result;
}

} // namespace

std::optional<Outcome> screen_comment(const action::Settings& settings, core::CommentCommand& command,
                                      std::ostream& out) {
    const core::CommentEvent& comment = *settings.run.comment;
    Outcome ignored = command_outcome(comment, "", core::Action::command_ignored);
    if (comment.action != "created") {
        ignored.route.reason = "the comment was " +
                               (comment.action.empty() ? "not created" : comment.action) +
                               ": only a new comment is read for commands";
    } else if (core::is_bot_author(comment.author_login, comment.author_type)) {
        ignored.route.reason = "@" + comment.author_login + " is a bot: commands are taken from people only";
    } else if (const auto found = core::winning_command(core::parse_comment_commands(comment.body))) {
        command = *found;
        return std::nullopt;
    } else {
        ignored.route.reason = "the comment holds no /autofix command";
    }
    ignored.note = "Nothing was done: " + ignored.route.reason + ".";
    out << "autofix: " << ignored.note << '\n';
    return ignored;
}

Outcome run_comment_command(Collaborators& with, const core::CommentCommand& command) {
    const core::CommentEvent& comment = *with.settings.run.comment;
    Outcome outcome = command_outcome(comment, command.word, core::Action::command_refused);
    with.out << with.secrets.redact("autofix: " + typed(command) + " from @" + comment.author_login + " on " +
                                    where_of(comment))
             << '\n';
    // Who may command: write access or above, asked of the API (author_association does not see team
    // or organisation roles, and is what the commenter's relation is, not what they may do).
    const auto permission = with.forge.repository_permission(comment.author_login);
    if (!permission) {
        return step_failed(std::move(outcome), taken::failed, permission.error());
    }
    if (!core::may_command(permission->permission, permission->role_name)) {
        const std::string role =
            permission->role_name.empty() ? permission->permission : permission->role_name;
        outcome.route.reason = "@" + comment.author_login + " has " + (role.empty() ? "no" : role) +
                               " access; commands need write access";
        const std::string note = "Nothing was run: " + outcome.route.reason + ".";
        return replied(
            with, std::move(outcome),
            "Thanks for the suggestion, @" + comment.author_login +
                ". Only people with write access to this repository can give the autofix agent "
                "commands, so I have not run anything. A maintainer can repeat the command if they "
                "agree.",
            note);
    }
    if (command.kind == core::CommandKind::unknown) {
        outcome.route.action = core::Action::command_unknown;
        outcome.route.reason = typed(command) + " is not a command";
        const std::string note =
            "Nothing was run: " + outcome.route.reason + "; the reply lists the commands.";
        return replied(with, std::move(outcome), core::unknown_command_reply(command), note);
    }
    const auto target = find_target(with, comment);
    if (!target) {
        return step_failed(std::move(outcome), taken::failed, target.error());
    }
    if (!*target) {
        outcome.route.reason = where_of(comment) + " is about no fix branch";
        const std::string note = "Nothing was run: " + outcome.route.reason + ".";
        return replied(
            with, std::move(outcome),
            "I found no fix branch for this " +
                std::string(comment.on_pull_request ? "pull request" : "issue") +
                ": commands work on a fix pull request, an escalation issue, or a pull request whose "
                "build the agent is fixing.",
            note);
    }
    outcome.route.fix_id = (*target)->fix_id;
    outcome.route.fix_branch = (*target)->fix_branch;
    with.out << "autofix: the fix branch is " << (*target)->fix_branch << " (" << (*target)->found_by
             << ")\n";
    const auto state = read_target(with, (*target)->fix_branch, (*target)->fix_id);
    if (!state) {
        return step_failed(std::move(outcome), taken::failed, state.error());
    }
    if (!*state || (*state)->history.attempts.empty()) {
        outcome.route.reason =
            (*target)->fix_branch + (*state ? " has no attempt of the agent" : " does not exist");
        const std::string note = "Nothing was run: " + outcome.route.reason + ".";
        return replied(with, std::move(outcome),
                       "I cannot act on `" + (*target)->fix_branch + "`: it " +
                           (*state ? "has no attempt of the agent." : "does not exist (deleted?)."),
                       note);
    }
    outcome.route.attempt = (*state)->history.highest_attempt;
    switch (command.kind) {
    case core::CommandKind::stop:
        outcome.route.action = core::Action::command_stopped;
        outcome.route.reason =
            "@" + comment.author_login + " commented /autofix stop on " + where_of(comment);
        return stop(with, std::move(outcome), **state);
    case core::CommandKind::explain: {
        outcome.route.action = core::Action::command_explained;
        outcome.route.reason = "@" + comment.author_login + " asked what attempt " +
                               std::to_string(outcome.route.attempt) + " did";
        const ChainLinks links = chain_links(with, (*target)->fix_branch, (*target)->fix_id,
                                             (*state)->history.attempts.back().sha);
        const auto reply = explain_reply(with, **state, (*target)->fix_branch, links);
        if (!reply) {
            return step_failed(std::move(outcome), taken::failed, reply.error());
        }
        const std::string note = "Explained attempt " + std::to_string(outcome.route.attempt) + " of " +
                                 (*target)->fix_branch + " (from its commits; no model call).";
        return replied(with, std::move(outcome), *reply, note);
    }
    case core::CommandKind::retry:
        outcome.route.action = core::Action::command_retry;
        return retry(with, std::move(outcome), **state, command);
    case core::CommandKind::unknown:
        break;
    }
    return outcome;
}

} // namespace autofix::app
