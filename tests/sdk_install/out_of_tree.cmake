# The SDK as a plugin author and an integrator get it. Installs to a temporary prefix, then, with nothing of the
# source or build tree in sight:
#  - scaffolds a carrier with the INSTALLED `unstuck new-plugin`, configures it with find_package(unstuck
#    COMPONENTS sdk) while tracing CMake (no core dependency is looked for, no core target defined), builds it
#    and runs its generated tests (they pass at once); records a new golden case with the update target;
#  - loads it in the installed host: `plugins`, `detect`, and an order whose package carries the carrier's saved
#    response (`raw`) through `check` and through `sweep`, which files its dispute into the installed outbox;
#    its `fetch` against a loopback stand-in of the carrier's API, status by status;
#  - scaffolds, builds and tests a ticketing plugin (its test sweeps an order through it twice: filed once);
#  - builds samples/embed (a program linking the core library) and sweeps the demo orders with it twice.
#   cmake -DSOURCE_DIR=... -DBINARY_DIR=... -DGENERATOR=... [-DCXX_FLAGS=...] -P out_of_tree.cmake
cmake_minimum_required(VERSION 3.25)
set(work ${BINARY_DIR}/out-of-tree)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work})
set(prefix ${work}/prefix)
set(unstuck ${prefix}/bin/unstuck)

include(${CMAKE_CURRENT_LIST_DIR}/../cmake/run_command.cmake)

function(expect_in text what)
  string(FIND "${text}" "${what}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected to find ${what} in:\n${text}")
  endif()
endfunction()

# Configures and builds an out-of-tree project against the prefix only.
function(configure_and_build source build)
  run(${CMAKE_COMMAND} -S ${source} -B ${build} -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix}
      -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_MODULE_LINKER_FLAGS=${CXX_FLAGS}"
      "-DCMAKE_EXE_LINKER_FLAGS=${CXX_FLAGS}" ${ARGN})
  run(${CMAKE_COMMAND} --build ${build})
endfunction()

run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix})
foreach(f lib/cmake/unstuck/unstuckConfig.cmake lib/cmake/unstuck/unstuckSdkTargets.cmake
          lib/cmake/unstuck/UnstuckGoldenTests.cmake bin/unstuck)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "the install has no ${f}")
  endif()
endforeach()

# --- A carrier, scaffolded by the installed host. -------------------------------------------------------------
run(${unstuck} new-plugin --kind carrier acme-parcel ${work}/acme-parcel)
expect_in("${out}" "-DCMAKE_PREFIX_PATH=${prefix}")

# What the sdk component looks for and defines: a trace of every find_package call, and the targets that exist
# once the project is configured (written by a probe deferred to the end of the project's folder).
file(WRITE ${work}/probe.cmake [[
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL _unstuck_probe)
function(_unstuck_probe)
  set(defined "")
  foreach(t unstuck::sdk unstuck::kit unstuck::unstuck unstuck::core Poco::Foundation PostgreSQL::PostgreSQL
            spdlog::spdlog)
    if(TARGET ${t})
      list(APPEND defined ${t})
    endif()
  endforeach()
  file(WRITE ${CMAKE_BINARY_DIR}/targets.txt "${defined}")
endfunction()
]])
configure_and_build(${work}/acme-parcel ${work}/acme-parcel/build --trace-expand --trace-format=json-v1
                    --trace-redirect=${work}/acme-trace.json -DCMAKE_PROJECT_INCLUDE=${work}/probe.cmake)
file(READ ${work}/acme-parcel/build/targets.txt targets)
if(NOT targets STREQUAL "unstuck::sdk;unstuck::kit;unstuck::unstuck")
  message(FATAL_ERROR "COMPONENTS sdk should define unstuck::sdk, unstuck::kit and unstuck::unstuck only; "
                      "defined: ${targets}")
endif()
file(STRINGS ${work}/acme-trace.json finds REGEX "\"cmd\":\"find_package\"")
set(looked_for "")
foreach(line IN LISTS finds)
  # One JSON object a line, the package first among the args (a line holding ';' reaches here in pieces).
  if(line MATCHES "^{\"args\":\\[\"([^\"]*)\"")
    list(APPEND looked_for ${CMAKE_MATCH_1})
  endif()
endforeach()
list(REMOVE_DUPLICATES looked_for)
if(NOT "simdjson" IN_LIST looked_for OR NOT "unstuck" IN_LIST looked_for)
  message(FATAL_ERROR "the trace shows no find_package(unstuck) or find_package(simdjson): ${looked_for}")
endif()
# OpenSSL is not among them: the kit signs and verifies with its libcrypto.
foreach(core_dependency Poco PostgreSQL spdlog fmt SQLite3)
  if(core_dependency IN_LIST looked_for)
    message(FATAL_ERROR "COMPONENTS sdk looked for ${core_dependency} (looked for: ${looked_for})")
  endif()
endforeach()
message(STATUS "COMPONENTS sdk looked for ${looked_for} and defined ${targets}")

run(${CMAKE_CTEST_COMMAND} --test-dir ${work}/acme-parcel/build --output-on-failure)
expect_in("${out}" "100% tests passed, 0 tests failed out of 3")

# A new saved response fails until its expected file is recorded with the update target; then it passes.
file(READ ${work}/acme-parcel/tests/golden/in_transit.json transit)
string(REPLACE "\"code\": \"IT\", \"text\": \"Arrived at hub\"" "\"code\": \"DL\", \"text\": \"Delivered\""
       delivered "${transit}")
file(WRITE ${work}/acme-parcel/tests/golden/delivered.json "${delivered}")
run(${CMAKE_COMMAND} ${work}/acme-parcel/build)
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${work}/acme-parcel/build --output-on-failure
                RESULT_VARIABLE rc OUTPUT_VARIABLE missing ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "a golden case without its expected file passed:\n${missing}")
endif()
expect_in("${missing}" "delivered.expected.json: missing; write it with: cmake --build ${work}/acme-parcel/build --target update_golden_carrier_acme-parcel")
run(${CMAKE_COMMAND} --build ${work}/acme-parcel/build --target update_golden_carrier_acme-parcel)
file(READ ${work}/acme-parcel/tests/golden/delivered.expected.json recorded)
expect_in("${recorded}" "\"status\": \"DELIVERED\"")
run(${CMAKE_CTEST_COMMAND} --test-dir ${work}/acme-parcel/build --output-on-failure)
expect_in("${out}" "100% tests passed, 0 tests failed out of 4")

# --- The carrier in the installed host. -----------------------------------------------------------------------
file(MAKE_DIRECTORY ${work}/state)
file(WRITE ${work}/config.json "{
  \"plugin_dirs\": [\"${work}/acme-parcel/build\", \"${prefix}/lib/unstuck/plugins\"],
  \"store\": {\"sqlite\": \"${work}/state/unstuck.db\"},
  \"sweep\": {\"evidence_dir\": \"${work}/state/evidence\"},
  \"routes\": [{\"backend\": \"outbox\"}],
  \"plugins\": {\"outbox\": {\"dir\": \"${work}/state/outbox\"}},
  \"log\": {\"level\": \"warn\"}
}")
run(${unstuck} --config ${work}/config.json plugins --json)
expect_in("${out}" "\"name\":\"acme-parcel\",\"kind\":\"carrier\",\"version\":\"0.1.0\"")
run(${unstuck} --config ${work}/config.json detect EX123456782 EX123456781)
string(REGEX REPLACE " +" " " out "${out}")
expect_in("${out}" "EX123456782 acme-parcel Standard valid")
expect_in("${out}" "EX123456781 acme-parcel Standard INVALID")

# An order awaiting collection whose package the carrier picked up on the 15th: its saved response is the
# package's `raw` document, normalized by the scaffolded plugin.
string(REGEX REPLACE "[\r\n]+ *" " " payload "${transit}")
file(WRITE ${work}/orders.jsonl "{\"order_id\": \"A-1\", \"shop_id\": \"S-1\", \"region\": \"US\", \"shipping_type\": \"PLATFORM\", \"platform_status\": \"AWAITING_COLLECTION\", \"packages\": [{\"package_id\": \"P-1\", \"tracking_number\": \"EX123456782\", \"carrier\": \"acme-parcel\", \"raw\": {\"carrier\": \"acme-parcel\", \"payload\": ${payload}}}], \"now\": \"2024-07-17T12:00:00Z\"}\n")
run(${unstuck} --config ${work}/config.json check --orders ${work}/orders.jsonl)
expect_in("${out}" "\"rule\":\"platform.picked_up_not_updated\"")
expect_in("${out}" "\"code\":\"PU\"")
run(${unstuck} --config ${work}/config.json sweep --orders ${work}/orders.jsonl --json)
string(JSON filed GET "${out}" disputes filed)
if(NOT filed EQUAL 1)
  message(FATAL_ERROR "the sweep through the scaffolded carrier filed ${filed} disputes, not 1:\n${out}")
endif()
file(GLOB packets ${work}/state/outbox/*/dispute.json)
list(LENGTH packets packet_count)
if(NOT packet_count EQUAL 1)
  message(FATAL_ERROR "expected one dispute in the outbox, found ${packet_count}")
endif()
message(STATUS "scaffolded carrier built, tested and swept: ${packets}")

# Its fetch against a loopback stand-in of the carrier's API (carrier_api.py), one attempt per request: each HTTP
# status becomes the result the plugin guide's table gives it.
find_program(python3 python3 REQUIRED)
execute_process(COMMAND sh -c "'${python3}' '${SOURCE_DIR}/tests/sdk_install/carrier_api.py' \
                               '${work}/acme-parcel/tests/golden/in_transit.json' '${work}/api.port' 300 \
                               >'${work}/api.log' 2>&1 & echo $!"
                OUTPUT_VARIABLE api_pid OUTPUT_STRIP_TRAILING_WHITESPACE)
foreach(i RANGE 100)
  if(EXISTS ${work}/api.port)
    break()
  endif()
  execute_process(COMMAND sleep 0.1)
endforeach()
if(NOT EXISTS ${work}/api.port)
  message(FATAL_ERROR "the carrier API stand-in did not start")
endif()
file(READ ${work}/api.port api_port)
file(WRITE ${work}/live.json "{
  \"plugin_dirs\": [\"${work}/acme-parcel/build\"],
  \"plugins\": {\"acme-parcel\": {\"base_url\": \"http://127.0.0.1:${api_port}\"}},
  \"secrets\": {\"acme-parcel\": {\"api_key\": \"k\"}},
  \"http\": {\"max_attempts\": 1},
  \"log\": {\"level\": \"off\"}
}")
set(outcomes
    "EX123456782|0|"
    "EX000000404|1|not found: Acme Parcel does not know EX000000404"
    "EX000000408|1|temporary failure"
    "EX000000425|1|temporary failure"
    "EX000000429|1|temporary failure (retry after 7s)"
    "EX000000500|1|temporary failure"
    "EX000000503|1|temporary failure (retry after 7s)"
    "EX000000401|1|failed"
    "EX000000403|1|failed"
    "EX000000400|1|failed")
foreach(outcome IN LISTS outcomes)
  string(REPLACE "|" ";" outcome "${outcome}")
  list(GET outcome 0 number)
  list(GET outcome 1 code)
  list(LENGTH outcome parts)
  execute_process(COMMAND ${unstuck} --config ${work}/live.json track --carrier acme-parcel ${number}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE shipment ERROR_VARIABLE err)
  set(said "")
  if(parts GREATER 2)
    list(GET outcome 2 said)
  endif()
  string(FIND "${err}" "unstuck track: acme-parcel ${number}: ${said}" at)
  if(NOT rc EQUAL code OR (said AND NOT at EQUAL 0))
    execute_process(COMMAND kill ${api_pid})
    message(FATAL_ERROR "track ${number}: expected exit ${code} saying '${said}', got ${rc}:\n${shipment}${err}")
  endif()
endforeach()
execute_process(COMMAND kill ${api_pid})
message(STATUS "the scaffolded carrier's fetch maps every HTTP status as the guide says")

# --- A ticketing plugin, scaffolded, built and tested the same way. -------------------------------------------
run(${unstuck} new-plugin --kind ticketing helpdesk ${work}/helpdesk)
configure_and_build(${work}/helpdesk ${work}/helpdesk/build)
run(${CMAKE_CTEST_COMMAND} --test-dir ${work}/helpdesk/build --output-on-failure)
expect_in("${out}" "100% tests passed, 0 tests failed out of 1")

# --- samples/embed: the core library linked into a program of its own (the default component, core). ----------
configure_and_build(${SOURCE_DIR}/samples/embed ${work}/embed)
set(demo ${SOURCE_DIR}/samples/demo)
file(MAKE_DIRECTORY ${work}/embed-state)
file(WRITE ${work}/embed.json "{
  \"plugin_dirs\": [\"${prefix}/lib/unstuck/plugins\"],
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
