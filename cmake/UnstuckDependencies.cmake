# Finds what unstuck builds against; used by the source tree and by the installed package alike.
# The SDK, the kit and plugins need only Boost's headers, simdjson, date (with Threads) and OpenSSL's libcrypto
# (the kit's signatures); the core adds spdlog, fmt, PostgreSQL and Poco. With UNSTUCK_DEPENDENCIES_SDK_ONLY set,
# only the first group is looked for.
include(CMakeFindDependencyMacro)

find_dependency(Boost 1.74)
find_dependency(simdjson)
find_dependency(date)
find_dependency(Threads)
find_dependency(OpenSSL)
if(UNSTUCK_DEPENDENCIES_SDK_ONLY)
  return()
endif()

find_dependency(spdlog)
find_dependency(fmt)
# Debian's Poco Data/PostgreSQL target links PostgreSQL::client, which no find module defines.
find_dependency(PostgreSQL)
if(NOT TARGET PostgreSQL::client)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()
find_dependency(Poco COMPONENTS Foundation Net NetSSL Crypto JSON Util Data DataSQLite DataPostgreSQL)
# The service's metrics (core/src/serve), linked privately by the static core.
find_dependency(prometheus-cpp CONFIG)
