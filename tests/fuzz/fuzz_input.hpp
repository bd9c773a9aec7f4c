#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace autofix::fuzz {

/// The fuzzer's bytes as a string view.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

/// Splits `text` at every `separator`, keeping empty parts.
inline std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto stop = text.find(separator, start);
        if (stop == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, stop - start));
        start = stop + 1;
    }
}

/// Reports a broken property and aborts, so that libFuzzer (and the corpus replay) records a crash.
[[noreturn]] inline void property_failed(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz property failed: %s\n", what);
    std::fwrite(detail.data(), 1, detail.size(), stderr);
    std::fputc('\n', stderr);
    std::abort();
}

} // namespace autofix::fuzz
