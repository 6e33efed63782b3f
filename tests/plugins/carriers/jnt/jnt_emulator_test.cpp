// The J&T plugin through the real loader and the host's HTTP client against a loopback emulator of the Open
// Platform's trace API, which checks the digest as J&T does.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "support/carrier_host.hpp"
#include "support/loopback_server.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::TrackResult::Kind;
using namespace std::chrono_literals;

constexpr const char* kNumber = "630002864925";
constexpr const char* kAccount = "640826271705595946";
constexpr const char* kKey = "8e88c8477d4e4939859c560192fcafbc";
constexpr const char* kPath = "/webopenplatformapi/api/logistics/trace";

int hex(char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

// The form field's value, decoded (the emulator's own decoding, independent of the plugin's).
std::string form_value(const std::string& body, const std::string& name) {
    std::size_t at = body.find(name + "=");
    if (at == std::string::npos) return {};
    std::string raw = body.substr(at + name.size() + 1, body.find('&', at) - at - name.size() - 1);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '+') {
            out += ' ';
        } else if (raw[i] == '%' && i + 2 < raw.size()) {
            out += static_cast<char>(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
            i += 2;
        } else {
            out += raw[i];
        }
    }
    return out;
}

LoopbackResponse json(int status, std::string body) {
    LoopbackResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = std::move(body);
    return r;
}

// What the Open Platform answers: its header checks first, then the bill.
LoopbackResponse open_platform(const LoopbackRequest& r) {
    if (r.path() != kPath) return json(404, R"({"status":404,"error":"Not Found"})");
    auto account = r.header("apiAccount");
    auto digest = r.header("digest");
    if (!digest) return json(200, R"({"code":"145003052","msg":"digest is empty","data":null})");
    if (!r.header("timestamp"))
        return json(200, R"({"code":"145003053","msg":"timestamp is empty","data":null})");
    if (!account || *account != kAccount)
        return json(200, R"({"code":"145003010","msg":"API account does not exist","data":null})");
    std::string biz = form_value(r.body, "bizContent");
    if (*digest != kit::to_base64(kit::md5(biz + kKey)))
        return json(200, R"({"code":"145003030","msg":"headers signature verification failed","data":null})");
    simdjson::dom::element doc;
    if (kit::parse_json(biz).get(doc)) return json(200, R"({"code":"145003050","msg":"Illegal parameters"})");
    if (kit::json_string(doc, "billCode") == kNumber)
        return json(200, read_source("tests/golden/jnt/delivered_pod.json"));
    return json(200, R"({"code":1,"msg":"success","data":[]})");
}

class JntEmulatorTest : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<LoopbackServer>([this](const LoopbackRequest& r) {
            std::lock_guard lock(mutex_);
            return handler_(r);
        });
    }

    std::shared_ptr<sdk::CarrierPlugin> plugin(const std::string& key = kKey,
                                               const std::string& account = kAccount,
                                               const std::string& extra = "") {
        std::string plugins = R"("jnt": {"base_url": ")" + server_->base_url() +
                              R"(/webopenplatformapi", "api_account": ")" + account +
                              R"(", "customer_code": "ITTEST0001")" + extra + "}";
        std::string secrets =
            key.empty() ? "" : R"("jnt": {"private_key": ")" + key + R"(", "password": "9C75439FB1FD01EB"})";
        clock_ = std::make_shared<ManualClock>();
        host_ = make_host(plugins, secrets,
                          R"("read_timeout_ms": 400, "max_attempts": 2, "backoff_base_ms": 5,
                             "backoff_max_ms": 20, "max_response_bytes": 262144)",
                          clock_);
        return host_ ? carrier(*host_, "jnt") : nullptr;
    }

    void on_trace(LoopbackHandler f) {
        std::lock_guard lock(mutex_);
        handler_ = std::move(f);
    }

    static sdk::TrackResult track(sdk::CarrierPlugin& p, const std::string& number = kNumber) {
        sdk::TrackContext context;
        context.tracking_number = number;
        return p.fetch(context);
    }

    std::unique_ptr<LoopbackServer> server_;
    std::shared_ptr<ManualClock> clock_;
    std::unique_ptr<core::PluginHost> host_;
    std::mutex mutex_;
    LoopbackHandler handler_ = open_platform;
};

TEST_F(JntEmulatorTest, FetchesWithTheDigestTheOpenPlatformAcceptsAndNormalizes) {
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    ASSERT_EQ(result.kind, Kind::kOk) << result.message;
    EXPECT_EQ(result.shipment.status, sdk::TrackingStatus::kDelivered);
    ASSERT_TRUE(result.shipment.proof_of_delivery.has_value());
    EXPECT_NE(result.shipment.proof_of_delivery->url.find("630002864925.jpg"), std::string::npos);

    auto requests = server_->requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].uri, kPath);
    EXPECT_EQ(requests[0].header("Content-Type").value_or(""), "application/x-www-form-urlencoded");
    EXPECT_EQ(requests[0].header("apiAccount").value_or(""), kAccount);
    // The host's clock in milliseconds: 2024-07-16T20:00:00Z.
    EXPECT_EQ(requests[0].header("timestamp").value_or(""), "1721160000000");
    EXPECT_EQ(form_value(requests[0].body, "bizContent"),
              R"({"customerCode":"ITTEST0001","password":"9C75439FB1FD01EB","billCode":"630002864925"})");
}

TEST_F(JntEmulatorTest, SpacesInTheNumberAreNotSent) {
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p, "6300 0286 4925").kind, Kind::kOk);
}

TEST_F(JntEmulatorTest, AWrongPrivateKeyGetsTheSignatureErrorAndIsPermanent) {
    auto p = plugin("0000000000000000000000000000beef");
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("145003030"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("private_key"), std::string::npos) << result.message;
    EXPECT_EQ(server_->request_count(), 1u);
}

TEST_F(JntEmulatorTest, AnUnknownApiAccountIsPermanent) {
    auto p = plugin(kKey, "111111111111111111");
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("145003010"), std::string::npos) << result.message;
}

TEST_F(JntEmulatorTest, ABillTheOpenPlatformDoesNotKnowIsNotFound) {
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p, "639999999999").kind, Kind::kNotFound);
}

TEST_F(JntEmulatorTest, MissingSecretsArePermanentWithoutAnyRequest) {
    auto p = plugin("");
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kPermanent);
    EXPECT_NE(result.message.find("private_key"), std::string::npos) << result.message;
    EXPECT_EQ(server_->request_count(), 0u);
}

TEST_F(JntEmulatorTest, AServerErrorThenSuccessIsRetriedByTheHost) {
    auto calls = std::make_shared<std::atomic<int>>(0);
    on_trace([calls](const LoopbackRequest& r) {
        if (++*calls == 1) return json(502, "bad gateway");
        return open_platform(r);
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kOk) << result.message;
    EXPECT_EQ(server_->request_count(), 2u);
}

TEST_F(JntEmulatorTest, ServerErrorsThatLastAreTransient) {
    on_trace(
        [](const LoopbackRequest&) { return json(503, R"({"code":"503","msg":"Service Unavailable"})"); });
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kTransient);
    EXPECT_EQ(server_->request_count(), 2u);
}

TEST_F(JntEmulatorTest, AReplySlowerThanTheTimeoutIsTransient) {
    on_trace([](const LoopbackRequest& r) {
        LoopbackResponse out = open_platform(r);
        out.delay = 1500ms;
        return out;
    });
    auto p = plugin(kKey, kAccount, R"(, "timeout_ms": 300)");
    ASSERT_TRUE(p);
    EXPECT_EQ(track(*p).kind, Kind::kTransient);
}

TEST_F(JntEmulatorTest, AGarbledLiveAnswerIsTransient) {
    on_trace(
        [](const LoopbackRequest&) { return json(200, R"({"code":1,"msg":"success","data":[{"billCo)"); });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto result = track(*p);
    EXPECT_EQ(result.kind, Kind::kTransient);
    EXPECT_NE(result.message.find("malformed JSON"), std::string::npos) << result.message;
}

}  // namespace
}  // namespace unstuck::test
