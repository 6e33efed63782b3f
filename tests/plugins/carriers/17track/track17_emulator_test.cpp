// The 17TRACK plugin through the real loader and the host's HTTP client against a loopback emulator of the
// Tracking API v2.2: the 17token header, register once then get, quota and rate limits, errors.

#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "support/carrier_host.hpp"
#include "support/loopback_server.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::TrackResult::Kind;
using namespace std::chrono_literals;

constexpr const char* kKey = "17-secret-key";
constexpr const char* kNumber = "1Z023E2X0214323462";  // the number of tests/golden/17track/delivered.json

LoopbackResponse json(int status, std::string body) {
    LoopbackResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = std::move(body);
    return r;
}

// The number of a `[{"number": "..."}]` request body.
std::string number_of(const std::string& body) {
    const std::string marker = R"("number":")";
    auto at = body.find(marker);
    if (at == std::string::npos) return {};
    at += marker.size();
    return body.substr(at, body.find('"', at) - at);
}

std::string rejected(const std::string& number, long code, const std::string& message) {
    return R"({"code": 0, "data": {"accepted": [], "rejected": [{"number": ")" + number +
           R"(", "error": {"code": )" + std::to_string(code) + R"(, "message": ")" + message + R"("}}]}})";
}

// 17TRACK as far as the plugin uses it: numbers must be registered before gettrackinfo answers for them, and
// a registered number has no information until the test says it has.
class Track17Emulator {
  public:
    LoopbackResponse answer(const LoopbackRequest& r) {
        std::lock_guard lock(mutex_);
        if (override_) return override_(r);
        if (r.header("17token").value_or("") != kKey)
            return json(401, R"({"code": -18010002, "data": {"errors": [{"code": -18010002,
                "message": "Invalid access key."}]}})");
        const std::string number = number_of(r.body);
        if (r.path() == "/track/v2.2/register") {
            if (quota_exhausted_) return json(200, rejected(number, -18019908, "Insufficient quota."));
            if (!registered_.insert(number).second)
                return json(200, rejected(number, -18019901, "The tracking number is already registered."));
            return json(200, R"({"code": 0, "data": {"accepted": [{"origin": 1, "number": ")" + number +
                                 R"(", "carrier": 100002}], "rejected": []}})");
        }
        if (r.path() == "/track/v2.2/gettrackinfo") {
            if (!registered_.count(number))
                return json(200, rejected(number, -18019902, "The tracking number does not register."));
            if (!ready_.count(number))
                return json(200, rejected(number, -18019909, "No tracking information at this time."));
            return json(200, read_source("tests/golden/17track/delivered.json"));
        }
        return {404, {}, "no such path"};
    }

    void set_ready(const std::string& number) {
        std::lock_guard lock(mutex_);
        ready_.insert(number);
    }
    void set_registered(const std::string& number) {
        std::lock_guard lock(mutex_);
        registered_.insert(number);
    }
    void set_quota_exhausted() {
        std::lock_guard lock(mutex_);
        quota_exhausted_ = true;
    }
    void set_override(LoopbackHandler handler) {
        std::lock_guard lock(mutex_);
        override_ = std::move(handler);
    }

  private:
    std::mutex mutex_;
    std::set<std::string> registered_, ready_;
    bool quota_exhausted_ = false;
    LoopbackHandler override_;
};

class Track17EmulatorTest : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<LoopbackServer>(
            [this](const LoopbackRequest& r) { return emulator_.answer(r); });
    }

    std::shared_ptr<sdk::CarrierPlugin> plugin(const std::string& extra = "", const std::string& key = kKey) {
        std::string plugins = R"("17track": {"base_url": ")" + server_->base_url() + "\"" + extra + "}";
        std::string secrets = key.empty() ? "" : R"("17track": {"api_key": ")" + key + "\"}";
        host_ =
            make_host(plugins, secrets, R"("read_timeout_ms": 400, "max_attempts": 2, "backoff_base_ms": 5,
            "backoff_max_ms": 20, "retry_after_max_ms": 1000)");
        return host_ ? carrier(*host_, "17track") : nullptr;
    }

    static sdk::TrackResult track(sdk::CarrierPlugin& p, const std::string& carrier = "ups",
                                  const std::string& number = kNumber) {
        sdk::TrackContext context;
        context.tracking_number = number;
        context.carrier = carrier;
        return p.fetch(context);
    }

    std::vector<std::string> paths() const {
        std::vector<std::string> out;
        for (const auto& r : server_->requests()) out.push_back(r.path());
        return out;
    }

    Track17Emulator emulator_;
    std::unique_ptr<LoopbackServer> server_;
    std::unique_ptr<core::PluginHost> host_;
};

TEST_F(Track17EmulatorTest, RegistersOnceThenGets) {
    auto p = plugin();
    ASSERT_TRUE(p);
    // Unknown to 17TRACK: asked, registered, asked again; no information yet is "not found", not an error.
    auto first = track(*p);
    EXPECT_EQ(first.kind, Kind::kNotFound) << first.message;
    EXPECT_NE(first.message.find("-18019909"), std::string::npos) << first.message;
    EXPECT_EQ(paths(), (std::vector<std::string>{"/track/v2.2/gettrackinfo", "/track/v2.2/register",
                                                 "/track/v2.2/gettrackinfo"}));
    for (const auto& r : server_->requests()) {
        EXPECT_EQ(r.method, "POST");
        EXPECT_EQ(r.header("17token").value_or(""), kKey);
        EXPECT_EQ(r.header("Content-Type").value_or(""), "application/json");
        EXPECT_EQ(r.body, R"([{"number":"1Z023E2X0214323462","carrier":100002}])");  // ups is 100002
    }

    // Still nothing: only asked, never registered again.
    EXPECT_EQ(track(*p).kind, Kind::kNotFound);
    EXPECT_EQ(server_->request_count("/track/v2.2/register"), 1u);

    emulator_.set_ready(kNumber);
    auto ready = track(*p);
    ASSERT_EQ(ready.kind, Kind::kOk) << ready.message;
    EXPECT_EQ(ready.shipment.status, sdk::TrackingStatus::kDelivered);
    EXPECT_EQ(ready.shipment.tracking_number, kNumber);
    EXPECT_EQ(server_->request_count("/track/v2.2/register"), 1u);
    EXPECT_EQ(server_->request_count("/track/v2.2/gettrackinfo"), 4u);
}

TEST_F(Track17EmulatorTest, ANumberRegisteredElsewhereIsOnlyAsked) {
    emulator_.set_registered(kNumber);
    emulator_.set_ready(kNumber);
    auto p = plugin();
    ASSERT_TRUE(p);
    ASSERT_EQ(track(*p).kind, Kind::kOk);
    EXPECT_EQ(paths(), std::vector<std::string>{"/track/v2.2/gettrackinfo"});
}

TEST_F(Track17EmulatorTest, TheOrdersCarrierIsSentAsItsKeyAndAnUnmappedOneIsDetected) {
    emulator_.set_registered(kNumber);
    emulator_.set_ready(kNumber);
    auto p = plugin(R"(, "carrier_codes": {"jnt": "100999", "ups": ""})");
    ASSERT_TRUE(p);
    ASSERT_EQ(track(*p, "jnt").kind, Kind::kOk);
    ASSERT_EQ(track(*p, "ups").kind, Kind::kOk);  // removed from the defaults
    ASSERT_EQ(track(*p, "acme-post").kind, Kind::kOk);
    ASSERT_EQ(track(*p, "").kind, Kind::kOk);
    auto requests = server_->requests();
    ASSERT_EQ(requests.size(), 4u);
    EXPECT_EQ(requests[0].body, R"([{"number":"1Z023E2X0214323462","carrier":100999}])");
    for (std::size_t i = 1; i < 4; ++i) EXPECT_EQ(requests[i].body, R"([{"number":"1Z023E2X0214323462"}])");
}

TEST_F(Track17EmulatorTest, AKeyThatIsNotDigitsRefusesThePlugin) {
    for (const char* key : {"J&T", "1234567890"}) {
        std::string plugins = R"("17track": {"base_url": ")" + server_->base_url() +
                              R"(", "carrier_codes": {"jnt": ")" + key + R"("}})";
        host_ = make_host(plugins, R"("17track": {"api_key": "k"})", "");
        ASSERT_TRUE(host_);
        auto c = host_->carrier("17track");
        ASSERT_FALSE(c.ok()) << key;
        EXPECT_NE(c.error().message.find("config.carrier_codes.jnt"), std::string::npos) << c.error().message;
    }
}

TEST_F(Track17EmulatorTest, AWrongKeyIsPermanent) {
    auto p = plugin("", "not-the-key");
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent) << result.message;
    EXPECT_EQ(server_->request_count(), 1u);
}

TEST_F(Track17EmulatorTest, AnInvalidKeyAnsweredWithHttp200IsPermanent) {
    emulator_.set_override([](const LoopbackRequest&) {
        return json(200, read_source("tests/golden/17track/invalid_key.json"));
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("-18010002"), std::string::npos) << result.message;
}

TEST_F(Track17EmulatorTest, WithoutAKeyNothingIsSent) {
    auto p = plugin("", "");
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("api_key"), std::string::npos) << result.message;
    EXPECT_EQ(server_->request_count(), 0u);
    EXPECT_EQ(p->webhook_receiver(), nullptr);  // nothing to verify pushes with
}

TEST_F(Track17EmulatorTest, AnExhaustedQuotaIsTransientWithTheConfiguredWait) {
    emulator_.set_quota_exhausted();
    auto p = plugin(R"(, "quota_retry_after_s": 900)");
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient) << result.message;
    EXPECT_NE(result.message.find("-18019908"), std::string::npos) << result.message;
    ASSERT_TRUE(result.retry_after.has_value());
    EXPECT_EQ(*result.retry_after, 900s);
    // Not taken as registered: the next fetch registers again.
    EXPECT_EQ(track(*p).kind, Kind::kTransient);
    EXPECT_EQ(server_->request_count("/track/v2.2/register"), 2u);
}

TEST_F(Track17EmulatorTest, RateLimitedIsTransientWithTheServersRetryAfter) {
    emulator_.set_override([](const LoopbackRequest&) {
        LoopbackResponse r = json(429, R"({"code": 429, "data": {"errors": []}})");
        r.headers.emplace_back("Retry-After", "7");
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient);
    ASSERT_TRUE(result.retry_after.has_value());
    EXPECT_EQ(*result.retry_after, 7s);
    EXPECT_EQ(server_->request_count(), 1u);  // 7 s is over retry_after_max_ms: the host does not wait
}

TEST_F(Track17EmulatorTest, ARateLimitThatPassesIsRetriedByTheHost) {
    emulator_.set_registered(kNumber);
    emulator_.set_ready(kNumber);
    std::atomic<int> calls{0};
    emulator_.set_override([&calls](const LoopbackRequest&) {
        if (++calls == 1) {
            LoopbackResponse r = json(429, "{}");
            r.headers.emplace_back("Retry-After", "0");
            return r;
        }
        return json(200, read_source("tests/golden/17track/delivered.json"));
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kOk) << result.message;
    EXPECT_EQ(calls.load(), 2);
}

TEST_F(Track17EmulatorTest, AServerThatStaysDownIsTransient) {
    emulator_.set_override([](const LoopbackRequest&) { return json(503, "unavailable"); });
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kTransient);
}

TEST_F(Track17EmulatorTest, AnInternalErrorCodeIsTransient) {
    emulator_.set_override([](const LoopbackRequest&) {
        return json(200, R"({"code": -18010003, "data": {"errors": [{"code": -18010003,
            "message": "Internal service error."}]}})");
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kTransient);
}

TEST_F(Track17EmulatorTest, AGarbledAnswerIsTransient) {
    emulator_.set_override([](const LoopbackRequest&) { return json(200, R"({"code": 0, "data": {"acc)"); });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient) << result.message;
}

}  // namespace
}  // namespace unstuck::test
