#pragma once
//! Export macros: one line in a plugin's source makes it loadable by the host.
//!
//! ```
//! class MyCarrier : public unstuck::sdk::CarrierPlugin {
//! public:
//!     explicit MyCarrier(const unstuck::sdk::HostServices& host);
//!     ...
//! };
//! UNSTUCK_CARRIER_PLUGIN(MyCarrier, "mycarrier", "1.0.0", "Example Ltd")
//! ```
//! The constructor may throw to refuse its configuration; the message reaches the host, the exception does
//! not.

#include <cstdio>
#include <string_view>
#include <type_traits>

#include <boost/dll/alias.hpp>

#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/contain.hpp"
#include "unstuck/sdk/marketplace.hpp"
#include "unstuck/sdk/plugin.hpp"
#include "unstuck/sdk/ticketing.hpp"
#include "unstuck/sdk/version.hpp"

namespace unstuck::sdk::detail {

//! Constructs T from the host services, turning any exception into a one-line error.
template <typename T>
Plugin* create_guarded(const HostServices* host, char* error, std::size_t error_size) noexcept {
    return contain([&]() -> Plugin* { return new T(*host); },
                   [&](std::string_view what) -> Plugin* {
                       std::snprintf(error, error_size, "%.*s", static_cast<int>(what.size()), what.data());
                       return nullptr;
                   });
}

}  // namespace unstuck::sdk::detail

// unstuck_add_plugin() defines UNSTUCK_PLUGIN_KIND and UNSTUCK_PLUGIN_NAME: the macro must agree with the
// build.
#if defined(UNSTUCK_PLUGIN_KIND) && defined(UNSTUCK_PLUGIN_NAME) && !defined(UNSTUCK_SKIP_BUILD_CHECK)
#define UNSTUCK_DETAIL_CHECK_BUILD(KIND, NAME)                                                           \
    static_assert(std::string_view(UNSTUCK_PLUGIN_KIND) == KIND, "export macro kind differs from KIND"); \
    static_assert(std::string_view(UNSTUCK_PLUGIN_NAME) == NAME, "export macro name differs from NAME");
#else
#define UNSTUCK_DETAIL_CHECK_BUILD(KIND, NAME)
#endif

//! Defines the descriptor with every field given; the kind macros below are what plugins use.
#define UNSTUCK_PLUGIN_DESCRIPTOR(KIND, CLASS, NAME, VERSION, VENDOR, ABI_MAJOR, ABI_MINOR, TOOLCHAIN)   \
    namespace {                                                                                          \
    ::unstuck::sdk::Plugin* unstuck_plugin_create(const ::unstuck::sdk::HostServices* host, char* error, \
                                                  std::size_t error_size) noexcept {                     \
        return ::unstuck::sdk::detail::create_guarded<CLASS>(host, error, error_size);                   \
    }                                                                                                    \
    void unstuck_plugin_destroy(::unstuck::sdk::Plugin* plugin) noexcept {                               \
        delete plugin;                                                                                   \
    }                                                                                                    \
    const ::unstuck::sdk::PluginDescriptor unstuck_plugin_descriptor{                                    \
        sizeof(::unstuck::sdk::PluginDescriptor),                                                        \
        ABI_MAJOR,                                                                                       \
        ABI_MINOR,                                                                                       \
        KIND,                                                                                            \
        NAME,                                                                                            \
        VERSION,                                                                                         \
        VENDOR,                                                                                          \
        TOOLCHAIN,                                                                                       \
        &unstuck_plugin_create,                                                                          \
        &unstuck_plugin_destroy};                                                                        \
    }                                                                                                    \
    extern "C" const ::unstuck::sdk::PluginDescriptor* unstuck_plugin_entry() noexcept {                 \
        return &unstuck_plugin_descriptor;                                                               \
    }                                                                                                    \
    BOOST_DLL_ALIAS(unstuck_plugin_entry, unstuck_plugin)

//! Exports CLASS (a CarrierPlugin constructible from `const HostServices&`) as carrier plugin NAME.
#define UNSTUCK_CARRIER_PLUGIN(CLASS, NAME, VERSION, VENDOR)                                                 \
    static_assert(std::is_base_of_v<::unstuck::sdk::CarrierPlugin, CLASS>, "not a CarrierPlugin");           \
    UNSTUCK_DETAIL_CHECK_BUILD("carrier", NAME)                                                              \
    UNSTUCK_PLUGIN_DESCRIPTOR("carrier", CLASS, NAME, VERSION, VENDOR, UNSTUCK_ABI_MAJOR, UNSTUCK_ABI_MINOR, \
                              UNSTUCK_TOOLCHAIN_TAG)

//! Exports CLASS (a TicketingPlugin constructible from `const HostServices&`) as ticketing plugin NAME.
#define UNSTUCK_TICKETING_PLUGIN(CLASS, NAME, VERSION, VENDOR)                                         \
    static_assert(std::is_base_of_v<::unstuck::sdk::TicketingPlugin, CLASS>, "not a TicketingPlugin"); \
    UNSTUCK_DETAIL_CHECK_BUILD("ticketing", NAME)                                                      \
    UNSTUCK_PLUGIN_DESCRIPTOR("ticketing", CLASS, NAME, VERSION, VENDOR, UNSTUCK_ABI_MAJOR,            \
                              UNSTUCK_ABI_MINOR, UNSTUCK_TOOLCHAIN_TAG)

//! Exports CLASS (a MarketplacePlugin constructible from `const HostServices&`) as marketplace plugin NAME.
#define UNSTUCK_MARKETPLACE_PLUGIN(CLASS, NAME, VERSION, VENDOR)                                           \
    static_assert(std::is_base_of_v<::unstuck::sdk::MarketplacePlugin, CLASS>, "not a MarketplacePlugin"); \
    UNSTUCK_DETAIL_CHECK_BUILD("marketplace", NAME)                                                        \
    UNSTUCK_PLUGIN_DESCRIPTOR("marketplace", CLASS, NAME, VERSION, VENDOR, UNSTUCK_ABI_MAJOR,              \
                              UNSTUCK_ABI_MINOR, UNSTUCK_TOOLCHAIN_TAG)
