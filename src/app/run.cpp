#include "app/run.hpp"

#include <cstdio>
#include <cstring>

namespace autofix::app {

int run(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "--version") == 0) {
        std::puts("autofix 0.1.0");
        return 0;
    }
    std::fputs("autofix: not wired yet\n", stderr);
    return 1;
}

} // namespace autofix::app
