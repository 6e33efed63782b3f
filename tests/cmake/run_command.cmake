# run(<command> <args>...): runs a command in a `cmake -P` test script and stops the test with the command, its
# exit code and its output when it fails; `out` and `err` hold what it printed.
include_guard(GLOBAL)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()
