#pragma once
// The `unstuck` host against TikTok Shop as a marketplace: the real tiktok-shop plugin on the TikTok Shop
// emulator (two shops: one whose orders TikTok ships, one that ships with its own fleet), carriers through
// the replay plugin (saved UPS and DHL responses), disputes into the outbox, a SQLite store, and a loopback
// server where the DHL proof of delivery is downloaded from.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/loopback_server.hpp"
#include "support/sweep_fixture.hpp"
#include "support/test_paths.hpp"
#include "support/tiktok_shop_emulator.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::test {

inline constexpr const char* kTtAppKey = "6c2fjt5tq8tr1";
inline constexpr const char* kTtAppSecret = "d93f0a1c7e5b4f2a9e8d7c6b5a4f3e2d1c0b9a8f";
inline constexpr const char* kTtRefreshToken = "ROW_refresh_4c1e9a";
//! TikTok ships this shop's orders (shipping_type TIKTOK).
inline constexpr const char* kPlatformShop = "7494105515082810600";
//! This shop ships with its own fleet (Seller Own Fleet): it takes delivery-status updates.
inline constexpr const char* kFleetShop = "7494105515082810525";
inline constexpr const char* kUpsProviderId = "7117858858072016686";
inline constexpr const char* kDhlProviderId = "7208502187360519982";
//! The fleet shop's order, its package and its DHL number (delivered, with a proof of delivery document).
inline constexpr const char* kFleetOrder = "576859029223001501";
inline constexpr const char* kFleetPackage = "1153891868590015001";
inline constexpr const char* kFleetNumber = "4817299001";

//! The disputes the platform shop's stuck orders file, by the order of the fixture's pattern.
inline const char* const kCodes[] = {"pick_up_issues.picked_up_not_updated",
                                     "pick_up_issues.picked_up_not_updated",
                                     "pick_up_issues.picked_up_not_updated",
                                     "pick_up_issues.picked_up_not_updated",
                                     "pick_up_issues.picked_up_not_updated",
                                     "pick_up_issues.picked_up_not_updated",
                                     "delivery_process_inquiry.unmoved_tracking_event",
                                     "delivery_process_inquiry.unmoved_tracking_event",
                                     "logistic_issue.delivered_not_updated",
                                     ""};

class TikTokShopHost : public ::testing::Test {
  protected:
    void SetUp() override {
        // Ten UPS numbers with saved responses: six picked up 30 h before kSweepNow, two unmoved for ten
        // days, one delivered three days ago, one picked up five hours ago (SweepFixture's pattern).
        SweepFixture(dir_.path()).write_orders(10, "tt");
        std::string dhl = read_file(source_path("samples/demo/responses/4817293154.json"));
        replace_all(dhl, "https://webpod.dhl.example/webPOD/DHLePODRequest?awb=4817293154",
                    pod_server_.url("/pod/" + std::string(kFleetNumber) + ".pdf"));
        replace_all(dhl, "4817293154", kFleetNumber);
        write_file(dir_.path() / "responses" / (std::string(kFleetNumber) + ".json"), dhl);
    }

    static void replace_all(std::string& text, const std::string& from, const std::string& to) {
        for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
            text.replace(at, from.size(), to);
    }

    //! Unix seconds now (the emulator's clock).
    static std::int64_t unix_now() {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    //! A TikTok Shop order with one package and its line item, as the API answers it.
    static std::string tt_order(const std::string& id, const std::string& status, const std::string& shipping,
                                std::int64_t update_time, const std::string& package,
                                const std::string& number, const std::string& provider_id,
                                const std::string& provider_name) {
        return R"({"id":")" + id + R"(","status":")" + status + R"(","shipping_type":")" + shipping +
               R"(","update_time":)" + std::to_string(update_time) + R"(,"create_time":)" +
               std::to_string(update_time - 86400) + R"(,"packages":[{"id":")" + package +
               R"("}],"line_items":[{"id":"LI-)" + id + R"(","package_id":")" + package +
               R"(","tracking_number":")" + number + R"(","shipping_provider_id":")" + provider_id +
               R"(","shipping_provider_name":")" + provider_name + R"("}]})";
    }

    //! The platform shop's order `i` (0..9) of the fixture's pattern.
    static std::string platform_id(int i) { return "57685902922300010" + std::to_string(i); }

    //! Stores the platform shop's ten orders (updated an hour ago, ten seconds apart, oldest first) and the
    //! fleet shop's delivered order, each with a platform tracking line from before the carrier's scans.
    void put_orders() {
        const std::int64_t t = unix_now() - 3600;
        const std::int64_t label_ms =
            sdk::parse_timestamp("2024-07-14T20:00:00Z")->time_since_epoch() / std::chrono::milliseconds(1);
        for (int i = 0; i < 10; ++i) {
            const std::string status = i == 6 || i == 7 || i == 8 ? "IN_TRANSIT" : "AWAITING_COLLECTION";
            tts_.put_order(kPlatformShop, tt_order(platform_id(i), status, "TIKTOK", t + 10 * i,
                                                   "11538918685900010" + std::to_string(i),
                                                   "Ttt" + std::to_string(i), kUpsProviderId, "UPS"));
            tts_.set_tracking(kPlatformShop, platform_id(i), {{"Shipping label created", label_ms}});
        }
        tts_.put_order(kFleetShop, tt_order(kFleetOrder, "IN_TRANSIT", "SELLER", t, kFleetPackage,
                                            kFleetNumber, kDhlProviderId, "DHL eCommerce"));
        tts_.set_tracking(kFleetShop, kFleetOrder, {{"Shipping label created", label_ms}});
    }

    //! The dispute keys the platform shop's orders file.
    static std::set<std::string> expected_keys() {
        std::set<std::string> keys;
        for (int i = 0; i < 10; ++i)
            if (*kCodes[i])
                keys.insert("tiktok-shop:" + std::string(kPlatformShop) + ":" + platform_id(i) + ":" +
                            kCodes[i]);
        return keys;
    }

    //! Writes the host config: the in-tree plugins, tiktok-shop on the emulator (both shops, the first pull
    //! starting a day ago, `page_size` orders a page), UPS and DHL through replay, every dispute to the
    //! outbox, and a `serve` section.
    std::filesystem::path config(const std::string& serve = R"({"auth": "none"})") const {
        const std::string start =
            sdk::format_utc_seconds(sdk::Timestamp(std::chrono::seconds(unix_now() - 86400)));
        const auto path = dir_.path() / "unstuck.json";
        write_file(path, std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR + R"("],
  "store": {"sqlite": ")" + (dir_.path() / "store.db").string() +
                             R"("},
  "sweep": {"evidence_dir": ")" +
                             (dir_.path() / "evidence").string() +
                             R"(", "concurrency": 4,
            "carrier_plugins": {"ups": "replay", "dhl": "replay"}, "marketplaces": ["tiktok-shop"]},
  "routes": [{"marketplace": "tiktok-shop", "backend": "outbox"}],
  "plugins": {
    "replay": {"dir": ")" + (dir_.path() / "responses").string() +
                             R"("},
    "outbox": {"dir": ")" + (dir_.path() / "outbox").string() +
                             R"("},
    "tiktok-shop": {"base_url": ")" +
                             tts_.base_url() + R"(", "auth_url": ")" + tts_.auth_url() +
                             R"(", "app_key": ")" + kTtAppKey + R"(",
                    "shops": [")" +
                             kPlatformShop + R"(", ")" + kFleetShop + R"("], "seller_own_fleet": [")" +
                             kFleetShop + R"("],
                    "carriers": {")" +
                             kUpsProviderId + R"(": "ups", ")" + kDhlProviderId +
                             R"(": "dhl"}, "start_time": ")" + start + R"(", "page_size": 4}},
  "secrets": {"tiktok-shop": {"app_secret": ")" +
                             kTtAppSecret + R"(", "refresh_token": ")" + kTtRefreshToken + R"("}},
  "http": {"read_timeout_ms": 5000, "max_attempts": 2, "backoff_base_ms": 1, "backoff_max_ms": 5},
  "log": {"level": "warn"},
  "serve": )" + serve + "}");
        return path;
    }

    //! The dispute keys of the packets in the outbox.
    std::set<std::string> packets() const {
        std::set<std::string> keys;
        const auto outbox = dir_.path() / "outbox";
        if (!std::filesystem::exists(outbox)) return keys;
        for (const auto& e : std::filesystem::directory_iterator(outbox)) {
            if (!e.is_directory()) continue;
            std::string key = e.path().filename().string();
            replace_all(key, "+", ":");
            keys.insert(key);
        }
        return keys;
    }

    TempDir dir_;
    //! Answers the DHL proof of delivery document (a PDF) at `/pod/<number>.pdf`.
    LoopbackServer pod_server_{[](const LoopbackRequest& request) {
        if (request.path() != "/pod/" + std::string(kFleetNumber) + ".pdf") return LoopbackResponse{404};
        return LoopbackResponse{200,
                                {{"Content-Type", "application/pdf"}},
                                "%PDF-1.4\n% proof of delivery, signed A. Patel\n%%EOF\n"};
    }};
    TikTokShopEmulator tts_{
        kTtAppKey,
        kTtAppSecret,
        kTtRefreshToken,
        {{.id = kPlatformShop, .name = "Unstuck US", .region = "US", .cipher = "ROW_cipher_us"},
         {.id = kFleetShop, .name = "Unstuck UK", .region = "GB", .cipher = "ROW_cipher_gb"}}};
};

}  // namespace unstuck::test
