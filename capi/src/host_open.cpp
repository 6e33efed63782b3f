// unstuck_host_open_file, unstuck_host_open_json, unstuck_host_close.
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include "api_error.hpp"
#include "host_state.hpp"
#include "log_capture.hpp"

namespace unstuck::capi {
namespace {

namespace fs = std::filesystem;

// The folder this library was loaded from (empty when unknown).
fs::path library_dir() {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<void*>(&unstuck_version), &info) == 0 || !info.dli_fname) return {};
    std::error_code ec;
    auto file = fs::canonical(info.dli_fname, ec);
    return ec ? fs::path() : file.parent_path();
}

// Without plugin_dirs in the config or UNSTUCK_PLUGIN_PATH, plugins are looked for beside this library
// (`<libdir>/unstuck/plugins`, when there) first, then beside the program (when there), so a program in any
// folder finds them.
void add_library_plugin_dir(core::HostConfig& config) {
    if (const char* env = std::getenv("UNSTUCK_PLUGIN_PATH"); env && *env) return;
    if (config.plugin_dirs != core::default_plugin_dirs()) return;
    auto dir = library_dir();
    if (dir.empty()) return;
    auto mine = (dir / "unstuck" / "plugins").lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(mine, ec)) return;
    std::vector<fs::path> dirs{mine};
    for (const auto& d : config.plugin_dirs)
        if (d != mine && fs::is_directory(d, ec)) dirs.push_back(d);
    config.plugin_dirs = std::move(dirs);
}

int open_host(unstuck_host** out, core::HostConfig config) {
    add_library_plugin_dir(config);
    route_logs(config.log);
    auto state = std::make_shared<HostState>(std::move(config));
    *out = hosts().add(std::move(state));
    return succeed();
}

// Malformed JSON is EJSON; a well-formed document the config reader refuses is ECONFIG.
void require_json(const std::string& text, const char* name) {
    try {
        Poco::JSON::Parser().parse(text);
    } catch (const Poco::Exception& e) {
        throw ApiError{UNSTUCK_EJSON, std::string(name) + ": malformed JSON: " + e.displayText()};
    }
}

}  // namespace

}  // namespace unstuck::capi

using namespace unstuck;
using namespace unstuck::capi;

extern "C" int unstuck_host_open_file(unstuck_host** out, const char* config_path) {
    return guarded("unstuck_host_open_file", [&] {
        require(out, "out");
        require_utf8(config_path, "config_path");
        *out = nullptr;
        const fs::path file(config_path);
        std::error_code ec;
        if (!fs::exists(file, ec))
            throw ApiError{UNSTUCK_ENOTFOUND,
                           std::string("config_path: no such file \"") + config_path + "\""};
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        if (!in || !(text << in.rdbuf()))
            throw ApiError{UNSTUCK_EIO, std::string("config_path: cannot read \"") + config_path + "\""};
        require_json(text.str(), config_path);
        auto config = core::HostConfig::load(file);
        if (!config) throw ApiError{UNSTUCK_ECONFIG, config.error().message};
        return open_host(out, std::move(*config));
    });
}

extern "C" int unstuck_host_open_json(unstuck_host** out, const char* config_json, const char* base_dir) {
    return guarded("unstuck_host_open_json", [&] {
        require(out, "out");
        require_utf8(config_json, "config_json");
        if (base_dir) require_utf8(base_dir, "base_dir");
        *out = nullptr;
        require_json(config_json, "config_json");
        fs::path base = base_dir ? fs::absolute(base_dir) : fs::current_path();
        auto config = core::HostConfig::parse(config_json, base.lexically_normal());
        if (!config) throw ApiError{UNSTUCK_ECONFIG, "config_json: " + config.error().message};
        return open_host(out, std::move(*config));
    });
}

extern "C" int unstuck_host_close(unstuck_host* host) {
    return guarded("unstuck_host_close", [&] {
        if (!host) return succeed();
        auto state = hosts().remove(host, "host");
        state.reset();  // the last call in flight, if any, destroys it instead
        return succeed();
    });
}
