// Times the commit gate (core::file_lines + core::review_change) on large generated changes: a test file
// where every line is an assertion, a source file of plain code, and one minified line. Prints one line per
// case with the median of `runs` repeats in milliseconds. Usage: commit_gate_bench [lines] [runs].
#include "core/commit_gate.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

double median_ms(const std::string& path, const std::string& text, int runs, std::size_t& refusals) {
    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const auto found =
            autofix::core::review_change({autofix::core::file_lines(path, std::nullopt, text)}, {});
        const auto end = std::chrono::steady_clock::now();
        refusals = found.size();
        times.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const int lines = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    std::string assertions;
    std::string code;
    for (int i = 0; i < lines; ++i) {
        const std::string n = std::to_string(i);
        assertions += "        self.assertEqual(compute_" + n + "(x, y), expected_" + n + ")  # check\n";
        code += "    total_" + n + " = sum(item['quantity'] * item['unit_price'] for item in items)\n";
    }
    const std::string minified(900000, 'a');
    std::size_t refusals = 0;
    struct Case {
        const char* label;
        const char* path;
        const std::string* text;
    };
    const std::vector<Case> cases{{"test file, every line an assertion", "tests/test_big.py", &assertions},
                                  {"source file", "src/big.py", &code},
                                  {"one 900 kB line", "src/app.min.test.js", &minified}};
    for (const Case& c : cases) {
        const double ms = median_ms(c.path, *c.text, runs, refusals);
        std::cout << c.label << " (" << c.text->size() / 1024 << " kB): " << ms << " ms, " << refusals
                  << " refusal(s)\n";
    }
    return 0;
}
