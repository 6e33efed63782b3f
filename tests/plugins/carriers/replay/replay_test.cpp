// The replay plugin through the real loader: saved responses in a folder, through the real normalizers.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/test_paths.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;
using Kind = sdk::TrackResult::Kind;

std::string read_source(const std::string& relative) {
    std::ifstream in(source_path(relative), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

class ReplayTest : public ::testing::Test {
  protected:
    // A replay plugin over `dir` (empty: not configured), with `carrier` for bare responses.
    std::shared_ptr<sdk::CarrierPlugin> replay(const std::string& dir, const std::string& carrier = "") {
        std::string plugin = dir.empty() && carrier.empty()
                                 ? ""
                                 : R"("replay": {"dir": ")" + dir + R"(", "carrier": ")" + carrier + "\"}";
        std::string json = std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR +
                           R"("], "log": {"level": "off"}, "plugins": {)" + plugin + "}}";
        auto config = core::HostConfig::parse(json, tmp_.path());
        EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
        host_ = std::make_unique<core::PluginHost>(std::move(config).value());
        auto p = host_->carrier("replay");
        EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
        return p ? *p : nullptr;
    }

    static sdk::TrackResult fetch(sdk::CarrierPlugin& p, const std::string& number) {
        sdk::TrackContext context;
        context.tracking_number = number;
        return p.fetch(context);
    }

    fs::path dir() const { return tmp_.path(); }

    TempDir tmp_;
    std::unique_ptr<core::PluginHost> host_;
};

TEST_F(ReplayTest, AnswersEachCarriersSavedResponseThroughItsNormalizer) {
    write(dir() / "391204758638.json", read_source("tests/golden/replay/fedex_saved.json"));
    write(dir() / "00340434518273641387.json", read_source("tests/golden/replay/dhl_saved.json"));
    write(dir() / "1Z4F72X80387415263.json", read_source("tests/golden/replay/ups_saved.json"));
    write(dir() / "9405511206215834027391.json", read_source("tests/golden/replay/usps_saved.json"));
    auto p = replay(dir().string());
    ASSERT_TRUE(p);

    const std::tuple<const char*, const char*, sdk::TrackingStatus> cases[] = {
        {"391204758638", "fedex", sdk::TrackingStatus::kPickedUp},
        {"00340434518273641387", "dhl", sdk::TrackingStatus::kAttemptFailed},
        {"1Z4F72X80387415263", "ups", sdk::TrackingStatus::kOutForDelivery},
        {"9405511206215834027391", "usps", sdk::TrackingStatus::kInTransit},
    };
    for (const auto& [number, carrier, status] : cases) {
        auto r = fetch(*p, number);
        ASSERT_EQ(r.kind, Kind::kOk) << number << ": " << r.message;
        EXPECT_EQ(r.shipment.carrier, carrier);
        EXPECT_EQ(r.shipment.tracking_number, number);
        EXPECT_EQ(r.shipment.status, status) << number;
    }
}

TEST_F(ReplayTest, AMissingFileIsTypedNotFound) {
    auto p = replay(dir().string());
    ASSERT_TRUE(p);
    auto r = fetch(*p, "273648192050");
    EXPECT_EQ(r.kind, Kind::kNotFound);
    EXPECT_NE(r.message.find("273648192050"), std::string::npos) << r.message;
}

TEST_F(ReplayTest, ANumberThatIsNoSafeFileNameIsNotFoundAndReadsNothingOutside) {
    fs::create_directories(dir() / "inner");
    write(dir() / "secret.json", read_source("tests/golden/replay/fedex_saved.json"));
    auto p = replay((dir() / "inner").string());
    ASSERT_TRUE(p);
    for (const char* number : {"../secret", "..", "a/b", "", "x\\y"})
        EXPECT_EQ(fetch(*p, number).kind, Kind::kNotFound) << number;
}

TEST_F(ReplayTest, ABareResponseTakesTheConfiguredCarrier) {
    write(dir() / "4817293051.json", read_source("tests/golden/dhl/delivered_pod.json"));
    auto configured = replay(dir().string(), "dhl");
    ASSERT_TRUE(configured);
    auto r = fetch(*configured, "4817293051");
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(r.shipment.status, sdk::TrackingStatus::kDelivered);

    auto unconfigured = replay(dir().string());
    ASSERT_TRUE(unconfigured);
    r = fetch(*unconfigured, "4817293051");
    EXPECT_EQ(r.kind, Kind::kPermanent);
    EXPECT_NE(r.message.find("names no carrier"), std::string::npos) << r.message;
}

TEST_F(ReplayTest, TheWrappersCarrierWinsOverTheConfiguredOne) {
    write(dir() / "391204758638.json", read_source("tests/golden/replay/fedex_saved.json"));
    auto p = replay(dir().string(), "dhl");
    ASSERT_TRUE(p);
    auto r = fetch(*p, "391204758638");
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(r.shipment.carrier, "fedex");
}

TEST_F(ReplayTest, ASavedNotFoundStaysNotFound) {
    write(dir() / "602847193558.json",
          R"({"carrier": "fedex", "response": )" + read_source("tests/golden/fedex/not_found.json") + "}");
    write(dir() / "3920184752.json", read_source("tests/golden/replay/body_saved_as_text.json"));
    auto p = replay(dir().string());
    ASSERT_TRUE(p);
    EXPECT_EQ(fetch(*p, "602847193558").kind, Kind::kNotFound);
    EXPECT_EQ(fetch(*p, "3920184752").kind, Kind::kNotFound);
}

TEST_F(ReplayTest, AnUnreadableSavedFileIsPermanent) {
    write(dir() / "111111111111.json", R"({"carrier": "fedex", "response": {"output": )");
    write(dir() / "222222222222.json", R"({"carrier": "acme", "response": {}})");
    auto p = replay(dir().string());
    ASSERT_TRUE(p);
    auto r = fetch(*p, "111111111111");
    EXPECT_EQ(r.kind, Kind::kPermanent) << r.message;
    r = fetch(*p, "222222222222");
    EXPECT_EQ(r.kind, Kind::kPermanent);
    EXPECT_NE(r.message.find("acme"), std::string::npos) << r.message;
}

TEST_F(ReplayTest, DetectClaimsOnlyWhatTheFolderHolds) {
    write(dir() / "391204758638.json", read_source("tests/golden/replay/fedex_saved.json"));
    write(dir() / "4817293051.json", read_source("tests/golden/dhl/delivered_pod.json"));
    auto p = replay(dir().string());
    ASSERT_TRUE(p);
    auto claims = p->detect("391204758638");
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_EQ(claims[0].carrier, "replay");
    EXPECT_EQ(claims[0].service, "saved fedex response");
    EXPECT_EQ(claims[0].check_digit, sdk::CheckDigit::kAbsent);          // a saved response, not a format
    EXPECT_EQ(p->detect("4817293051").at(0).service, "saved response");  // bare, no carrier configured
    EXPECT_TRUE(p->detect("273648192050").empty());
    EXPECT_TRUE(p->detect("../391204758638").empty());
}

TEST_F(ReplayTest, WithoutAFolderItClaimsNothingAndFetchSaysWhy) {
    auto p = replay("");
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->detect("391204758638").empty());
    auto r = fetch(*p, "391204758638");
    EXPECT_EQ(r.kind, Kind::kPermanent);
    EXPECT_NE(r.message.find("dir"), std::string::npos) << r.message;
}

TEST_F(ReplayTest, NormalizeTakesAWrapperOrABareDocument) {
    auto p = replay(dir().string(), "dhl");
    ASSERT_TRUE(p);
    auto r = p->normalize(read_source("tests/golden/replay/ups_saved.json"), {});
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(r.shipment.carrier, "ups");
    r = p->normalize(read_source("tests/golden/dhl/return_to_sender.json"), {});
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(r.shipment.status, sdk::TrackingStatus::kReturned);
}

}  // namespace
}  // namespace unstuck::test
