// Fuzz target: the Redactor over arbitrary text and secrets. Input: up to the first NUL, '\x01'-separated
// secrets; then the text. Properties: no exact lowercase-alphanumeric secret survives, and redact() and
// redact_counted() agree.
#include "fuzz/fuzz_input.hpp"
#include "logs/redactor.hpp"

#include <algorithm>

namespace {

bool lower_alnum(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace autofix;
    std::string_view text = fuzz::as_text(data, size);
    std::vector<std::string> secrets;
    std::vector<std::string> checked;
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        for (const auto secret : fuzz::split(text.substr(0, nul), '\x01')) {
            secrets.emplace_back(secret);
            if (secret.size() >= logs::Redactor::min_secret_length && lower_alnum(secret)) {
                checked.emplace_back(secret);
            }
        }
        text.remove_prefix(nul + 1);
    }
    logs::Redactor redactor(secrets);
    const auto once = redactor.redact_counted(text);
    for (const auto& secret : checked) {
        if (once.text.find(secret) != std::string::npos) {
            fuzz::property_failed("a secret survived redaction", secret);
        }
    }
    if (once.count == 0 && once.text != text) {
        fuzz::property_failed("the text changed without a counted redaction");
    }
    logs::Redactor counting(secrets);
    if (counting.redact(text) != once.text || counting.count() != once.count) {
        fuzz::property_failed("redact and redact_counted disagree");
    }
    return 0;
}
