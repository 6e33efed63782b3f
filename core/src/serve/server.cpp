#include "unstuck/core/serve/server.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include "serve/access_log.hpp"
#include "serve/api_router.hpp"
#include "serve/dashboard_routes.hpp"
#include "serve/metrics.hpp"
#include "serve/rate_limiter.hpp"
#include "serve/routes.hpp"
#include "serve/scheduler.hpp"
#include "serve/serve_context.hpp"
#include "serve/token_auth.hpp"
#include "serve/webhook_routes.hpp"
#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/core/sweep/sweep_builder.hpp"

namespace unstuck::core {

using sdk::Error;

namespace {

using SteadyClock = std::chrono::steady_clock;

// The most of a refused body read and dropped before the answer.
constexpr std::size_t kDiscardCap = 16u << 20;

ServeStartError failure(std::string message) {
    return ServeStartError{ServeStartError::Kind::kFailure, std::move(message)};
}

// Checks the TLS files one by one, so that an error names the file, then makes the server's context.
sdk::Result<Poco::Net::Context::Ptr, ServeStartError> tls_context(const ServeTlsOptions& tls) {
    auto readable = [](const std::filesystem::path& file) { return std::ifstream(file).good(); };
    if (!readable(tls.cert_file))
        return failure("serve.tls.cert_file: cannot read " + tls.cert_file.string());
    if (!readable(tls.key_file)) return failure("serve.tls.key_file: cannot read " + tls.key_file.string());
    if (!tls.ca_file.empty() && !readable(tls.ca_file))
        return failure("serve.tls.ca_file: cannot read " + tls.ca_file.string());
    try {
        Poco::Crypto::X509Certificate certificate(tls.cert_file.string());
    } catch (const Poco::Exception& e) {
        return failure("serve.tls.cert_file: " + tls.cert_file.string() + ": not a PEM certificate (" +
                       e.displayText() + ")");
    }
    try {
        Poco::Crypto::EVPPKey key("", tls.key_file.string(), "");
    } catch (const Poco::Exception& e) {
        return failure("serve.tls.key_file: " + tls.key_file.string() +
                       ": not an unencrypted PEM private key (" + e.displayText() + ")");
    }
    try {
        Poco::Net::Context::Params params;
        params.privateKeyFile = tls.key_file.string();
        params.certificateFile = tls.cert_file.string();
        params.caLocation = tls.ca_file.string();
        params.verificationMode =
            tls.ca_file.empty() ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_STRICT;
        params.loadDefaultCAs = false;
        params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::SERVER_USE, params);
        if (SSL_CTX_check_private_key(context->sslContext()) != 1)
            return failure("serve.tls.key_file: " + tls.key_file.string() +
                           ": not the key of serve.tls.cert_file " + tls.cert_file.string());
        context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                  Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
        return context;
    } catch (const Poco::Exception& e) {
        return failure("serve.tls: " + tls.cert_file.string() + " with " + tls.key_file.string() + ": " +
                       e.displayText());
    }
}

std::function<sdk::Timestamp()> system_clock() {
    return [] {
        return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    };
}

}  // namespace

struct Server::Impl {
    ServeOptions options;
    std::function<sdk::Timestamp()> clock;
    std::unique_ptr<OpenSweep> opened;
    // Shared with the plugin host's call observer, which may outlive the server.
    std::shared_ptr<Metrics> shared_metrics = std::make_shared<Metrics>();
    Metrics& metrics = *shared_metrics;
    std::unique_ptr<ServeContext> context;
    ApiRouter router;
    TokenAuth auth;
    RateLimiter limiter;
    std::unique_ptr<Scheduler> scheduler;
    Poco::ThreadPool pool;
    Poco::Net::ServerSocket listener;
    std::unique_ptr<Poco::Net::HTTPServer> http;
    std::uint16_t port = 0;
    bool tls = false;
    bool ssl_initialized = false;
    std::shared_ptr<spdlog::logger> events = logger("serve");
    std::shared_ptr<spdlog::logger> access = logger("serve.access");

    std::mutex flight_mutex;
    std::condition_variable flight_done;
    int in_flight = 0;
    bool stopped = false;

    Impl(ServeOptions o, std::function<sdk::Timestamp()> c)
        : options(std::move(o)),
          clock(std::move(c)),
          auth(options),
          limiter(options.rate_limit.requests_per_second, options.rate_limit.burst),
          pool(2, static_cast<int>(std::max(2u, options.threads))) {}

    ~Impl() {
        http.reset();
        pool.joinAll();
        if (ssl_initialized) Poco::Net::uninitializeSSL();
    }

    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
};

namespace {

// Counts a request in flight while it lives.
class InFlight {
  public:
    explicit InFlight(Server::Impl& impl) : impl_(impl) {
        std::lock_guard lock(impl_.flight_mutex);
        ++impl_.in_flight;
    }
    ~InFlight() {
        std::lock_guard lock(impl_.flight_mutex);
        if (--impl_.in_flight == 0) impl_.flight_done.notify_all();
    }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

  private:
    Server::Impl& impl_;
};

class Handler : public Poco::Net::HTTPRequestHandler {
  public:
    explicit Handler(Server::Impl& impl) : impl_(impl) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        impl_.handle(request, response);
    }

  private:
    Server::Impl& impl_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    explicit HandlerFactory(Server::Impl& impl) : impl_(impl) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(impl_);
    }

  private:
    Server::Impl& impl_;
};

std::multimap<std::string, std::string> parse_query(std::string_view query, bool& bad) {
    std::multimap<std::string, std::string> out;
    std::size_t start = 0;
    while (start <= query.size() && !query.empty()) {
        auto end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        auto item = query.substr(start, end - start);
        if (!item.empty()) {
            auto eq = item.find('=');
            auto key = percent_decode(item.substr(0, eq), true);
            auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                                      : percent_decode(item.substr(eq + 1), true);
            if (!key || !value)
                bad = true;
            else
                out.emplace(std::move(*key), std::move(*value));
        }
        start = end + 1;
    }
    return out;
}

// Reads and drops what is left of a refused body, at most `cap` bytes, so that the client reads the answer
// instead of a connection reset.
void discard(std::istream& in, std::size_t cap) {
    char buffer[16384];
    std::size_t dropped = 0;
    while (in && dropped < cap) {
        in.read(buffer, sizeof buffer);
        if (in.gcount() <= 0) break;
        dropped += static_cast<std::size_t>(in.gcount());
    }
}

// Reads the body, at most `limit` bytes; none when it is longer.
std::optional<std::string> read_body(std::istream& in, std::size_t limit) {
    std::string body;
    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) break;
        if (body.size() + n > limit) return std::nullopt;
        body.append(buffer, n);
    }
    return body;
}

}  // namespace

void Server::Impl::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    InFlight in_flight(*this);
    const auto started = SteadyClock::now();
    const std::string method = request.getMethod();
    const std::string& uri = request.getURI();
    const auto question = uri.find('?');
    const std::string path = uri.substr(0, question);
    std::string client;
    try {
        client = request.clientAddress().host().toString();
    } catch (const Poco::Exception&) {
        client = "unknown";
    }

    std::string route_label = "unmatched";
    std::string principal;
    ApiResponse answer;
    bool close = false;
    try {
        auto match = router.find(method, path);
        bool bad_query = false;
        auto query = parse_query(
            question == std::string::npos ? std::string_view() : std::string_view(uri).substr(question + 1),
            bad_query);
        if (match.bad_escape || bad_query) {
            answer = api_error(400, "bad_request", "the path or query has a bad percent escape");
        } else if (!match.route) {
            if (match.allow.empty()) {
                answer = api_error(404, "not_found", "no such path: " + path);
            } else {
                route_label = match.pattern;
                answer = api_error(405, "method_not_allowed",
                                   method + " is not allowed here (" + match.allow + ")");
                answer.headers.emplace_back("Allow", match.allow);
            }
        } else {
            const auto& route = *match.route;
            route_label = route.pattern;
            std::optional<std::string> authorization;
            if (request.has("Authorization")) authorization = request.get("Authorization");
            auto outcome = auth.check(route.scope, authorization);
            principal = outcome.principal;
            std::optional<long> retry_after;
            if (route.scope != Scope::kNone)
                retry_after = limiter.take(principal.empty() ? "client:" + client : "token:" + principal,
                                           SteadyClock::now());
            const std::size_t limit =
                route.scope == Scope::kSigned ? options.webhooks.max_body_bytes : options.max_body_bytes;
            if (retry_after) {
                answer = api_error(429, "rate_limited",
                                   "over the rate limit; retry after " + std::to_string(*retry_after) + " s");
                answer.headers.emplace_back("Retry-After", std::to_string(*retry_after));
                close = request.hasContentLength() || request.getChunkedTransferEncoding();
            } else if (outcome.status == 401) {
                answer = api_error(401, "unauthorized", outcome.message);
                answer.headers.emplace_back("WWW-Authenticate", "Bearer");
                close = request.hasContentLength() || request.getChunkedTransferEncoding();
            } else if (outcome.status == 403) {
                answer = api_error(403, "forbidden", outcome.message);
                close = request.hasContentLength() || request.getChunkedTransferEncoding();
            } else if (request.hasContentLength() && request.getContentLength64() >= 0 &&
                       static_cast<std::uint64_t>(request.getContentLength64()) > limit) {
                answer = api_error(413, "payload_too_large",
                                   "the body is larger than " + std::to_string(limit) + " bytes");
                if (route.scope == Scope::kSigned) count_oversized_webhook(*context, match.params["plugin"]);
                close = true;
            } else {
                auto body = read_body(request.stream(), limit);
                if (!body) {
                    answer = api_error(413, "payload_too_large",
                                       "the body is larger than " + std::to_string(limit) + " bytes");
                    if (route.scope == Scope::kSigned)
                        count_oversized_webhook(*context, match.params["plugin"]);
                    close = true;
                } else {
                    ApiRequest api;
                    api.method = method;
                    api.path = path;
                    api.params = std::move(match.params);
                    api.query = std::move(query);
                    for (const auto& [name, value] : request) api.headers.emplace_back(name, value);
                    api.body = std::move(*body);
                    api.principal = principal;
                    api.client = client;
                    answer = route.handler(api);
                }
            }
        }
    } catch (const std::exception& e) {
        log_request_event(*events, spdlog::level::err, method, route_label, e.what());
        answer = api_error(500, "internal", "internal error; the service log has the details");
    }

    if (close) {
        try {
            discard(request.stream(), kDiscardCap);
        } catch (const Poco::Exception&) {
            // The client stopped sending: the answer goes out all the same.
        }
    }
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    response.setContentType(answer.content_type);
    for (const auto& [name, value] : answer.headers) response.set(name, value);
    if (close) response.setKeepAlive(false);
    response.setContentLength64(static_cast<Poco::Int64>(answer.body.size()));
    try {
        response.sendBuffer(answer.body.data(), answer.body.size());
    } catch (const Poco::Exception& e) {
        log_request_event(*events, spdlog::level::debug, method, route_label,
                          "the client went away: " + e.displayText());
    }
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
    metrics.http_request(route_label, method, answer.status, seconds);
    log_access(*access, AccessEntry{method, route_label, answer.status, seconds, principal, client});
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
    if (impl_ && impl_->http && !impl_->stopped)
        stop(std::chrono::milliseconds(impl_->options.shutdown_grace_ms));
}

std::uint16_t Server::port() const noexcept {
    return impl_->port;
}
bool Server::tls() const noexcept {
    return impl_->tls;
}

std::string Server::url() const {
    const auto& host = impl_->options.host;
    const bool v6 = host.find(':') != std::string::npos;
    return std::string(impl_->tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" +
           std::to_string(impl_->port);
}

sdk::Result<std::unique_ptr<Server>, ServeStartError> Server::start(ServeDeps deps) {
    auto clock = deps.clock ? deps.clock : system_clock();
    auto impl = std::make_unique<Impl>(std::move(deps.options), clock);
    auto& options = impl->options;

    // Before the sweep is opened: it asks for the plugins it uses, and they keep the observer they got.
    deps.plugins.set_call_observer([metrics = impl->shared_metrics](std::string_view plugin,
                                                                    std::string_view operation,
                                                                    std::chrono::nanoseconds elapsed) {
        metrics->plugin_call(plugin, operation, std::chrono::duration<double>(elapsed).count());
    });

    SweepRunOptions run;
    run.now = deps.now;
    run.clock = clock;
    auto opened = open_sweep(deps.config, deps.plugins, std::move(run));
    if (!opened)
        return ServeStartError{opened.error().kind == SweepOpenError::Kind::kFailure
                                   ? ServeStartError::Kind::kFailure
                                   : ServeStartError::Kind::kBadInput,
                               opened.error().message};
    impl->opened = std::move(*opened);
    if (!impl->opened->store()) return failure("serve: no store");

    impl->context = std::make_unique<ServeContext>(
        ServeContext{deps.config, options, deps.plugins, *impl->opened->store(), impl->opened->engine(),
                     impl->opened->sweep(), impl->metrics, clock, [] {}});
    if (deps.scheduler && options.scheduler.enabled) {
        impl->scheduler = std::make_unique<Scheduler>(*impl->context);
        impl->context->wake_scheduler = [s = impl->scheduler.get()] { s->wake(); };
    }
    add_health_routes(impl->router, *impl->context);
    add_order_routes(impl->router, *impl->context);
    add_dispute_routes(impl->router, *impl->context);
    add_sweep_routes(impl->router, *impl->context);
    add_webhook_routes(impl->router, *impl->context);
    add_stats_routes(impl->router, *impl->context);
    add_dispute_packet_routes(impl->router, *impl->context);
    add_dashboard_routes(impl->router, *impl->context);

    Poco::Net::Context::Ptr tls;
    if (options.tls.enabled()) {
        Poco::Net::initializeSSL();
        impl->ssl_initialized = true;
        auto made = tls_context(options.tls);
        if (!made) return std::move(made).error();
        tls = *made;
    }

    std::unique_ptr<Poco::Net::ServerSocket> socket;
    try {
        Poco::Net::SocketAddress address(options.host, options.port);
        socket = tls ? std::make_unique<Poco::Net::SecureServerSocket>(tls)
                     : std::make_unique<Poco::Net::ServerSocket>();
        // SO_REUSEADDR for restarts over connections in TIME_WAIT; never SO_REUSEPORT, so a port in use is
        // an error.
        socket->bind(address, true, false);
        socket->listen(static_cast<int>(std::min(options.max_queued, 4096u)));
        impl->port = socket->address().port();
    } catch (const Poco::Exception& e) {
        return failure("serve.listen: cannot listen on " + options.listen() + ": " + e.displayText());
    }
    impl->tls = static_cast<bool>(tls);
    impl->listener = *socket;

    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(static_cast<int>(options.threads));
    params->setMaxQueued(static_cast<int>(options.max_queued));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setTimeout(Poco::Timespan(30, 0));
    params->setServerName("unstuck");
    impl->http =
        std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(*impl), impl->pool, *socket, params);
    impl->http->start();
    if (impl->scheduler) impl->scheduler->start();
    if (options.auth_none)
        impl->events->warn("serve.auth is \"none\": every caller may read and write without a token");
    else if (options.tokens.empty())
        impl->events->warn(
            "no API token is configured: /v1 answers 401 until serve.tokens or UNSTUCK_SERVE_TOKEN_<NAME> "
            "names one");
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

bool Server::stop(std::chrono::milliseconds grace) {
    auto& impl = *impl_;
    if (impl.stopped) return true;
    impl.stopped = true;
    const auto deadline = SteadyClock::now() + grace;
    // stopAll(false) closes the listening socket and idle connections and waits for each request in flight.
    auto closed = std::make_shared<std::atomic<bool>>(false);
    std::thread closer([&impl, closed] {
        // The acceptor thread ends first; then the listening socket is closed, so a new connection is refused
        // at once rather than left waiting in the backlog.
        impl.http->stop();
        try {
            impl.listener.close();
        } catch (const Poco::Exception&) {
            // Already closed.
        }
        impl.http->stopAll(false);
        std::lock_guard lock(impl.flight_mutex);
        *closed = true;
        impl.flight_done.notify_all();
    });
    bool drained;
    {
        std::unique_lock lock(impl.flight_mutex);
        drained = impl.flight_done.wait_until(lock, deadline,
                                              [&] { return impl.in_flight == 0 && closed->load(); });
    }
    if (!drained) {
        impl.events->warn("{} request(s) still in flight after serve.shutdown_grace_ms ({} ms)",
                          impl.in_flight, grace.count());
        closer.detach();
        return false;
    }
    closer.join();
    if (impl.scheduler) impl.scheduler->stop();
    return true;
}

}  // namespace unstuck::core
