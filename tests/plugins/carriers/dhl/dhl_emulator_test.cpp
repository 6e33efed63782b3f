// The DHL plugin through the real loader and the host's HTTP client against a loopback emulator of Shipment
// Tracking - Unified.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "support/carrier_host.hpp"
#include "support/loopback_server.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::TrackResult::Kind;
using namespace std::chrono_literals;

constexpr const char* kNumber = "4817293051";

class DhlEmulatorTest : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<LoopbackServer>([this](const LoopbackRequest& r) {
            if (r.path() != "/track/shipments") return LoopbackResponse{404, {}, "no such path"};
            std::lock_guard lock(mutex_);
            return track_(r);
        });
    }

    std::shared_ptr<sdk::CarrierPlugin> plugin(const std::string& plugin_extra = "", bool with_key = true) {
        std::string plugins = R"("dhl": {"base_url": ")" + server_->base_url() + "\"" + plugin_extra + "}";
        std::string secrets = with_key ? R"("dhl": {"api_key": "dhl-key-123"})" : "";
        host_ = make_host(plugins, secrets,
                          R"("read_timeout_ms": 400, "max_attempts": 2, "backoff_base_ms": 5,
                             "backoff_max_ms": 20, "max_response_bytes": 262144)");
        return host_ ? carrier(*host_, "dhl") : nullptr;
    }

    void on_track(std::function<LoopbackResponse(const LoopbackRequest&)> f) {
        std::lock_guard lock(mutex_);
        track_ = std::move(f);
    }

    static LoopbackResponse json(int status, std::string body,
                                 std::string content_type = "application/json") {
        LoopbackResponse r;
        r.status = status;
        r.headers = {{"Content-Type", std::move(content_type)}};
        r.body = std::move(body);
        return r;
    }

    static LoopbackResponse golden(const std::string& name) {
        return json(200, read_source("tests/golden/dhl/" + name + ".json"));
    }

    static sdk::TrackResult track(sdk::CarrierPlugin& p, const std::string& number = kNumber) {
        sdk::TrackContext context;
        context.tracking_number = number;
        return p.fetch(context);
    }

    std::unique_ptr<LoopbackServer> server_;
    std::unique_ptr<core::PluginHost> host_;
    std::mutex mutex_;
    std::function<LoopbackResponse(const LoopbackRequest&)> track_ = [](const LoopbackRequest&) {
        return golden("delivered_pod");
    };
};

TEST_F(DhlEmulatorTest, FetchesWithTheApiKeyHeaderAndNormalizes) {
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    ASSERT_EQ(result.kind, Kind::kOk) << result.message;
    EXPECT_EQ(result.shipment.status, sdk::TrackingStatus::kDelivered);
    ASSERT_TRUE(result.shipment.proof_of_delivery.has_value());

    auto requests = server_->requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].uri, "/track/shipments?trackingNumber=4817293051&language=en");
    EXPECT_EQ(requests[0].header("DHL-API-Key").value_or(""), "dhl-key-123");
    EXPECT_FALSE(requests[0].header("Authorization").has_value());
}

TEST_F(DhlEmulatorTest, TheServiceFilterAndTheNumberAreEncodedInTheQuery) {
    auto p = plugin(R"(, "service": "parcel-de", "language": "de")");
    ASSERT_TRUE(p);
    track(*p, "JJD 0001 & 2");
    auto requests = server_->requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].uri,
              "/track/shipments?trackingNumber=JJD+0001+%26+2&language=de&service=parcel-de");
}

TEST_F(DhlEmulatorTest, A404ProblemDocumentIsTypedNotFound) {
    on_track([](const LoopbackRequest&) {
        return json(404, read_source("tests/golden/dhl/not_found.json"), "application/problem+json");
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kNotFound);
    EXPECT_NE(result.message.find("No shipment with given tracking number found"), std::string::npos)
        << result.message;
}

TEST_F(DhlEmulatorTest, A404WithoutABodyIsStillNotFound) {
    on_track([](const LoopbackRequest&) { return json(404, "", "text/plain"); });
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kNotFound);
}

TEST_F(DhlEmulatorTest, ARefusedKeyIsPermanent) {
    on_track([](const LoopbackRequest&) {
        return json(401, R"({"title": "Unauthorized", "status": 401, "detail": "Invalid API key"})",
                    "application/problem+json");
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("401"), std::string::npos) << result.message;
    EXPECT_EQ(server_->request_count(), 1u);
}

TEST_F(DhlEmulatorTest, AMissingKeyIsPermanentWithoutAnyRequest) {
    auto p = plugin("", false);
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("api_key"), std::string::npos) << result.message;
    EXPECT_EQ(server_->request_count(), 0u);
}

TEST_F(DhlEmulatorTest, RateLimitedIsTransientWithTheServersRetryAfter) {
    on_track([](const LoopbackRequest&) {
        LoopbackResponse r =
            json(429, R"({"title": "Too many requests", "status": 429})", "application/problem+json");
        r.headers.emplace_back("Retry-After", "30");
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient);
    ASSERT_TRUE(result.retry_after.has_value());
    EXPECT_EQ(*result.retry_after, 30s);
    EXPECT_EQ(server_->request_count(), 2u);
}

TEST_F(DhlEmulatorTest, AServerErrorThenSuccessIsRetriedByTheHost) {
    auto calls = std::make_shared<std::atomic<int>>(0);
    on_track([calls](const LoopbackRequest&) {
        if (++*calls == 1) return json(500, "upstream failure", "text/plain");
        return golden("delivered_pod");
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kOk) << result.message;
    EXPECT_EQ(server_->request_count(), 2u);
}

TEST_F(DhlEmulatorTest, AReplySlowerThanTheTimeoutIsTransient) {
    on_track([](const LoopbackRequest&) {
        LoopbackResponse r = golden("delivered_pod");
        r.delay = 1500ms;
        return r;
    });
    auto p = plugin(R"(, "timeout_ms": 300)");
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kTransient);
}

TEST_F(DhlEmulatorTest, MalformedJsonIsPermanent) {
    on_track([](const LoopbackRequest&) {
        return json(200, R"({"shipments": [{"id": "4817293051", "events": [)");
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("malformed JSON"), std::string::npos) << result.message;
}

TEST_F(DhlEmulatorTest, ATruncatedBodyIsTransient) {
    on_track([](const LoopbackRequest&) {
        LoopbackResponse r = golden("long_transit");
        r.truncate_at = r.body.size() / 3;
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient) << result.message;
}

TEST_F(DhlEmulatorTest, AnOversizedBodyIsPermanent) {
    on_track([](const LoopbackRequest&) {
        LoopbackResponse r = golden("long_transit");
        r.chunked = true;  // the size is only known while reading
        while (r.body.size() < 400000) r.body += "          ";
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent) << result.message;
    EXPECT_EQ(server_->request_count(), 1u);
}

}  // namespace
}  // namespace unstuck::test
