// Times normalise+excerpt+redact (LogPipeline) and the standalone Redactor on a large synthetic GitHub
// Actions log, next to `grep -c error` on the same file, and reports peak RSS; optionally streams a
// multi-GB log generated in memory to show that memory stays bounded.
#include "logs/failure_context.hpp"
#include "logs/file_index.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/resource.h>

namespace {

using Clock = std::chrono::steady_clock;
using autofix::logs::FailureContext;
using autofix::logs::FailureContextOptions;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

long peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// About `bytes` of an Actions-shaped log: timestamps, groups, ANSI colours, compiler and test output,
// progress bars with \r, warnings, an error every few thousand lines and the odd secret.
std::string synthetic_block(std::size_t bytes, std::size_t seed) {
    std::string out;
    out.reserve(bytes + 4096);
    std::size_t n = seed * 1000003;
    while (out.size() < bytes) {
        ++n;
        std::string stamp = "2024-01-15T10:" + std::to_string(10 + n % 50) + ":" +
                            std::to_string(10 + n % 49) + "." + std::to_string(1000000 + n % 8999999) + "Z ";
        switch (n % 97) {
        case 0:
            out += stamp + "##[group]Run make -j2 target_" + std::to_string(n % 13) + "\n";
            break;
        case 1:
            out += stamp + "##[endgroup]\n";
            break;
        case 2:
            out += stamp + "Downloading artifact 10%\rDownloading artifact 55%\rDownloading artifact 100%\n";
            break;
        case 3:
            out += stamp + "\x1b[33mwarning:\x1b[0m src/module_" + std::to_string(n % 400) +
                   ".cpp:12:5: unused variable 'tmp' [-Wunused-variable]\n";
            break;
        case 4:
            out += stamp + "curl -H 'Authorization: Bearer abc" + std::to_string(n) +
                   "' https://api.example.com/v1\n";
            break;
        default:
            if (n % 5003 == 0) {
                out += stamp + "\x1b[31;1m/home/runner/work/app/app/src/module_" + std::to_string(n % 400) +
                       ".cpp:" + std::to_string(n % 300) + ":7: error:\x1b[0m no member named 'value_" +
                       std::to_string(n) + "' in 'Widget'\n";
            } else if (n % 3 == 0) {
                out += stamp + "[ " + std::to_string(n % 100) +
                       "%] Building CXX object src/CMakeFiles/app.dir/module_" + std::to_string(n % 400) +
                       ".cpp.o\n";
            } else if (n % 3 == 1) {
                out += stamp + "\x1b[32mPASSED\x1b[0m tests/test_module_" + std::to_string(n % 400) +
                       ".py::test_case_" + std::to_string(n % 37) + " [ " + std::to_string(n % 100) + "%]\n";
            } else {
                out += stamp + "  adding: build/output/file_" + std::to_string(n) + ".o (deflated " +
                       std::to_string(n % 90) + "%) password=hunter" + std::to_string(n % 7) + "\n";
            }
        }
    }
    return out;
}

void generate(const std::string& path, std::size_t megabytes) {
    std::ofstream out(path, std::ios::binary);
    for (std::size_t written = 0, k = 0; written < megabytes; written += 4, ++k) {
        out << synthetic_block(4u << 20, k);
    }
    out << "2024-01-15T10:59:59.0000000Z ##[error]Process completed with exit code 2.\n";
}

FailureContext run_pipeline(const std::string& path, const FailureContextOptions& options,
                            const autofix::logs::FileIndex& files) {
    std::ifstream in(path, std::ios::binary);
    return autofix::logs::prepare_failure_context(in, options, &files);
}

} // namespace

int main(int argc, char** argv) {
    std::size_t size_mb = 200;
    std::size_t stream_gb = 0;
    std::string path;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--size-mb") {
            size_mb = std::stoul(argv[i + 1]);
        } else if (flag == "--file") {
            path = argv[i + 1];
        } else if (flag == "--stream-gb") {
            stream_gb = std::stoul(argv[i + 1]);
        }
    }
    if (path.empty()) {
        path = "/tmp/autofix-bench-" + std::to_string(size_mb) + "mb.log";
    }
    if (!std::filesystem::exists(path)) {
        std::cout << "generating " << path << " (" << size_mb << " MB)\n";
        generate(path, size_mb);
    }
    const double mb = static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0);
    std::string warm = "cat '" + path + "' > /dev/null";
    if (std::system(warm.c_str()) != 0) {
        std::cerr << "cannot read " << path << "\n";
        return 1;
    }

    FailureContextOptions options;
    options.secrets = {"hunter3", "abc12345"};
    autofix::logs::MemoryFileIndex files({"src/module_1.cpp", "src/module_2.cpp"});

    auto start = Clock::now();
    FailureContext context = run_pipeline(path, options, files);
    double pipeline_s = seconds_since(start);
    long pipeline_rss = peak_rss_mb();

    start = Clock::now();
    std::size_t redactions = 0;
    {
        autofix::logs::Redactor redactor(options.secrets);
        std::ifstream in(path, std::ios::binary);
        std::string chunk(4u << 20, '\0');
        while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
            redactor.redact(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())));
        }
        redactions = redactor.count();
    }
    double redact_s = seconds_since(start);

    start = Clock::now();
    std::string grep = "grep -c error '" + path + "' > /dev/null";
    int grep_status = std::system(grep.c_str());
    double grep_s = seconds_since(start);

    std::printf("log: %s, %.1f MB, %llu lines\n", path.c_str(), mb,
                static_cast<unsigned long long>(context.stats.lines_in));
    std::printf("normalise+excerpt+redact (LogPipeline): %.2f s, %.0f MB/s, peak RSS %ld MB\n", pipeline_s,
                mb / pipeline_s, pipeline_rss);
    std::printf("  excerpt %zu tokens (budget %zu), %zu redactions, %zu files, lines kept %llu\n",
                context.excerpt_tokens, options.budget_tokens, context.redactions, context.files.size(),
                static_cast<unsigned long long>(context.stats.lines_kept));
    std::printf("Redactor alone over the whole text: %.2f s, %.0f MB/s (%zu redactions)\n", redact_s,
                mb / redact_s, redactions);
    std::printf("grep -c error: %.2f s, %.0f MB/s (exit %d)\n", grep_s, mb / grep_s, grep_status);

    if (stream_gb > 0) {
        std::string block = synthetic_block(8u << 20, 7);
        autofix::logs::LogPipeline pipeline(options);
        std::size_t blocks = stream_gb * 1024 / 8;
        start = Clock::now();
        for (std::size_t k = 0; k < blocks; ++k) {
            pipeline.feed(block);
        }
        FailureContext streamed = pipeline.finish(&files);
        double stream_s = seconds_since(start);
        std::printf("streamed %zu GB from memory: %.1f s, %.0f MB/s, excerpt %zu tokens, peak RSS %ld MB\n",
                    stream_gb, stream_s, static_cast<double>(blocks * 8) / stream_s, streamed.excerpt_tokens,
                    peak_rss_mb());
    }
    return 0;
}
