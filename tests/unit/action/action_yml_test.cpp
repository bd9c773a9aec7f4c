// Checks that action.yml declares exactly the inputs and outputs the binary reads and writes, and that no
// input the repository config file may set carries a default there (the runner would pass it as INPUT_<NAME>,
// which outranks .github/autofix.yml).
#include "action/inputs.hpp"
#include "action/result_report.hpp"

#include <cctype>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <string>
#include <yaml-cpp/yaml.h>

namespace autofix::action {
namespace {

YAML::Node action_yml() {
    return YAML::LoadFile(std::string(AUTOFIX_SOURCE_DIR) + "/action.yml");
}

TEST(ActionYml, DeclaresEveryInputTheBinaryReads) {
    const YAML::Node inputs = action_yml()["inputs"];
    std::set<std::string> declared;
    for (const auto& entry : inputs) {
        declared.insert(entry.first.as<std::string>());
    }
    std::set<std::string> known;
    for (const InputSpec& spec : input_specs()) {
        if (spec.name == "output") {
            continue; // the --output flag is an alias of result-file, not an input
        }
        known.insert(std::string(spec.name));
    }
    EXPECT_EQ(declared, known);
}

TEST(ActionYml, LeavesDefaultsToTheBinarySoTheConfigFileCanSetThem) {
    const YAML::Node inputs = action_yml()["inputs"];
    for (const auto& entry : inputs) {
        const std::string name = entry.first.as<std::string>();
        if (name == "github-token") {
            continue; // the token defaults to the workflow's
        }
        ASSERT_TRUE(entry.second["default"]) << name << " has no default";
        EXPECT_EQ(entry.second["default"].as<std::string>(), "") << name;
        EXPECT_FALSE(entry.second["description"].as<std::string>().empty()) << name;
    }
    EXPECT_EQ(inputs["github-token"]["default"].as<std::string>(), "${{ github.token }}");
    // build-status may be left out on workflow_run, whose conclusion says it.
    EXPECT_FALSE(inputs["build-status"]["required"].as<bool>());
}

TEST(ActionYml, DeclaresEveryOutputTheBinaryWrites) {
    const YAML::Node outputs = action_yml()["outputs"];
    std::set<std::string> declared;
    for (const auto& entry : outputs) {
        declared.insert(entry.first.as<std::string>());
    }
    std::set<std::string> written;
    for (const auto& [name, value] : output_values(ResultRecord{}, "agent-result.json")) {
        written.insert(name);
    }
    EXPECT_EQ(declared, written);
}

YAML::Node host_action_yml() {
    return YAML::LoadFile(std::string(AUTOFIX_SOURCE_DIR) + "/host/action.yml");
}

std::string env_name(const std::string& input) {
    std::string name = "INPUT_";
    for (const char c : input) {
        name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

TEST(HostActionYml, HasTheSameInputsWithTheSameDefaultsAndOutputs) {
    const YAML::Node docker = action_yml();
    const YAML::Node host = host_action_yml();
    std::set<std::string> docker_inputs;
    for (const auto& entry : docker["inputs"]) {
        const std::string name = entry.first.as<std::string>();
        docker_inputs.insert(name);
        ASSERT_TRUE(host["inputs"][name]) << name;
        EXPECT_EQ(host["inputs"][name]["default"].as<std::string>(""),
                  entry.second["default"].as<std::string>(""))
            << name;
        EXPECT_EQ(host["inputs"][name]["required"].as<bool>(false), entry.second["required"].as<bool>(false))
            << name;
    }
    std::set<std::string> host_inputs;
    for (const auto& entry : host["inputs"]) {
        host_inputs.insert(entry.first.as<std::string>());
    }
    EXPECT_EQ(host_inputs, docker_inputs);
    for (const auto& entry : docker["outputs"]) {
        const std::string name = entry.first.as<std::string>();
        ASSERT_TRUE(host["outputs"][name]) << name;
        EXPECT_EQ(host["outputs"][name]["value"].as<std::string>(),
                  "${{ steps.autofix.outputs." + name + " }}");
    }
    EXPECT_EQ(host["outputs"].size(), docker["outputs"].size());
}

TEST(HostActionYml, RunsTheBinaryOnTheRunnerWithEveryInput) {
    const YAML::Node runs = host_action_yml()["runs"];
    EXPECT_EQ(runs["using"].as<std::string>(), "composite");
    YAML::Node step;
    const YAML::Node steps = runs["steps"];
    for (std::size_t index = 0; index < steps.size(); ++index) {
        if (steps[index]["id"] && steps[index]["id"].as<std::string>() == "autofix") {
            step.reset(steps[index]);
        }
    }
    ASSERT_TRUE(step) << "no step with id autofix";
    EXPECT_EQ(step["run"].as<std::string>(), "\"${{ steps.binary.outputs.path }}\"");
    for (const auto& entry : action_yml()["inputs"]) {
        const std::string name = entry.first.as<std::string>();
        ASSERT_TRUE(step["env"][env_name(name)]) << name;
        EXPECT_EQ(step["env"][env_name(name)].as<std::string>(), "${{ inputs." + name + " }}");
    }
}

TEST(ActionYml, RunsAsADockerAction) {
    const YAML::Node runs = action_yml()["runs"];
    EXPECT_EQ(runs["using"].as<std::string>(), "docker");
    EXPECT_FALSE(runs["image"].as<std::string>().empty());
}

TEST(Readme, EveryYamlExampleParses) {
    // A user copies these into a workflow: one that does not parse fails before any job runs. Blocks may be
    // indented (inside a list): the opening fence's indentation is removed from each line.
    std::ifstream file(std::string(AUTOFIX_SOURCE_DIR) + "/README.md");
    std::string line;
    std::string block;
    std::size_t indent = 0;
    bool inside = false;
    int blocks = 0;
    int number = 0;
    int opened_at = 0;
    while (std::getline(file, line)) {
        ++number;
        const std::size_t first = line.find_first_not_of(' ');
        const std::string trimmed = first == std::string::npos ? "" : line.substr(first);
        if (!inside && trimmed == "```yaml") {
            inside = true;
            indent = first;
            block.clear();
            opened_at = number;
        } else if (inside && trimmed == "```") {
            inside = false;
            ++blocks;
            EXPECT_NO_THROW(YAML::Load(block)) << "README.md line " << opened_at << ":\n" << block;
        } else if (inside) {
            block += (line.size() >= indent ? line.substr(std::min(indent, first)) : line) + "\n";
        }
    }
    EXPECT_FALSE(inside);
    EXPECT_GE(blocks, 4); // push, pull_request, workflow_run, host mode
}

} // namespace
} // namespace autofix::action
