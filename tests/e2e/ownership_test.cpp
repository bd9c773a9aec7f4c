// Runs the binary as root (as a container action runs) on a checkout owned by another user, through case 1
// (branch, commit, push) and case 3 (the lesson commit, the PR), and checks that nothing under the workspace
// is left owned by root: the checkout's owner can then clean it, as a self-hosted runner's next checkout
// does.
#include "support/hardening.hpp"
#include "support/scripted_model.hpp"
#include "support/workflow_sandbox.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

namespace autofix {
namespace {

namespace fs = std::filesystem;

constexpr int runner_uid = 1001; // the runner's user on GitHub-hosted runners

// Returns the entries under `root` (root itself included) that uid 0 owns.
std::vector<std::string> owned_by_root(const std::string& root) {
    std::vector<std::string> found;
    struct stat status {};
    if (::lstat(root.c_str(), &status) == 0 && status.st_uid == 0) {
        found.push_back(root);
    }
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (::lstat(entry.path().c_str(), &status) == 0 && status.st_uid == 0) {
            found.push_back(fs::relative(entry.path(), root).string());
        }
    }
    return found;
}

// Removes everything inside `root` as `uid` (setpriv drops root first, as the runner's next checkout runs as
// its user); returns the result: exit 0 when all of it could be removed.
testing::CommandResult clean_as(const std::string& root, int uid) {
    const std::string id = std::to_string(uid);
    return testing::run_command({"setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups", "find", ".",
                                 "-mindepth", "1", "-delete"},
                                root);
}

TEST(Ownership, EverythingTheActionWritesBelongsToTheWorkspaceOwner) {
    if (::geteuid() != 0) {
        GTEST_SKIP() << "needs root, as the action's container runs";
    }
    testing::WorkflowSandbox sandbox(testing::scripted_fixer({testing::import_json_fix()}));
    sandbox.break_project("bug-simple.py", "inventory/report.py");
    testing::RunOptions options;
    options.workspace_uid = runner_uid;
    options.env["INPUT_RESULT-FILE"] = "agent-result.json"; // the default: in the workspace

    std::vector<testing::WorkflowRun> runs;
    runs.push_back(sandbox.run_workflow("main", options));
    ASSERT_EQ(runs.back().output("action-taken"), "fix_attempted") << testing::describe_runs(runs);
    const std::string fix_branch = runs.back().output("fix-branch");
    runs.push_back(sandbox.run_workflow(fix_branch, options));
    ASSERT_EQ(runs.back().output("action-taken"), "pr_created") << testing::describe_runs(runs);

    for (const testing::WorkflowRun& run : runs) {
        ASSERT_TRUE(fs::exists(fs::path(run.workspace) / "agent-result.json"));
        EXPECT_EQ(owned_by_root(run.workspace), std::vector<std::string>{}) << run.workspace;
        const testing::CommandResult cleaned = clean_as(run.workspace, runner_uid);
        EXPECT_EQ(cleaned.exit_code, 0) << cleaned.err;
        EXPECT_TRUE(fs::is_empty(run.workspace)) << run.workspace;
    }
}

TEST(Ownership, AGreenBuildHandsBackItsResultFileAndItsFolder) {
    if (::geteuid() != 0) {
        GTEST_SKIP() << "needs root, as the action's container runs";
    }
    testing::WorkflowSandbox sandbox(testing::scripted_fixer({}));
    testing::RunOptions options;
    options.workspace_uid = runner_uid;
    options.env["INPUT_RESULT-FILE"] = "reports/agent-result.json"; // a folder the run makes
    const testing::WorkflowRun run = sandbox.run_workflow("main", options);
    ASSERT_EQ(run.output("case"), "4") << run.stdout_text;
    ASSERT_TRUE(fs::exists(fs::path(run.workspace) / "reports/agent-result.json"));
    EXPECT_EQ(owned_by_root(run.workspace), std::vector<std::string>{}) << run.workspace;
    EXPECT_EQ(clean_as(run.workspace, runner_uid).exit_code, 0);
}

} // namespace
} // namespace autofix
