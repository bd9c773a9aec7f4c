#pragma once

#include "core/glob.hpp"

namespace autofix::agent {

/// The path glob of the sandbox is core's (the commit gate matches its allowed paths with it too).
using core::glob_match;

} // namespace autofix::agent
