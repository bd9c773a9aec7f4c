// Reads the workflow variants of README.md, so that the e2e tests run what the README tells people to write.
#include "support/readme_workflow.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace autofix::testing {

YAML::Node readme_workflow(const std::string& heading) {
    std::ifstream file(std::string(AUTOFIX_SOURCE_DIR) + "/README.md");
    std::string line;
    bool in_section = false;
    bool in_block = false;
    std::string yaml;
    while (std::getline(file, line)) {
        if (line.rfind("#", 0) == 0) {
            if (in_section && !yaml.empty()) {
                break;
            }
            in_section = line.rfind(heading, 0) == 0;
            continue;
        }
        if (in_section && line == "```yaml") {
            in_block = true;
        } else if (in_block && line == "```") {
            break;
        } else if (in_block) {
            yaml += line + "\n";
        }
    }
    EXPECT_FALSE(yaml.empty()) << "README.md has no workflow under '" << heading << "'";
    return YAML::Load(yaml);
}

ReadmeJob readme_job(const YAML::Node& workflow, const std::string& job) {
    ReadmeJob result;
    bool uses_action = false;
    for (const auto& step : workflow["jobs"][job]["steps"]) {
        const std::string uses = step["uses"] ? step["uses"].as<std::string>() : "";
        if (uses.rfind("actions/checkout@", 0) == 0 && step["with"] && step["with"]["fetch-depth"]) {
            result.fetch_depth = step["with"]["fetch-depth"].as<int>();
        }
        if (uses.rfind("OWNER/autofix-action@", 0) == 0) {
            uses_action = true;
            for (const auto& input : step["with"]) {
                result.inputs[input.first.as<std::string>()] = input.second.as<std::string>();
            }
        }
    }
    EXPECT_TRUE(uses_action) << "job " << job << " does not use the action";
    return result;
}

} // namespace autofix::testing
