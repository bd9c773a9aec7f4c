#pragma once

#include <string>
#include <string_view>

namespace autofix::action {

// Paths across the container boundary. The runner starts a Docker action with the checkout mounted at
// /github/workspace, but a workflow writes paths as the runner sees them: `${{ github.workspace }}/x.log` is
// /home/runner/work/<repo>/<repo>/x.log. Only the workspace (and /github/home, /github/workflow,
// /github/file_commands) is mounted: RUNNER_TEMP and every other runner path are not visible in the
// container.

/// Where the runner mounts the checkout in a Docker action's container.
inline constexpr std::string_view container_workspace = "/github/workspace";

/// The run's view of both sides of the boundary, from its environment.
struct RunnerPaths {
    std::string workspace;        // GITHUB_WORKSPACE as this process sees it
    std::string runner_workspace; // RUNNER_WORKSPACE: the runner's folder that holds the checkout
    std::string runner_temp;      // RUNNER_TEMP: the runner's temporary folder (not mounted)
    std::string repository;       // GITHUB_REPOSITORY, owner/name
};

/// How a path given in an input was resolved.
struct ResolvedPath {
    std::string path;         // what to open in this process
    bool from_runner = false; // true when `path` was translated from the runner's path of the workspace
};

/// Returns true when the process runs in a Docker action's container (the workspace is /github/workspace).
bool in_action_container(const RunnerPaths& paths);

/// The runner's path of the workspace when in the container: RUNNER_WORKSPACE/<repository name>, or
/// GitHub-hosted runners' /home/runner/work/<name>/<name> when RUNNER_WORKSPACE is unset; "" outside it.
std::string runner_workspace_path(const RunnerPaths& paths);

/// Resolves a path given in an input: a relative path lies under the workspace; in the container, the
/// runner's path of a file in the workspace becomes the same file under /github/workspace; any other
/// absolute path is kept as given.
ResolvedPath resolve_input_path(std::string_view given, const RunnerPaths& paths);

/// The one-line error for input `input` whose path `given` resolved to `resolved`, which does not exist: it
/// names the translation, or, for a path outside the workspace in the container, says that the container
/// cannot see it and what to do instead.
std::string missing_path_message(std::string_view input, std::string_view given, const ResolvedPath& resolved,
                                 const RunnerPaths& paths);

} // namespace autofix::action
