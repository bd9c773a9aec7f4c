#include "app/command_explain.hpp"

#include "app/failure_log.hpp"
#include "core/budget.hpp"
#include "core/commit_message.hpp"
#include "core/fix_branch.hpp"
#include "core/progress_comment.hpp"

#include <filesystem>
#include <fstream>
#include <random>

namespace autofix::app {
namespace {

constexpr std::size_t max_excerpt_chars = 6000; // of the failure in the reply (GitHub caps comments at 65536)
constexpr std::size_t max_explanation_chars = 6000;

// Returns the newest failure text an attempt commit of `state` records, newest attempt first.
std::string newest_recorded_failure(const FixBranchState& state) {
    for (auto record = state.history.attempts.rbegin(); record != state.history.attempts.rend(); ++record) {
        if (auto failure = core::extract_answered_failure(record->message)) {
            return *failure;
        }
    }
    return state.history.original_error;
}

// `text` cut to its last `cap` characters, with a note when cut.
std::string tail(const std::string& text, std::size_t cap) {
    return text.size() <= cap ? text
                              : "[... " + std::to_string(text.size() - cap) + " characters cut]\n" +
                                    text.substr(text.size() - cap);
}

// `text` fenced so that nothing in it closes the fence early.
std::string fenced(const std::string& text) {
    return core::fence(text);
}

// Runs `text` through the failure-log pipeline of a run (a temporary file, removed after).
core::Expected<logs::FailureContext> failure_context_of(Collaborators& with, const std::string& text) {
    std::error_code error;
    const auto directory = std::filesystem::temp_directory_path(error);
    const auto path =
        directory / ("autofix-recorded-failure-" + std::to_string(std::random_device{}()) + ".log");
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
        if (!out) {
            return core::make_error(core::ErrorKind::io, "cannot write " + path.string());
        }
    }
    auto context = failure_context_from_file(path.string(), with.settings, with.secrets.values());
    std::filesystem::remove(path, error);
    if (context && text.empty()) {
        context->excerpt = "(no failure is recorded on the branch)";
    }
    return context;
}

} // namespace

core::Expected<logs::FailureContext> recorded_failure_context(Collaborators& with,
                                                              const FixBranchState& state) {
    return failure_context_of(with, newest_recorded_failure(state));
}

ChainLinks chain_links(Collaborators& with, const std::string& fix_branch, const std::string& fix_id,
                       const std::string& tip_sha) {
    ChainLinks links;
    if (const auto open = with.forge.find_open_pull_request(fix_branch); open && *open) {
        links.open_pr_url = (*open)->html_url;
    }
    if (const auto issue = with.forge.find_issue_by_label(core::escalation_label(fix_id)); issue && *issue) {
        links.issue_url = (*issue)->html_url;
    }
    const std::string& workflow = with.settings.run.workflow_file;
    if (!tip_sha.empty() && !workflow.empty()) {
        if (const auto runs = with.forge.list_workflow_runs(workflow, fix_branch, tip_sha);
            runs && !runs->empty()) {
            links.tip_run_status = runs->front().status;
            links.tip_run_conclusion = runs->front().conclusion;
            links.tip_run_url = runs->front().html_url;
        }
    }
    return links;
}

core::Expected<std::string> explain_reply(Collaborators& with, const FixBranchState& state,
                                          const std::string& fix_branch, const ChainLinks& links) {
    const core::AttemptRecord& last = state.history.attempts.back();
    std::string body;
    for (const ports::CommitInfo& commit : state.commits) {
        if (commit.sha == last.sha) {
            body = commit.body;
        }
    }
    std::string reply = "### Attempt " + std::to_string(last.number) + " on `" + fix_branch + "`\n\n";
    reply += "**" + attempt_description(last.subject) + "** (" +
             (last.model.empty() ? "model not recorded" : last.model) + ", commit " + last.sha.substr(0, 12) +
             ")\n\n";

    // What it saw: the failure it answered, through the same pipeline as the fix prompt's excerpt.
    const auto answered = core::extract_answered_failure(last.message);
    reply += "#### What it saw\n\n";
    if (answered) {
        const auto context = failure_context_of(with, *answered);
        if (!context) {
            return context.error();
        }
        reply += "The failure it answered, as `autofix context` shows it:\n\n" +
                 fenced(tail(context->excerpt, max_excerpt_chars)) + "\n";
        if (!context->files.empty()) {
            reply += "Files the log points at:\n\n" + logs::format_file_references(context->files) + "\n";
        }
    } else {
        reply += "Its commit records no failure.\n\n";
    }

    // What it changed: the attempt commit's own diff.
    reply += "#### What it changed\n\n";
    const auto diff = with.git.diff(last.sha + "~1", last.sha, 0);
    if (!diff) {
        return diff.error();
    }
    if (diff->files.empty()) {
        reply += "Nothing (an empty commit: " +
                 std::string(last.no_change ? "the session made no change" : "no files changed") + ").\n\n";
    } else {
        for (const ports::DiffFile& file : diff->files) {
            reply += "- `" + file.path + "` (+" + std::to_string(file.added_lines) + " −" +
                     std::to_string(file.deleted_lines) + ")\n";
        }
        reply += "\n";
    }

    // Its own account: the explanation the model gave when it submitted (or why it changed nothing).
    reply += "#### Its own account\n\n";
    const std::string explanation = attempt_explanation(body);
    reply += explanation.empty() ? std::string("(none recorded)\n\n")
                                 : fenced(tail(explanation, max_explanation_chars)) + "\n";

    // Why it did not end the chain: what the branch and the API say now, most decisive first.
    reply += "#### Why it is not done\n\n";
    const std::string pr = "#" + std::to_string(core::number_from_url(links.open_pr_url));
    const std::string issue = "#" + std::to_string(core::number_from_url(links.issue_url));
    const std::string run = links.tip_run_url.empty() ? "" : " ([the run](" + links.tip_run_url + "))";
    const bool pending = !links.tip_run_status.empty() && links.tip_run_status != "completed";
    const std::string& conclusion = links.tip_run_conclusion;
    const std::string open_pr = links.open_pr_url.empty() ? "" : "[" + pr + "](" + links.open_pr_url + ")";
    if (state.history.stopped) {
        reply += "Stopped by @" + state.history.stopped_by + " with `/autofix stop`: no further attempts.\n";
    } else if (state.history.human_took_over()) {
        reply += "A human committed to the branch (" + state.history.human_commits.back().sha.substr(0, 12) +
                 "): the agent stopped and leaves it to them.\n";
    } else if (pending) {
        reply += "CI is still running on its commit" + run + ": waiting for CI" +
                 (open_pr.empty() ? std::string(".") : "; fix PR " + open_pr + " stays open meanwhile.") +
                 "\n";
    } else if (!open_pr.empty() && (conclusion.empty() || conclusion == "success")) {
        reply += "It is done as far as CI goes: CI passed and fix PR " + open_pr + " is open for review.\n";
    } else if (last.failed_verification) {
        reply += "Its change failed the test-command run after it (see its account above).\n";
    } else if (last.no_change) {
        reply += "It changed nothing, so it could not fix the build.\n";
    } else if (last.budget_reached) {
        reply += "It was stopped at the cost cap before it submitted.\n";
    } else if (conclusion == "success") {
        reply += "CI passed on its commit" + run + "; the run that follows it opens the fix PR.\n";
    } else if (!conclusion.empty()) {
        reply += "CI failed on its commit" + run + " (" + conclusion + ")" +
                 (open_pr.empty() ? std::string(".") : "; fix PR " + open_pr + " is still open.") + "\n";
    } else {
        reply += "CI's result on its commit is not known here (see the runs of `" + fix_branch + "`).\n";
    }
    if (!links.issue_url.empty()) {
        reply += "The chain was escalated in issue [" + issue + "](" + links.issue_url + ").\n";
    }
    reply += "\n" + std::to_string(state.history.attempts.size()) + " attempt(s) so far, " +
             core::dollars(state.history.spent_usd) + " spent";
    reply += ". Comment `/autofix retry <guidance>` for one more attempt, or `/autofix stop`.\n";
    return with.secrets.redact(reply);
}

} // namespace autofix::app
