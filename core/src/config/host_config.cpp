#include "unstuck/core/config/host_config.hpp"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <boost/dll/runtime_symbol_info.hpp>

#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

std::vector<std::filesystem::path> default_plugin_dirs() {
    std::vector<std::filesystem::path> dirs;
    if (const char* env = std::getenv("UNSTUCK_PLUGIN_PATH"); env && *env) {
        std::stringstream list(env);
        for (std::string dir; std::getline(list, dir, ':');)
            if (!dir.empty()) dirs.emplace_back(dir);
        return dirs;
    }
    std::error_code ec;
    auto exe = boost::dll::program_location(ec);
    if (!ec)
        dirs.push_back((exe.parent_path().parent_path() / "lib" / "unstuck" / "plugins").lexically_normal());
    return dirs;
}

HostConfig HostConfig::defaults() {
    HostConfig config;
    config.base_dir = std::filesystem::current_path();
    config.plugin_dirs = default_plugin_dirs();
    config.store = StoreOptions::sqlite(config.base_dir / "unstuck.db");
    config.sweep.config_dir = config.base_dir;
    config.sweep.evidence_dir = (config.base_dir / "evidence").lexically_normal();
    return config;
}

Result<HostConfig> HostConfig::parse(std::string_view json, const std::filesystem::path& base_dir) {
    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(std::string(json));
    } catch (const Poco::Exception& e) {
        return Error{"malformed JSON: " + e.displayText()};
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return Error{"expected a JSON object at the top"};
    auto root = parsed.extract<Poco::JSON::Object::Ptr>();

    HostConfig config = defaults();
    config.base_dir = base_dir;
    JsonFields f(*root, "");
    static const std::set<std::string, std::less<>> known{
        "plugin_dirs", "plugins", "secrets", "log", "http", "policy", "store", "routes", "sweep", "serve"};
    if (auto s = f.only(known); !s) return Error{s.message()};

    auto resolve = [&](const std::string& p) {
        std::filesystem::path path(p);
        return (path.is_absolute() ? path : base_dir / path).lexically_normal();
    };

    if (root->has("plugin_dirs")) {
        auto dirs = f.string_list("plugin_dirs");
        if (!dirs) return std::move(dirs).error();
        config.plugin_dirs.clear();
        for (const auto& d : *dirs) config.plugin_dirs.push_back(resolve(d));
    }
    if (auto plugins = f.object("plugins"); !plugins) {
        return std::move(plugins).error();
    } else if (*plugins) {
        for (const auto& [name, value] : **plugins) {
            auto obj = (*plugins)->getObject(name);
            if (!obj) return Error{"plugins." + name + ": expected an object"};
            config.plugin_configs[name] = obj;
        }
    }
    if (auto secrets = f.object("secrets"); !secrets) {
        return std::move(secrets).error();
    } else if (*secrets) {
        for (const auto& [plugin, value] : **secrets) {
            auto obj = (*secrets)->getObject(plugin);
            if (!obj) return Error{"secrets." + plugin + ": expected an object of strings"};
            for (const auto& [name, secret] : *obj) {
                if (!secret.isString())
                    return Error{"secrets." + plugin + "." + name + ": expected a string"};
                config.secrets[plugin][name] = secret.toString();
            }
        }
    }
    auto log = f.object("log");
    if (!log) return std::move(log).error();
    auto log_options = LogOptions::from_json(*log);
    if (!log_options) return std::move(log_options).error();
    config.log = std::move(*log_options);

    if (auto http = f.object("http"); !http) {
        return std::move(http).error();
    } else if (*http) {
        auto options = HttpOptions::from_json(**http, "http", config.http);
        if (!options) return std::move(options).error();
        config.http = *options;
        if ((*http)->has("plugins") && !(*http)->isNull("plugins")) {
            auto per = (*http)->getObject("plugins");
            if (!per) return Error{"http.plugins: expected an object"};
            for (const auto& [name, value] : *per) {
                auto obj = per->getObject(name);
                if (!obj) return Error{"http.plugins." + name + ": expected an object"};
                auto o = HttpOptions::from_json(*obj, "http.plugins." + name, config.http);
                if (!o) return std::move(o).error();
                config.plugin_http[name] = *o;
            }
        }
    }

    auto store = f.object("store");
    if (!store) return std::move(store).error();
    auto store_options = StoreOptions::from_json(*store, base_dir);
    if (!store_options) return std::move(store_options).error();
    config.store = std::move(*store_options);

    auto routes = RouteOptions::from_json(root->has("routes") ? root->get("routes") : Poco::Dynamic::Var());
    if (!routes) return std::move(routes).error();
    config.routes = std::move(*routes);

    auto sweep = f.object("sweep");
    if (!sweep) return std::move(sweep).error();
    auto sweep_options = SweepOptions::from_json(*sweep, base_dir);
    if (!sweep_options) return std::move(sweep_options).error();
    config.sweep = std::move(*sweep_options);

    auto serve = f.object("serve");
    if (!serve) return std::move(serve).error();
    auto serve_options = ServeOptions::from_json(*serve, base_dir);
    if (!serve_options) return std::move(serve_options).error();
    config.serve = std::move(*serve_options);

    auto policy = f.string("policy", "");
    if (!policy) return std::move(policy).error();
    if (!policy->empty()) config.policy_file = resolve(*policy);
    return config;
}

Result<HostConfig> HostConfig::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot read"};
    std::stringstream text;
    text << in.rdbuf();
    auto dir = std::filesystem::absolute(file).parent_path();
    auto config = parse(text.str(), dir);
    if (!config) return Error{file.string() + ": " + config.error().message};
    return config;
}

const HttpOptions& HostConfig::http_for(std::string_view plugin) const {
    auto it = plugin_http.find(plugin);
    return it == plugin_http.end() ? http : it->second;
}

}  // namespace unstuck::core
