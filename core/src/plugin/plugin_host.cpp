#include "unstuck/core/plugin/plugin_host.hpp"

#include <cctype>
#include <cstdlib>

#include "plugin/guarded_plugins.hpp"
#include "unstuck/core/runtime/http_client.hpp"
#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/core/runtime/redactor.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

namespace {

class SystemClock : public sdk::Clock {
  public:
    sdk::Timestamp now() const noexcept override {
        return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    }
};

// A plugin's secrets: `UNSTUCK_<PLUGIN>_<NAME>` in the environment wins over the config's `secrets` section.
class HostSecrets : public sdk::Secrets {
  public:
    HostSecrets(const std::string& plugin, const std::vector<std::string>& names,
                const std::map<std::string, std::string>* configured) {
        for (const auto& name : names) {
            std::string var = "UNSTUCK_" + plugin + "_" + name;
            for (char& c : var) c = std::isalnum(static_cast<unsigned char>(c)) ? std::toupper(c) : '_';
            if (const char* env = std::getenv(var.c_str()); env && *env) {
                values_[name] = env;
            } else if (configured) {
                if (auto it = configured->find(name); it != configured->end()) values_[name] = it->second;
            }
        }
        for (const auto& [name, value] : values_) Redactor::global().add(value);
    }

    std::optional<std::string> get(std::string_view name) const noexcept override {
        auto it = values_.find(name);
        if (it == values_.end()) return std::nullopt;
        return it->second;
    }

  private:
    std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace

// One created plugin object with the services lent to it. Members are destroyed in reverse order, so the
// object goes first (in the destructor body), then its services, and the library last.
struct PluginHost::Instance {
    std::shared_ptr<boost::dll::shared_library> library;
    const sdk::PluginDescriptor* descriptor = nullptr;
    std::string name;
    std::unique_ptr<sdk::Logger> log;
    std::unique_ptr<sdk::Http> http;
    std::shared_ptr<sdk::Clock> clock;
    std::unique_ptr<sdk::Secrets> secrets;
    sdk::PluginConfig config;
    sdk::HostServices services;
    sdk::Plugin* plugin = nullptr;

    ~Instance() {
        if (!plugin) return;
        try {
            descriptor->destroy(plugin);
        } catch (...) {
            logger("host")->error("plugin {}: destroy threw", name);
        }
    }
};

PluginHost::PluginHost(HostConfig config, std::shared_ptr<sdk::Clock> clock)
    : config_(std::move(config)), clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {
    loader_.scan(config_.plugin_dirs);
    // Settings are checked now, not when a command first asks for the plugin: a bad key stops every command.
    for (const auto& [name, settings] : config_.plugin_configs) {
        const LoadedPlugin* loaded = loader_.find(name);
        if (!loaded) continue;
        auto validated = loaded->manifest.validate(settings);
        if (validated) continue;
        const std::string reason = validated.error().message;
        config_errors_.push_back("plugin " + name + ": " + reason);
        refused_configs_.emplace(name, reason);
        loader_.refuse(name, reason);
    }
}

PluginHost::~PluginHost() = default;

void PluginHost::set_call_observer(PluginCallObserver observer) {
    std::lock_guard lock(mutex_);
    observer_ = observer ? std::make_shared<const PluginCallObserver>(std::move(observer)) : nullptr;
}

std::shared_ptr<const PluginCallObserver> PluginHost::call_observer() {
    std::lock_guard lock(mutex_);
    return observer_;
}

std::vector<std::string> PluginHost::names(std::string_view kind) const {
    std::vector<std::string> out;
    for (const auto& [name, plugin] : loader_.loaded())
        if (plugin.manifest.kind == kind) out.push_back(name);
    return out;
}

Result<std::shared_ptr<PluginHost::Instance>> PluginHost::instance(std::string_view name,
                                                                   std::string_view kind) {
    std::lock_guard lock(mutex_);
    if (auto it = instances_.find(name); it != instances_.end()) {
        // Created before, maybe as the other kind: never hand a ticketing object out as a carrier.
        const std::string_view created = it->second->descriptor->kind;
        if (created != kind)
            return Error{"plugin " + std::string(name) + ": is a " + std::string(created) + " plugin, not " +
                         std::string(kind)};
        return it->second;
    }

    if (auto bad = refused_configs_.find(name); bad != refused_configs_.end())
        return Error{"plugin " + std::string(name) + ": " + bad->second};
    const LoadedPlugin* loaded = loader_.find(name);
    if (!loaded) {
        // A refused module may not have got as far as its descriptor's name: match its file name too.
        std::string stem = std::string(kind) + "_" + std::string(name);
        for (const auto& r : loader_.records())
            if (!r.loaded && (r.name == name || r.file.stem() == stem))
                return Error{"plugin " + std::string(name) + ": refused: " + r.reason};
        return Error{"plugin " + std::string(name) + ": not found in the plugin folders"};
    }
    if (loaded->manifest.kind != kind)
        return Error{"plugin " + std::string(name) + ": is a " + loaded->manifest.kind + " plugin, not " +
                     std::string(kind)};

    auto configured = config_.plugin_configs.find(name);
    auto config =
        loaded->manifest.validate(configured == config_.plugin_configs.end() ? nullptr : configured->second);
    if (!config) return Error{"plugin " + std::string(name) + ": " + config.error().message};

    auto inst = std::make_shared<Instance>();
    inst->library = loaded->library;
    inst->descriptor = loaded->descriptor;
    inst->name = std::string(name);
    inst->log = make_plugin_logger(inst->name);
    inst->http = std::make_unique<HttpClient>(config_.http_for(name), logger("http." + inst->name));
    inst->clock = clock_;
    auto secrets = config_.secrets.find(name);
    inst->secrets = std::make_unique<HostSecrets>(
        inst->name, loaded->manifest.secrets, secrets == config_.secrets.end() ? nullptr : &secrets->second);
    inst->config = std::move(*config);
    inst->services.plugin_name = inst->name.c_str();
    inst->services.log = inst->log.get();
    inst->services.http = inst->http.get();
    inst->services.clock = inst->clock.get();
    inst->services.secrets = inst->secrets.get();
    inst->services.config = &inst->config;

    char error[512] = {0};
    try {
        inst->plugin = inst->descriptor->create(&inst->services, error, sizeof error);
    } catch (const std::exception& e) {
        return Error{"plugin " + inst->name + ": create threw: " + e.what()};
    } catch (...) {
        return Error{"plugin " + inst->name + ": create threw an unknown exception"};
    }
    if (!inst->plugin)
        return Error{"plugin " + inst->name +
                     ": refused to start: " + (error[0] ? error : "no reason given")};
    instances_[inst->name] = inst;
    return inst;
}

Result<std::shared_ptr<sdk::CarrierPlugin>> PluginHost::carrier(std::string_view name) {
    auto inst = instance(name, "carrier");
    if (!inst) return std::move(inst).error();
    auto* plugin = static_cast<sdk::CarrierPlugin*>((*inst)->plugin);
    return guard_carrier(*inst, plugin, (*inst)->name, (*inst)->descriptor->abi_minor >= 1, call_observer());
}

Result<std::shared_ptr<sdk::WebhookReceiver>> PluginHost::webhook_receiver(std::string_view name) {
    auto inst = instance(name, "carrier");
    if (!inst) return std::move(inst).error();
    const auto& descriptor = *(*inst)->descriptor;
    if (descriptor.abi_minor < 1)
        return Error{"plugin " + (*inst)->name + ": built for ABI " + std::to_string(descriptor.abi_major) +
                     "." + std::to_string(descriptor.abi_minor) + ", which has no webhooks"};
    auto* plugin = static_cast<sdk::CarrierPlugin*>((*inst)->plugin);
    std::shared_ptr<sdk::CarrierPlugin> guarded =
        guard_carrier(*inst, plugin, (*inst)->name, true, call_observer());
    sdk::WebhookReceiver* receiver = guarded->webhook_receiver();
    if (!receiver) return Error{"plugin " + (*inst)->name + ": receives no webhooks"};
    return std::shared_ptr<sdk::WebhookReceiver>(std::move(guarded), receiver);
}

Result<std::shared_ptr<sdk::TicketingPlugin>> PluginHost::ticketing(std::string_view name) {
    auto inst = instance(name, "ticketing");
    if (!inst) return std::move(inst).error();
    auto* plugin = static_cast<sdk::TicketingPlugin*>((*inst)->plugin);
    return guard_ticketing(*inst, plugin, (*inst)->name, call_observer());
}

Result<std::shared_ptr<sdk::MarketplacePlugin>> PluginHost::marketplace(std::string_view name) {
    auto inst = instance(name, "marketplace");
    if (!inst) return std::move(inst).error();
    auto* plugin = static_cast<sdk::MarketplacePlugin*>((*inst)->plugin);
    return guard_marketplace(*inst, plugin, (*inst)->name, call_observer());
}

}  // namespace unstuck::core
