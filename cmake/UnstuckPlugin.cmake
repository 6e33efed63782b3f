# unstuck_add_plugin(NAME <name> KIND carrier|ticketing|marketplace SOURCES <src>... [LINK <lib>...] [MANIFEST <file>]
#                    [NO_INSTALL] [SKIP_MANIFEST_CHECK])
#
# Builds a plugin module for the unstuck host: a MODULE library named <kind>_<name>.so with hidden visibility,
# linked against unstuck::sdk, with its manifest (default: manifest.json beside the CMakeLists.txt) copied next to
# it as <kind>_<name>.manifest.json. Both are installed to lib/unstuck/plugins. The export macro in the sources
# (UNSTUCK_CARRIER_PLUGIN, UNSTUCK_TICKETING_PLUGIN or
# UNSTUCK_MARKETPLACE_PLUGIN) is checked at compile time against KIND and NAME.
#
# The manifest is read when CMake configures: it must be JSON whose "name" and "kind" equal NAME and KIND, or
# configuring stops with a message saying which differs (SKIP_MANIFEST_CHECK turns this off, for modules built
# wrong on purpose). The module is linked with a version script (generated as <kind>_<name>.exports in the
# binary folder) and -Wl,--exclude-libs,ALL, so it exports exactly one dynamic symbol: the Boost.DLL alias
# unstuck_plugin, which the host reads (from the symbol table) and calls. Nothing of the SDK, the kit or any
# other library linked in is exported.
include_guard(GLOBAL)
include(GNUInstallDirs)

# Stops configuring unless the manifest is JSON naming the plugin NAME of kind KIND.
function(_unstuck_check_manifest name kind manifest)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${manifest})
  file(READ ${manifest} text)
  string(JSON type ERROR_VARIABLE error TYPE "${text}")
  if(error OR NOT type STREQUAL "OBJECT")
    message(FATAL_ERROR "unstuck_add_plugin(${name}): the manifest ${manifest} is not a JSON object")
  endif()
  foreach(key name kind)
    string(JSON value ERROR_VARIABLE error GET "${text}" ${key})
    if(error)
      message(FATAL_ERROR "unstuck_add_plugin(${name}): the manifest ${manifest} has no \"${key}\"")
    endif()
    if(NOT value STREQUAL "${${key}}")
      message(FATAL_ERROR "unstuck_add_plugin(${name}): the manifest ${manifest} says ${key} \"${value}\", "
                          "but the plugin's ${key} is \"${${key}}\" (${key} in the manifest and "
                          "unstuck_add_plugin must agree)")
    endif()
  endforeach()
endfunction()

function(unstuck_add_plugin)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "NO_INSTALL;SKIP_MANIFEST_CHECK" "NAME;KIND;MANIFEST" "SOURCES;LINK")
  if(NOT ARG_NAME OR NOT ARG_SOURCES)
    message(FATAL_ERROR "unstuck_add_plugin: NAME and SOURCES are required")
  endif()
  if(NOT ARG_KIND MATCHES "^(carrier|ticketing|marketplace)$")
    message(FATAL_ERROR "unstuck_add_plugin(${ARG_NAME}): KIND must be carrier, ticketing or marketplace, not '${ARG_KIND}'")
  endif()
  if(NOT ARG_MANIFEST)
    set(ARG_MANIFEST ${CMAKE_CURRENT_SOURCE_DIR}/manifest.json)
  endif()
  if(NOT EXISTS ${ARG_MANIFEST})
    message(FATAL_ERROR "unstuck_add_plugin(${ARG_NAME}): no manifest at ${ARG_MANIFEST}")
  endif()
  if(NOT ARG_SKIP_MANIFEST_CHECK)
    _unstuck_check_manifest(${ARG_NAME} ${ARG_KIND} ${ARG_MANIFEST})
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
  # Only the entry is exported: a version script keeping the alias global and everything else local.
  set(exports ${CMAKE_CURRENT_BINARY_DIR}/${stem}.exports)
  file(CONFIGURE OUTPUT ${exports} CONTENT "{\n  global: unstuck_plugin;\n  local: *;\n};\n")
  target_link_options(${target} PRIVATE -Wl,--no-undefined -Wl,--exclude-libs,ALL -Wl,--version-script=${exports})
  # The manifest is copied after each link: a changed manifest relinks, so the copy beside the module is current.
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${exports} ${ARG_MANIFEST})
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
