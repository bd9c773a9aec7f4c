#pragma once

#include <string>
#include <string_view>

namespace autofix::core {

/// Returns the backtick fence that can enclose `text` in a Markdown code block: one backtick longer than the
/// longest run of backticks in `text`, and at least three (CommonMark, "Fenced code blocks").
std::string code_fence(std::string_view text);

} // namespace autofix::core
