#pragma once
//! SDK and plugin ABI versions, and the toolchain tag a plugin must share with its host.

#include <boost/version.hpp>

//! Major version of the plugin ABI: a host loads only plugins with the same major.
#define UNSTUCK_ABI_MAJOR 2
//! Minor version of the plugin ABI: a host loads plugins whose minor is not newer than its own.
#define UNSTUCK_ABI_MINOR 2

#define UNSTUCK_DETAIL_STR2(x) #x
#define UNSTUCK_DETAIL_STR(x) UNSTUCK_DETAIL_STR2(x)

#if defined(__clang__)
#define UNSTUCK_DETAIL_COMPILER "clang-" UNSTUCK_DETAIL_STR(__clang_major__)
#elif defined(__GNUC__)
#define UNSTUCK_DETAIL_COMPILER "gcc-" UNSTUCK_DETAIL_STR(__GNUC__)
#else
#define UNSTUCK_DETAIL_COMPILER "unknown"
#endif

#if defined(_GLIBCXX_USE_CXX11_ABI)
#define UNSTUCK_DETAIL_STDLIB "libstdc++" UNSTUCK_DETAIL_STR(_GLIBCXX_USE_CXX11_ABI)
#elif defined(_LIBCPP_VERSION)
#define UNSTUCK_DETAIL_STDLIB "libc++"
#else
#define UNSTUCK_DETAIL_STDLIB "stdlib"
#endif

//! Toolchain tag: the interfaces are C++, so host and plugin must agree on compiler, standard library and
//! Boost.
#define UNSTUCK_TOOLCHAIN_TAG \
    UNSTUCK_DETAIL_COMPILER ";" UNSTUCK_DETAIL_STDLIB ";boost-" UNSTUCK_DETAIL_STR(BOOST_VERSION) ";abi-2"

namespace unstuck::sdk {

//! The SDK's release version.
inline constexpr const char* kSdkVersion = "0.4.0";

}  // namespace unstuck::sdk
