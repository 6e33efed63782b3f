# Configures manifest_check/ with -DCASE=<case> and succeeds only when configuring fails with EXPECT in its
# message (CMake wraps messages: whitespace runs are compared as one space).
#   cmake -DCASE=<case> -DEXPECT=<text> -DBINARY_DIR=<dir> -DUNSTUCK_CMAKE_DIR=<dir> -DGENERATOR=<g> -P run.cmake
file(REMOVE_RECURSE ${BINARY_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR} -B ${BINARY_DIR} -G ${GENERATOR}
                        -DCASE=${CASE} -DUNSTUCK_CMAKE_DIR=${UNSTUCK_CMAKE_DIR}
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX REPLACE "[ \t\r\n]+" " " said "${err}")
if(result EQUAL 0)
  message(FATAL_ERROR "${CASE}: configuring succeeded, but the manifest is wrong")
endif()
string(FIND "${said}" "${EXPECT}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${CASE}: expected '${EXPECT}' in:\n${err}")
endif()
