// Checks how paths given in inputs cross the container boundary: the runner's path of a workspace file is
// found under /github/workspace, and a path the container cannot see gets an error that says so.
#include "action/container_paths.hpp"

#include <gtest/gtest.h>

namespace autofix::action {
namespace {

RunnerPaths in_container() {
    return {"/github/workspace", "/home/runner/work/inventory", "/home/runner/work/_temp", "octo/inventory"};
}

TEST(ContainerPaths, RelativePathLiesUnderTheWorkspace) {
    const ResolvedPath resolved = resolve_input_path(".autofix/test-output.log", in_container());
    EXPECT_EQ(resolved.path, "/github/workspace/.autofix/test-output.log");
    EXPECT_FALSE(resolved.from_runner);
}

TEST(ContainerPaths, RunnersPathOfAWorkspaceFileIsFoundInTheMount) {
    const ResolvedPath resolved =
        resolve_input_path("/home/runner/work/inventory/inventory/x.log", in_container());
    EXPECT_EQ(resolved.path, "/github/workspace/x.log");
    EXPECT_TRUE(resolved.from_runner);
    EXPECT_EQ(resolve_input_path("/home/runner/work/inventory/inventory/logs/a/b.log", in_container()).path,
              "/github/workspace/logs/a/b.log");
}

TEST(ContainerPaths, SelfHostedRunnerWorkspaceFromRunnerWorkspace) {
    RunnerPaths paths = in_container();
    paths.runner_workspace = "/srv/actions-runner/_work/inventory/";
    EXPECT_EQ(resolve_input_path("/srv/actions-runner/_work/inventory/inventory/x.log", paths).path,
              "/github/workspace/x.log");
    // The GitHub-hosted layout is not assumed when RUNNER_WORKSPACE says otherwise.
    EXPECT_EQ(resolve_input_path("/home/runner/work/inventory/inventory/x.log", paths).path,
              "/home/runner/work/inventory/inventory/x.log");
}

TEST(ContainerPaths, GitHubHostedLayoutWhenRunnerWorkspaceIsUnset) {
    RunnerPaths paths = in_container();
    paths.runner_workspace.clear();
    EXPECT_EQ(resolve_input_path("/home/runner/work/inventory/inventory/x.log", paths).path,
              "/github/workspace/x.log");
    EXPECT_EQ(runner_workspace_path(paths), "/home/runner/work/inventory/inventory");
}

TEST(ContainerPaths, SimilarPrefixIsNotTheWorkspace) {
    const ResolvedPath resolved =
        resolve_input_path("/home/runner/work/inventory/inventory-other/x.log", in_container());
    EXPECT_EQ(resolved.path, "/home/runner/work/inventory/inventory-other/x.log");
    EXPECT_FALSE(resolved.from_runner);
}

TEST(ContainerPaths, OutsideTheContainerPathsAreTakenAsGiven) {
    const RunnerPaths paths{"/home/dev/inventory", "/home/runner/work/inventory", "", "octo/inventory"};
    EXPECT_FALSE(in_action_container(paths));
    EXPECT_EQ(runner_workspace_path(paths), "");
    EXPECT_EQ(resolve_input_path("/home/runner/work/inventory/inventory/x.log", paths).path,
              "/home/runner/work/inventory/inventory/x.log");
    EXPECT_EQ(resolve_input_path("x.log", paths).path, "/home/dev/inventory/x.log");
    EXPECT_EQ(missing_path_message("failure-log", "/tmp/x.log", {"/tmp/x.log", false}, paths),
              "failure-log '/tmp/x.log' does not exist");
}

TEST(ContainerPaths, PathOutsideTheWorkspaceSaysTheContainerCannotSeeIt) {
    const std::string given = "/home/runner/work/_temp/test-output.log";
    const std::string message =
        missing_path_message("failure-log", given, resolve_input_path(given, in_container()), in_container());
    EXPECT_NE(message.find("failure-log '" + given + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("RUNNER_TEMP, which is not mounted"), std::string::npos) << message;
    EXPECT_NE(message.find("sees only the workspace"), std::string::npos) << message;
    EXPECT_NE(message.find("Write the file into the workspace"), std::string::npos) << message;

    const std::string other = missing_path_message("failure-log", "/var/log/build.log",
                                                   {"/var/log/build.log", false}, in_container());
    EXPECT_NE(other.find("is outside the workspace"), std::string::npos) << other;
}

TEST(ContainerPaths, MissingTranslatedPathNamesBothSides) {
    const std::string given = "/home/runner/work/inventory/inventory/missing.log";
    const std::string message =
        missing_path_message("failure-log", given, resolve_input_path(given, in_container()), in_container());
    EXPECT_EQ(message,
              "failure-log '" + given +
                  "' does not exist (it is the runner's path of /github/workspace/missing.log in the "
                  "action's container)");
}

TEST(ContainerPaths, MissingFileInsideTheWorkspaceIsPlainlyMissing) {
    EXPECT_EQ(missing_path_message("failure-log", "/github/workspace/x.log",
                                   {"/github/workspace/x.log", false}, in_container()),
              "failure-log '/github/workspace/x.log' does not exist");
    EXPECT_EQ(
        missing_path_message("failure-log", "x.log", {"/github/workspace/x.log", false}, in_container()),
        "failure-log 'x.log' does not exist");
}

} // namespace
} // namespace autofix::action
