# Every third-party dependency, found from Debian packages (scripts/setup installs them).
# For the static build (AUTOFIX_STATIC), scripts/build-static points CMAKE_PREFIX_PATH at static
# Poco and libgit2 built from Debian's source packages; the same calls find them there.
find_package(Threads REQUIRED)
find_package(Poco REQUIRED COMPONENTS Foundation Net NetSSL Crypto Util XML Zip)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(yaml-cpp REQUIRED)
if(AUTOFIX_STATIC)
  # Debian's yaml-cpp config names only its shared library; libyaml-cpp-dev ships the archive beside it.
  find_library(AUTOFIX_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a REQUIRED)
  get_target_property(yaml_cpp_configurations yaml-cpp IMPORTED_CONFIGURATIONS)
  foreach(configuration IN LISTS yaml_cpp_configurations)
    set_target_properties(yaml-cpp PROPERTIES IMPORTED_LOCATION_${configuration} "${AUTOFIX_YAML_CPP_ARCHIVE}")
  endforeach()
  set_target_properties(yaml-cpp PROPERTIES IMPORTED_LOCATION "${AUTOFIX_YAML_CPP_ARCHIVE}")
endif()
find_package(PkgConfig REQUIRED)
# libgit2 1.7 or newer: older ones cannot read shallow repositories (actions/checkout's default
# fetch-depth: 1). Debian 12 ships 1.5, so scripts/setup builds Debian 13's libgit2 1.9 from its source
# package into AUTOFIX_LIBGIT2_PREFIX (scripts/build-libgit2), found here before the system's; the static
# build points CMAKE_PREFIX_PATH at its own.
if(NOT AUTOFIX_STATIC)
  if(DEFINED ENV{AUTOFIX_LIBGIT2_CACHE})
    set(autofix_libgit2_default "$ENV{AUTOFIX_LIBGIT2_CACHE}/prefix")
  else()
    set(autofix_libgit2_default "/var/cache/autofix-libgit2/prefix")
  endif()
  set(AUTOFIX_LIBGIT2_PREFIX "${autofix_libgit2_default}" CACHE PATH
      "Prefix of the libgit2 that scripts/setup builds from Debian 13's source package")
  if(EXISTS "${AUTOFIX_LIBGIT2_PREFIX}/lib/pkgconfig/libgit2.pc")
    list(PREPEND CMAKE_PREFIX_PATH "${AUTOFIX_LIBGIT2_PREFIX}")
  endif()
endif()
pkg_check_modules(LIBGIT2 QUIET libgit2>=1.7)
if(NOT LIBGIT2_FOUND)
  message(FATAL_ERROR "libgit2 1.7 or newer is needed (shallow checkouts); Debian 12 ships 1.5. Run "
                      "scripts/setup: it builds Debian 13's libgit2 into ${AUTOFIX_LIBGIT2_PREFIX}.")
endif()
if(AUTOFIX_STATIC OR NOT EXISTS "${LIBGIT2_LIBDIR}/libgit2.so")
  # A static libgit2 (the static build's, or scripts/setup's): link the `--static` results (libgit2, then
  # its Libs.private and Requires.private: http_parser, ssl, crypto, pcre2-8, z). CMake 3.25 has no STATIC
  # keyword for pkg_check_modules; in the static build -static on the executable makes every -l pick the .a.
  add_library(autofix_libgit2_static INTERFACE)
  target_include_directories(autofix_libgit2_static SYSTEM INTERFACE ${LIBGIT2_STATIC_INCLUDE_DIRS})
  target_link_directories(autofix_libgit2_static INTERFACE ${LIBGIT2_STATIC_LIBRARY_DIRS})
  target_link_libraries(autofix_libgit2_static INTERFACE ${LIBGIT2_STATIC_LIBRARIES} Threads::Threads
                        ${CMAKE_DL_LIBS})
  target_link_options(autofix_libgit2_static INTERFACE ${LIBGIT2_STATIC_LDFLAGS_OTHER})
  add_library(autofix::libgit2 ALIAS autofix_libgit2_static)
else()
  add_library(autofix_libgit2_shared INTERFACE)
  target_include_directories(autofix_libgit2_shared SYSTEM INTERFACE ${LIBGIT2_INCLUDE_DIRS})
  target_link_libraries(autofix_libgit2_shared INTERFACE ${LIBGIT2_LINK_LIBRARIES})
  add_library(autofix::libgit2 ALIAS autofix_libgit2_shared)
endif()
