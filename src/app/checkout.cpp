#include "app/checkout.hpp"

#include "action/workflow_commands.hpp"

namespace autofix::app {
namespace {

constexpr const char* full_clone_hint =
    "check out with `fetch-depth: 0` (actions/checkout) so that the history is already here";

// The error of a fetch that deepening needed: one line, with the fetch-depth hint when it can help.
core::Error deepening_failed(const core::Error& error, const std::string& what, bool shallow) {
    std::string message = "the checkout lacks " + what + " and fetching it failed: " + error.message;
    if (shallow) {
        message = "the checkout is shallow and " + what + " could not be fetched (" + error.message + "); " +
                  full_clone_hint;
    }
    return core::make_error(error.kind, message);
}

bool is_shallow(Collaborators& with) {
    const auto shallow = with.git.is_shallow();
    return shallow && *shallow;
}

} // namespace

core::Expected<std::string> failing_commit(Collaborators& with) {
    const action::Settings& settings = with.settings;
    const std::string& commit = settings.run.commit;
    if (!commit.empty()) {
        if (const core::Status fetched = with.git.fetch_commit(commit); !fetched) {
            return deepening_failed(fetched.error(), "the failing commit " + commit.substr(0, 12),
                                    is_shallow(with));
        }
        return commit;
    }
    const auto current = with.git.current_branch();
    if (!current) {
        return core::with_context(current.error(), "reading the checkout's branch");
    }
    if (current->empty() || *current == settings.branch) {
        auto head = with.git.head_commit(); // what was checked out is what was built
        if (!head) {
            return core::with_context(head.error(), "reading the failing commit");
        }
        return head;
    }
    // The checkout is on another branch than the one named: fix the named branch, from its tip.
    action::notice(with.out, "the checkout is on " + *current + ", not on " + settings.branch +
                                 " (the branch input): the fix starts at the tip of origin/" +
                                 settings.branch);
    if (const core::Status fetched = with.git.fetch_branch(settings.branch); !fetched) {
        return deepening_failed(fetched.error(), "branch " + settings.branch, is_shallow(with));
    }
    auto tip = with.git.resolve("origin/" + settings.branch);
    if (!tip) {
        return core::with_context(tip.error(), "reading origin/" + settings.branch);
    }
    return tip;
}

core::Status prepare_fix_branch(Collaborators& with, const std::string& fix_branch) {
    const bool shallow = is_shallow(with);
    bool deepened = false;
    const auto current = with.git.current_branch();
    if (!current) {
        return current.error();
    }
    if (*current != fix_branch) {
        const auto local = with.git.local_branch_exists(fix_branch);
        if (!local || !*local) {
            const core::Status fetched =
                shallow ? with.git.fetch_history({fix_branch}) : with.git.fetch_branch(fix_branch);
            if (!fetched && shallow) {
                return deepening_failed(fetched.error(), "the history of " + fix_branch, true);
            }
            if (!fetched) {
                return fetched;
            }
            deepened = shallow;
        }
        if (const core::Status switched = with.git.checkout_branch(fix_branch); !switched) {
            return switched;
        }
    }
    if (shallow && !deepened) {
        if (const core::Status fetched = with.git.fetch_history({fix_branch}); !fetched) {
            return deepening_failed(fetched.error(), "the history of " + fix_branch, true);
        }
    }
    return {};
}

core::Status fetch_base_history(Collaborators& with, const std::string& branch) {
    const bool shallow = is_shallow(with);
    const auto present = with.git.resolves("origin/" + branch);
    if (!shallow && present && *present) {
        return {};
    }
    const core::Status fetched = with.git.fetch_history({branch});
    if (!fetched) {
        return shallow ? core::Status(deepening_failed(fetched.error(), "the history of " + branch, true))
                       : core::with_context(fetched.error(), "fetching the base branch " + branch);
    }
    return {};
}

} // namespace autofix::app
