// The host's HTTP client against a real server on 127.0.0.1.

#include "unstuck/core/runtime/http_client.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "support/loopback_server.hpp"
#include "support/test_paths.hpp"
#include "unstuck/core/runtime/redactor.hpp"

namespace unstuck::test {
namespace {

using core::HttpClient;
using core::HttpOptions;
using sdk::HttpErrorKind;
using sdk::HttpRequest;
using namespace std::chrono_literals;

// Quick retries so the tests do not wait on backoff.
HttpOptions fast_options() {
    HttpOptions options;
    options.connect_timeout = 2000ms;
    options.read_timeout = 5000ms;
    options.backoff_base = 1ms;
    options.backoff_max = 20ms;
    return options;
}

class HttpClientTest : public ::testing::Test {
  protected:
    std::shared_ptr<spdlog::logger> logger() {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_lines_);
        auto log = std::make_shared<spdlog::logger>("http.test", sink);
        log->set_level(spdlog::level::trace);
        log->set_pattern("%l %v");
        return log;
    }
    HttpClient client(HttpOptions options = fast_options()) {
        return HttpClient(std::move(options), logger());
    }
    std::string log() const { return log_lines_.str(); }

    HttpRequest get(const LoopbackServer& server, std::string_view path) {
        HttpRequest request;
        request.url = server.url(path);
        return request;
    }

    std::ostringstream log_lines_;
};

HttpRequest make_request(std::string method, std::string url, std::string body = {}, bool idempotent = true) {
    HttpRequest request;
    request.method = std::move(method);
    request.url = std::move(url);
    request.body = std::move(body);
    request.idempotent = idempotent;
    return request;
}

HttpRequest with_header(HttpRequest request, std::string name, std::string value) {
    request.headers.emplace_back(std::move(name), std::move(value));
    return request;
}

LoopbackHandler status_sequence(std::vector<int> statuses) {
    auto next = std::make_shared<std::atomic<std::size_t>>(0);
    return [statuses = std::move(statuses), next](const LoopbackRequest&) {
        auto i = std::min(next->fetch_add(1), statuses.size() - 1);
        return LoopbackResponse{.status = statuses[i], .body = "status " + std::to_string(statuses[i])};
    };
}

TEST_F(HttpClientTest, ReturnsStatusHeadersAndBody) {
    LoopbackServer server([](const LoopbackRequest& r) {
        return LoopbackResponse{.headers = {{"Content-Type", "application/json"}, {"X-Request", r.method}},
                                .body = R"({"ok":true})"};
    });
    auto http = client();
    auto request = get(server, "/v1/track?number=1Z999");
    request.headers = {{"Accept", "application/json"}, {"X-Api-Key", "k-1"}};
    auto result = http.send(request);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->body, R"({"ok":true})");
    EXPECT_EQ(result->header("content-type"), "application/json");
    EXPECT_EQ(result->header("X-Request"), "GET");

    auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].uri, "/v1/track?number=1Z999");
    EXPECT_EQ(seen[0].header("Accept"), "application/json");
    EXPECT_EQ(seen[0].header("X-Api-Key"), "k-1");
    EXPECT_TRUE(seen[0].header("User-Agent").has_value());
}

TEST_F(HttpClientTest, SendsThePathAndQueryExactlyAsGiven) {
    LoopbackServer server;
    auto http = client();
    ASSERT_TRUE(http.send(get(server, "/v1/track/AB%2F12?q=a%20b&list=(1,2)#part")).ok());
    auto bare = make_request("GET", server.base_url() + "?only=query");
    ASSERT_TRUE(http.send(bare).ok());
    auto seen = server.requests();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].uri, "/v1/track/AB%2F12?q=a%20b&list=(1,2)");
    EXPECT_EQ(seen[1].uri, "/?only=query");
}

TEST_F(HttpClientTest, SendsTheBodyOfAPost) {
    LoopbackServer server(
        [](const LoopbackRequest& r) { return LoopbackResponse{.status = 201, .body = r.body}; });
    auto http = client();
    auto request = make_request("POST", server.url("/tickets"), R"({"subject":"stuck"})");
    request.headers = {{"Content-Type", "application/json"}};
    auto result = http.send(request);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 201);
    EXPECT_EQ(result->body, R"({"subject":"stuck"})");
    auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_EQ(seen[0].header("Content-Length"), "19");
}

TEST_F(HttpClientTest, PassesA404ThroughWithoutRetrying) {
    LoopbackServer server(status_sequence({404}));
    auto http = client();
    auto result = http.send(get(server, "/missing"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 404);
    EXPECT_EQ(result->body, "status 404");
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, RetriesA500OnceThenReturnsThe200) {
    LoopbackServer server(status_sequence({500, 200}));
    auto http = client();
    auto result = http.send(get(server, "/flaky"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(server.request_count(), 2u);
    EXPECT_NE(log().find("info GET " + server.url("/flaky") + ": status 500 on attempt 1/4; retrying in"),
              std::string::npos)
        << log();
}

TEST_F(HttpClientTest, DoesNotRetryA500ForANonIdempotentPost) {
    LoopbackServer server(status_sequence({500, 200}));
    auto http = client();
    auto request = make_request("POST", server.url("/tickets"), "{}", false);
    auto result = http.send(request);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 500);
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, HonoursRetryAfterOnA429EvenForANonIdempotentPost) {
    LoopbackServer server([](const LoopbackRequest& r) {
        if (r.index == 0) return LoopbackResponse{.status = 429, .headers = {{"Retry-After", "1"}}};
        return LoopbackResponse{.status = 201};
    });
    auto options = fast_options();
    options.backoff_max = 5s;
    auto http = client(options);
    auto request = make_request("POST", server.url("/tickets"), "{}", false);
    auto result = http.send(request);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 201);
    auto seen = server.requests();
    ASSERT_EQ(seen.size(), 2u);
    // The wait came from the header, not from the backoff (whose ceiling here is 20 ms).
    EXPECT_NE(log().find("status 429, Retry-After 1 s on attempt 1/4; retrying in 1000 ms"),
              std::string::npos)
        << log();
}

TEST_F(HttpClientTest, WaitsTheWholeRetryAfterEvenAboveTheLongestBackoff) {
    using Clock = std::chrono::steady_clock;
    auto first_seen = std::make_shared<Clock::time_point>();
    auto second_seen = std::make_shared<Clock::time_point>();
    LoopbackServer server([first_seen, second_seen](const LoopbackRequest& r) {
        if (r.index == 0) {
            *first_seen = Clock::now();
            return LoopbackResponse{.status = 503, .headers = {{"Retry-After", "1"}}};
        }
        *second_seen = Clock::now();
        return LoopbackResponse{.status = 200};
    });
    auto options = fast_options();
    options.backoff_max = 200ms;  // our own waits only
    auto http = client(options);
    auto result = http.send(get(server, "/busy"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 200);
    ASSERT_EQ(server.request_count(), 2u);
    EXPECT_GE(*second_seen - *first_seen, 1000ms) << log();
    EXPECT_NE(log().find("Retry-After 1 s on attempt 1/4; retrying in 1000 ms"), std::string::npos) << log();
}

TEST_F(HttpClientTest, ReturnsTheResponseWhenRetryAfterIsAboveItsBound) {
    LoopbackServer server([](const LoopbackRequest& r) {
        if (r.index == 0) return LoopbackResponse{.status = 503, .headers = {{"Retry-After", "3600"}}};
        return LoopbackResponse{.status = 200};
    });
    auto options = fast_options();
    options.retry_after_max = 2s;
    auto http = client(options);
    auto result = http.send(get(server, "/busy"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 503) << "the plugin reports it as transient with the server's Retry-After";
    ASSERT_TRUE(result->retry_after());
    EXPECT_EQ(result->retry_after()->count(), 3600);
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, ReturnsTheLastResponseWhenRetriesRunOut) {
    LoopbackServer server(status_sequence({503}));
    auto options = fast_options();
    options.max_attempts = 3;
    auto http = client(options);
    auto result = http.send(get(server, "/down"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 503);
    EXPECT_EQ(result->body, "status 503");
    EXPECT_EQ(server.request_count(), 3u);
}

TEST_F(HttpClientTest, TimesOutOnASlowReplyAfterEveryAttempt) {
    LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{.delay = 10s}; });
    auto options = fast_options();
    options.read_timeout = 100ms;
    options.max_attempts = 2;
    auto http = client(options);
    auto result = http.send(get(server, "/slow"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kTimeout);
    EXPECT_TRUE(result.error().transient());
    EXPECT_NE(result.error().message.find("GET " + server.url("/slow")), std::string::npos);
    EXPECT_NE(result.error().message.find("timed out after 100 ms waiting for the response (2 attempts)"),
              std::string::npos)
        << result.error().message;
    EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(HttpClientTest, AppliesARequestsOwnTimeout) {
    LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{.delay = 10s}; });
    auto options = fast_options();
    options.read_timeout = 60s;
    options.max_attempts = 1;
    auto http = client(options);
    auto request = get(server, "/slow");
    request.timeout = 100ms;
    auto result = http.send(request);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kTimeout);
    EXPECT_NE(result.error().message.find("timed out after 100 ms"), std::string::npos)
        << result.error().message;
}

TEST_F(HttpClientTest, DoesNotResendANonIdempotentRequestThatTimedOut) {
    LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{.delay = 10s}; });
    auto options = fast_options();
    options.read_timeout = 100ms;
    auto http = client(options);
    auto request = make_request("POST", server.url("/tickets"), "{}", false);
    auto result = http.send(request);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kTimeout);
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, ReportsATruncatedBodyAsAProtocolError) {
    LoopbackServer server([](const LoopbackRequest&) {
        return LoopbackResponse{.body = std::string(4000, 'a'), .truncate_at = 1000};
    });
    auto http = client();
    auto result = http.send(get(server, "/short"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kProtocol);
    EXPECT_NE(result.error().message.find("ended after 1000 of the 4000 bytes announced"), std::string::npos)
        << result.error().message;
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, ReportsATruncatedChunkedBodyAsAProtocolError) {
    LoopbackServer server([](const LoopbackRequest&) {
        return LoopbackResponse{.body = std::string(4000, 'a'), .truncate_at = 1000, .chunked = true};
    });
    auto http = client();
    auto result = http.send(get(server, "/short"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kProtocol);
    EXPECT_NE(
        result.error().message.find("chunked response body ended after 1000 bytes, before its last chunk"),
        std::string::npos)
        << result.error().message;
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, ReadsChunkedBodiesOverAKeptAliveConnection) {
    LoopbackServer server([](const LoopbackRequest& r) {
        return LoopbackResponse{.body = r.uri + std::string(70000, 'z'), .chunked = true};
    });
    auto http = client();
    for (int i = 0; i < 3; ++i) {
        auto path = "/c/" + std::to_string(i);
        auto result = http.send(get(server, path));
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_EQ(result->body, path + std::string(70000, 'z'));
    }
    EXPECT_EQ(server.accepted_connections(), 1);
}

TEST_F(HttpClientTest, RefusesABodyAnnouncedAboveTheCap) {
    LoopbackServer server(
        [](const LoopbackRequest&) { return LoopbackResponse{.body = std::string(2000, 'b')}; });
    auto options = fast_options();
    options.max_response_bytes = 1000;
    auto http = client(options);
    auto result = http.send(get(server, "/big"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kTooLarge);
    EXPECT_NE(result.error().message.find("response of 2000 bytes exceeds the limit of 1000 bytes"),
              std::string::npos)
        << result.error().message;
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, StopsReadingAChunkedBodyAtTheCap) {
    LoopbackServer server([](const LoopbackRequest&) {
        return LoopbackResponse{.body = std::string(200000, 'c'), .chunked = true};
    });
    auto options = fast_options();
    options.max_response_bytes = 50000;
    auto http = client(options);
    auto result = http.send(get(server, "/stream"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kTooLarge);
    EXPECT_NE(result.error().message.find("exceeds the limit of 50000 bytes"), std::string::npos)
        << result.error().message;
}

TEST_F(HttpClientTest, AcceptsABodyExactlyAtTheCap) {
    LoopbackServer server([](const LoopbackRequest& r) {
        return LoopbackResponse{.body = std::string(1000, 'd'), .chunked = r.path() == "/chunked"};
    });
    auto options = fast_options();
    options.max_response_bytes = 1000;
    auto http = client(options);
    for (auto path : {"/fixed", "/chunked"}) {
        auto result = http.send(get(server, path));
        ASSERT_TRUE(result.ok()) << path << ": " << result.error().message;
        EXPECT_EQ(result->body.size(), 1000u) << path;
    }
}

TEST_F(HttpClientTest, ReusesOneConnectionForSequentialRequests) {
    LoopbackServer server([](const LoopbackRequest& r) { return LoopbackResponse{.body = r.uri}; });
    auto http = client();
    for (int i = 0; i < 10; ++i) {
        auto path = "/n/" + std::to_string(i);
        auto result = http.send(get(server, path));
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_EQ(result->body, path);
    }
    EXPECT_EQ(server.request_count(), 10u);
    EXPECT_EQ(server.accepted_connections(), 1);
}

TEST_F(HttpClientTest, OpensANewConnectionPerRequestWithoutAPool) {
    LoopbackServer server;
    auto options = fast_options();
    options.max_idle_per_host = 0;
    auto http = client(options);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(http.send(get(server, "/")).ok());
    EXPECT_EQ(server.accepted_connections(), 3);
}

TEST_F(HttpClientTest, ReplacesAPooledConnectionTheServerClosed) {
    LoopbackServer server({}, LoopbackOptions{.keep_alive_timeout = 100ms});
    auto http = client();
    ASSERT_TRUE(http.send(get(server, "/one")).ok());
    // Wait until the server has closed the idle connection.
    for (int i = 0; i < 500 && server.open_connections() > 0; ++i) std::this_thread::sleep_for(10ms);
    ASSERT_EQ(server.open_connections(), 0);
    auto result = http.send(get(server, "/two"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(server.request_count(), 2u);
    EXPECT_EQ(server.accepted_connections(), 2);
}

TEST_F(HttpClientTest, RetriesWhenAConnectionClosesWithoutAnAnswer) {
    LoopbackServer server([](const LoopbackRequest& r) {
        if (r.index == 0) return LoopbackResponse{.drop = true};
        return LoopbackResponse{.body = "second"};
    });
    auto http = client();
    auto result = http.send(get(server, "/dropped"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->body, "second");
    EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(HttpClientTest, ReportsARefusedConnectionAfterItsRetries) {
    std::string url;
    {
        LoopbackServer closed;
        url = closed.url("/nobody");
    }
    auto options = fast_options();
    options.max_attempts = 2;
    auto http = client(options);
    auto request = make_request("POST", url, "{}", false);
    auto result = http.send(request);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kConnect);
    // Nothing reached a server, so even a non-idempotent request was tried again.
    EXPECT_NE(result.error().message.find("POST " + url + ": connection refused (2 attempts)"),
              std::string::npos)
        << result.error().message;
}

TEST_F(HttpClientTest, RejectsInvalidRequestsWithoutSendingThem) {
    LoopbackServer server;
    auto http = client();
    struct Case {
        HttpRequest request;
        std::string expected;
    };
    std::vector<Case> cases{
        {make_request("GET", "ftp://127.0.0.1/file"), "only http:// and https://"},
        {make_request("GET", "http:///path"), "no host"},
        {make_request("GE T", server.url("/")), "invalid method 'GE T'"},
        {make_request("GET", server.url("/a b")), "must be percent-encoded"},
        {with_header(make_request("GET", server.url("/")), "X-Bad", "a\r\nInjected: yes"),
         "invalid header 'X-Bad'"},
    };
    for (const auto& c : cases) {
        auto result = http.send(c.request);
        ASSERT_FALSE(result.ok()) << c.request.url;
        EXPECT_EQ(result.error().kind, HttpErrorKind::kInvalidRequest) << result.error().message;
        EXPECT_NE(result.error().message.find(c.expected), std::string::npos) << result.error().message;
    }
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(HttpClientTest, AnswersAHeadRequestWithoutABody) {
    LoopbackServer server(
        [](const LoopbackRequest&) { return LoopbackResponse{.body = std::string(500, 'h')}; });
    auto http = client();
    auto request = get(server, "/head");
    request.method = "HEAD";
    for (int i = 0; i < 2; ++i) {
        auto result = http.send(request);
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_EQ(result->header("Content-Length"), "500");
        EXPECT_TRUE(result->body.empty());
    }
    EXPECT_EQ(server.accepted_connections(), 1);
}

TEST_F(HttpClientTest, ServesEveryRequestUnderARateLimit) {
    LoopbackServer server;
    auto options = fast_options();
    options.requests_per_second = 500;
    options.burst = 1;
    auto http = client(options);
    for (int i = 0; i < 20; ++i) {
        auto result = http.send(get(server, "/limited"));
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_EQ(result->status, 200);
    }
    EXPECT_EQ(server.request_count("/limited"), 20u);
}

TEST_F(HttpClientTest, IsSharedSafelyByThreads) {
    LoopbackServer server([](const LoopbackRequest& r) { return LoopbackResponse{.body = r.uri}; });
    auto options = fast_options();
    options.requests_per_second = 1000;
    options.burst = 4;
    auto http = client(options);
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                auto path = "/t" + std::to_string(t) + "/" + std::to_string(i);
                auto result = http.send(get(server, path));
                if (result.ok() && result->body == path) ++good;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(good.load(), 40);
    EXPECT_EQ(server.request_count(), 40u);
    // Four threads never need more than four connections, and the pool keeps four.
    EXPECT_LE(server.accepted_connections(), 4);
}

TEST_F(HttpClientTest, KeepsSecretsOutOfErrorsAndLogs) {
    const std::string secret = "sk_live_7f3a9c0d2b";
    core::Redactor::global().add(secret);
    std::string url;
    {
        LoopbackServer closed;
        url = closed.url("/track?api_key=" + secret);
    }
    auto options = fast_options();
    options.max_attempts = 2;
    auto http = client(options);
    auto request = with_header(make_request("GET", url), "Authorization", "Bearer tok-unregistered-4242");
    auto result = http.send(request);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message.find(secret), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("api_key=***"), std::string::npos) << result.error().message;
    auto lines = log();
    EXPECT_NE(lines.find("api_key=***"), std::string::npos) << lines;  // the attempts were logged
    EXPECT_EQ(lines.find(secret), std::string::npos) << lines;
    EXPECT_EQ(lines.find("tok-unregistered"), std::string::npos) << lines;

    // The same on a successful request that is logged at debug.
    LoopbackServer server;
    auto ok = http.send(with_header(make_request("GET", server.url("/track?api_key=" + secret)),
                                    "Authorization", "Bearer tok-unregistered-4242"));
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(log().find(secret), std::string::npos) << log();
    EXPECT_EQ(log().find("tok-unregistered"), std::string::npos) << log();
}

class HttpsClientTest : public HttpClientTest {
  protected:
    void SetUp() override {
        files_ = make_self_signed_certificate(dir_.path());
        ASSERT_TRUE(files_) << "the openssl command could not write a certificate";
        server_ = std::make_unique<LoopbackServer>(
            [](const LoopbackRequest&) { return LoopbackResponse{.body = "over tls"}; },
            LoopbackOptions{.tls_certificate = files_->first, .tls_private_key = files_->second});
    }

    TempDir dir_;
    std::optional<std::pair<std::filesystem::path, std::filesystem::path>> files_;
    std::unique_ptr<LoopbackServer> server_;
};

TEST_F(HttpsClientTest, RefusesASelfSignedCertificate) {
    auto http = client();
    auto result = http.send(get(*server_, "/secure"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kTls) << result.error().message;
    EXPECT_FALSE(result.error().transient());
    EXPECT_NE(result.error().message.find("GET " + server_->url("/secure") + ": TLS failed"),
              std::string::npos)
        << result.error().message;
    EXPECT_NE(result.error().message.find("certificate verify failed (self-signed certificate)"),
              std::string::npos)
        << result.error().message;
    EXPECT_NE(result.error().message.find("(1 attempt)"), std::string::npos) << result.error().message;
    EXPECT_EQ(server_->request_count(), 0u);
}

TEST_F(HttpsClientTest, AcceptsTheCertificateGivenAsCaFile) {
    auto options = fast_options();
    options.ca_file = files_->first.string();
    auto http = client(options);
    for (int i = 0; i < 3; ++i) {
        auto result = http.send(get(*server_, "/secure"));
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_EQ(result->body, "over tls");
    }
    EXPECT_EQ(server_->request_count("/secure"), 3u);
    EXPECT_EQ(server_->accepted_connections(), 1);
}

TEST_F(HttpsClientTest, RefusesACertificateForAnotherHost) {
    auto other = make_self_signed_certificate(dir_.path(), "other.example");
    ASSERT_TRUE(other) << "the openssl command could not write a certificate";
    LoopbackServer impostor(
        {}, LoopbackOptions{.tls_certificate = other->first, .tls_private_key = other->second});
    auto options = fast_options();
    options.ca_file = other->first.string();  // trusted, but issued for another name
    auto http = client(options);
    auto result = http.send(get(impostor, "/secure"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kTls) << result.error().message;
    EXPECT_NE(result.error().message.find("TLS failed"), std::string::npos) << result.error().message;
    EXPECT_EQ(impostor.request_count(), 0u);
}

TEST_F(HttpsClientTest, AcceptsAnyCertificateWithVerificationOff) {
    auto options = fast_options();
    options.verify_tls = false;
    auto http = client(options);
    auto result = http.send(get(*server_, "/secure"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->body, "over tls");
}

TEST_F(HttpsClientTest, NamesACaFileThatCannotBeLoaded) {
    auto options = fast_options();
    options.ca_file = (dir_.path() / "missing.pem").string();
    auto http = client(options);
    auto result = http.send(get(*server_, "/secure"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, HttpErrorKind::kTls);
    EXPECT_NE(result.error().message.find("missing.pem"), std::string::npos) << result.error().message;
}

}  // namespace
}  // namespace unstuck::test
