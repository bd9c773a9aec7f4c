// Checks the bundled fix prompt's policy on dependencies: a dependency change is allowed when the failure is
// about a dependency and must be explained, while disabling or silencing a check stays forbidden.
#include "agent/prompts.hpp"

#include <gtest/gtest.h>

namespace autofix::agent {
namespace {

TEST(FixPromptPolicy, AllowsDependencyFixesAndForbidsSilencing) {
    const PromptSet prompts = *PromptSet::load(std::string(AUTOFIX_SOURCE_DIR) + "/prompts/prompts.json");
    const std::string system = prompts.text("fix_system");
    ASSERT_FALSE(system.empty());
    EXPECT_EQ(system.find("Do not add dependencies,"), std::string::npos) << "the blanket ban is gone";
    EXPECT_NE(system.find("When the failure is about a dependency"), std::string::npos);
    EXPECT_NE(system.find("requirements*.txt"), std::string::npos);
    EXPECT_NE(system.find("say so in the explanation"), std::string::npos);
    EXPECT_NE(system.find("Do not add dependencies for any other reason"), std::string::npos);
    EXPECT_NE(system.find("Never disable, skip or loosen a check"), std::string::npos);
    EXPECT_NE(system.find("suppress or ignore a warning or error"), std::string::npos);
}

} // namespace
} // namespace autofix::agent
