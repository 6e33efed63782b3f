#include "unstuck/core/plugin/plugin_loader.hpp"

#include <algorithm>
#include <cstddef>
#include <mutex>

#include <boost/dll/library_info.hpp>

#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/sdk/version.hpp"

namespace unstuck::core {
namespace {

namespace fs = std::filesystem;

// dlopen is not safe to call concurrently everywhere: one lock for every load in the process.
std::mutex& load_mutex() {
    static std::mutex m;
    return m;
}

// The descriptor fields the host reads; an older plugin's shorter struct must still reach this far.
constexpr std::size_t kMinDescriptorSize = offsetof(sdk::PluginDescriptor, destroy) + sizeof(void (*)());

std::string str(const char* s) {
    return s ? s : "";
}

// Lists the Boost.DLL aliases of a module without loading it; empty when it has none or is no ELF file.
std::vector<std::string> aliases(const fs::path& file) {
    try {
        boost::dll::library_info info(file, false);
        return info.symbols("boostdll");
    } catch (const std::exception&) {
        return {};
    }
}

fs::path manifest_path(const fs::path& module) {
    return module.parent_path() / (module.stem().string() + ".manifest.json");
}

}  // namespace

void PluginLoader::scan(const std::vector<fs::path>& dirs) {
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) {
            logger("loader")->warn("plugin folder {} does not exist; skipped", dir.string());
            continue;
        }
        std::vector<fs::path> modules;
        for (const auto& entry : fs::directory_iterator(dir, ec))
            if (entry.path().extension() == ".so" && !entry.is_directory()) modules.push_back(entry.path());
        std::sort(modules.begin(), modules.end());
        for (const auto& m : modules) load(m);
    }
}

PluginRecord PluginLoader::load(const fs::path& file) {
    PluginRecord record;
    record.file = file;
    record.name = file.stem().string();

    auto refuse = [&](std::string reason) -> PluginRecord {
        record.loaded = false;
        record.reason = std::move(reason);
        logger("loader")->error("plugin refused: {}: {}", file.string(), record.reason);
        records_.push_back(record);
        return record;
    };

    auto exported = aliases(file);
    if (std::find(exported.begin(), exported.end(), sdk::kPluginEntryAlias) == exported.end()) {
        if (exported.empty())
            return refuse(
                "not an unstuck plugin: no Boost.DLL alias 'unstuck_plugin' (a plain shared library?)");
        std::string list;
        for (const auto& a : exported) list += (list.empty() ? "" : ", ") + a;
        return refuse("missing entry symbol: exports Boost.DLL aliases (" + list +
                      ") but not 'unstuck_plugin'");
    }

    auto library = std::make_shared<boost::dll::shared_library>();
    {
        std::lock_guard lock(load_mutex());
        boost::dll::fs::error_code ec;
        library->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
        if (ec) return refuse("cannot load: " + ec.message());
    }

    const sdk::PluginDescriptor* d = nullptr;
    try {
        d = library->get_alias<sdk::PluginEntry>(sdk::kPluginEntryAlias)();
    } catch (const std::exception& e) {
        return refuse(std::string("entry 'unstuck_plugin' failed: ") + e.what());
    }
    if (!d) return refuse("entry 'unstuck_plugin' returned no descriptor");
    if (d->struct_size < kMinDescriptorSize)
        return refuse("descriptor too small (" + std::to_string(d->struct_size) + " bytes, need at least " +
                      std::to_string(kMinDescriptorSize) + ")");
    if (d->abi_major != UNSTUCK_ABI_MAJOR)
        return refuse("ABI major " + std::to_string(d->abi_major) + " differs from the host's " +
                      std::to_string(UNSTUCK_ABI_MAJOR));
    if (d->abi_minor > UNSTUCK_ABI_MINOR)
        return refuse("ABI minor " + std::to_string(d->abi_major) + "." + std::to_string(d->abi_minor) +
                      " is newer than the host's " + std::to_string(UNSTUCK_ABI_MAJOR) + "." +
                      std::to_string(UNSTUCK_ABI_MINOR));
    if (str(d->toolchain) != UNSTUCK_TOOLCHAIN_TAG)
        return refuse("toolchain '" + str(d->toolchain) +
                      "' differs from the host's '" UNSTUCK_TOOLCHAIN_TAG "'");
    record.name = str(d->name);
    record.kind = str(d->kind);
    record.version = str(d->version);
    record.vendor = str(d->vendor);
    if (record.name.empty()) return refuse("descriptor has no name");
    if (record.kind != "carrier" && record.kind != "ticketing" && record.kind != "marketplace")
        return refuse("kind '" + record.kind + "' is not carrier, ticketing or marketplace");
    if (record.kind == "marketplace" && d->abi_minor < 2)
        return refuse("kind 'marketplace' needs ABI 2.2, the plugin says " + std::to_string(d->abi_major) +
                      "." + std::to_string(d->abi_minor));
    if (!d->create || !d->destroy) return refuse("descriptor lacks create or destroy");

    auto manifest = Manifest::load(manifest_path(file));
    if (!manifest) return refuse(manifest.error().message);
    if (manifest->name != record.name || manifest->kind != record.kind)
        return refuse("manifest says " + manifest->kind + " '" + manifest->name + "', descriptor says " +
                      record.kind + " '" + record.name + "'");

    if (auto taken = loaded_.find(record.name); taken != loaded_.end())
        return refuse("name '" + record.name + "' is already taken by " + taken->second.file.string());

    record.loaded = true;
    record.display_name = manifest->display_name;
    loaded_.emplace(record.name, LoadedPlugin{std::move(library), d, std::move(*manifest), file});
    logger("loader")->debug("plugin loaded: {} ({} {} {})", file.string(), record.kind, record.name,
                            record.version);
    records_.push_back(record);
    return record;
}

bool PluginLoader::refuse(std::string_view name, std::string reason) {
    auto it = loaded_.find(name);
    if (it == loaded_.end()) return false;
    for (auto& r : records_) {
        if (!r.loaded || r.name != name) continue;
        r.loaded = false;
        r.reason = reason;
        logger("loader")->debug("plugin refused: {}: {}", r.file.string(), r.reason);
    }
    loaded_.erase(it);
    return true;
}

const LoadedPlugin* PluginLoader::find(std::string_view name) const {
    auto it = loaded_.find(name);
    return it == loaded_.end() ? nullptr : &it->second;
}

}  // namespace unstuck::core
