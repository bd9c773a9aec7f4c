# Static linking: every find_library, find_package and pkg-config lookup prefers static archives (.a).
# scripts/build-static passes this file as CMAKE_PROJECT_INCLUDE to Poco's, libgit2's and this project's
# configure, so the exported targets of the static Poco and libgit2 name the .a files of Debian's -dev
# packages (OpenSSL, zlib, PCRE, expat, PCRE2, http-parser) and the project links them the same way.
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
set(OPENSSL_USE_STATIC_LIBS TRUE)
set(ZLIB_USE_STATIC_LIBS TRUE)
set(BUILD_SHARED_LIBS OFF)
