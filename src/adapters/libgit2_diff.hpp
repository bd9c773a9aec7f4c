#pragma once

#include "core/error.hpp"
#include "ports/git_repository.hpp"

#include <cstddef>
#include <string>

struct git_repository;

namespace autofix::adapters::libgit2 {

/// Returns the diff merge-base(base_ref, head_ref)..head_ref with its text capped at `max_bytes`: files are
/// kept whole in diff order until one does not fit, then it and all later files are left out (and named).
/// Fails (git) on an unknown ref or when the two commits have no common ancestor.
core::Expected<ports::Diff> capped_diff(git_repository* repo, const std::string& base_ref,
                                        const std::string& head_ref, std::size_t max_bytes);

} // namespace autofix::adapters::libgit2
