# Every third-party dependency, found from Debian packages (scripts/setup installs them).
# For the static build (AUTOFIX_STATIC), scripts/build-static points CMAKE_PREFIX_PATH at static
# Poco and libgit2 built from Debian's source packages; the same calls find them there.
find_package(Threads REQUIRED)
find_package(Poco REQUIRED COMPONENTS Foundation Net NetSSL Crypto Util XML Zip)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(PkgConfig REQUIRED)
if(AUTOFIX_STATIC)
  pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET GLOBAL STATIC libgit2)
else()
  pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET GLOBAL libgit2)
endif()
add_library(autofix::libgit2 ALIAS PkgConfig::LIBGIT2)
