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
if(AUTOFIX_STATIC)
  # CMake 3.25 has no STATIC keyword for pkg_check_modules: the target is made from the `--static` results
  # (libgit2, then its Libs.private and Requires.private: http_parser, ssl, crypto, pcre2-8, z); -static on
  # the executable makes every -l pick the .a.
  pkg_check_modules(LIBGIT2 REQUIRED libgit2)
  add_library(autofix_libgit2_static INTERFACE)
  target_include_directories(autofix_libgit2_static INTERFACE ${LIBGIT2_STATIC_INCLUDE_DIRS})
  target_link_directories(autofix_libgit2_static INTERFACE ${LIBGIT2_STATIC_LIBRARY_DIRS})
  target_link_libraries(autofix_libgit2_static INTERFACE ${LIBGIT2_STATIC_LIBRARIES} Threads::Threads
                        ${CMAKE_DL_LIBS})
  target_link_options(autofix_libgit2_static INTERFACE ${LIBGIT2_STATIC_LDFLAGS_OTHER})
  add_library(autofix::libgit2 ALIAS autofix_libgit2_static)
else()
  pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET GLOBAL libgit2)
  add_library(autofix::libgit2 ALIAS PkgConfig::LIBGIT2)
endif()
