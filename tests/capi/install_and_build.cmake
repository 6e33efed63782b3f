# Installs to a temporary prefix and builds samples/c (erp_check) against the installed C API from outside the
# tree, through pkg-config and, when the installed CMake package offers it, find_package(unstuck COMPONENTS
# capi); runs it on the demo orders with the installed plugins, which the library finds beside itself.
#   cmake -DSOURCE_DIR=... -DBINARY_DIR=... -DGENERATOR=... [-DSANITIZE=ON] -P install_and_build.cmake
set(work ${BINARY_DIR}/capi-install)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work})
set(prefix ${work}/prefix)

include(${CMAKE_CURRENT_LIST_DIR}/../cmake/run_command.cmake)

run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix})
foreach(f include/unstuck.h lib/libunstuck.so lib/libunstuck.so.0 lib/pkgconfig/unstuck.pc
          lib/cmake/unstuck/unstuckCapiTargets.cmake)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "the install has no ${f}")
  endif()
endforeach()

# The library's ASan runtime must come first in a program built with the sanitizers.
if(SANITIZE)
  set(flags "-fsanitize=address,undefined")
endif()

set(ways pkg-config)
file(READ ${prefix}/lib/cmake/unstuck/unstuckConfig.cmake package_config)
if(package_config MATCHES "unstuckCapiTargets")
  list(APPEND ways cmake)
endif()

# The demo, its store and outbox in the work folder; no plugin_dirs: the installed library finds its plugins.
file(COPY ${SOURCE_DIR}/samples/demo DESTINATION ${work})
file(READ ${work}/demo/unstuck.json config)
string(REPLACE "../../build/release/demo" "state" config "${config}")
file(WRITE ${work}/demo/unstuck.json "${config}")

foreach(way ${ways})
  set(build ${work}/build-${way})
  # Only the installed prefix is given: nothing of the source or build tree is visible to the sample.
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/samples/c -B ${build} -G ${GENERATOR} -DERP_CHECK_FIND=${way}
      -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Debug
      "-DCMAKE_C_FLAGS=${flags}" "-DCMAKE_EXE_LINKER_FLAGS=${flags}")
  if(way STREQUAL "pkg-config" AND NOT out MATCHES "through pkg-config")
    message(FATAL_ERROR "erp_check did not find libunstuck through pkg-config:\n${out}")
  endif()
  run(${CMAKE_COMMAND} --build ${build})
  execute_process(COMMAND ${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/lib UNSTUCK_PLUGIN_PATH=
                          ${build}/erp_check ${work}/demo/unstuck.json ${work}/demo/orders.jsonl
                  WORKING_DIRECTORY ${work}/demo RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "erp_check (${way}) failed (${rc}):\n${out}\n${err}")
  endif()
  # The installed plugins were found beside the installed library (the config names no plugin folder).
  if(NOT err MATCHES "26 decided, 0 bad lines, [1-9][0-9]* plugins loaded \\(libunstuck 0.2.0\\)")
    message(FATAL_ERROR "erp_check (${way}) did not decide the 26 demo orders with the installed plugins:\n"
                        "${out}\n${err}")
  endif()
  if(NOT out MATCHES "5768590292230001 NONE platform.settled\n")
    message(FATAL_ERROR "erp_check (${way}) printed no decision for the first order:\n${out}")
  endif()
  message(STATUS "erp_check built through ${way} against ${prefix}: ${err}")
endforeach()
