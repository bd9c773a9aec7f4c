#pragma once

#include "action/settings.hpp"
#include "agent/prompts.hpp"
#include "core/error.hpp"

namespace autofix::app {

/// Returns the prompt templates of a run: the `prompts` file (relative to the workspace) when set, else the
/// bundled prompts.json; fails as PromptSet::load or PromptSet::parse do.
core::Expected<agent::PromptSet> load_prompts(const action::Settings& settings);

} // namespace autofix::app
