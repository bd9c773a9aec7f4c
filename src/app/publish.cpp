#include "app/publish.hpp"

#include "core/branch_history.hpp"
#include "core/commit_message.hpp"
#include "core/push_refusal.hpp"

namespace autofix::app {

core::Expected<PushResult> push_fix_branch(Collaborators& with, const std::string& branch) {
    const core::Status pushed = with.git.push(branch);
    if (pushed) {
        return PushResult::pushed;
    }
    if (pushed.error().kind == core::ErrorKind::push_refused) {
        // Not a race: a ruleset, hook or permission. The server's words stay, with what the user can do.
        core::Error refused = pushed.error(); // its message names the branch and keeps the server's words
        while (!refused.message.empty() && (refused.message.back() == '.' || refused.message.back() == ' ')) {
            refused.message.pop_back();
        }
        refused.message += ". What you can do: " + core::push_refusal_advice(pushed.error().message, "");
        return refused;
    }
    if (pushed.error().kind != core::ErrorKind::push_rejected) {
        return core::with_context(pushed.error(), "pushing " + branch);
    }
    if (const core::Status fetched = with.git.fetch_branch(branch); !fetched) {
        return core::with_context(fetched.error(), "push to " + branch + " was rejected; fetching it");
    }
    auto arrived = with.git.commits_between("HEAD", "origin/" + branch, 200);
    if (!arrived) {
        return core::with_context(arrived.error(),
                                  "push to " + branch + " was rejected; reading what arrived");
    }
    if (arrived->empty()) {
        return core::with_context(pushed.error(), "pushing " + branch +
                                                      " (the remote branch has nothing "
                                                      "this one lacks, so no other run "
                                                      "got there first)");
    }
    const core::AgentIdentity agent = agent_identity(with.settings);
    for (const ports::CommitInfo& commit : *arrived) {
        const bool by_agent = commit.author_name == agent.name && commit.author_email == agent.email &&
                              core::find_trailer(commit.trailers, core::trailer_id);
        if (!by_agent) {
            return PushResult::human_took_over;
        }
    }
    return PushResult::superseded;
}

const char* push_failure_taken(const core::Error& error) {
    return error.kind == core::ErrorKind::push_refused ? taken::push_refused : taken::push_failed;
}

namespace {

// True when dispatch_ci would call the API for this run's settings and token.
bool dispatch_wanted(const action::Settings& settings) {
    return settings.dispatch == action::Dispatch::always ||
           (settings.dispatch == action::Dispatch::automatic && token_needs_dispatch(settings.github_token));
}

} // namespace

core::Expected<std::optional<RerunResume>> redispatch_rerun(Collaborators& with, const std::string& branch,
                                                            const std::string& fix_id) {
    using Resumed = std::optional<RerunResume>;
    if (with.settings.run.run_attempt <= 1) {
        return Resumed();
    }
    if (const auto remote = with.git.remote_branch_exists(branch); !remote || !*remote) {
        return Resumed();
    }
    if (const core::Status fetched = with.git.fetch_branch(branch); !fetched) {
        return core::with_context(fetched.error(), "re-run: fetching " + branch);
    }
    constexpr std::size_t max_run_commits = 64; // a run's attempts without changes, then its fix
    const auto arrived = with.git.commits_between("HEAD", "origin/" + branch, max_run_commits + 1);
    if (!arrived) {
        return core::with_context(arrived.error(), "re-run: reading " + branch);
    }
    const core::AgentIdentity agent = agent_identity(with.settings);
    if (arrived->empty() || arrived->size() > max_run_commits) {
        return Resumed();
    }
    // One run pushes its attempts that changed nothing, then the attempt that did: anything else on the
    // branch past HEAD is another run's.
    for (std::size_t index = 0; index < arrived->size(); ++index) {
        const ports::CommitInfo& commit = (*arrived)[index];
        const bool agent_attempt = commit.author_name == agent.name && commit.author_email == agent.email &&
                                   commit.trailer(std::string(core::trailer_id)) == fix_id &&
                                   !commit.trailer(std::string(core::trailer_attempt)).empty();
        // Attempts that changed nothing or failed the test-command come first, the verified fix last.
        const std::string result = commit.trailer(std::string(core::trailer_result));
        const bool unfinished = result == core::result_no_change ||
                                result == core::result_failed_verification ||
                                result == core::result_budget_reached;
        const bool last = index + 1 == arrived->size();
        if (!agent_attempt || unfinished == last) {
            return Resumed();
        }
    }
    const ports::CommitInfo& commit = arrived->back();
    const std::string pushed =
        "an earlier attempt of this run pushed " + commit.sha.substr(0, 12) + " to " + branch;
    const std::string& workflow = with.settings.run.workflow_file;
    if (dispatch_wanted(with.settings) && !workflow.empty()) {
        // The earlier attempt may have died after its dispatch: one pushed attempt gets one CI run.
        const auto runs = with.forge.list_workflow_runs(workflow, branch, commit.sha);
        if (!runs) {
            return core::with_context(runs.error(), "re-run: checking whether CI already ran for " +
                                                        commit.sha.substr(0, 12));
        }
        std::vector<core::CiRun> found;
        for (const ports::WorkflowRunInfo& run : *runs) {
            found.push_back({run.id, run.event, run.status, run.html_url});
        }
        if (auto stop = core::check_already_dispatched(branch, commit.sha, found)) {
            return Resumed(RerunResume{pushed + " and no second commit is made; " + stop->reason, *stop});
        }
    }
    auto dispatched = dispatch_ci(with, branch);
    if (!dispatched) {
        return dispatched.error();
    }
    return Resumed(RerunResume{pushed + " and no second commit is made; " + *dispatched, std::nullopt});
}

bool token_needs_dispatch(const std::string& token) {
    return token.starts_with("ghs_");
}

core::Expected<std::string> dispatch_ci(Collaborators& with, const std::string& branch) {
    const action::Settings& settings = with.settings;
    if (settings.dispatch == action::Dispatch::never) {
        return std::string("dispatch is off: CI on the fix branch starts from the push");
    }
    if (settings.dispatch == action::Dispatch::automatic && !token_needs_dispatch(settings.github_token)) {
        return std::string("the token's push starts CI on the fix branch by itself");
    }
    const std::string& workflow = settings.run.workflow_file;
    if (workflow.empty()) {
        return core::make_error(core::ErrorKind::invalid_input,
                                "cannot start CI on " + branch +
                                    ": no workflow file is known (set the ci-workflow input, e.g. ci.yml)");
    }
    if (const core::Status dispatched = with.forge.dispatch_workflow(workflow, branch); !dispatched) {
        return core::with_context(dispatched.error(), "starting " + workflow + " on " + branch);
    }
    return "started " + workflow + " on " + branch + " with workflow_dispatch";
}

} // namespace autofix::app
