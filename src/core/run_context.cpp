#include "core/run_context.hpp"

#include "core/github_workflow_ref.hpp"

namespace autofix::core {
namespace {

bool is_pull_request_event(std::string_view name) {
    return name == "pull_request" || name == "pull_request_target";
}

// The workflow file of an override: a bare file name (`ci.yml`, or a numeric id) as is, a path or a
// workflow ref by its `.github/workflows/<file>` part.
std::string workflow_from_override(const std::string& workflow) {
    if (workflow.find('/') == std::string::npos) {
        return workflow.substr(0, workflow.find('@'));
    }
    return workflow_file_from_ref(workflow);
}

std::string short_sha(const std::string& sha) {
    return sha.substr(0, 12);
}

// The context every event starts from: the running workflow's own branch, commit, run and workflow.
RunContext from_environment(const EventFacts& event) {
    RunContext context;
    context.branch = !event.head_ref.empty() ? event.head_ref : event.ref_name;
    if (!event.name.empty()) {
        context.commit = event.sha; // outside Actions (no event) the checkout says what was built
    }
    context.workflow_file = workflow_file_from_ref(event.workflow_ref);
    context.log_run_id = event.run_id;
    context.fix_run_id = event.run_id;
    context.run_attempt = event.run_attempt;
    context.source = event.name.empty() ? "the checkout (no GITHUB_EVENT_NAME)" : event.name + " event";
    return context;
}

void stop_for_fork(RunContext& context, const std::string& head_repository, const std::string& repository,
                   const std::string& what) {
    context.stop = EventStop::fork_pull_request;
    context.stop_reason = what + " comes from the fork " +
                          (head_repository.empty() ? std::string("(deleted)") : head_repository) +
                          ": the workflow's token cannot push a fix to a fork's branch, so " + repository +
                          " gets no fix branch and the model is not asked";
}

void apply_pull_request(RunContext& context, const EventFacts& event, const PullRequestEvent& pull) {
    context.branch = !pull.head_ref.empty() ? pull.head_ref : context.branch;
    // The checkout is GitHub's test merge commit; the fix starts at the PR's own head.
    context.commit = pull.head_sha;
    context.base_branch = context.branch; // the fix PR goes into the PR's branch
    context.pull_request = pull.number;
    context.source = event.name + " #" + std::to_string(pull.number) + " (" + context.branch + " at " +
                     short_sha(pull.head_sha) + ")";
    const std::string& base_repository =
        !pull.base_repository.empty() ? pull.base_repository : event.repository;
    if (pull.head_repository != base_repository) {
        stop_for_fork(context, pull.head_repository, base_repository,
                      "pull request #" + std::to_string(pull.number));
    }
}

void apply_workflow_run(RunContext& context, const EventFacts& event, const WorkflowRunEvent& run) {
    context.branch = run.head_branch;
    context.commit = run.head_sha;
    context.log_run_id = run.id;
    context.fix_run_id = run.id;
    context.run_attempt = run.run_attempt;
    context.workflow_file = workflow_file_from_ref(run.path);
    context.build_status = build_status_from_conclusion(run.conclusion);
    context.pull_request = run.pull_request;
    context.source = "workflow_run of " + run.path + " run " + run.id + " (" + run.head_branch + " at " +
                     short_sha(run.head_sha) + ", " +
                     (run.conclusion.empty() ? "no conclusion" : run.conclusion) + ")";
    if (!run.head_repository.empty() && !event.repository.empty() &&
        run.head_repository != event.repository) {
        stop_for_fork(context, run.head_repository, event.repository, "the run " + run.id);
    }
}

void apply_merge_group(RunContext& context, const MergeGroupEvent& group) {
    if (!group.head_ref.empty()) {
        context.branch = branch_of_ref(group.head_ref);
    }
    if (!group.head_sha.empty()) {
        context.commit = group.head_sha;
    }
    context.base_branch = branch_of_ref(group.base_ref);
    context.source = "merge_group into " + context.base_branch + " (" + short_sha(context.commit) + ")";
}

} // namespace

BuildStatus build_status_from_conclusion(std::string_view conclusion) {
    if (conclusion == "success") {
        return BuildStatus::success;
    }
    if (conclusion == "failure" || conclusion == "timed_out") {
        return BuildStatus::failure;
    }
    if (conclusion == "cancelled") {
        return BuildStatus::cancelled;
    }
    return BuildStatus::skipped;
}

std::string branch_of_ref(std::string_view ref) {
    constexpr std::string_view heads = "refs/heads/";
    if (ref.starts_with(heads)) {
        ref.remove_prefix(heads.size());
    }
    return std::string(ref);
}

bool is_comment_event(std::string_view event_name) {
    return event_name == "issue_comment" || event_name == "pull_request_review_comment";
}

RunContext derive_run_context(const EventFacts& event, const ContextOverrides& overrides) {
    RunContext context = from_environment(event);
    if (is_comment_event(event.name)) {
        // The comment names the fix branch to act on; GITHUB_SHA is the default branch's, not a failure.
        context.commit.clear();
        context.workflow_file.clear(); // the running workflow answers comments: CI is `ci-workflow`'s
        context.comment = event.comment.value_or(CommentEvent{});
        context.comment->event_name = event.name;
        context.source = event.name + " on #" + std::to_string(context.comment->number) + " by @" +
                         (context.comment->author_login.empty() ? "?" : context.comment->author_login);
    } else if (is_pull_request_event(event.name) && event.pull_request) {
        apply_pull_request(context, event, *event.pull_request);
    } else if (event.name == "workflow_run" && event.workflow_run) {
        apply_workflow_run(context, event, *event.workflow_run);
    } else if (event.name == "merge_group" && event.merge_group) {
        apply_merge_group(context, *event.merge_group);
    } else if (is_pull_request_event(event.name)) {
        context.commit.clear(); // GITHUB_SHA is the test merge commit, not a commit of the branch
    }

    if (!overrides.branch.empty() && overrides.branch != context.branch) {
        context.branch = overrides.branch;
        context.commit.clear(); // the event's commit is another branch's
        if (context.stop == EventStop::fork_pull_request) {
            context.stop = EventStop::none; // the named branch is not the fork's
            context.stop_reason.clear();
        }
        if (is_pull_request_event(event.name)) {
            context.base_branch.clear();
        }
        context.pull_request = 0; // the named branch is not the pull request's
        context.source += ", branch " + overrides.branch + " from the branch input";
    }
    if (!overrides.base_branch.empty()) {
        context.base_branch = overrides.base_branch;
    }
    if (!overrides.workflow.empty()) {
        context.workflow_file = workflow_from_override(overrides.workflow);
    }
    return context;
}

} // namespace autofix::core
