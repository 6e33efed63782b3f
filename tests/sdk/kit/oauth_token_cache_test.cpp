#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "unstuck/kit/oauth_token_cache.hpp"
#include "unstuck/sdk/http_outcome.hpp"

namespace unstuck::kit {
namespace {

using namespace std::chrono_literals;

class FakeClock : public sdk::Clock {
  public:
    sdk::Timestamp now() const noexcept override { return now_.load(); }
    void advance(std::chrono::seconds s) { now_ = now_.load() + s; }

  private:
    std::atomic<sdk::Timestamp> now_{*sdk::parse_timestamp("2024-07-15T12:00:00Z")};
};

// An HTTP service that answers from a function and records what it was asked.
class ScriptedHttp : public sdk::Http {
  public:
    using Script = std::function<sdk::Result<sdk::HttpResponse, sdk::HttpError>(const sdk::HttpRequest&)>;
    explicit ScriptedHttp(Script script) : script_(std::move(script)) {}

    sdk::Result<sdk::HttpResponse, sdk::HttpError> send(const sdk::HttpRequest& r) noexcept override {
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(r);
        }
        return script_(r);
    }
    std::vector<sdk::HttpRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

  private:
    Script script_;
    mutable std::mutex mutex_;
    std::vector<sdk::HttpRequest> requests_;
};

sdk::HttpResponse json(int status, std::string body) {
    sdk::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

OAuthSettings settings(ClientAuthStyle style) {
    OAuthSettings s;
    s.carrier = "test";
    s.token_url = "http://127.0.0.1:1/token";
    s.client_id = "id with space";
    s.client_secret = "s3cr&t";
    s.style = style;
    s.extra_form.emplace_back("scope", "tracking");
    return s;
}

TEST(OAuthTokenCache, FetchesOncePerExpiryAndRenewsBeforeTheEnd) {
    int issued = 0;
    ScriptedHttp http([&](const sdk::HttpRequest&) {
        ++issued;
        return json(200, R"({"access_token":"tok)" + std::to_string(issued) +
                             R"(","token_type":"Bearer","expires_in":"3600"})");
    });
    FakeClock clock;
    OAuthTokenCache cache(http, clock, settings(ClientAuthStyle::kFormBody));
    for (int i = 0; i < 5; ++i) EXPECT_EQ(cache.token().value(), "tok1");
    clock.advance(3600s - 61s);  // still outside the 60 s margin
    EXPECT_EQ(cache.token().value(), "tok1");
    clock.advance(2s);  // inside the margin: renewed
    EXPECT_EQ(cache.token().value(), "tok2");
    EXPECT_EQ(cache.fetch_count(), 2u);

    auto requests = http.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].body,
              "grant_type=client_credentials&client_id=id+with+space&client_secret=s3cr%26t&scope=tracking");
}

TEST(OAuthTokenCache, BasicStyleSendsTheCredentialsInTheHeader) {
    ScriptedHttp http(
        [](const sdk::HttpRequest&) { return json(200, R"({"access_token":"t","expires_in":100})"); });
    FakeClock clock;
    auto s = settings(ClientAuthStyle::kBasicHeader);
    s.client_id = "Aladdin";
    s.client_secret = "open sesame";
    s.extra_form.clear();
    OAuthTokenCache cache(http, clock, s);
    ASSERT_TRUE(cache.token().ok());
    auto r = http.requests().at(0);
    EXPECT_EQ(r.body, "grant_type=client_credentials");
    bool found = false;
    for (auto& [k, v] : r.headers)
        if (k == "Authorization") found = v == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==";
    EXPECT_TRUE(found);
    // A 100 s token keeps half its life: renewed after 50 s, not after 40 s of the 60 s margin.
    clock.advance(45s);
    ASSERT_TRUE(cache.token().ok());
    EXPECT_EQ(cache.fetch_count(), 1u);
    clock.advance(10s);
    ASSERT_TRUE(cache.token().ok());
    EXPECT_EQ(cache.fetch_count(), 2u);
}

TEST(OAuthTokenCache, ManyThreadsShareOneFetch) {
    std::atomic<int> calls{0};
    ScriptedHttp http([&](const sdk::HttpRequest&) {
        ++calls;
        std::this_thread::sleep_for(20ms);  // a slow endpoint: the others must wait, not fetch again
        return json(200, R"({"access_token":"shared","expires_in":3600})");
    });
    FakeClock clock;
    OAuthTokenCache cache(http, clock, settings(ClientAuthStyle::kFormBody));
    std::vector<std::thread> threads;
    std::atomic<int> good{0};
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            if (cache.token().ok()) ++good;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(good.load(), 8);
    EXPECT_EQ(calls.load(), 1);
}

TEST(OAuthTokenCache, ErrorsAreTyped) {
    FakeClock clock;
    {
        ScriptedHttp http([](const sdk::HttpRequest&) { return json(401, R"({"error":"invalid_client"})"); });
        OAuthTokenCache cache(http, clock, settings(ClientAuthStyle::kFormBody));
        auto t = cache.token();
        ASSERT_FALSE(t.ok());
        EXPECT_EQ(t.error().kind, sdk::TrackResult::Kind::kPermanent);
        EXPECT_NE(t.error().message.find("credentials refused"), std::string::npos) << t.error().message;
    }
    {
        ScriptedHttp http([](const sdk::HttpRequest&) {
            auto r = json(503, "");
            r.headers.emplace_back("Retry-After", "7");
            return r;
        });
        OAuthTokenCache cache(http, clock, settings(ClientAuthStyle::kFormBody));
        auto t = cache.token();
        ASSERT_FALSE(t.ok());
        EXPECT_EQ(t.error().kind, sdk::TrackResult::Kind::kTransient);
        EXPECT_EQ(t.error().retry_after, 7s);
    }
    {
        ScriptedHttp http([](const sdk::HttpRequest&) { return json(200, "{\"access_tok"); });
        OAuthTokenCache cache(http, clock, settings(ClientAuthStyle::kFormBody));
        EXPECT_EQ(cache.token().error().kind, sdk::TrackResult::Kind::kTransient);
    }
    {
        ScriptedHttp http([](const sdk::HttpRequest&) { return json(200, R"({"token_type":"Bearer"})"); });
        OAuthTokenCache cache(http, clock, settings(ClientAuthStyle::kFormBody));
        EXPECT_EQ(cache.token().error().kind, sdk::TrackResult::Kind::kPermanent);
    }
    {
        ScriptedHttp http([](const sdk::HttpRequest&) -> sdk::Result<sdk::HttpResponse, sdk::HttpError> {
            return sdk::HttpError{sdk::HttpErrorKind::kTimeout, "timed out"};
        });
        OAuthTokenCache cache(http, clock, settings(ClientAuthStyle::kFormBody));
        EXPECT_EQ(cache.token().error().kind, sdk::TrackResult::Kind::kTransient);
    }
    {
        ScriptedHttp http([](const sdk::HttpRequest&) { return json(200, R"({"access_token":"x"})"); });
        auto s = settings(ClientAuthStyle::kFormBody);
        s.client_secret.clear();
        OAuthTokenCache cache(http, clock, s);
        auto t = cache.token();
        EXPECT_EQ(t.error().kind, sdk::TrackResult::Kind::kPermanent);
        EXPECT_TRUE(http.requests().empty());  // no credentials: nothing is sent
    }
}

TEST(SendWithToken, RefreshesOnceOnA401) {
    int tokens = 0;
    int api_calls = 0;
    ScriptedHttp http([&](const sdk::HttpRequest& r) {
        if (r.url.find("/token") != std::string::npos)
            return json(200, R"({"access_token":"t)" + std::to_string(++tokens) + R"(","expires_in":3600})");
        ++api_calls;
        for (auto& [k, v] : r.headers)
            if (k == "Authorization" && v == "Bearer t2") return json(200, "{}");
        return json(401, "{}");
    });
    FakeClock clock;
    OAuthTokenCache cache(http, clock, settings(ClientAuthStyle::kFormBody));
    sdk::HttpRequest req;
    req.url = "http://127.0.0.1:1/track";
    auto r = send_with_token(http, cache, req, "test tracking");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(tokens, 2);
    EXPECT_EQ(api_calls, 2);

    // A token the API keeps refusing: one retry, then the 401 comes back for the caller to type.
    ScriptedHttp refusing([&](const sdk::HttpRequest& r) {
        if (r.url.find("/token") != std::string::npos)
            return json(200, R"({"access_token":"z","expires_in":3600})");
        return json(401, "{}");
    });
    OAuthTokenCache cache2(refusing, clock, settings(ClientAuthStyle::kFormBody));
    auto refused = send_with_token(refusing, cache2, req, "test tracking");
    ASSERT_TRUE(refused.ok());
    EXPECT_EQ(refused->status, 401);
    EXPECT_EQ(refusing.requests().size(), 4u);  // token, call, token, call
    auto typed = sdk::http_status_result(*refused, "test tracking");
    ASSERT_TRUE(typed.has_value());
    EXPECT_EQ(typed->kind, sdk::TrackResult::Kind::kPermanent);
}

TEST(HttpOutcome, StatusesAndTransportErrors) {
    auto r = json(429, "");
    r.headers.emplace_back("retry-after", "30");
    auto t = sdk::http_status_result(r, "x");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->kind, sdk::TrackResult::Kind::kTransient);
    EXPECT_EQ(t->retry_after, 30s);
    EXPECT_EQ(sdk::http_status_result(json(502, ""), "x")->kind, sdk::TrackResult::Kind::kTransient);
    EXPECT_EQ(sdk::http_status_result(json(403, ""), "x")->kind, sdk::TrackResult::Kind::kPermanent);
    EXPECT_EQ(sdk::http_status_result(json(400, ""), "x")->kind, sdk::TrackResult::Kind::kPermanent);
    EXPECT_FALSE(sdk::http_status_result(json(204, ""), "x").has_value());
    EXPECT_EQ(sdk::http_error_result({sdk::HttpErrorKind::kTooLarge, "big"}, "x").kind,
              sdk::TrackResult::Kind::kPermanent);
    EXPECT_EQ(sdk::http_error_result({sdk::HttpErrorKind::kProtocol, "cut"}, "x").kind,
              sdk::TrackResult::Kind::kTransient);
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("a"), "YQ==");
    EXPECT_EQ(base64_encode("ab"), "YWI=");
    EXPECT_EQ(form_encode("a b+c/é"), "a+b%2Bc%2F%C3%A9");
}

}  // namespace
}  // namespace unstuck::kit
