#include "app/prompt_loading.hpp"

#include "app/bundled_prompts.hpp"

#include <filesystem>

namespace autofix::app {

core::Expected<agent::PromptSet> load_prompts(const action::Settings& settings) {
    if (settings.prompts.empty()) {
        return agent::PromptSet::parse(bundled_prompts_json, "the bundled prompts.json");
    }
    std::filesystem::path path(settings.prompts);
    if (path.is_relative()) {
        path = std::filesystem::path(settings.github.workspace) / path;
    }
    return agent::PromptSet::load(path);
}

} // namespace autofix::app
