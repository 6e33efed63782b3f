# Sweeps tests/stuck_order.jsonl twice through the installed host with this plugin as the only route: the first
# sweep files one dispute into the desk folder, the second finds it under its key and files nothing.
#   cmake -DUNSTUCK=<unstuck> -DPLUGIN_DIR=<build dir> -DNAME=<plugin> -DWORK_DIR=<dir> -DORDER=<jsonl> -P ...
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
file(WRITE ${WORK_DIR}/config.json "{
  \"plugin_dirs\": [\"${PLUGIN_DIR}\"],
  \"store\": {\"sqlite\": \"${WORK_DIR}/unstuck.db\"},
  \"sweep\": {\"evidence_dir\": \"${WORK_DIR}/evidence\"},
  \"routes\": [{\"backend\": \"${NAME}\"}],
  \"plugins\": {\"${NAME}\": {\"dir\": \"${WORK_DIR}/desk\"}},
  \"log\": {\"level\": \"warn\"}
}")
foreach(round first second)
  execute_process(COMMAND ${UNSTUCK} --config ${WORK_DIR}/config.json sweep --orders ${ORDER} --json
                  RESULT_VARIABLE rc OUTPUT_VARIABLE ${round} ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the ${round} sweep failed (${rc}):\n${${round}}\n${err}")
  endif()
  string(JSON filed_${round} GET "${${round}}" disputes filed)
endforeach()
if(NOT filed_first EQUAL 1 OR NOT filed_second EQUAL 0)
  message(FATAL_ERROR "expected 1 dispute filed, then none; got ${filed_first}, then ${filed_second}:\n"
                      "${first}\n${second}")
endif()
file(GLOB tickets ${WORK_DIR}/desk/*/ticket.json)
list(LENGTH tickets count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one ticket in ${WORK_DIR}/desk, found ${count}")
endif()
file(READ ${tickets} ticket)
string(JSON order GET "${ticket}" order_id)
string(JSON code GET "${ticket}" code)
if(NOT order STREQUAL "T-1001" OR NOT code STREQUAL "pick_up_issues.picked_up_not_updated")
  message(FATAL_ERROR "the ticket is not the stuck order's pickup dispute:\n${ticket}")
endif()
message(STATUS "filed once: ${tickets}")
