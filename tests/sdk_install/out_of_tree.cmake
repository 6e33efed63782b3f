# Installs the SDK to a temporary prefix, builds samples/plugin-template against it from outside the tree, and
# loads the result through the installed host.
#   cmake -DSOURCE_DIR=... -DBINARY_DIR=... -DGENERATOR=... [-DCXX_FLAGS=...] -P out_of_tree.cmake
set(work ${BINARY_DIR}/out-of-tree)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${work}/prefix)
if(NOT EXISTS ${work}/prefix/lib/cmake/unstuck/unstuckConfig.cmake)
  message(FATAL_ERROR "the install has no unstuckConfig.cmake")
endif()

# Only the installed prefix is given: nothing of the source or build tree is visible to the template.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/samples/plugin-template -B ${work}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${work}/prefix -DCMAKE_BUILD_TYPE=Debug
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_MODULE_LINKER_FLAGS=${CXX_FLAGS}")
run(${CMAKE_COMMAND} --build ${work}/build)
foreach(f carrier_example.so carrier_example.manifest.json)
  if(NOT EXISTS ${work}/build/${f})
    message(FATAL_ERROR "the template build made no ${f}")
  endif()
endforeach()

file(WRITE ${work}/config.json "{\"plugin_dirs\": [\"${work}/build\"], \"log\": {\"level\": \"off\"}}")
run(${work}/prefix/bin/unstuck --config ${work}/config.json plugins --json)
string(FIND "${out}" "\"name\":\"example\",\"kind\":\"carrier\",\"version\":\"1.0.0\"" found)
string(FIND "${out}" "\"state\":\"loaded\"" loaded)
if(found EQUAL -1 OR loaded EQUAL -1)
  message(FATAL_ERROR "the installed host did not load the template plugin:\n${out}")
endif()
message(STATUS "template plugin built out of tree and loaded: ${out}")
