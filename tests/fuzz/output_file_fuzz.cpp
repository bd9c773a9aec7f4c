// Fuzz target: the GITHUB_OUTPUT writer and its parser. Input: NUL-separated name, value, name, value, ...
// Property: every pair that set() accepts parses back to the same value (the last one written wins).
#include "action/outputs.hpp"
#include "fuzz/fuzz_input.hpp"

#include <fstream>
#include <iterator>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace autofix;
    static const std::string path = "/tmp/autofix-output-fuzz-" + std::to_string(getpid());
    std::ofstream(path, std::ios::trunc).close();
    const action::OutputFile output(path, "ghadelimiter_0123456789abcdef0123456789abcdef");
    std::map<std::string, std::string> expected;
    const auto parts = fuzz::split(fuzz::as_text(data, size), '\0');
    for (std::size_t index = 0; index + 1 < parts.size(); index += 2) {
        if (output.set(parts[index], parts[index + 1])) {
            expected[std::string(parts[index])] = std::string(parts[index + 1]);
        }
    }
    std::ifstream file(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto parsed = action::parse_output_file(text);
    if (!parsed) {
        fuzz::property_failed("the written outputs do not parse", parsed.error().message);
    }
    if (*parsed != expected) {
        fuzz::property_failed("an output did not parse back to its value", text);
    }
    return 0;
}
