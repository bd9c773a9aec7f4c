#pragma once

#include "adapters/libgit2_support.hpp"

#include <optional>
#include <string>
#include <vector>

namespace autofix::adapters::libgit2 {

/// The tree of HEAD with `paths` set to what `index` holds for them (removed when the index has no entry):
/// only the trees on those paths are written (git_tree_create_updated), not every tree of the index.
/// Returns nullopt when HEAD names no commit (the caller writes the whole index); fails (git) otherwise.
core::Expected<std::optional<git_oid>> head_tree_updated(git_repository* repo, git_index* index,
                                                         const std::vector<std::string>& paths,
                                                         const std::string& context);

} // namespace autofix::adapters::libgit2
