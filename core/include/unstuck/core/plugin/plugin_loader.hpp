#pragma once
//! Finds plugin modules in folders, loads them with Boost.DLL and checks their descriptors and manifests.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include "unstuck/core/plugin/manifest.hpp"
#include "unstuck/sdk/plugin.hpp"

namespace unstuck::core {

//! What became of one module file.
struct PluginRecord {
    std::filesystem::path file;
    std::string name;  //!< from the descriptor, or the file name when refused before it was read
    std::string kind;
    std::string version;
    std::string vendor;
    std::string display_name;  //!< from the manifest (else its name); empty when refused before it
    bool loaded = false;
    std::string reason;  //!< why it was refused; empty when loaded
};

//! A loaded module: its library stays loaded as long as this or any object made from it lives.
struct LoadedPlugin {
    std::shared_ptr<boost::dll::shared_library> library;
    const sdk::PluginDescriptor* descriptor = nullptr;
    Manifest manifest;
    std::filesystem::path file;
};

//! Scans folders for `*.so` modules and keeps the ones that pass every check.
class PluginLoader {
  public:
    //! Loads every module in the folders (sorted by file name within each folder); refusals are recorded
    //! and logged as one line naming the file and the reason.
    void scan(const std::vector<std::filesystem::path>& dirs);
    //! Loads one module file; returns its record (also kept in records()).
    PluginRecord load(const std::filesystem::path& file);

    //! Refuses a loaded plugin after the fact (e.g. its configuration does not fit its manifest): it is
    //! no longer found, and its record says why. False when no plugin of that name is loaded.
    bool refuse(std::string_view name, std::string reason);

    //! Every module seen, loaded or refused, in scan order.
    const std::vector<PluginRecord>& records() const noexcept { return records_; }
    //! A loaded plugin by name, or null.
    const LoadedPlugin* find(std::string_view name) const;
    //! Every loaded plugin, by name.
    const std::map<std::string, LoadedPlugin, std::less<>>& loaded() const noexcept { return loaded_; }

  private:
    std::vector<PluginRecord> records_;
    std::map<std::string, LoadedPlugin, std::less<>> loaded_;
};

}  // namespace unstuck::core
