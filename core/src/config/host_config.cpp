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
    return config;
}

namespace {

Result<HttpOptions> read_http(const Poco::JSON::Object& obj, const std::string& where, HttpOptions options) {
    JsonFields f(obj, where);
    static const std::set<std::string, std::less<>> known{
        "connect_timeout_ms",  "read_timeout_ms", "max_attempts",
        "backoff_base_ms",     "backoff_max_ms",  "retry_after_max_ms", "max_response_bytes",
        "requests_per_second", "burst",           "max_idle_per_host",
        "verify_tls",          "ca_file",         "plugins"};
    if (auto s = f.only(known); !s) return Error{s.message()};
    auto ms = [&](const char* key, std::chrono::milliseconds& into) -> sdk::Status {
        auto v = f.integer(key, into.count(), 0);
        if (!v) return std::move(v).error();
        into = std::chrono::milliseconds(*v);
        return {};
    };
    for (auto [key, into] : {std::pair{"connect_timeout_ms", &options.connect_timeout},
                             {"read_timeout_ms", &options.read_timeout},
                             {"backoff_base_ms", &options.backoff_base},
                             {"backoff_max_ms", &options.backoff_max},
                             {"retry_after_max_ms", &options.retry_after_max}})
        if (auto s = ms(key, *into); !s) return Error{s.message()};
    auto attempts = f.integer("max_attempts", options.max_attempts, 1);
    if (!attempts) return std::move(attempts).error();
    options.max_attempts = static_cast<int>(*attempts);
    auto cap = f.integer("max_response_bytes", static_cast<std::int64_t>(options.max_response_bytes), 1);
    if (!cap) return std::move(cap).error();
    options.max_response_bytes = static_cast<std::size_t>(*cap);
    auto rate = f.number("requests_per_second", options.requests_per_second, 0);
    if (!rate) return std::move(rate).error();
    options.requests_per_second = *rate;
    auto burst = f.integer("burst", options.burst, 1);
    if (!burst) return std::move(burst).error();
    options.burst = static_cast<int>(*burst);
    auto idle = f.integer("max_idle_per_host", static_cast<std::int64_t>(options.max_idle_per_host), 0);
    if (!idle) return std::move(idle).error();
    options.max_idle_per_host = static_cast<std::size_t>(*idle);
    auto verify = f.boolean("verify_tls", options.verify_tls);
    if (!verify) return std::move(verify).error();
    options.verify_tls = *verify;
    auto ca = f.string("ca_file", options.ca_file);
    if (!ca) return std::move(ca).error();
    options.ca_file = *ca;
    return options;
}

}  // namespace

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
    config.document = root;
    JsonFields f(*root, "");
    // Sections that other parts of the host read from `document` are listed here so typos are still caught.
    static const std::set<std::string, std::less<>> known{"plugin_dirs", "plugins", "secrets", "log",  "http",
                                                          "policy",      "store",   "routes",  "sweep"};
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
    if (auto log = f.object("log"); !log) {
        return std::move(log).error();
    } else if (*log) {
        JsonFields lf(**log, "log");
        if (auto s = lf.only({"level", "json"}); !s) return Error{s.message()};
        auto level = lf.string("level", "info");
        if (!level) return std::move(level).error();
        static const std::set<std::string, std::less<>> levels{"trace", "debug", "info",
                                                               "warn",  "error", "off"};
        if (!levels.count(*level))
            return Error{"log.level: \"" + *level + "\" is not one of trace, debug, info, warn, error, off"};
        config.log.level = *level;
        auto json_lines = lf.boolean("json", false);
        if (!json_lines) return std::move(json_lines).error();
        config.log.json = *json_lines;
    }
    if (auto http = f.object("http"); !http) {
        return std::move(http).error();
    } else if (*http) {
        auto options = read_http(**http, "http", config.http);
        if (!options) return std::move(options).error();
        config.http = *options;
        if (auto per = (*http)->getObject("plugins")) {
            for (const auto& [name, value] : *per) {
                auto obj = per->getObject(name);
                if (!obj) return Error{"http.plugins." + name + ": expected an object"};
                auto o = read_http(*obj, "http.plugins." + name, config.http);
                if (!o) return std::move(o).error();
                config.plugin_http[name] = *o;
            }
        }
    }
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
