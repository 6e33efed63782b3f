// Every plugin unstuck_add_plugin builds exports exactly one dynamic symbol, the Boost.DLL alias the host
// reads: nothing of the SDK, the kit or the libraries linked into it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/dll/library_info.hpp>

#include "support/run_process.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

// The modules built by unstuck_add_plugin: the shipped plugins and the ABI fixtures made with it.
std::vector<fs::path> plugin_modules() {
    std::vector<fs::path> out;
    for (const char* dir : {UNSTUCK_PLUGIN_DIR, UNSTUCK_ABI_FIXTURE_DIR}) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            const std::string file = entry.path().filename().string();
            if (entry.path().extension() != ".so") continue;
            // Built without unstuck_add_plugin on purpose: no plugin at all, or not even a shared object.
            if (file == "carrier_abi_missing_entry.so" || file == "carrier_abi_plain_library.so" ||
                file == "carrier_abi_not_elf.so")
                continue;
            out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The defined dynamic symbols of a module, as `nm -D --defined-only` lists them.
std::set<std::string> dynamic_exports(const fs::path& module) {
    auto r = run_process("nm", {"-D", "--defined-only", "--format=posix", module.string()});
    EXPECT_EQ(r.exit_code, 0) << module << ": " << r.err;
    std::set<std::string> names;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
        if (auto space = line.find(' '); space != std::string::npos) names.insert(line.substr(0, space));
    return names;
}

TEST(PluginExports, EveryBuiltPluginExportsOnlyItsEntry) {
    const auto modules = plugin_modules();
    // The five carriers, the three ticketing plugins and the fixtures: an empty folder proves nothing.
    ASSERT_GE(modules.size(), 10u);
    for (const auto& module : modules) {
        const auto names = dynamic_exports(module);
        EXPECT_EQ(names, std::set<std::string>{"unstuck_plugin"})
            << module.filename() << " exports " << names.size() << " symbols";
    }
}

TEST(PluginExports, TheHostStillFindsTheEntryAlias) {
    for (const auto& module : plugin_modules()) {
        boost::dll::library_info info(module);
        auto aliases = info.symbols("boostdll");
        EXPECT_EQ(aliases, std::vector<std::string>{"unstuck_plugin"}) << module.filename();
    }
}

}  // namespace
}  // namespace unstuck::test
