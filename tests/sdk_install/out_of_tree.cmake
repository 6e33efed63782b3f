# Installs the SDK to a temporary prefix, builds samples/plugin-template against it from outside the tree, and
# loads the result through the installed host; builds samples/embed (a program linking the core library) the
# same way and sweeps the demo orders with it twice: the first run files, the second files nothing new.
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

# samples/embed: the core library linked into a program of its own, against the same installed prefix.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/samples/embed -B ${work}/embed -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${work}/prefix -DCMAKE_BUILD_TYPE=Debug
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CXX_FLAGS}")
run(${CMAKE_COMMAND} --build ${work}/embed)
set(demo ${SOURCE_DIR}/samples/demo)
file(MAKE_DIRECTORY ${work}/embed-state)
file(WRITE ${work}/embed.json "{
  \"plugin_dirs\": [\"${work}/prefix/lib/unstuck/plugins\"],
  \"store\": {\"sqlite\": \"${work}/embed-state/unstuck.db\"},
  \"sweep\": {\"evidence_dir\": \"${work}/embed-state/evidence\",
            \"carrier_plugins\": {\"ups\": \"replay\", \"fedex\": \"replay\", \"usps\": \"replay\", \"dhl\": \"replay\"}},
  \"routes\": [{\"backend\": \"outbox\"}],
  \"plugins\": {\"replay\": {\"dir\": \"${demo}/responses\"}, \"outbox\": {\"dir\": \"${work}/embed-state/outbox\"}},
  \"log\": {\"level\": \"off\"}
}")
foreach(round first second)
  execute_process(COMMAND ${work}/embed/erp-sweep ${work}/embed.json INPUT_FILE ${demo}/orders.jsonl
                  WORKING_DIRECTORY ${demo} RESULT_VARIABLE rc OUTPUT_VARIABLE ${round} ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "erp-sweep (${round} run) failed (${rc}):\n${${round}}\n${err}")
  endif()
endforeach()
if(NOT first MATCHES "^26 decided, ([1-9][0-9]*) filed, 0 already filed")
  message(FATAL_ERROR "the first embedded sweep filed nothing: ${first}")
endif()
set(filed ${CMAKE_MATCH_1})
if(NOT second MATCHES "^26 decided, 0 filed, ${filed} already filed")
  message(FATAL_ERROR "the second embedded sweep did not find the ${filed} disputes already filed: ${second}")
endif()
message(STATUS "embedded sweep: ${first}${second}")
