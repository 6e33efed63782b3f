// The FedEx plugin through the real loader and the host's HTTP client against a loopback emulator of the
// OAuth token endpoint and the Track API.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "support/carrier_host.hpp"
#include "support/loopback_server.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::TrackResult::Kind;
using namespace std::chrono_literals;

constexpr const char* kNumber = "273648192050";

class FedexEmulatorTest : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<LoopbackServer>([this](const LoopbackRequest& r) { return answer(r); });
        clock_ = std::make_shared<ManualClock>();
    }

    // Builds the host; `http` overrides the fast defaults.
    std::shared_ptr<sdk::CarrierPlugin> plugin(const std::string& plugin_extra = "",
                                               const std::string& http = R"("read_timeout_ms": 400,
            "max_attempts": 2, "backoff_base_ms": 5, "backoff_max_ms": 20, "max_response_bytes": 262144)",
                                               bool with_secrets = true) {
        std::string plugins = R"("fedex": {"base_url": ")" + server_->base_url() + "\"" + plugin_extra + "}";
        std::string secrets =
            with_secrets ? R"("fedex": {"client_id": "fx-id", "client_secret": "fx secret&1"})" : "";
        host_ = make_host(plugins, secrets, http, clock_);
        return host_ ? carrier(*host_, "fedex") : nullptr;
    }

    LoopbackResponse answer(const LoopbackRequest& r) {
        if (r.path() == "/oauth/token") {
            int n = ++tokens_issued_;
            LoopbackResponse response;
            response.status = token_status_;
            response.headers = {{"Content-Type", "application/json"}};
            response.body = R"({"access_token": "tok-)" + std::to_string(n) +
                            R"(", "token_type": "bearer", "expires_in": 3600, "scope": "CXS"})";
            return response;
        }
        if (r.path() == "/track/v1/trackingnumbers") {
            std::lock_guard lock(mutex_);
            return track_(r);
        }
        return {404, {}, "no such path"};
    }

    void on_track(std::function<LoopbackResponse(const LoopbackRequest&)> f) {
        std::lock_guard lock(mutex_);
        track_ = std::move(f);
    }

    static LoopbackResponse json(int status, std::string body) {
        LoopbackResponse r;
        r.status = status;
        r.headers = {{"Content-Type", "application/json"}};
        r.body = std::move(body);
        return r;
    }

    static LoopbackResponse golden(const std::string& name) {
        return json(200, read_source("tests/golden/fedex/" + name + ".json"));
    }

    sdk::TrackResult track(sdk::CarrierPlugin& p, const std::string& number = kNumber) {
        sdk::TrackContext context;
        context.tracking_number = number;
        return p.fetch(context);
    }

    std::vector<LoopbackRequest> requests_to(std::string_view path) const {
        std::vector<LoopbackRequest> out;
        for (auto& r : server_->requests())
            if (r.path() == path) out.push_back(r);
        return out;
    }

    std::unique_ptr<LoopbackServer> server_;
    std::shared_ptr<ManualClock> clock_;
    std::unique_ptr<core::PluginHost> host_;
    std::atomic<int> tokens_issued_{0};
    std::atomic<int> token_status_{200};
    std::mutex mutex_;
    std::function<LoopbackResponse(const LoopbackRequest&)> track_ = [](const LoopbackRequest&) {
        return golden("delivered_signature");
    };
};

TEST_F(FedexEmulatorTest, FetchesWithAClientCredentialsTokenAndNormalizes) {
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    ASSERT_EQ(result.kind, Kind::kOk) << result.message;
    EXPECT_EQ(result.shipment.status, sdk::TrackingStatus::kDelivered);
    EXPECT_EQ(result.shipment.tracking_number, kNumber);

    auto token_requests = requests_to("/oauth/token");
    ASSERT_EQ(token_requests.size(), 1u);
    EXPECT_EQ(token_requests[0].method, "POST");
    EXPECT_EQ(token_requests[0].header("Content-Type").value_or(""), "application/x-www-form-urlencoded");
    EXPECT_EQ(token_requests[0].body,
              "grant_type=client_credentials&client_id=fx-id&client_secret=fx+secret%261");

    auto tracks = requests_to("/track/v1/trackingnumbers");
    ASSERT_EQ(tracks.size(), 1u);
    EXPECT_EQ(tracks[0].method, "POST");
    EXPECT_EQ(tracks[0].header("Authorization").value_or(""), "Bearer tok-1");
    EXPECT_EQ(tracks[0].header("X-locale").value_or(""), "en_US");
    EXPECT_EQ(tracks[0].header("Content-Type").value_or(""), "application/json");
    EXPECT_EQ(tracks[0].body,
              R"({"includeDetailedScans":true,"trackingInfo":[{"trackingNumberInfo":{"trackingNumber":")" +
                  std::string(kNumber) + R"("}}]})");
}

TEST_F(FedexEmulatorTest, FetchesTheTokenOncePerExpiry) {
    auto p = plugin();
    ASSERT_TRUE(p);
    for (int i = 0; i < 4; ++i) ASSERT_EQ(track(*p).kind, Kind::kOk);
    EXPECT_EQ(tokens_issued_.load(), 1);
    clock_->at += 3500s;  // the token lives an hour and is renewed a minute before it expires
    ASSERT_EQ(track(*p).kind, Kind::kOk);
    EXPECT_EQ(tokens_issued_.load(), 1);

    clock_->at += 45s;  // now inside that last minute
    ASSERT_EQ(track(*p).kind, Kind::kOk);
    EXPECT_EQ(tokens_issued_.load(), 2);
    ASSERT_EQ(track(*p).kind, Kind::kOk);
    EXPECT_EQ(tokens_issued_.load(), 2);
    EXPECT_EQ(requests_to("/track/v1/trackingnumbers").back().header("Authorization").value_or(""),
              "Bearer tok-2");
}

TEST_F(FedexEmulatorTest, RefreshesTheTokenOnceOnA401) {
    auto p = plugin();
    ASSERT_TRUE(p);
    ASSERT_EQ(track(*p).kind, Kind::kOk);
    // The API drops the first token: the plugin fetches a new one and sends once more.
    on_track([](const LoopbackRequest& r) {
        if (r.header("Authorization").value_or("") == "Bearer tok-1")
            return json(
                401, R"({"errors": [{"code": "NOT.AUTHORIZED.ERROR", "message": "Access token expired."}]})");
        return golden("delivered_signature");
    });
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kOk) << result.message;
    EXPECT_EQ(tokens_issued_.load(), 2);
    EXPECT_EQ(requests_to("/track/v1/trackingnumbers").size(), 3u);
}

TEST_F(FedexEmulatorTest, AnApiThatKeepsRefusingTokensIsPermanentAfterOneRefresh) {
    auto p = plugin();
    ASSERT_TRUE(p);
    on_track([](const LoopbackRequest&) {
        return json(401,
                    R"({"errors": [{"code": "NOT.AUTHORIZED.ERROR", "message": "Access token expired."}]})");
    });
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("401"), std::string::npos) << result.message;
    EXPECT_EQ(tokens_issued_.load(), 2);
    EXPECT_EQ(requests_to("/track/v1/trackingnumbers").size(), 2u);
}

TEST_F(FedexEmulatorTest, RefusedClientCredentialsArePermanent) {
    token_status_ = 401;
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("credentials"), std::string::npos) << result.message;
    EXPECT_EQ(requests_to("/track/v1/trackingnumbers").size(), 0u);
}

TEST_F(FedexEmulatorTest, MissingSecretsArePermanentWithoutAnyRequest) {
    auto p = plugin("", R"("read_timeout_ms": 400)", false);
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("client_id"), std::string::npos) << result.message;
    EXPECT_EQ(server_->request_count(), 0u);
}

TEST_F(FedexEmulatorTest, NotFoundWithHttp200IsTypedNotFound) {
    on_track([](const LoopbackRequest&) { return golden("not_found"); });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p, "602847193558");
    EXPECT_EQ(result.kind, Kind::kNotFound);
    EXPECT_NE(result.message.find("TRACKING.TRACKINGNUMBER.NOTFOUND"), std::string::npos) << result.message;
}

TEST_F(FedexEmulatorTest, NotFoundAsA400ErrorDocumentIsTypedNotFound) {
    on_track([](const LoopbackRequest&) {
        return json(400, R"({"transactionId": "x", "errors": [{"code": "TRACKING.TRACKINGNUMBER.NOTFOUND",
                             "message": "Tracking number cannot be found."}]})");
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kNotFound);
}

TEST_F(FedexEmulatorTest, RateLimitedIsTransientWithTheServersRetryAfter) {
    on_track([](const LoopbackRequest&) {
        LoopbackResponse r = json(429, R"({"errors": [{"code": "RATE.LIMIT.EXCEEDED"}]})");
        r.headers.emplace_back("Retry-After", "7");
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient);
    ASSERT_TRUE(result.retry_after.has_value());
    EXPECT_EQ(*result.retry_after, 7s);
    EXPECT_EQ(requests_to("/track/v1/trackingnumbers").size(), 2u);  // the host tried twice (max_attempts)
}

TEST_F(FedexEmulatorTest, AServerErrorThenSuccessIsRetriedByTheHost) {
    auto calls = std::make_shared<std::atomic<int>>(0);
    on_track([calls](const LoopbackRequest&) {
        if (++*calls == 1) return json(500, R"({"errors": [{"code": "INTERNAL.SERVER.ERROR"}]})");
        return golden("delivered_signature");
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kOk) << result.message;
    EXPECT_EQ(requests_to("/track/v1/trackingnumbers").size(), 2u);
}

TEST_F(FedexEmulatorTest, AServerThatStaysDownIsTransient) {
    on_track([](const LoopbackRequest&) {
        return json(503, R"({"errors": [{"code": "SERVICE.UNAVAILABLE.ERROR"}]})");
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kTransient);
}

TEST_F(FedexEmulatorTest, AReplySlowerThanTheTimeoutIsTransient) {
    on_track([](const LoopbackRequest&) {
        LoopbackResponse r = golden("delivered_signature");
        r.delay = 1500ms;
        return r;
    });
    auto p = plugin(R"(, "timeout_ms": 300)");
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient);
    EXPECT_NE(result.message.find("fedex tracking"), std::string::npos) << result.message;
}

TEST_F(FedexEmulatorTest, MalformedJsonIsPermanent) {
    on_track(
        [](const LoopbackRequest&) { return json(200, R"({"output": {"completeTrackResults": [{"tra)"); });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("malformed JSON"), std::string::npos) << result.message;
}

TEST_F(FedexEmulatorTest, ATruncatedBodyIsTransient) {
    on_track([](const LoopbackRequest&) {
        LoopbackResponse r = golden("delivered_signature");
        r.truncate_at = r.body.size() / 2;
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient) << result.message;
}

TEST_F(FedexEmulatorTest, AnOversizedBodyIsPermanent) {
    on_track([](const LoopbackRequest&) {
        std::string body = read_source("tests/golden/fedex/long_in_transit.json");
        while (body.size() < 400000) body += "          ";
        return json(200, std::move(body));
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_EQ(requests_to("/track/v1/trackingnumbers").size(), 1u);  // no point asking again
}

TEST_F(FedexEmulatorTest, TheTokenEndpointCanBeConfiguredApart) {
    LoopbackServer auth([](const LoopbackRequest&) {
        return json(200, R"({"access_token": "auth-server-token", "expires_in": 3599})");
    });
    auto p = plugin(R"(, "token_url": ")" + auth.url("/custom/token") + "\"");
    ASSERT_TRUE(p);
    ASSERT_EQ(track(*p).kind, Kind::kOk);
    EXPECT_EQ(auth.request_count("/custom/token"), 1u);
    EXPECT_EQ(tokens_issued_.load(), 0);
    EXPECT_EQ(requests_to("/track/v1/trackingnumbers").at(0).header("Authorization").value_or(""),
              "Bearer auth-server-token");
}

}  // namespace
}  // namespace unstuck::test
