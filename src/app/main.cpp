// autofix: repairs failing CI builds. Wiring only; the work is in src/app/run.cpp.
#include "app/run.hpp"

#if defined(AUTOFIX_STATIC_BINARY)
#include <nss.h>
#endif

int main(int argc, char** argv) {
#if defined(AUTOFIX_STATIC_BINARY)
    // A static glibc has the files and dns services built in but loads any other module nsswitch.conf names
    // (mdns, resolve, systemd, ...) from the runner, built for the runner's glibc: the binary then crashes
    // (SIGFPE on Debian 13, scripts/test-host-mode). Only the built-in services are used.
    __nss_configure_lookup("hosts", "files dns");
    __nss_configure_lookup("passwd", "files");
    __nss_configure_lookup("group", "files");
#endif
    return autofix::app::run(argc, argv);
}
