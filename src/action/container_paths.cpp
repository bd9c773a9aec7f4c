#include "action/container_paths.hpp"

#include <optional>

namespace autofix::action {
namespace {

std::string without_trailing_slashes(std::string_view path) {
    while (path.size() > 1 && path.back() == '/') {
        path.remove_suffix(1);
    }
    return std::string(path);
}

// The part of `path` below `folder` ("" for the folder itself), or nullopt when it is not inside it.
std::optional<std::string> below(std::string_view path, const std::string& folder) {
    if (folder.empty() || !path.starts_with(folder)) {
        return std::nullopt;
    }
    const std::string_view rest = path.substr(folder.size());
    if (rest.empty()) {
        return std::string();
    }
    if (rest.front() != '/') {
        return std::nullopt;
    }
    return std::string(rest.substr(
        rest.find_first_not_of('/') == std::string_view::npos ? rest.size() : rest.find_first_not_of('/')));
}

std::string join(const std::string& folder, const std::string& rest) {
    return rest.empty() ? folder : folder + "/" + rest;
}

} // namespace

bool in_action_container(const RunnerPaths& paths) {
    return without_trailing_slashes(paths.workspace) == container_workspace;
}

std::string runner_workspace_path(const RunnerPaths& paths) {
    if (!in_action_container(paths)) {
        return {};
    }
    const auto slash = paths.repository.find('/');
    const std::string name =
        slash == std::string::npos ? paths.repository : paths.repository.substr(slash + 1);
    if (name.empty()) {
        return {};
    }
    const std::string parent = paths.runner_workspace.empty()
                                   ? "/home/runner/work/" + name
                                   : without_trailing_slashes(paths.runner_workspace);
    return parent + "/" + name;
}

ResolvedPath resolve_input_path(std::string_view given, const RunnerPaths& paths) {
    const std::string workspace = without_trailing_slashes(paths.workspace);
    if (given.empty() || given.front() != '/') {
        return {join(workspace, std::string(given)), false};
    }
    if (const std::string host = runner_workspace_path(paths); !host.empty()) {
        if (const auto rest = below(given, host)) {
            return {join(workspace, *rest), true};
        }
    }
    return {std::string(given), false};
}

std::string missing_path_message(std::string_view input, std::string_view given, const ResolvedPath& resolved,
                                 const RunnerPaths& paths) {
    const std::string quoted = std::string(input) + " '" + std::string(given) + "'";
    if (resolved.from_runner) {
        return quoted + " does not exist (it is the runner's path of " + resolved.path +
               " in the action's container)";
    }
    const bool absolute = !given.empty() && given.front() == '/';
    if (!in_action_container(paths) || !absolute || below(given, std::string(container_workspace))) {
        return quoted + " does not exist";
    }
    std::string where = "outside the workspace";
    if (below(given, without_trailing_slashes(paths.runner_temp))) {
        where = "in RUNNER_TEMP, which is not mounted into the container";
    }
    return quoted + " is " + where + ": this Docker action runs in a container that sees only the " +
           "workspace (mounted at " + std::string(container_workspace) +
           "). Write the file into the workspace and pass its path relative to it (or under " +
           "${{ github.workspace }})";
}

} // namespace autofix::action
