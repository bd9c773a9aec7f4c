#pragma once

#include <string_view>

namespace autofix::core {

/// Returns true when the '/'-separated relative `path` matches `pattern`: `*` and `?` match within one
/// component, `[abc]`/`[!a-z]` match one character, and a `**` component matches zero or more components
/// (".github/workflows/**", "**/*.cpp", "src/**/test_*.py"). Never fails; a malformed class is literal.
bool glob_match(std::string_view pattern, std::string_view path);

} // namespace autofix::core
