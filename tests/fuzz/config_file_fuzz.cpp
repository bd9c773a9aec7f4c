// Fuzz target: the `.github/autofix.yml` reader. Properties: it never throws, and an error is one line that
// starts with the file's label.
#include "action/config_file.hpp"
#include "fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace autofix;
    const auto config = action::parse_config_file(fuzz::as_text(data, size), ".github/autofix.yml");
    if (config) {
        return 0;
    }
    const auto& message = config.error().message;
    if (message.rfind(".github/autofix.yml", 0) != 0) {
        fuzz::property_failed("a config error does not start with the label", message);
    }
    if (message.find('\n') != std::string::npos || message.find('\r') != std::string::npos) {
        fuzz::property_failed("a config error spans several lines", message);
    }
    return 0;
}
