// autofix: repairs failing CI builds. Wiring only; the work is in src/app/run.cpp.
#include "app/run.hpp"

int main(int argc, char** argv) {
    return autofix::app::run(argc, argv);
}
