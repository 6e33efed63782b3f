#pragma once
// An OAuth carrier (UPS, USPS) through the real loader and the host's HTTP client against loopback emulators
// of its token endpoint and tracking API: every way the API can answer gives the right typed result, and a
// token is fetched once per expiry, not once per request. A carrier's suite includes this and instantiates
// EmulatorTest with its Api.
#include <gtest/gtest.h>

#include <functional>
#include <mutex>
#include <set>

#include "support/loopback_server.hpp"
#include "support/ups_usps_host.hpp"

namespace unstuck::test::ups_usps {

using Kind = sdk::TrackResult::Kind;
using namespace std::chrono_literals;

//! What differs between the two carriers' APIs.
struct Api {
    std::string carrier;
    std::string token_path;
    std::string track_path;  // for `number`
    std::string number;
    std::string found_body;  // a real answer for `number`
    sdk::TrackingStatus found_status;
    int not_found_status;
    std::string not_found_body;
};

constexpr const char* kFastHttp =
    R"("read_timeout_ms": 300, "max_attempts": 2, "backoff_base_ms": 5, "backoff_max_ms": 20,
       "max_response_bytes": 262144)";

class EmulatorTest : public ::testing::TestWithParam<Api (*)()> {
  protected:
    void SetUp() override {
        api_ = GetParam()();
        clock_ = std::make_shared<SteppedClock>();
        server_ = std::make_unique<LoopbackServer>([this](const LoopbackRequest& r) { return answer(r); });
        on_track([this](const LoopbackRequest&) { return json(200, api_.found_body); });
    }

    std::shared_ptr<sdk::CarrierPlugin> plugin(bool with_secrets = true,
                                               const std::string& http = kFastHttp) {
        std::string plugins = "\"" + api_.carrier + R"(": {"base_url": ")" + server_->base_url() + "\"}";
        std::string secrets =
            with_secrets ? "\"" + api_.carrier + R"(": {"client_id": "cid-1", "client_secret": "s3cret&x"})"
                         : "";
        host_ = make_host(plugins, secrets, http, clock_);
        if (!host_) return nullptr;
        auto c = host_->carrier(api_.carrier);
        EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
        return c ? *c : nullptr;
    }

    static LoopbackResponse json(int status, std::string body) {
        LoopbackResponse r;
        r.status = status;
        r.headers = {{"Content-Type", "application/json"}};
        r.body = std::move(body);
        return r;
    }

    LoopbackResponse answer(const LoopbackRequest& r) {
        if (r.path() == api_.token_path) {
            if (r.method != "POST") return json(405, "{}");
            int n = ++tokens_issued_;
            LoopbackResponse response = json(token_status_, "");
            if (token_status_ == 200)
                response.body = R"({"access_token": "tok-)" + std::to_string(n) +
                                R"(", "token_type": "Bearer", "expires_in": ")" +
                                std::to_string(token_lifetime_) + R"(", "status": "approved"})";
            else
                response.body = R"({"error": "invalid_client"})";
            return response;
        }
        if (r.path() == api_.track_path) {
            std::lock_guard lock(mutex_);
            return track_(r);
        }
        return json(404, R"({"error": "no such path"})");
    }

    void on_track(std::function<LoopbackResponse(const LoopbackRequest&)> f) {
        std::lock_guard lock(mutex_);
        track_ = std::move(f);
    }

    std::size_t token_requests() const { return server_->request_count(api_.token_path); }
    std::size_t track_requests() const { return server_->request_count(api_.track_path); }

    sdk::TrackResult fetch(sdk::CarrierPlugin& p) {
        sdk::TrackContext ctx;
        ctx.tracking_number = api_.number;
        return p.fetch(ctx);
    }

    Api api_;
    std::shared_ptr<SteppedClock> clock_;
    std::unique_ptr<LoopbackServer> server_;
    std::unique_ptr<core::PluginHost> host_;
    std::mutex mutex_;
    std::function<LoopbackResponse(const LoopbackRequest&)> track_;
    std::atomic<int> tokens_issued_{0};
    std::atomic<int> token_status_{200};
    std::atomic<int> token_lifetime_{14399};
};

TEST_P(EmulatorTest, TracksWithOneTokenForManyRequests) {
    auto p = plugin();
    ASSERT_TRUE(p);
    for (int i = 0; i < 5; ++i) {
        auto r = fetch(*p);
        ASSERT_EQ(r.kind, Kind::kOk) << r.message;
        EXPECT_EQ(r.shipment.status, api_.found_status);
        EXPECT_EQ(r.shipment.tracking_number, api_.number);
        ASSERT_TRUE(r.shipment.proof_of_delivery.has_value());
        EXPECT_EQ(r.shipment.proof_of_delivery->kind, "signature");
    }
    EXPECT_EQ(token_requests(), 1u);
    EXPECT_EQ(track_requests(), 5u);

    std::set<std::string> transaction_ids;
    for (const auto& req : server_->requests()) {
        if (req.path() == api_.token_path) {
            EXPECT_EQ(req.header("Content-Type").value_or(""), "application/x-www-form-urlencoded");
            if (api_.carrier == "ups") {
                // HTTP Basic with the client id and secret: base64("cid-1:s3cret&x").
                EXPECT_EQ(req.header("Authorization").value_or(""), "Basic Y2lkLTE6czNjcmV0Jng=");
                EXPECT_EQ(req.body, "grant_type=client_credentials");
            } else {
                EXPECT_EQ(
                    req.body,
                    "grant_type=client_credentials&client_id=cid-1&client_secret=s3cret%26x&scope=tracking");
            }
            continue;
        }
        EXPECT_EQ(req.method, "GET");
        EXPECT_EQ(req.header("Authorization").value_or(""), "Bearer tok-1");
        if (api_.carrier == "ups") {
            EXPECT_NE(req.uri.find("locale=en_US"), std::string::npos) << req.uri;
            EXPECT_TRUE(req.header("transactionSrc").has_value());
            transaction_ids.insert(req.header("transId").value_or(""));
        } else {
            EXPECT_NE(req.uri.find("expand=DETAIL"), std::string::npos) << req.uri;
        }
    }
    if (api_.carrier == "ups") {
        EXPECT_EQ(transaction_ids.size(), 5u);  // transId is unique per request
    }
}

TEST_P(EmulatorTest, TokenIsFetchedAgainOnlyWhenItExpires) {
    token_lifetime_ = 600;  // renewed 60 s before it ends
    auto p = plugin();
    ASSERT_TRUE(p);
    ASSERT_EQ(fetch(*p).kind, Kind::kOk);
    clock_->advance(500s);
    ASSERT_EQ(fetch(*p).kind, Kind::kOk);
    EXPECT_EQ(token_requests(), 1u);
    clock_->advance(41s);  // 541 s: inside the margin
    ASSERT_EQ(fetch(*p).kind, Kind::kOk);
    ASSERT_EQ(fetch(*p).kind, Kind::kOk);
    EXPECT_EQ(token_requests(), 2u);
    auto last = server_->requests().back();
    EXPECT_EQ(last.header("Authorization").value_or(""), "Bearer tok-2");
}

TEST_P(EmulatorTest, RefusedTokenIsRefreshedOnce) {
    on_track([this](const LoopbackRequest& r) {
        if (r.header("Authorization").value_or("") == "Bearer tok-1")
            return json(401, R"({"error":"expired"})");
        return json(200, api_.found_body);
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(token_requests(), 2u);
    EXPECT_EQ(track_requests(), 2u);

    on_track([](const LoopbackRequest&) { return json(401, R"({"error":"no"})"); });
    r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kPermanent) << r.message;
    EXPECT_NE(r.message.find("401"), std::string::npos) << r.message;
    EXPECT_EQ(token_requests(), 3u);  // one more refresh, not a loop
}

TEST_P(EmulatorTest, RateLimitIsTransientWithRetryAfter) {
    on_track([](const LoopbackRequest&) {
        LoopbackResponse r = json(429, R"({"error":"Too Many Requests"})");
        r.headers.emplace_back("Retry-After", "17");
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kTransient) << r.message;
    EXPECT_EQ(r.retry_after, 17s);
    EXPECT_EQ(track_requests(), 2u);  // the host tried again once (max_attempts 2)
}

TEST_P(EmulatorTest, ServerErrorThenSuccess) {
    std::atomic<int> calls{0};
    on_track([this, &calls](const LoopbackRequest&) {
        if (calls++ == 0)
            return json(500, R"({"response":{"errors":[{"code":"500","message":"Internal"}]}})");
        return json(200, api_.found_body);
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(track_requests(), 2u);
    EXPECT_EQ(token_requests(), 1u);
}

TEST_P(EmulatorTest, ReplySlowerThanTheTimeoutIsTransient) {
    on_track([this](const LoopbackRequest&) {
        LoopbackResponse r = json(200, api_.found_body);
        r.delay = 2000ms;
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kTransient) << r.message;
}

TEST_P(EmulatorTest, MalformedJsonIsTransient) {
    on_track(
        [](const LoopbackRequest&) { return json(200, R"({"trackResponse": {"shipment": [{"inquiry)"); });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kTransient) << r.message;
    EXPECT_NE(r.message.find("malformed JSON"), std::string::npos) << r.message;
}

TEST_P(EmulatorTest, TruncatedBodyIsTransient) {
    on_track([this](const LoopbackRequest&) {
        LoopbackResponse r = json(200, api_.found_body);
        r.truncate_at = api_.found_body.size() / 2;
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kTransient) << r.message;
}

TEST_P(EmulatorTest, OversizedBodyIsPermanent) {
    on_track([](const LoopbackRequest&) {
        std::string body =
            R"({"trackResponse": {"shipment": [{"inquiryNumber": ")" + std::string(400000, 'A') + R"("}]}})";
        return json(200, body);
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kPermanent) << r.message;
}

TEST_P(EmulatorTest, UnknownNumberIsTypedNotFound) {
    on_track([this](const LoopbackRequest&) { return json(api_.not_found_status, api_.not_found_body); });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kNotFound) << r.message;
    EXPECT_TRUE(r.shipment.events.empty());
}

TEST_P(EmulatorTest, RefusedCredentialsArePermanentAndTrackNothing) {
    token_status_ = 401;
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kPermanent) << r.message;
    EXPECT_NE(r.message.find("credentials"), std::string::npos) << r.message;
    EXPECT_EQ(track_requests(), 0u);
}

TEST_P(EmulatorTest, MissingSecretsOrBadNumbersSendNothing) {
    auto p = plugin(/*with_secrets=*/false);
    ASSERT_TRUE(p);  // the plugin still starts: detection and saved documents need no credentials
    auto r = fetch(*p);
    EXPECT_EQ(r.kind, Kind::kPermanent) << r.message;
    EXPECT_NE(r.message.find("client_id"), std::string::npos) << r.message;

    sdk::TrackContext bad;
    bad.tracking_number = "1Z../../admin";
    r = p->fetch(bad);
    EXPECT_EQ(r.kind, Kind::kPermanent) << r.message;
    EXPECT_EQ(server_->request_count(), 0u);
}

//! The test name suffix: the carrier.
inline std::string api_name(const ::testing::TestParamInfo<Api (*)()>& info) {
    return info.param().carrier;
}

}  // namespace unstuck::test::ups_usps
