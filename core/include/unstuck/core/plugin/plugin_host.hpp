#pragma once
//! Creates plugin objects with their host services and guards every call into them.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_call_observer.hpp"
#include "unstuck/core/plugin/plugin_loader.hpp"
#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/marketplace.hpp"
#include "unstuck/sdk/ticketing.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::core {

//! Owns the loader and the plugin objects; objects are created once per name, on first use.
class PluginHost {
  public:
    //! Scans the configured plugin folders and checks the config of every configured plugin against its
    //! manifest: a plugin whose config does not fit is refused (its record says why) and named in
    //! config_errors(). `clock` (optional) replaces the system clock for every plugin.
    explicit PluginHost(HostConfig config, std::shared_ptr<sdk::Clock> clock = nullptr);
    ~PluginHost();

    //! Every module seen, loaded or refused.
    const std::vector<PluginRecord>& records() const noexcept { return loader_.records(); }
    //! One line per configured plugin whose config does not fit its manifest, naming the plugin and the
    //! key (`plugin ups: config.timeout_ms: expected an integer`); a host stops before any work on these.
    const std::vector<std::string>& config_errors() const noexcept { return config_errors_; }
    //! The plugin folders that were scanned.
    const std::vector<std::filesystem::path>& plugin_dirs() const noexcept { return config_.plugin_dirs; }
    //! The loader (its loaded plugins and manifests).
    const PluginLoader& loader() const noexcept { return loader_; }
    //! Names of the loaded plugins of a kind (`carrier`, `ticketing` or `marketplace`), sorted.
    std::vector<std::string> names(std::string_view kind) const;

    //! Times every call into the plugin objects handed out from now on and tells `observer` (an empty one
    //! stops it; then no clock is read). Set it before asking for plugins: objects handed out earlier keep
    //! the observer they were given.
    void set_call_observer(PluginCallObserver observer);

    //! The carrier plugin of that name, created with its validated config; calls into it are guarded
    //! (an exception becomes a permanent error). Errors name the plugin and the reason.
    sdk::Result<std::shared_ptr<sdk::CarrierPlugin>> carrier(std::string_view name);
    //! The webhook receiver of the carrier plugin of that name, guarded (an exception in receive() becomes a
    //! malformed push); it keeps the plugin alive. An error when there is no such carrier, the plugin was
    //! built for ABI 2.0 (it is never asked: its interface has no receiver), or it receives no webhooks.
    sdk::Result<std::shared_ptr<sdk::WebhookReceiver>> webhook_receiver(std::string_view name);
    //! The ticketing plugin of that name, created and guarded likewise (an exception becomes a rejection).
    sdk::Result<std::shared_ptr<sdk::TicketingPlugin>> ticketing(std::string_view name);
    //! The marketplace plugin of that name, created and guarded likewise (an exception becomes a rejection,
    //! or a malformed push).
    sdk::Result<std::shared_ptr<sdk::MarketplacePlugin>> marketplace(std::string_view name);

  private:
    struct Instance;
    sdk::Result<std::shared_ptr<Instance>> instance(std::string_view name, std::string_view kind);
    std::shared_ptr<const PluginCallObserver> call_observer();

    HostConfig config_;
    std::shared_ptr<sdk::Clock> clock_;
    PluginLoader loader_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Instance>, std::less<>> instances_;
    std::vector<std::string> config_errors_;
    std::shared_ptr<const PluginCallObserver> observer_;               // null: calls are not timed
    std::map<std::string, std::string, std::less<>> refused_configs_;  // by plugin name: the config error
};

}  // namespace unstuck::core
