#pragma once
//! How `unstuck serve` listens, authenticates and limits: the host config's `serve` section.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! An API token: its name (the principal in logs) and the SHA-256 of the token, never the token itself.
struct ServeToken {
    std::string name;        //!< who presents it, e.g. `erp`
    std::string sha256_hex;  //!< lowercase hex SHA-256 of the token
    bool read = true;        //!< may GET
    bool write = false;      //!< may POST, PUT and DELETE
};

//! The `serve.tls` subsection: HTTPS when a certificate and key are set.
struct ServeTlsOptions {
    std::filesystem::path cert_file;  //!< PEM certificate (chain); empty: plain HTTP
    std::filesystem::path key_file;   //!< PEM private key
    std::filesystem::path ca_file;    //!< optional CA bundle to verify clients' certificates against

    //! Whether TLS is configured.
    bool enabled() const noexcept { return !cert_file.empty(); }
};

//! The `serve.rate_limit` subsection: a token bucket per API token (per client address without one).
struct ServeRateLimit {
    double requests_per_second = 50;  //!< refill rate; 0: unlimited
    double burst = 100;               //!< requests saved up
};

//! The `serve.webhooks` subsection.
struct ServeWebhookOptions {
    unsigned window_s = 300;              //!< accepted skew of a push's `signed_at`, and replay memory
    std::size_t max_body_bytes = 262144;  //!< larger webhook bodies are refused with 413
};

//! The `serve.scheduler` subsection.
struct ServeSchedulerOptions {
    bool enabled = true;           //!< re-check orders at their `next_check_at`
    unsigned batch = 256;          //!< orders claimed at once
    unsigned idle_poll_ms = 1000;  //!< longest sleep between looks at the store
    unsigned concurrency = 0;      //!< orders in flight at once; 0: `sweep.concurrency`
    unsigned pull_every_s = 300;   //!< pull each `sweep.marketplaces` plugin this often; 0: never
};

//! The `serve` section, with its defaults.
struct ServeOptions {
    std::string host = "127.0.0.1";        //!< `listen`'s host part
    std::uint16_t port = 8080;             //!< `listen`'s port; 0 picks a free one
    unsigned threads = 8;                  //!< request threads
    unsigned max_queued = 256;             //!< connections waiting for a thread before new ones are refused
    std::size_t max_body_bytes = 1048576;  //!< larger request bodies are refused with 413
    ServeTlsOptions tls;                   //!< `tls`
    bool auth_none = false;                //!< `"auth": "none"`: no token needed, every scope granted
    std::vector<ServeToken> tokens;        //!< `tokens`, then those of the environment
    ServeRateLimit rate_limit;             //!< `rate_limit`
    ServeWebhookOptions webhooks;          //!< `webhooks`
    ServeSchedulerOptions scheduler;       //!< `scheduler`
    unsigned shutdown_grace_ms = 10000;    //!< how long requests in flight may take after SIGTERM
    std::filesystem::path dashboard_dir;   //!< the dashboard's static files; empty: the installed ones

    //! Sets `host` and `port` from `HOST:PORT` (`[v6]:PORT` for IPv6); errors name `what`.
    sdk::Status set_listen(const std::string& listen, const std::string& what = "serve.listen");
    //! `host:port` as configured.
    std::string listen() const;

    //! Adds a token for every `UNSTUCK_SERVE_TOKEN_<NAME>` in `environment` (the plain token, hashed here),
    //! with the scopes of `UNSTUCK_SERVE_SCOPES_<NAME>` (comma-separated, default `read`); the name is
    //! `<NAME>` in lowercase. Errors name the variable, never its value.
    sdk::Status add_environment_tokens(const std::map<std::string, std::string>& environment);

    //! Reads the `serve` section (null: the defaults); relative paths resolve against `base_dir`; errors
    //! name `serve.<key>`.
    static sdk::Result<ServeOptions> from_json(const Poco::JSON::Object::Ptr& section,
                                               const std::filesystem::path& base_dir);
};

//! The process environment as a map (for ServeOptions::add_environment_tokens).
std::map<std::string, std::string> process_environment();

}  // namespace unstuck::core
