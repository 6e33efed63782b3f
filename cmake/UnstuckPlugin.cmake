# unstuck_add_plugin(NAME <name> KIND carrier|ticketing SOURCES <src>... [LINK <lib>...] [MANIFEST <file>]
#                    [NO_INSTALL])
#
# Builds a plugin module for the unstuck host: a MODULE library named <kind>_<name>.so with hidden visibility,
# linked against unstuck::sdk, with its manifest (default: manifest.json beside the CMakeLists.txt) copied next to
# it as <kind>_<name>.manifest.json. Both are installed to lib/unstuck/plugins. The export macro in the sources
# (UNSTUCK_CARRIER_PLUGIN or UNSTUCK_TICKETING_PLUGIN) is checked at compile time against KIND and NAME.
include_guard(GLOBAL)
include(GNUInstallDirs)

function(unstuck_add_plugin)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "NO_INSTALL" "NAME;KIND;MANIFEST" "SOURCES;LINK")
  if(NOT ARG_NAME OR NOT ARG_SOURCES)
    message(FATAL_ERROR "unstuck_add_plugin: NAME and SOURCES are required")
  endif()
  if(NOT ARG_KIND STREQUAL "carrier" AND NOT ARG_KIND STREQUAL "ticketing")
    message(FATAL_ERROR "unstuck_add_plugin(${ARG_NAME}): KIND must be carrier or ticketing, not '${ARG_KIND}'")
  endif()
  if(NOT ARG_MANIFEST)
    set(ARG_MANIFEST ${CMAKE_CURRENT_SOURCE_DIR}/manifest.json)
  endif()
  if(NOT EXISTS ${ARG_MANIFEST})
    message(FATAL_ERROR "unstuck_add_plugin(${ARG_NAME}): no manifest at ${ARG_MANIFEST}")
  endif()

  set(stem ${ARG_KIND}_${ARG_NAME})
  set(target unstuck_${stem})
  if(DEFINED UNSTUCK_PLUGIN_OUTPUT_DIR)
    set(out_dir ${UNSTUCK_PLUGIN_OUTPUT_DIR})
  else()
    set(out_dir ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  if(NOT DEFINED UNSTUCK_PLUGIN_INSTALL_DIR)
    set(UNSTUCK_PLUGIN_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/unstuck/plugins)
  endif()

  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE unstuck::sdk ${ARG_LINK})
  target_compile_definitions(${target} PRIVATE UNSTUCK_PLUGIN_NAME="${ARG_NAME}" UNSTUCK_PLUGIN_KIND="${ARG_KIND}")
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${stem}
    LIBRARY_OUTPUT_DIRECTORY ${out_dir}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${ARG_MANIFEST} ${out_dir}/${stem}.manifest.json
    VERBATIM)
  if(ARG_NO_INSTALL)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY UNSTUCK_PLUGIN_TARGETS ${target})
  install(TARGETS ${target} LIBRARY DESTINATION ${UNSTUCK_PLUGIN_INSTALL_DIR})
  install(FILES ${ARG_MANIFEST} DESTINATION ${UNSTUCK_PLUGIN_INSTALL_DIR} RENAME ${stem}.manifest.json)
endfunction()
