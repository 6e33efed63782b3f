#include "unstuck/core/runtime/http_client.hpp"

#include <Poco/Delegate.h>
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/VerificationErrorArgs.h>
#include <Poco/URI.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <csignal>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "runtime/token_bucket.hpp"
#include "unstuck/core/runtime/redactor.hpp"

namespace unstuck::core {

namespace {

using sdk::HttpError;
using sdk::HttpErrorKind;
using SteadyClock = std::chrono::steady_clock;
using Session = Poco::Net::HTTPClientSession;

// Where a request was when it failed: before the request could have reached the server, or after.
enum class Phase { kConnecting, kSending, kWaiting, kReading };

struct Target {
    std::string scheme;
    std::string host;
    std::uint16_t port = 0;
    std::string path_and_query;
    std::string pool_key;
};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// RFC 9110 token characters.
bool valid_method(std::string_view method) {
    if (method.empty()) return false;
    return std::all_of(method.begin(), method.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
}

bool valid_header(std::string_view name, std::string_view value) {
    if (!valid_method(name)) return false;  // header names are tokens too
    return value.find_first_of("\r\n") == std::string_view::npos;
}

// Headers the client sets itself from the request.
bool managed_header(std::string_view name) {
    return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
           iequals(name, "Connection");
}

std::string redact(std::string_view text) {
    return Redactor::global().redact(text);
}

long long millis(SteadyClock::duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// A timeout for Poco; zero (or less) means no limit, which Poco has no value for: a day stands in.
Poco::Timespan timespan(std::chrono::milliseconds ms) {
    if (ms.count() <= 0) return Poco::Timespan(1, 0, 0, 0, 0);
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

// Writing to a connection the server has closed raises SIGPIPE, whose default action ends the process; the
// client wants the write error instead. A handler the application installed is left alone.
void ignore_sigpipe_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction current {};
        if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
            std::signal(SIGPIPE, SIG_IGN);
    });
}

// Why the last certificate check on this thread failed: OpenSSL's own error says only "certificate verify
// failed".
thread_local std::string last_certificate_error;

void record_certificate_error(const void*, Poco::Net::VerificationErrorArgs& args) {
    if (last_certificate_error.empty()) last_certificate_error = args.errorMessage();
}

void initialize_ssl_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        Poco::Net::SSLManager::instance().ClientVerificationError +=
            Poco::delegate(&record_certificate_error);
    });
}

// Byte-level access to a session's connection (buffered), for reading chunked bodies strictly: Poco 1.11 ends
// a chunked stream silently when the connection drops mid-body, which would hand back a truncated body as
// complete.
class RawReader {
  public:
    virtual ~RawReader() = default;
    //! The next byte, or -1 at the end of the connection.
    virtual int next_byte() = 0;
    //! Up to `length` bytes; 0 at the end of the connection.
    virtual int read_some(char* buffer, std::streamsize length) = 0;
};

template <typename Base>
class ReadableSession final : public Base, public RawReader {
  public:
    using Base::Base;
    int next_byte() override { return this->get(); }
    int read_some(char* buffer, std::streamsize length) override { return this->read(buffer, length); }
};

// What one attempt produced: a response, or an error and whether sending the request again is safe.
struct Attempt {
    std::optional<sdk::HttpResponse> response;
    HttpError error;
    Phase phase = Phase::kConnecting;
    bool reused = false;  // the request went over a pooled connection
};

// Connections kept alive for reuse, per scheme, host and port.
class Pool {
  public:
    explicit Pool(std::size_t max_idle) : max_idle_(max_idle) {}

    // The most recently used idle session for the key that the server has not closed meanwhile, if any.
    std::unique_ptr<Session> take(const std::string& key) {
        std::vector<std::unique_ptr<Session>> stale;
        std::unique_ptr<Session> found;
        {
            std::lock_guard lock(mutex_);
            auto it = idle_.find(key);
            if (it == idle_.end()) return nullptr;
            auto& sessions = it->second;
            while (!sessions.empty() && !found) {
                auto session = std::move(sessions.back());
                sessions.pop_back();
                if (usable(*session))
                    found = std::move(session);
                else
                    stale.push_back(std::move(session));
            }
        }
        return found;  // stale sessions close outside the lock
    }

    // Keeps the session for reuse unless the host already has enough idle ones.
    void give(const std::string& key, std::unique_ptr<Session> session) {
        if (max_idle_ == 0) return;
        std::lock_guard lock(mutex_);
        auto& sessions = idle_[key];
        if (sessions.size() < max_idle_) sessions.push_back(std::move(session));
    }

  private:
    // An idle kept-alive connection has nothing to read; if it has, the server closed it (or broke protocol).
    static bool usable(Session& session) {
        try {
            if (!session.connected()) return false;
            return !session.socket().poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ);
        } catch (...) {
            return false;
        }
    }

    std::size_t max_idle_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::vector<std::unique_ptr<Session>>> idle_;
};

HttpError make_error(HttpErrorKind kind, std::string message) {
    return HttpError{kind, std::move(message)};
}

// One line of a chunked body without its CRLF; nothing when the connection ended first.
std::optional<std::string> read_line(RawReader& in) {
    std::string line;
    for (;;) {
        int c = in.next_byte();
        if (c < 0) return std::nullopt;
        if (c == '\n') break;
        if (line.size() >= 4096) return std::string("\x01");  // no sane chunk line is this long
        line += static_cast<char>(c);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

// Reads a chunked body (RFC 9112 section 7.1) up to `cap` bytes; an error when it is cut short, malformed or
// too big.
std::optional<HttpError> read_chunked(RawReader& in, std::size_t cap, std::string& body) {
    auto truncated = [&] {
        return make_error(
            HttpErrorKind::kProtocol,
            fmt::format("chunked response body ended after {} bytes, before its last chunk", body.size()));
    };
    for (;;) {
        auto line = read_line(in);
        if (!line) return truncated();
        auto digits = line->substr(0, line->find_first_of("; \t"));
        std::size_t size = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
            return make_error(HttpErrorKind::kProtocol, "malformed chunked response body");
        if (size == 0) break;
        if (size > cap || body.size() + size > cap)
            return make_error(
                HttpErrorKind::kTooLarge,
                fmt::format("response exceeds the limit of {} bytes (max_response_bytes)", cap));
        auto at = body.size();
        body.resize(at + size);
        while (at < body.size()) {
            int n = in.read_some(body.data() + at, static_cast<std::streamsize>(body.size() - at));
            if (n <= 0) {
                body.resize(at);
                return truncated();
            }
            at += static_cast<std::size_t>(n);
        }
        auto crlf = read_line(in);
        if (!crlf) return truncated();
        if (!crlf->empty()) return make_error(HttpErrorKind::kProtocol, "malformed chunked response body");
    }
    // Trailer fields up to an empty line; a connection that ends here has delivered the whole body.
    for (int i = 0; i < 100; ++i) {
        auto line = read_line(in);
        if (!line || line->empty()) return std::nullopt;
    }
    return make_error(HttpErrorKind::kProtocol, "malformed chunked response trailer");
}

}  // namespace

struct HttpClient::Impl {
    HttpOptions options;
    std::shared_ptr<spdlog::logger> log;
    Pool pool;
    TokenBucket bucket;
    std::once_flag tls_once;
    Poco::Net::Context::Ptr tls_context;
    std::string tls_setup_error;

    Impl(HttpOptions o, std::shared_ptr<spdlog::logger> l)
        : options(std::move(o)),
          log(l ? std::move(l) : std::make_shared<spdlog::logger>("http")),
          pool(options.max_idle_per_host),
          bucket(options.requests_per_second, options.burst) {
        options.max_attempts = std::max(options.max_attempts, 1);
        ignore_sigpipe_once();
    }

    std::optional<Target> parse(const sdk::HttpRequest& request, std::string& why) const;
    Poco::Net::Context::Ptr context(std::string& why);
    std::unique_ptr<Session> open(const Target& target, std::string& why);
    Attempt attempt(const Target& target, const sdk::HttpRequest& request,
                    std::chrono::milliseconds read_timeout, bool fresh_connection);
    std::chrono::milliseconds backoff(int retry);
    sdk::Result<sdk::HttpResponse, HttpError> send(const sdk::HttpRequest& request);
};

std::optional<Target> HttpClient::Impl::parse(const sdk::HttpRequest& request, std::string& why) const {
    if (!valid_method(request.method)) {
        why = fmt::format("invalid method '{}'", request.method);
        return std::nullopt;
    }
    for (const auto& [name, value] : request.headers) {
        if (!valid_header(name, value)) {
            why = fmt::format("invalid header '{}'", name);
            return std::nullopt;
        }
    }
    Target target;
    try {
        Poco::URI uri(request.url);
        target.scheme = uri.getScheme();
        target.host = uri.getHost();
        target.port = uri.getPort();
        // The path and query exactly as given: Poco::URI would decode and re-encode them, which can change
        // them.
        auto authority = request.url.find("://");
        auto start = authority == std::string::npos ? std::string::npos
                                                    : request.url.find_first_of("/?#", authority + 3);
        target.path_and_query = start == std::string::npos ? "" : request.url.substr(start);
    } catch (const Poco::Exception& e) {
        why = "invalid URL: " + e.message();
        return std::nullopt;
    }
    if (target.scheme != "http" && target.scheme != "https") {
        why = "invalid URL: only http:// and https:// are supported";
        return std::nullopt;
    }
    if (target.host.empty()) {
        why = "invalid URL: no host";
        return std::nullopt;
    }
    if (std::any_of(target.path_and_query.begin(), target.path_and_query.end(),
                    [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
        why = "invalid URL: spaces and control characters must be percent-encoded";
        return std::nullopt;
    }
    // A fragment is never sent.
    if (auto hash = target.path_and_query.find('#'); hash != std::string::npos)
        target.path_and_query.resize(hash);
    if (target.path_and_query.empty() || target.path_and_query.front() == '?')
        target.path_and_query.insert(0, "/");
    target.pool_key = fmt::format("{}://{}:{}", target.scheme, target.host, target.port);
    return target;
}

Poco::Net::Context::Ptr HttpClient::Impl::context(std::string& why) {
    std::call_once(tls_once, [this] {
        try {
            initialize_ssl_once();
            Poco::Net::Context::Params params;
            params.verificationMode =
                options.verify_tls ? Poco::Net::Context::VERIFY_STRICT : Poco::Net::Context::VERIFY_NONE;
            params.loadDefaultCAs = options.verify_tls;
            params.caLocation = options.ca_file;
            auto context =
                Poco::Net::Context::Ptr(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params));
            context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
            tls_context = context;
        } catch (const Poco::Exception& e) {
            tls_setup_error = options.ca_file.empty() ? "cannot set up TLS: " + e.displayText()
                                                      : fmt::format("cannot load ca_file '{}': {}",
                                                                    options.ca_file, e.displayText());
        }
    });
    if (!tls_context) why = tls_setup_error;
    return tls_context;
}

std::unique_ptr<Session> HttpClient::Impl::open(const Target& target, std::string& why) {
    std::unique_ptr<Session> session;
    if (target.scheme == "https") {
        auto tls = context(why);
        if (!tls) return nullptr;
        session =
            std::make_unique<ReadableSession<Poco::Net::HTTPSClientSession>>(target.host, target.port, tls);
    } else {
        session = std::make_unique<ReadableSession<Session>>(target.host, target.port);
    }
    session->setKeepAlive(true);
    return session;
}

Attempt HttpClient::Impl::attempt(const Target& target, const sdk::HttpRequest& request,
                                  std::chrono::milliseconds read_timeout, bool fresh_connection) {
    Attempt result;
    std::unique_ptr<Session> session;
    if (!fresh_connection) session = pool.take(target.pool_key);
    result.reused = session != nullptr;
    if (!session) {
        std::string why;
        session = open(target, why);
        if (!session) {
            result.error = make_error(HttpErrorKind::kTls, why);
            return result;
        }
    }
    session->setTimeout(timespan(options.connect_timeout), timespan(read_timeout), timespan(read_timeout));
    last_certificate_error.clear();
    try {
        if (result.reused) {
            session->socket().setReceiveTimeout(timespan(read_timeout));
            session->socket().setSendTimeout(timespan(read_timeout));
        }

        Poco::Net::HTTPRequest out(request.method, target.path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : request.headers)
            if (!managed_header(name)) out.add(name, value);
        if (!out.has("User-Agent")) out.set("User-Agent", "unstuck");
        out.setKeepAlive(true);
        if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
            request.method == "PATCH")
            out.setContentLength64(static_cast<Poco::Int64>(request.body.size()));

        result.phase = result.reused ? Phase::kSending : Phase::kConnecting;
        auto& body_out = session->sendRequest(out);
        result.phase = Phase::kSending;
        body_out.exceptions(std::ios::badbit);
        body_out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));

        result.phase = Phase::kWaiting;
        Poco::Net::HTTPResponse in;
        auto& body_in = session->receiveResponse(in);
        result.phase = Phase::kReading;
        body_in.exceptions(std::ios::badbit);

        sdk::HttpResponse response;
        response.status = static_cast<int>(in.getStatus());
        for (const auto& [name, value] : in) response.headers.emplace_back(name, value);

        const bool has_body = request.method != "HEAD" && response.status >= 200 && response.status != 204 &&
                              response.status != 304;
        const auto cap = options.max_response_bytes;
        const bool has_length = has_body && in.hasContentLength();
        const auto length = has_length ? in.getContentLength64() : 0;
        if (has_length && length > 0 && static_cast<std::uint64_t>(length) > cap) {
            result.error = make_error(HttpErrorKind::kTooLarge,
                                      fmt::format("response of {} bytes exceeds the limit of {} bytes "
                                                  "(max_response_bytes)",
                                                  length, cap));
            return result;  // the session closes: its unread body makes it useless
        }
        auto* raw = dynamic_cast<RawReader*>(session.get());
        const bool chunked = has_body && in.getChunkedTransferEncoding();
        if (chunked && raw) {
            if (auto error = read_chunked(*raw, cap, response.body)) {
                result.error = std::move(*error);
                return result;
            }
        } else if (has_body) {
            if (has_length) response.body.reserve(static_cast<std::size_t>(length));
            std::array<char, 16384> buffer;
            while (body_in) {
                body_in.read(buffer.data(), buffer.size());
                auto n = static_cast<std::size_t>(body_in.gcount());
                if (n == 0) break;
                if (response.body.size() + n > cap) {
                    result.error = make_error(
                        HttpErrorKind::kTooLarge,
                        fmt::format("response exceeds the limit of {} bytes (max_response_bytes)", cap));
                    return result;
                }
                response.body.append(buffer.data(), n);
            }
        }
        if (has_length && response.body.size() < static_cast<std::uint64_t>(length)) {
            result.error = make_error(HttpErrorKind::kProtocol,
                                      fmt::format("response body ended after {} of the {} bytes announced",
                                                  response.body.size(), length));
            return result;
        }
        if (in.getKeepAlive() && !has_length && !in.getChunkedTransferEncoding() && has_body) {
            // A body delimited by the connection's end: the connection is spent.
        } else if (in.getKeepAlive()) {
            pool.give(target.pool_key, std::move(session));
        }
        result.response = std::move(response);
        return result;
    } catch (const Poco::TimeoutException&) {
        auto what = result.phase == Phase::kConnecting
                        ? fmt::format("connect timed out after {} ms", options.connect_timeout.count())
                    : result.phase == Phase::kSending
                        ? fmt::format("timed out after {} ms sending the request", read_timeout.count())
                    : result.phase == Phase::kReading
                        ? fmt::format("timed out after {} ms reading the response body", read_timeout.count())
                        : fmt::format("timed out after {} ms waiting for the response", read_timeout.count());
        result.error = make_error(HttpErrorKind::kTimeout, what);
    } catch (const Poco::Net::SSLConnectionUnexpectedlyClosedException&) {
        result.error = make_error(HttpErrorKind::kConnect, "the TLS connection closed unexpectedly");
    } catch (const Poco::Net::SSLException& e) {
        auto what = e.message().empty() ? e.displayText() : e.message();
        if (!last_certificate_error.empty()) what += " (" + last_certificate_error + ")";
        result.error = make_error(HttpErrorKind::kTls, "TLS failed: " + what);
    } catch (const Poco::Net::NoMessageException&) {
        result.error = make_error(HttpErrorKind::kConnect, "the connection closed before a response arrived");
    } catch (const Poco::Net::MessageException& e) {
        result.error = make_error(HttpErrorKind::kProtocol, "malformed response: " + e.displayText());
    } catch (const Poco::Net::ConnectionRefusedException&) {
        result.error = make_error(HttpErrorKind::kConnect, "connection refused");
    } catch (const Poco::Net::DNSException&) {
        result.error =
            make_error(HttpErrorKind::kConnect, fmt::format("cannot resolve host '{}'", target.host));
    } catch (const Poco::Exception& e) {
        result.error =
            make_error(result.phase == Phase::kReading ? HttpErrorKind::kProtocol : HttpErrorKind::kConnect,
                       e.displayText());
    } catch (const std::exception& e) {
        result.error = make_error(HttpErrorKind::kProtocol, e.what());
    }
    return result;
}

std::chrono::milliseconds HttpClient::Impl::backoff(int retry) {
    // Full jitter: a uniform wait between zero and the exponential ceiling.
    auto ceiling = options.backoff_base;
    for (int i = 1; i < retry && ceiling < options.backoff_max; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, options.backoff_max);
    if (ceiling.count() <= 0) return std::chrono::milliseconds(0);
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::uniform_int_distribution<long long> pick(0, ceiling.count());
    return std::chrono::milliseconds(pick(random));
}

sdk::Result<sdk::HttpResponse, HttpError> HttpClient::Impl::send(const sdk::HttpRequest& request) {
    std::string why;
    auto target = parse(request, why);
    const auto shown = redact(fmt::format("{} {}", request.method, request.url));
    if (!target) return make_error(HttpErrorKind::kInvalidRequest, redact(fmt::format("{}: {}", shown, why)));

    const auto read_timeout = request.timeout.value_or(options.read_timeout);
    const int max = options.max_attempts;
    bool fresh_retry_used = false;
    bool fresh_connection = false;
    for (int n = 1;; ++n) {
        bucket.acquire();
        const auto started = SteadyClock::now();
        auto result = attempt(*target, request, read_timeout, fresh_connection);
        fresh_connection = false;
        const auto took = millis(SteadyClock::now() - started);
        const char* via = result.reused ? "reused connection" : "new connection";

        std::optional<std::chrono::milliseconds> wait;
        std::string reason;
        if (result.response) {
            const auto& response = *result.response;
            log->debug(redact(fmt::format("{}: {} ({} bytes) in {} ms, attempt {}/{}, {}", shown,
                                          response.status, response.body.size(), took, n, max, via)));
            const bool retryable = response.status == 429 ||
                                   (response.status >= 500 && response.status <= 599 && request.idempotent);
            if (!retryable || n >= max) return std::move(*result.response);
            reason = fmt::format("status {}", response.status);
            // The server's Retry-After is honoured as given, up to its own bound; backoff_max caps only
            // the waits we choose. A longer one goes back to the caller, who reports when to retry.
            if (auto after = response.retry_after()) {
                if (*after > options.retry_after_max) {
                    log->info(redact(
                        fmt::format("{}: status {}, Retry-After {} s is above {} ms; not retrying", shown,
                                    response.status, after->count(), options.retry_after_max.count())));
                    return std::move(*result.response);
                }
                wait = std::chrono::duration_cast<std::chrono::milliseconds>(*after);
                reason += fmt::format(", Retry-After {} s", after->count());
            }
        } else {
            auto& error = result.error;
            log->debug(redact(fmt::format("{}: attempt {}/{} failed after {} ms, {}: {}", shown, n, max, took,
                                          via, error.message)));
            // A pooled connection the server dropped before answering: try once more on a new one, free of
            // charge.
            const bool stale =
                result.reused && !fresh_retry_used && error.kind == HttpErrorKind::kConnect &&
                (result.phase == Phase::kSending || (result.phase == Phase::kWaiting && request.idempotent));
            if (stale) {
                fresh_retry_used = true;
                fresh_connection = true;
                --n;
                log->debug(redact(
                    fmt::format("{}: the kept-alive connection was closed; retrying on a new one", shown)));
                continue;
            }
            const bool delivered = result.phase == Phase::kWaiting || result.phase == Phase::kReading;
            const bool retryable =
                (error.kind == HttpErrorKind::kConnect || error.kind == HttpErrorKind::kTimeout) &&
                (!delivered || request.idempotent);
            if (!retryable || n >= max) {
                auto attempts = n == 1 ? std::string("1 attempt") : fmt::format("{} attempts", n);
                return make_error(error.kind,
                                  redact(fmt::format("{}: {} ({})", shown, error.message, attempts)));
            }
            reason = error.message;
        }
        if (!wait) wait = backoff(n);
        log->info(redact(
            fmt::format("{}: {} on attempt {}/{}; retrying in {} ms", shown, reason, n, max, wait->count())));
        if (wait->count() > 0) std::this_thread::sleep_for(*wait);
    }
}

HttpClient::HttpClient(HttpOptions options, std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(log))) {}

HttpClient::~HttpClient() = default;

sdk::Result<sdk::HttpResponse, HttpError> HttpClient::send(const sdk::HttpRequest& request) noexcept {
    try {
        return impl_->send(request);
    } catch (const std::exception& e) {
        return HttpError{
            HttpErrorKind::kProtocol,
            redact(fmt::format("{} {}: unexpected failure: {}", request.method, request.url, e.what()))};
    } catch (...) {
        return HttpError{HttpErrorKind::kProtocol,
                         redact(fmt::format("{} {}: unexpected failure", request.method, request.url))};
    }
}

}  // namespace unstuck::core
