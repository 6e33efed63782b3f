#pragma once
//! `unstuck serve`: the long-running host. An HTTP(S) API over the case store, the scheduler that re-checks
//! orders at their `next_check_at`, and the webhooks carriers push to (docs/service.md).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/config/serve_options.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! What a server is started with.
struct ServeDeps {
    const HostConfig& config;  //!< the host config (its store, policy, sweep and routes sections)
    PluginHost& plugins;       //!< the loaded plugins
    //! The `serve` options: the config's section with the command line's overrides and the environment's
    //! tokens (ServeOptions::add_environment_tokens).
    ServeOptions options;
    //! The service clock; empty: the system clock.
    std::function<sdk::Timestamp()> clock;
    //! Decide at this instant (`--now`), else at the clock.
    std::optional<sdk::Timestamp> now;
    //! Runs the scheduler (unless `serve.scheduler.enabled` is false).
    bool scheduler = true;
};

//! Why a server could not start: bad input (exit 2) or a failure (exit 1: port taken, store unreachable,
//! TLS files bad).
struct ServeStartError {
    //! What kind of problem stopped it.
    enum class Kind : std::uint8_t {
        kBadInput,  //!< the config, the policy, a plugin's settings: fix the input
        kFailure,   //!< the port, the store, the TLS files
    };
    Kind kind = Kind::kFailure;  //!< which kind
    std::string message;         //!< one line naming what and where
};

//! A running server: accepting connections from start() until stop().
class Server {
  public:
    //! Opens the store and the sweep, registers every route, binds the address and starts accepting (and the
    //! scheduler).
    static sdk::Result<std::unique_ptr<Server>, ServeStartError> start(ServeDeps deps);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    //! The bound port (the one picked when the config said 0).
    std::uint16_t port() const noexcept;
    //! Whether it speaks HTTPS.
    bool tls() const noexcept;
    //! `http://host:port` or `https://host:port`.
    std::string url() const;

    //! Stops accepting, lets requests in flight finish and stops the scheduler, within `grace`. True when
    //! everything finished; false when something was still running at the deadline (then the process should
    //! exit without destroying the server).
    bool stop(std::chrono::milliseconds grace);

    struct Impl;

  private:
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace unstuck::core
