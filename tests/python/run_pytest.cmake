# Installs the build to a prefix of its own, then runs the Python package's tests (python/tests) with the
# installed package and library: PYTHONPATH and UNSTUCK_LIBRARY point into the prefix, nothing into the tree.
# A sanitized library runs sanitized under Python too: libasan (and libubsan) are preloaded.
#   cmake -DSOURCE_DIR=... -DBINARY_DIR=... -DPYTHON=... [-DSANITIZE=ON] -P run_pytest.cmake
set(work ${BINARY_DIR}/python-tests)
set(prefix ${work}/prefix)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work})

execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix}
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BINARY_DIR} failed (${rc}):\n${err}")
endif()
set(package ${prefix}/lib/python3/dist-packages)
file(GLOB library ${prefix}/lib/libunstuck.so.0 ${prefix}/lib*/*/libunstuck.so.0)
if(NOT EXISTS ${package}/unstuck/__init__.py)
  message(FATAL_ERROR "the install has no Python package in ${package}/unstuck")
endif()
if(NOT library)
  message(FATAL_ERROR "the install has no libunstuck.so.0 in ${prefix}/lib")
endif()
list(GET library 0 library)

set(env PYTHONPATH=${package} UNSTUCK_LIBRARY=${library} UNSTUCK_TEST_PREFIX=${prefix}
        UNSTUCK_SOURCE_DIR=${SOURCE_DIR} PYTHONDONTWRITEBYTECODE=1)
if(SANITIZE)
  set(preload "")
  foreach(runtime libasan.so libubsan.so)
    execute_process(COMMAND gcc -print-file-name=${runtime} OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(IS_ABSOLUTE "${path}" AND EXISTS "${path}")
      list(APPEND preload ${path})
    endif()
  endforeach()
  list(JOIN preload ":" preload)
  # Python's own allocations are not leaks worth reporting; everything else ASan and UBSan check stops the run.
  list(APPEND env LD_PRELOAD=${preload} ASAN_OPTIONS=detect_leaks=0 PYTHONMALLOC=malloc
       UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -E env ${env}
                        ${PYTHON} -m pytest -q -p no:cacheprovider --basetemp=${work}/tmp
                        ${SOURCE_DIR}/python/tests
                WORKING_DIRECTORY ${work} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pytest failed (${rc})")
endif()
