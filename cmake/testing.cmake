# Test helpers: one GoogleTest executable per folder, its tests registered with a CTest label.
find_package(GTest REQUIRED)
include(GoogleTest)

# autofix_add_test_folder(<name> <label> <folder> LIBS <libs...>): builds every *_test.cpp in <folder>.
function(autofix_add_test_folder name label folder)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${folder}/*_test.cpp")
  if(NOT sources)
    return()
  endif()
  add_executable(${name} ${sources})
  autofix_set_warnings(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gmock_main GTest::gmock GTest::gtest)
  gtest_discover_tests(${name} PROPERTIES LABELS ${label} DISCOVERY_TIMEOUT 60
                       WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
endfunction()
