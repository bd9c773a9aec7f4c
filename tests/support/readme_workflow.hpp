#pragma once

#include <map>
#include <string>
#include <yaml-cpp/yaml.h>

namespace autofix::testing {

/// One workflow variant of README.md: the YAML block under the heading that starts with `heading` (a test
/// failure when there is none).
YAML::Node readme_workflow(const std::string& heading);

/// What a README workflow does in its autofix job: the checkout's fetch-depth and the action's inputs.
struct ReadmeJob {
    int fetch_depth = 1; // actions/checkout's default
    std::map<std::string, std::string> inputs;
};

/// Returns the checkout depth and the action's inputs (as written, expressions unevaluated) of `job` in
/// `workflow`; a test failure when the job does not use the action.
ReadmeJob readme_job(const YAML::Node& workflow, const std::string& job);

} // namespace autofix::testing
