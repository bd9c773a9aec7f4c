#include "app/pull_request.hpp"

#include "action/workflow_commands.hpp"
#include "agent/summaries.hpp"
#include "app/checkout.hpp"
#include "app/fix_branch_reader.hpp"
#include "app/guards.hpp"
#include "app/publish.hpp"
#include "core/commit_message.hpp"
#include "core/fix_branch.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace autofix::app {
namespace {

constexpr std::size_t changeset_diff_bytes = 60000;

Outcome failed(Outcome outcome, core::Error error) {
    return step_failed(std::move(outcome), taken::failed, std::move(error));
}

// Appends the lesson to the skill file and commits it; returns the commit's sha.
core::Expected<std::string> commit_lesson(Collaborators& with, const core::Route& route,
                                          const std::string& title, const std::string& lesson) {
    const std::string& skill_file = with.settings.skill_file;
    const std::filesystem::path path = std::filesystem::path(with.settings.github.workspace) / skill_file;
    std::string existing;
    if (std::ifstream in(path, std::ios::binary); in) {
        std::ostringstream text;
        text << in.rdbuf();
        existing = text.str();
    }
    std::string addition;
    if (existing.empty()) {
        addition = "# Lessons learned by autofix\n\nEach entry was written after a build was repaired "
                   "automatically; "
                   "the fix sessions read this file.\n";
    } else if (existing.back() != '\n') {
        addition = "\n";
    }
    addition += "\n## " + title + " (" + route.fix_branch + ")\n\n" + lesson + "\n";
    std::error_code ignored;
    std::filesystem::create_directories(path.parent_path(), ignored);
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << with.secrets.redact(addition);
    if (!out.flush()) {
        return core::make_error(core::ErrorKind::io, "appending the lesson to " + skill_file);
    }
    out.close();
    return with.git.commit_paths({skill_file}, core::format_skill_commit(route.fix_id, skill_file),
                                 commit_identity(with.settings));
}

// Returns true when what the refused push found on the remote is only the lesson commit of an earlier run.
bool lesson_already_pushed(Collaborators& with, const std::string& fix_branch) {
    const auto arrived = with.git.commits_between("HEAD", "origin/" + fix_branch, 3);
    if (!arrived || arrived->empty()) {
        return false;
    }
    for (const ports::CommitInfo& commit : *arrived) {
        if (commit.trailer(std::string(core::trailer_kind)) != "skill") {
            return false;
        }
    }
    return true;
}

std::string pull_request_body(const std::string& summary_body, const FixBranchState& state,
                              const std::vector<AttemptRow>& rows, const std::string& base) {
    std::string body = summary_body;
    body +=
        "\n\n---\n\n<details><summary>" + std::to_string(state.history.highest_attempt) +
        " autofix attempt(s)</summary>\n\n| # | model | description | files |\n| --- | --- | --- | --- |\n";
    for (const AttemptRow& row : rows) {
        std::string files;
        for (const auto& file : row.files) {
            files += (files.empty() ? "`" : ", `") + file + "`";
        }
        std::string description = row.description;
        for (auto at = description.find('|'); at != std::string::npos; at = description.find('|', at + 2)) {
            description.replace(at, 1, "\\|");
        }
        body += "| " + std::to_string(row.number) + " | " + row.model + " | " + description + " | " + files +
                " |\n";
    }
    body +=
        "\n</details>\n\nOpened by autofix after CI passed on this branch. Review it like any other change; "
        "it merges into `" +
        base + "`.\n";
    return body;
}

} // namespace

Outcome open_pull_request(Collaborators& with, const core::Triage& triage) {
    const action::Settings& settings = with.settings;
    Outcome outcome;
    outcome.route = triage.route;
    outcome.route_decided = true;
    const std::string& fix_branch = triage.route.fix_branch;

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
    outcome.pull_request = state->history.pull_request;
    outcome.facts.command_retries = state->history.command_retries;
    const auto open = with.forge.find_open_pull_request(fix_branch);
    if (!open) {
        return failed(std::move(outcome),
                      core::with_context(open.error(), "looking for the PR of " + fix_branch));
    }
    outcome.route = core::route_fix_branch_success(triage, state->history, open->has_value());
    if (open->has_value()) {
        outcome.pr_url = (*open)->html_url;
        if (!state->history.attempts.empty() && !dry_run(settings)) {
            // An earlier run may have opened it and failed before labelling it; labels are idempotent.
            const auto labels =
                core::pull_request_labels(triage.route.fix_id, state->history.highest_attempt);
            if (const core::Status labelled = with.forge.add_labels((*open)->number, labels); !labelled) {
                action::warning(with.out, "labelling " + outcome.pr_url +
                                              " failed: " + with.secrets.redact(labelled.error().message));
            }
        }
        return outcome;
    }
    if (outcome.route.action != core::Action::open_pull_request) {
        return outcome;
    }

    std::string base = settings.base_branch.empty() ? state->history.base_branch : settings.base_branch;
    if (base.empty()) {
        return failed(
            std::move(outcome),
            core::make_error(core::ErrorKind::invalid_input,
                             "the attempts on " + fix_branch +
                                 " name no base branch (Autofix-Base trailer): set the base-branch input"));
    }
    std::string base_ref = "origin/" + base;
    if (const core::Status fetched = fetch_base_history(with, base); !fetched) {
        return failed(std::move(outcome), fetched.error());
    }
    const auto changeset = with.git.diff(base_ref, "HEAD", changeset_diff_bytes);
    if (!changeset) {
        return failed(std::move(outcome),
                      core::with_context(changeset.error(), "diffing " + base + "..." + fix_branch));
    }
    auto attempts = previous_attempts(with.git, *state, "", &outcome.attempts, "fixed");

    agent::PrSummaryInput input;
    input.original_error = state->history.original_error;
    input.diff = changeset->text;
    input.attempt_count = state->history.highest_attempt;
    input.attempts = attempts;
    input.branch = fix_branch;
    input.base_branch = base;
    agent::SummaryConfig config;
    config.model = settings.summary_model;
    config.redact = [&](std::string_view text) {
        return with.secrets.redact(text);
    };
    note_chain_spend(outcome, settings, state->history.spent_usd);
    const bool at_cap = core::budget_reached(state->history.spent_usd, cost_cap(settings));
    if (at_cap) {
        outcome.note =
            "The fix chain reached max-cost-usd: the PR's title, body and lesson were built from the "
            "commits without a model call.";
    }
    // At the cap the PR is written from the commits: no model call past max-cost-usd.
    auto asked = at_cap ? core::Expected<agent::PrSummary>(agent::fallback_pr_summary(input))
                        : agent::summarize_for_pr(with.model, with.prompts, input, config);
    if (!asked) {
        // The summary is a nicety, the PR the deliverable: it opens with a plain text built from the commits.
        action::warning(with.out,
                        "the model could not write the PR summary (" +
                            with.secrets.redact(asked.error().message) +
                            "); the PR is opened with a plain title and body built from the commits, "
                            "and the lesson for " +
                            settings.skill_file + " is built the same way");
        outcome.note =
            "The model was unavailable: the PR's title, body and lesson were built from the commits.";
        asked = agent::fallback_pr_summary(input);
    }
    add_spend(outcome, with.prices, config.model, asked->usage);
    const std::string title = with.secrets.redact(asked->title);
    const std::string body =
        with.secrets.redact(pull_request_body(asked->body, *state, outcome.attempts, base));

    if (dry_run(settings)) {
        outcome.action_taken = "dry_run";
        with.out << "Dry run: would open the PR \"" << title << "\" from " << fix_branch << " into " << base
                 << '\n';
        return outcome;
    }
    if (!state->history.has_skill_commit && !asked->skill.empty()) {
        const auto lesson = commit_lesson(with, outcome.route, title, asked->skill);
        if (!lesson) {
            return step_failed(std::move(outcome), taken::commit_failed,
                               core::with_context(lesson.error(), "recording the lesson"));
        }
        outcome.commit_sha = *lesson;
        const auto pushed = push_fix_branch(with, fix_branch);
        if (!pushed) {
            outcome.commit_sha.clear(); // the lesson commit never reached the remote
            return step_failed(std::move(outcome), push_failure_taken(pushed.error()), pushed.error());
        }
        if (*pushed == PushResult::superseded && lesson_already_pushed(with, fix_branch)) {
            outcome.commit_sha.clear(); // an earlier run recorded the lesson, then failed to open the PR
        } else if (*pushed != PushResult::pushed) {
            outcome.action_taken = *pushed == PushResult::superseded ? "superseded" : "human_took_over";
            outcome.commit_sha.clear();
            return outcome;
        }
    }
    const auto pull = with.forge.create_pull_request({title, body, fix_branch, base});
    if (!pull) {
        core::Error error = core::with_context(pull.error(), "opening the PR for " + fix_branch);
        if (error.kind == core::ErrorKind::auth) {
            error.message +=
                ". What you can do: give the job `permissions: pull-requests: write` and turn on "
                "\"Allow GitHub Actions to create and approve pull requests\" (Settings > Actions), "
                "then re-run; the branch " +
                fix_branch + " is ready";
        }
        return step_failed(std::move(outcome), taken::pr_failed, std::move(error));
    }
    outcome.pr_url = pull->html_url;
    const auto labels = core::pull_request_labels(triage.route.fix_id, state->history.highest_attempt);
    if (const core::Status labelled = with.forge.add_labels(pull->number, labels); !labelled) {
        return step_failed(std::move(outcome), taken::labels_failed,
                           core::with_context(labelled.error(), "labelling " + pull->html_url));
    }
    return outcome;
}

} // namespace autofix::app
