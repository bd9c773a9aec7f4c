#include "core/markdown_fence.hpp"

#include <algorithm>

namespace autofix::core {

std::string code_fence(std::string_view text) {
    std::size_t longest = 0;
    std::size_t run = 0;
    for (const char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

} // namespace autofix::core
