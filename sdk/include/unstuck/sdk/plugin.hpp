#pragma once
//! The plugin descriptor every plugin exports, and the base of all plugin objects.

#include <cstddef>
#include <cstdint>

#include "unstuck/sdk/host_services.hpp"

namespace unstuck::sdk {

//! Base of every object a plugin creates; the host owns it and destroys it through the descriptor.
class Plugin {
  public:
    virtual ~Plugin();
};

//! What a plugin library exports under the alias `unstuck_plugin`: plain data the host checks before use.
//! Fields are only ever appended; `struct_size` tells the host how many a plugin knows.
extern "C" struct PluginDescriptor {
    std::uint32_t struct_size;  //!< sizeof(PluginDescriptor) as the plugin was built
    std::uint32_t abi_major;    //!< must equal the host's UNSTUCK_ABI_MAJOR
    std::uint32_t abi_minor;    //!< must not be newer than the host's UNSTUCK_ABI_MINOR
    const char* kind;           //!< `carrier` or `ticketing`
    const char* name;           //!< unique among loaded plugins, e.g. `ups`
    const char* version;        //!< the plugin's own version
    const char* vendor;
    const char* toolchain;  //!< UNSTUCK_TOOLCHAIN_TAG as the plugin was built; must equal the host's
    //! Creates the plugin object, or returns null and writes a one-line reason into `error`. Should not throw
    //! (the export macros make sure of it); the host contains an exception all the same.
    Plugin* (*create)(const HostServices* host, char* error, std::size_t error_size);
    //! Destroys an object made by `create`, in the module that made it.
    void (*destroy)(Plugin* plugin);
};

//! Signature of the exported entry point.
using PluginEntry = const PluginDescriptor*();

//! The alias name the host looks up.
inline constexpr const char* kPluginEntryAlias = "unstuck_plugin";

}  // namespace unstuck::sdk
