// Fuzz target: the Messages API response and error decoders. Property: neither throws; a decoded response
// re-encodes as the assistant turn of a request without failing.
#include "adapters/anthropic_json.hpp"
#include "fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace autofix;
    const std::string body(fuzz::as_text(data, size));
    (void)adapters::decode_api_error(body);
    const auto response = adapters::decode_message_response(body);
    if (!response) {
        return 0;
    }
    ports::MessageRequest request;
    request.model = "claude-sonnet-4-5";
    request.max_tokens = 1024;
    request.messages.push_back(ports::Message{ports::Role::assistant, response->content});
    const auto encoded = adapters::encode_message_request(request);
    if (!encoded) {
        fuzz::property_failed("a decoded reply does not encode again", encoded.error().message);
    }
    return 0;
}
