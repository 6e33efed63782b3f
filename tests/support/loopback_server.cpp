#include "support/loopback_server.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <stdexcept>

namespace unstuck::test {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string path_of(std::string_view uri) {
    return std::string(uri.substr(0, uri.find('?')));
}

// A write to a connection the client closed must fail, not end the test process.
void ignore_sigpipe_once() {
    static std::once_flag once;
    std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

void initialize_ssl_once() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

}  // namespace

std::optional<std::string> LoopbackRequest::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return std::nullopt;
}

std::string LoopbackRequest::path() const {
    return path_of(uri);
}

struct LoopbackServer::Impl {
    mutable std::mutex mutex;
    std::condition_variable stopping_cv;
    bool stopping = false;
    LoopbackHandler handler;
    std::vector<LoopbackRequest> requests;
    std::string scheme = "http";
    std::uint16_t port = 0;
    // The pool outlives the server that runs on it (members are destroyed in reverse order).
    Poco::ThreadPool pool{2, 32};
    std::unique_ptr<Poco::Net::HTTPServer> server;

    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
    // Waits for the delay; false when the server began to stop first.
    bool wait(std::chrono::milliseconds delay) {
        std::unique_lock lock(mutex);
        return !stopping_cv.wait_for(lock, delay, [this] { return stopping; });
    }
};

namespace {

using Serve = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

class Handler : public Poco::Net::HTTPRequestHandler {
  public:
    explicit Handler(const Serve& serve) : serve_(serve) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        serve_(request, response);
    }

  private:
    const Serve& serve_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    explicit Factory(Serve serve) : serve_(std::move(serve)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(serve_);
    }

  private:
    Serve serve_;
};

}  // namespace

void LoopbackServer::Impl::handle(Poco::Net::HTTPServerRequest& request,
                                  Poco::Net::HTTPServerResponse& response) {
    LoopbackRequest received;
    received.received_at = std::chrono::steady_clock::now();
    received.method = request.getMethod();
    received.uri = request.getURI();
    for (const auto& [name, value] : request) received.headers.emplace_back(name, value);
    received.peer = request.clientAddress().toString();
    Poco::StreamCopier::copyToString(request.stream(), received.body);

    LoopbackHandler current;
    {
        std::lock_guard lock(mutex);
        received.index = requests.size();
        requests.push_back(received);
        current = handler;
    }

    LoopbackResponse answer;
    if (current) {
        try {
            answer = current(received);
        } catch (const std::exception& e) {
            answer = LoopbackResponse{.status = 500, .body = std::string("handler threw: ") + e.what()};
        }
    }
    if (answer.delay.count() > 0 && !wait(answer.delay)) answer.drop = true;
    if (answer.drop) {
        // Nothing sent and no keep-alive: the connection closes without an answer.
        response.setKeepAlive(false);
        return;
    }

    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    for (const auto& [name, value] : answer.headers) response.add(name, value);
    if (answer.close) response.setKeepAlive(false);
    if (answer.chunked)
        response.setChunkedTransferEncoding(true);
    else
        response.setContentLength64(static_cast<Poco::Int64>(answer.body.size()));
    auto& out = response.send();
    if (answer.truncate_at) {
        out.write(answer.body.data(),
                  static_cast<std::streamsize>(std::min(*answer.truncate_at, answer.body.size())));
        out.flush();
        // The header promised more (and keep-alive); ending the connection now leaves the client a short
        // body. Shutting the socket down also keeps a chunked stream from sending its last chunk.
        response.setKeepAlive(false);
        if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request)) impl->socket().shutdown();
        return;
    }
    out << answer.body;
}

LoopbackServer::LoopbackServer(LoopbackHandler handler, LoopbackOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->handler = std::move(handler);
    ignore_sigpipe_once();
    Poco::Net::SocketAddress address("127.0.0.1", 0);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (!options.tls_certificate.empty() && !options.tls_private_key.empty()) {
        initialize_ssl_once();
        Poco::Net::Context::Params params;
        params.certificateFile = options.tls_certificate.string();
        params.privateKeyFile = options.tls_private_key.string();
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
        socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 64, context);
        impl_->scheme = "https";
    } else {
        socket = std::make_unique<Poco::Net::ServerSocket>(address, 64);
    }
    impl_->port = socket->address().port();

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(32);
    params->setMaxQueued(64);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);  // unlimited
    params->setKeepAliveTimeout(
        Poco::Timespan(static_cast<long>(options.keep_alive_timeout.count() / 1000),
                       static_cast<long>(options.keep_alive_timeout.count() % 1000) * 1000));
    impl_->server = std::make_unique<Poco::Net::HTTPServer>(
        new Factory([impl = impl_.get()](auto& request, auto& response) { impl->handle(request, response); }),
        impl_->pool, *socket, params);
    impl_->server->start();
}

LoopbackServer::~LoopbackServer() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->stopping_cv.notify_all();
    impl_->server->stopAll(true);
    impl_->pool.joinAll();
}

std::string LoopbackServer::base_url() const {
    return impl_->scheme + "://127.0.0.1:" + std::to_string(impl_->port);
}

std::string LoopbackServer::url(std::string_view path) const {
    return base_url() + std::string(path);
}

std::uint16_t LoopbackServer::port() const {
    return impl_->port;
}

void LoopbackServer::set_handler(LoopbackHandler handler) {
    std::lock_guard lock(impl_->mutex);
    impl_->handler = std::move(handler);
}

std::vector<LoopbackRequest> LoopbackServer::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

std::size_t LoopbackServer::request_count() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests.size();
}

std::size_t LoopbackServer::request_count(std::string_view path) const {
    std::lock_guard lock(impl_->mutex);
    return static_cast<std::size_t>(std::count_if(impl_->requests.begin(), impl_->requests.end(),
                                                  [&](const auto& r) { return r.path() == path; }));
}

int LoopbackServer::accepted_connections() const {
    return impl_->server->totalConnections();
}

int LoopbackServer::open_connections() const {
    return impl_->server->currentConnections();
}

std::optional<std::pair<std::filesystem::path, std::filesystem::path>> make_self_signed_certificate(
    const std::filesystem::path& dir, const std::string& host) {
    const bool ip = host.find_first_not_of("0123456789.") == std::string::npos;
    auto certificate = dir / (host + "-cert.pem");
    auto key = dir / (host + "-key.pem");
    std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=" +
        host + "' -addext 'subjectAltName=" + (ip ? "IP:" : "DNS:") + host + "' -keyout '" + key.string() +
        "' -out '" + certificate.string() + "' >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0 || !std::filesystem::exists(certificate) ||
        !std::filesystem::exists(key))
        return std::nullopt;
    return std::make_pair(certificate, key);
}

}  // namespace unstuck::test
