// Fuzz target: the failure-log pipeline (normalise, classify, excerpt, redact, locate files) fed in chunks.
// Input: byte 0 picks the chunk size, byte 1 the budget; up to the first NUL, '\x01'-separated secrets; then
// the log. Properties: no exact lowercase-alphanumeric secret survives in the excerpt; the chunked scan gives
// the line-by-line scan's context.
#include "fuzz/fuzz_input.hpp"
#include "logs/failure_context.hpp"

#include <algorithm>

namespace {

bool lower_alnum(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace autofix;
    if (size < 2) {
        return 0;
    }
    const std::size_t chunk = 1 + data[0];
    logs::FailureContextOptions options;
    options.budget_tokens = 16 + static_cast<std::size_t>(data[1]) * 8;
    options.workspace = "/home/runner/work/app/app";
    options.max_line_bytes = 64 + data[1];
    std::string_view log = fuzz::as_text(data + 2, size - 2);
    std::vector<std::string> checked;
    if (const auto nul = log.find('\0'); nul != std::string_view::npos) {
        for (const auto secret : fuzz::split(log.substr(0, nul), '\x01')) {
            options.secrets.emplace_back(secret);
            if (secret.size() >= 8 && lower_alnum(secret)) {
                checked.emplace_back(secret);
            }
        }
        log.remove_prefix(nul + 1);
    }
    const logs::MemoryFileIndex files({"src/main.cpp", "src/app/run.cpp", "tests/test_app.py",
                                       "com/example/App.java", "lib.rs", "index.ts"});
    logs::LogPipeline pipeline(options);
    for (std::size_t at = 0; at < log.size(); at += chunk) {
        pipeline.feed(log.substr(at, chunk));
    }
    const auto context = pipeline.finish(data[0] % 2 == 0 ? &files : nullptr);
    for (const auto& secret : checked) {
        if (context.excerpt.find(secret) != std::string::npos) {
            fuzz::property_failed("a secret survived in the excerpt", secret);
        }
    }
    if (context.files.size() > options.max_files) {
        fuzz::property_failed("more file references than max_files");
    }
    (void)logs::format_file_references(context.files);
    // The chunked scan's quiet path must give what the line-by-line scan gives.
    options.scan = logs::ScanMode::line_by_line;
    logs::LogPipeline reference(options);
    reference.feed(log);
    const auto expected = reference.finish(data[0] % 2 == 0 ? &files : nullptr);
    if (expected.excerpt != context.excerpt || expected.files.size() != context.files.size() ||
        expected.redactions != context.redactions || expected.stats.lines_in != context.stats.lines_in ||
        expected.stats.lines_kept != context.stats.lines_kept) {
        fuzz::property_failed("the chunked scan differs from the line-by-line scan", context.excerpt);
    }
    for (std::size_t k = 0; k < context.files.size() && k < expected.files.size(); ++k) {
        if (expected.files[k].path != context.files[k].path ||
            expected.files[k].line != context.files[k].line) {
            fuzz::property_failed("the chunked scan ranks other files", context.files[k].path);
        }
    }
    return 0;
}
