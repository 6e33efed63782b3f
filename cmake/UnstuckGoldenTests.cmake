# unstuck_add_golden_tests(TARGET <plugin target> DIR <dir> [DETECT <table.json>] [CONFIG <settings.json>]
#                          [MIN_CASES <n>] [LABELS <label>...])
#
# Checks a carrier plugin as the host runs it: one ctest per saved response <case>.json in DIR (optional
# <case>.context.json: tracking_number, order_created_at) that loads the BUILT plugin through the real loader
# with `unstuck test-plugin`, normalizes the response and compares the canonical JSON with
# <case>.expected.json, after the model's own checks (valid substatuses, events oldest first, a JSON round trip).
# DETECT adds one ctest for a detection table: [{"number": ..., "claims": [{"carrier", "service",
# "check_digit": "absent|valid|invalid"}]}]. CONFIG is the plugin's settings, a JSON object file. MIN_CASES adds
# a ctest that fails while DIR holds fewer saved responses. Tests are named <module>.golden.<case>,
# <module>.detect and <module>.golden_cases, labelled `golden` and LABELS.
#
# To record the expected files (then read them before committing): build the target update_golden_<module>
# (e.g. `cmake --build build --target update_golden_carrier_acme`), or run the tests with UNSTUCK_UPDATE_GOLDEN=1.
# The runner is the host: the `unstuck` target in the source tree, the imported unstuck::unstuck out of it.
include_guard(GLOBAL)

function(unstuck_add_golden_tests)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "TARGET;DIR;DETECT;CONFIG;MIN_CASES" "LABELS")
  if(NOT ARG_TARGET OR NOT ARG_DIR)
    message(FATAL_ERROR "unstuck_add_golden_tests: TARGET and DIR are required")
  endif()
  if(NOT TARGET ${ARG_TARGET})
    message(FATAL_ERROR "unstuck_add_golden_tests: no target ${ARG_TARGET} (declare the plugin first)")
  endif()
  if(NOT TARGET unstuck::unstuck)
    message(FATAL_ERROR "unstuck_add_golden_tests: no unstuck::unstuck host (find_package(unstuck COMPONENTS sdk))")
  endif()
  get_filename_component(dir ${ARG_DIR} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  if(NOT IS_DIRECTORY ${dir})
    message(FATAL_ERROR "unstuck_add_golden_tests(${ARG_TARGET}): no folder ${dir}")
  endif()
  get_target_property(module ${ARG_TARGET} OUTPUT_NAME)
  if(NOT module)
    set(module ${ARG_TARGET})
  endif()
  set(labels golden ${ARG_LABELS})
  set(runner $<TARGET_FILE:unstuck::unstuck> test-plugin $<TARGET_FILE:${ARG_TARGET}>)
  if(ARG_CONFIG)
    get_filename_component(config ${ARG_CONFIG} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND runner --plugin-config ${config})
  endif()
  set(update_target update_golden_${module})
  set(update_hint "cmake --build ${CMAKE_BINARY_DIR} --target ${update_target}")

  # The saved responses: every *.json that is not an expected or a context file.
  file(GLOB documents CONFIGURE_DEPENDS ${dir}/*.json)
  list(FILTER documents EXCLUDE REGEX "\\.(expected|context)\\.json$")
  list(SORT documents)
  set(cases "")
  foreach(document IN LISTS documents)
    get_filename_component(case ${document} NAME)
    string(REGEX REPLACE "\\.json$" "" case "${case}")
    add_test(NAME ${module}.golden.${case}
             COMMAND ${runner} --golden ${document} --update-command ${update_hint})
    set_tests_properties(${module}.golden.${case} PROPERTIES LABELS "${labels}")
    list(APPEND cases --golden ${document})
  endforeach()

  set(update_commands "")
  if(cases)
    list(APPEND update_commands COMMAND ${runner} ${cases} --update)
  endif()
  if(ARG_DETECT)
    get_filename_component(table ${ARG_DETECT} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    add_test(NAME ${module}.detect COMMAND ${runner} --detect ${table} --update-command ${update_hint})
    set_tests_properties(${module}.detect PROPERTIES LABELS "${labels}")
    list(APPEND update_commands COMMAND ${runner} --detect ${table} --update)
  endif()
  if(ARG_MIN_CASES)
    add_test(NAME ${module}.golden_cases
             COMMAND ${CMAKE_COMMAND} -DMIN=${ARG_MIN_CASES} -DDIR=${dir}
                     -P ${CMAKE_CURRENT_FUNCTION_LIST_FILE})
    set_tests_properties(${module}.golden_cases PROPERTIES LABELS "${labels}")
  endif()
  if(update_commands AND NOT TARGET ${update_target})
    # The generator expressions in the commands make the target depend on the plugin and the host.
    add_custom_target(${update_target} ${update_commands}
                      COMMENT "Rewriting the expected files of ${module}: read them before committing" VERBATIM)
  endif()
endfunction()

# Run as a script by the MIN_CASES test: fails while DIR holds fewer saved responses than MIN.
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE AND DEFINED MIN)
  file(GLOB documents ${DIR}/*.json)
  list(FILTER documents EXCLUDE REGEX "\\.(expected|context)\\.json$")
  list(LENGTH documents COUNT)
  if(COUNT LESS MIN)
    message(FATAL_ERROR "${DIR}: ${COUNT} saved responses, fewer than ${MIN}")
  endif()
  message(STATUS "${DIR}: ${COUNT} saved responses (at least ${MIN})")
endif()
