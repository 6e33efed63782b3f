#pragma once
// A real HTTP(S) server on 127.0.0.1 for tests: answers through a handler the test sets, records every
// request.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace unstuck::test {

//! One request as the server received it.
struct LoopbackRequest {
    std::string method;
    std::string uri;  //!< path and query, as sent
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string peer;  //!< the client's address and port: one value per connection
    std::chrono::steady_clock::time_point received_at;
    std::size_t index = 0;  //!< 0 for the first request the server received, then 1, 2, ...

    //! The first header of that name (case-insensitive), if any.
    std::optional<std::string> header(std::string_view name) const;
    //! The path without the query.
    std::string path() const;
};

//! What the server answers, and how.
struct LoopbackResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers{};
    std::string body{};
    //! Wait this long before answering (cut short when the server stops).
    std::chrono::milliseconds delay{0};
    //! Send only this many body bytes, then close the connection: short of the announced Content-Length, or
    //! (chunked) without the last chunk.
    std::optional<std::size_t> truncate_at{};
    //! Send the body with chunked transfer encoding (no Content-Length), so a reader cannot know its size
    //! ahead.
    bool chunked = false;
    //! Close the connection after this response (`Connection: close`).
    bool close = false;
    //! Close the connection without answering at all.
    bool drop = false;
};

//! Builds the answer to a request; called on the server's threads.
using LoopbackHandler = std::function<LoopbackResponse(const LoopbackRequest&)>;

//! Settings of a loopback server.
struct LoopbackOptions {
    //! How long the server keeps an idle kept-alive connection open.
    std::chrono::milliseconds keep_alive_timeout{10000};
    //! Serve HTTPS with this certificate and private key (PEM files) when both are set.
    std::filesystem::path tls_certificate{};
    std::filesystem::path tls_private_key{};
};

//! Poco's HTTPServer on 127.0.0.1 and an ephemeral port; starts when constructed, stops when destroyed.
class LoopbackServer {
  public:
    //! Starts the server; without a handler every request gets an empty 200.
    explicit LoopbackServer(LoopbackHandler handler = {}, LoopbackOptions options = {});
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    //! `http://127.0.0.1:<port>` (or `https://...` when serving TLS).
    std::string base_url() const;
    //! base_url() followed by the path, e.g. url("/v1/track?id=1").
    std::string url(std::string_view path) const;
    std::uint16_t port() const;

    //! Replaces the handler (thread-safe).
    void set_handler(LoopbackHandler handler);

    //! Every request received so far, in arrival order.
    std::vector<LoopbackRequest> requests() const;
    //! How many requests were received so far.
    std::size_t request_count() const;
    //! How many requests were received for that path (query ignored).
    std::size_t request_count(std::string_view path) const;
    //! How many TCP connections the server has accepted and served so far.
    int accepted_connections() const;
    //! How many connections are open right now.
    int open_connections() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

//! Writes a self-signed certificate for `host` (an IP address or a DNS name) and its key into `dir` with the
//! `openssl` command; returns {certificate, key}, or nothing when the command failed.
std::optional<std::pair<std::filesystem::path, std::filesystem::path>> make_self_signed_certificate(
    const std::filesystem::path& dir, const std::string& host = "127.0.0.1");

}  // namespace unstuck::test
