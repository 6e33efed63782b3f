// The AfterShip plugin through the real loader and the host's HTTP client against a loopback emulator of the
// Tracking API: the as-api-key header, a tracking created once then read, rate limits, errors.

#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "support/carrier_host.hpp"
#include "support/loopback_server.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::TrackResult::Kind;
using namespace std::chrono_literals;

constexpr const char* kKey = "as-key-1";
constexpr const char* kNumber =
    "1Z023E2X0214323462";  // the number of tests/golden/aftership/delivered_signed.json
constexpr const char* kPath = "/tracking/2026-07/trackings";

LoopbackResponse json(int status, std::string body) {
    LoopbackResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = std::move(body);
    return r;
}

std::string pending(const std::string& number) {
    return R"({"tracking_number": ")" + number +
           R"(", "slug": "ups", "tag": "Pending", "subtag": "Pending_001",
        "checkpoints": []})";
}

// AfterShip as far as the plugin uses it: a number is listed once created; a created number has no
// checkpoints until the test says it has.
class AftershipEmulator {
  public:
    LoopbackResponse answer(const LoopbackRequest& r) {
        std::lock_guard lock(mutex_);
        if (override_) return override_(r);
        if (r.header("as-api-key").value_or("") != kKey)
            return json(401, R"({"meta": {"code": 401, "message": "Invalid API key.", "type": "Unauthorized"},
                "data": {}})");
        if (r.path() != kPath) return {404, {}, "no such path"};
        if (r.method == "GET") {
            const std::string query = r.uri.substr(r.uri.find('?') + 1);
            const std::string number =
                query.substr(query.find('=') + 1, query.find('&') - query.find('=') - 1);
            if (!created_.count(number))
                return json(200, R"({"meta": {"code": 200, "message": "OK", "type": "OK"},
                    "data": {"pagination": {"total": 0}, "trackings": []}})");
            if (ready_.count(number))
                return json(200, read_source("tests/golden/aftership/delivered_signed.json"));
            return json(200, R"({"meta": {"code": 200}, "data": {"trackings": [)" + pending(number) + "]}}");
        }
        const std::string marker = R"("tracking_number":")";
        auto at = r.body.find(marker) + marker.size();
        const std::string number = r.body.substr(at, r.body.find('"', at) - at);
        if (!created_.insert(number).second)
            return json(
                400, R"({"meta": {"code": 4003, "message": "Tracking already exists.", "type": "BadRequest"},
                "data": {}})");
        return json(201, R"({"meta": {"code": 201, "type": "Created"}, "data": )" + pending(number) + "}");
    }

    void set_created(const std::string& number, bool ready) {
        std::lock_guard lock(mutex_);
        created_.insert(number);
        if (ready) ready_.insert(number);
    }
    void set_override(LoopbackHandler handler) {
        std::lock_guard lock(mutex_);
        override_ = std::move(handler);
    }

  private:
    std::mutex mutex_;
    std::set<std::string> created_, ready_;
    LoopbackHandler override_;
};

class AftershipEmulatorTest : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<LoopbackServer>(
            [this](const LoopbackRequest& r) { return emulator_.answer(r); });
        clock_ = std::make_shared<ManualClock>();
    }

    std::shared_ptr<sdk::CarrierPlugin> plugin(const std::string& extra = "", const std::string& key = kKey) {
        std::string plugins = R"("aftership": {"base_url": ")" + server_->base_url() + "\"" + extra + "}";
        std::string secrets = key.empty() ? "" : R"("aftership": {"api_key": ")" + key + "\"}";
        host_ =
            make_host(plugins, secrets, R"("read_timeout_ms": 400, "max_attempts": 2, "backoff_base_ms": 5,
            "backoff_max_ms": 20, "retry_after_max_ms": 1000)",
                      clock_);
        return host_ ? carrier(*host_, "aftership") : nullptr;
    }

    static sdk::TrackResult track(sdk::CarrierPlugin& p, const std::string& carrier = "ups",
                                  const std::string& number = kNumber) {
        sdk::TrackContext context;
        context.tracking_number = number;
        context.carrier = carrier;
        return p.fetch(context);
    }

    AftershipEmulator emulator_;
    std::unique_ptr<LoopbackServer> server_;
    std::shared_ptr<ManualClock> clock_;
    std::unique_ptr<core::PluginHost> host_;
};

TEST_F(AftershipEmulatorTest, CreatesOnceThenReads) {
    auto p = plugin();
    ASSERT_TRUE(p);
    auto first = track(*p);
    EXPECT_EQ(first.kind, Kind::kNotFound) << first.message;  // created, still Pending
    EXPECT_NE(first.message.find("Pending_001"), std::string::npos) << first.message;
    auto requests = server_->requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].uri, std::string(kPath) + "?tracking_numbers=" + kNumber + "&slug=ups");
    EXPECT_EQ(requests[1].method, "POST");
    EXPECT_EQ(requests[1].uri, kPath);
    EXPECT_EQ(requests[1].body, R"({"tracking_number":"1Z023E2X0214323462","slug":"ups"})");
    EXPECT_EQ(requests[1].header("Content-Type").value_or(""), "application/json");
    for (const auto& r : requests) EXPECT_EQ(r.header("as-api-key").value_or(""), kKey);

    EXPECT_EQ(track(*p).kind, Kind::kNotFound);  // listed now: read, not created again
    EXPECT_EQ(server_->requests().size(), 3u);
    EXPECT_EQ(server_->requests().back().method, "GET");

    emulator_.set_created(kNumber, true);
    auto ready = track(*p);
    ASSERT_EQ(ready.kind, Kind::kOk) << ready.message;
    EXPECT_EQ(ready.shipment.status, sdk::TrackingStatus::kDelivered);
    ASSERT_TRUE(ready.shipment.proof_of_delivery.has_value());
    EXPECT_EQ(ready.shipment.proof_of_delivery->received_by, "JSMITH");
}

TEST_F(AftershipEmulatorTest, ATrackingCreatedMeanwhileIsReadAfterAlreadyExists) {
    std::atomic<int> gets{0};
    emulator_.set_override([&gets](const LoopbackRequest& r) {
        if (r.method == "POST")
            return json(400,
                        R"({"meta": {"code": 4003, "message": "Tracking already exists."}, "data": {}})");
        if (++gets == 1) return json(200, R"({"meta": {"code": 200}, "data": {"trackings": []}})");
        return json(200, read_source("tests/golden/aftership/delivered_signed.json"));
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    ASSERT_EQ(result.kind, Kind::kOk) << result.message;
    EXPECT_EQ(gets.load(), 2);
}

TEST_F(AftershipEmulatorTest, TheOrdersCarrierIsSentAsItsSlugAndAnUnmappedOneIsDetected) {
    emulator_.set_created(kNumber, true);
    auto p = plugin(R"(, "carrier_codes": {"jnt": "jtexpress-ph", "ups": ""})");
    ASSERT_TRUE(p);
    for (const char* c : {"jnt", "ups", "acme-post", ""}) ASSERT_EQ(track(*p, c).kind, Kind::kOk) << c;
    auto requests = server_->requests();
    ASSERT_EQ(requests.size(), 4u);
    EXPECT_EQ(requests[0].uri, std::string(kPath) + "?tracking_numbers=" + kNumber + "&slug=jtexpress-ph");
    for (std::size_t i = 1; i < 4; ++i)
        EXPECT_EQ(requests[i].uri, std::string(kPath) + "?tracking_numbers=" + kNumber);
}

TEST_F(AftershipEmulatorTest, TheApiVersionIsAConfiguredPathPart) {
    emulator_.set_override([](const LoopbackRequest&) {
        return json(200, read_source("tests/golden/aftership/delivered_signed.json"));
    });
    auto p = plugin(R"(, "api_version": "2025-07")");
    ASSERT_TRUE(p);
    ASSERT_EQ(track(*p).kind, Kind::kOk);
    EXPECT_EQ(server_->requests()[0].path(), "/tracking/2025-07/trackings");
}

TEST_F(AftershipEmulatorTest, AWrongKeyIsPermanentAndNoKeySendsNothing) {
    auto wrong = plugin("", "not-the-key");
    ASSERT_TRUE(wrong);
    EXPECT_EQ(track(*wrong).kind, Kind::kPermanent);
    EXPECT_EQ(server_->request_count(), 1u);

    auto none = plugin("", "");
    ASSERT_TRUE(none);
    auto result = track(*none);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("api_key"), std::string::npos);
    EXPECT_EQ(server_->request_count(), 1u);
    EXPECT_EQ(none->webhook_receiver(), nullptr);  // no webhook_secret
}

TEST_F(AftershipEmulatorTest, ANumberThatCouldChangeTheUrlIsRefusedUnsent) {
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p, "ups", "1Z&slug=x").kind, Kind::kPermanent);
    EXPECT_EQ(server_->request_count(), 0u);
}

TEST_F(AftershipEmulatorTest, RateLimitedWithoutRetryAfterWaitsUntilTheWindowResets) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_->at.time_since_epoch()).count();
    emulator_.set_override([now](const LoopbackRequest&) {
        LoopbackResponse r = json(429, read_source("tests/golden/aftership/rate_limited.json"));
        r.headers.emplace_back("as-ratelimit-limit", "10");
        r.headers.emplace_back("as-ratelimit-remaining", "0");
        r.headers.emplace_back("as-ratelimit-reset", std::to_string(now + 42));
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient) << result.message;
    ASSERT_TRUE(result.retry_after.has_value());
    EXPECT_EQ(*result.retry_after, 42s);
    EXPECT_EQ(server_->request_count(), 2u);  // the host retried once (max_attempts), then gave up
}

TEST_F(AftershipEmulatorTest, RateLimitedWithRetryAfterKeepsTheServersWait) {
    emulator_.set_override([](const LoopbackRequest&) {
        LoopbackResponse r = json(429, read_source("tests/golden/aftership/rate_limited.json"));
        r.headers.emplace_back("Retry-After", "9");
        r.headers.emplace_back("as-ratelimit-reset", "1");
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient);
    ASSERT_TRUE(result.retry_after.has_value());
    EXPECT_EQ(*result.retry_after, 9s);
}

TEST_F(AftershipEmulatorTest, AServerErrorThenSuccessIsRetriedByTheHost) {
    std::atomic<int> calls{0};
    emulator_.set_override([&calls](const LoopbackRequest&) {
        if (++calls == 1) return json(502, "bad gateway");
        return json(200, read_source("tests/golden/aftership/delivered_signed.json"));
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kOk);
    EXPECT_EQ(calls.load(), 2);
}

TEST_F(AftershipEmulatorTest, ATrackingThatDoesNotExistIsNotFound) {
    emulator_.set_override([](const LoopbackRequest&) {
        return json(404, read_source("tests/golden/aftership/does_not_exist.json"));
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kNotFound);
}

TEST_F(AftershipEmulatorTest, AGarbledAnswerIsTransient) {
    emulator_.set_override([](const LoopbackRequest&) { return json(200, R"({"meta": {"code": 2)"); });
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kTransient);
}

}  // namespace
}  // namespace unstuck::test
