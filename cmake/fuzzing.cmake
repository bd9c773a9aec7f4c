# libFuzzer targets (tests/fuzz/<target>_fuzz.cpp) and the CTest replay of their corpora.
#
# AUTOFIX_FUZZ=ON (clang only, a build dir of its own, see scripts/fuzz): every library is compiled with
# -fsanitize=fuzzer-no-link,address,undefined and each target is linked with -fsanitize=fuzzer into
# fuzz_<target>. Include this file before add_subdirectory(src) so the flags reach the libraries.
#
# Any build with tests (gcc included): unit_fuzz_replay compiles the same sources with their entry point
# renamed to fuzz_<target>_entry and feeds it every file of tests/fuzz/corpus/<target>/ (label unit).
set(AUTOFIX_FUZZ_DIR "${CMAKE_CURRENT_LIST_DIR}/../tests/fuzz")
file(GLOB AUTOFIX_FUZZ_SOURCES CONFIGURE_DEPENDS "${AUTOFIX_FUZZ_DIR}/*_fuzz.cpp")

if(AUTOFIX_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "AUTOFIX_FUZZ needs clang (configure with -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  if(AUTOFIX_SANITIZERS)
    message(FATAL_ERROR "AUTOFIX_FUZZ brings its own sanitizers: leave AUTOFIX_SANITIZERS off")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -gline-tables-only)
  add_link_options(-fsanitize=address,undefined)
endif()

# Called at the end of the top directory, once every library and the test helpers exist.
function(autofix_add_fuzz_targets)
  foreach(source ${AUTOFIX_FUZZ_SOURCES})
    get_filename_component(name "${source}" NAME_WE)
    string(REGEX REPLACE "_fuzz$" "" name "${name}")
    if(AUTOFIX_FUZZ)
      add_executable(fuzz_${name} "${source}")
      target_include_directories(fuzz_${name} PRIVATE "${AUTOFIX_FUZZ_DIR}/..")
      target_link_libraries(fuzz_${name} PRIVATE autofix_app)
      target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    else()
      set_source_files_properties("${source}" PROPERTIES COMPILE_DEFINITIONS
                                  "LLVMFuzzerTestOneInput=fuzz_${name}_entry")
    endif()
  endforeach()
  if(AUTOFIX_BUILD_TESTS AND NOT AUTOFIX_FUZZ)
    add_executable(unit_fuzz_replay "${AUTOFIX_FUZZ_DIR}/replay/corpus_replay_test.cpp" ${AUTOFIX_FUZZ_SOURCES})
    autofix_set_warnings(unit_fuzz_replay)
    target_include_directories(unit_fuzz_replay PRIVATE "${AUTOFIX_FUZZ_DIR}/..")
    target_link_libraries(unit_fuzz_replay PRIVATE autofix_app GTest::gtest_main GTest::gtest)
    target_compile_definitions(unit_fuzz_replay PRIVATE AUTOFIX_FUZZ_CORPUS="${AUTOFIX_FUZZ_DIR}/corpus")
    gtest_discover_tests(unit_fuzz_replay PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL autofix_add_fuzz_targets)
