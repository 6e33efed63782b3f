// The product end to end: a real `unstuck sweep --marketplace tiktok-shop` process, the real tiktok-shop
// plugin pulling two shops from the TikTok Shop emulator, carriers through replay, disputes into the outbox.
// The platform-shipped stuck orders file the disputes the policy prescribes once; the fleet shop's delivered
// package gets its delivery status with the proof of delivery once; a second sweep does nothing new; an order
// with bad data is one error line while the rest go on.

#include <gtest/gtest.h>

#include "market_host.hpp"
#include "support/run_process.hpp"
#include "tiktok_shop_host.hpp"
#include "unstuck/core/store/case_store.hpp"

namespace unstuck::test {
namespace {

using TikTokShopSweep = TikTokShopHost;

std::vector<std::string> sweep_args(const std::filesystem::path& config) {
    return {"--config",    config.string(), "sweep",   "--marketplace",
            "tiktok-shop", "--now",         kSweepNow, "--json"};
}

// The Unix seconds of `update_time_ge` in an order search body (-1 when it has none).
std::int64_t update_time_ge(const std::string& body) {
    const std::string key = R"("update_time_ge":)";
    auto at = body.find(key);
    if (at == std::string::npos) return -1;
    return std::stoll(body.substr(at + key.size()));
}

TEST_F(TikTokShopSweep, StuckOrdersFileOnceThePodIsSentOnceAndTheNextSweepDoesNothingNew) {
    put_orders();
    // Bad data: an order status TikTok Shop does not have, updated before the others.
    const std::string bad = "576859029223009999";
    tts_.put_order(kPlatformShop, tt_order(bad, "LIMBO", "TIKTOK", unix_now() - 7200, "1153891868590099999",
                                           "Ttt0", kUpsProviderId, "UPS"));
    const auto config_file = config();
    const std::int64_t start = unix_now() - 86400;

    auto first = run_host(sweep_args(config_file));
    // Exit 2: a bad order, and nothing else went wrong.
    EXPECT_EQ(first.exit_code, 2) << first.err << first.out;
    EXPECT_EQ(first.err, "unstuck sweep: tiktok-shop shop " + std::string(kPlatformShop) + " order " + bad +
                             ": status: unknown order status 'LIMBO'\n");
    SummaryJson s(first.out);
    EXPECT_EQ(s.at("marketplace", "pulled"), 12);
    EXPECT_EQ(s.at("marketplace", "errors"), 0);
    EXPECT_EQ(s.at("orders", "decided"), 11);
    EXPECT_EQ(s.at("orders", "bad_lines"), 1);
    EXPECT_EQ(s.at("orders", "failed"), 0);
    EXPECT_EQ(s.at("disputes", "filed"), 9);
    EXPECT_EQ(s.at("remedies", "applied"), 1);
    EXPECT_EQ(packets(), expected_keys());

    // The fleet shop's package: marked delivered once, with the DHL document uploaded as a PDF.
    EXPECT_EQ(tts_.delivery_count(kFleetPackage), 1u);
    auto deliveries = tts_.deliveries();
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].package_id, kFleetPackage);
    EXPECT_EQ(deliveries[0].delivery_type, "DELIVERY_SUCCESS");
    EXPECT_EQ(deliveries[0].file_type, "PDF");
    EXPECT_TRUE(deliveries[0].accepted);
    ASSERT_EQ(tts_.upload_count(), 1u);
    EXPECT_EQ(tts_.uploads()[0].bytes.rfind("%PDF", 0), 0u);
    EXPECT_EQ(pod_server_.request_count(), 1u);
    EXPECT_EQ(tts_.package_status(kFleetPackage), "COMPLETED");

    // Each shop's cursor is stored, and the platform shop's pages were read page by page (page_size 4).
    {
        auto store = core::CaseStore::open(core::StoreOptions::sqlite(dir_.path() / "store.db"));
        ASSERT_TRUE(store.ok());
        auto remedy = (*store)->find_remedy("tiktok-shop:" + std::string(kFleetShop) + ":" + kFleetOrder +
                                            ":" + kFleetPackage + ":pod");
        ASSERT_TRUE(remedy.ok() && remedy->has_value());
        EXPECT_EQ((*remedy)->state, core::RemedyState::kApplied);
        for (const char* shop : {kPlatformShop, kFleetShop}) {
            auto cursor = (*store)->marketplace_cursor("tiktok-shop", shop);
            ASSERT_TRUE(cursor.ok());
            EXPECT_TRUE(cursor->has_value()) << shop;
        }
    }
    const std::size_t searches_first = tts_.request_count("/order/202309/orders/search");
    EXPECT_GE(searches_first, 4u);  // 11 orders of the platform shop at 4 a page, and the fleet shop
    std::size_t requests_first = tts_.requests().size();

    auto second = run_host(sweep_args(config_file));
    EXPECT_EQ(second.exit_code, 0) << second.err << second.out;
    EXPECT_EQ(second.err, "");
    SummaryJson again(second.out);
    EXPECT_EQ(again.at("disputes", "filed"), 0);
    EXPECT_EQ(again.at("remedies", "applied"), 0);
    EXPECT_EQ(again.at("orders", "failed"), 0);
    EXPECT_LT(again.at("marketplace", "pulled"), 12);  // only what changed since, and the newest again
    EXPECT_EQ(packets(), expected_keys());
    EXPECT_EQ(tts_.delivery_count(kFleetPackage), 1u);
    EXPECT_EQ(tts_.deliveries().size(), 1u);
    EXPECT_EQ(tts_.upload_count(), 1u);
    // The cursors moved on: no search of the second sweep starts at the configured start any more.
    auto requests = tts_.requests();
    std::size_t searches_second = 0;
    for (std::size_t i = requests_first; i < requests.size(); ++i) {
        if (requests[i].path != "/order/202309/orders/search") continue;
        ++searches_second;
        EXPECT_GT(update_time_ge(requests[i].body), start + 60) << requests[i].body;
    }
    EXPECT_GE(searches_second, 2u);
}

TEST_F(TikTokShopSweep, ADryRunPullsEveryShopAndSendsNothing) {
    put_orders();
    std::vector<std::string> args = sweep_args(config());
    args.push_back("--dry-run");
    auto run = run_host(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    SummaryJson s(run.out);
    EXPECT_EQ(s.at("marketplace", "pulled"), 11);
    EXPECT_EQ(s.at("disputes", "would_file"), 9);
    EXPECT_EQ(s.at("remedies", "would_apply"), 1);
    EXPECT_TRUE(packets().empty());
    EXPECT_EQ(tts_.deliveries().size(), 0u);
    EXPECT_EQ(tts_.upload_count(), 0u);
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "store.db"));
}

}  // namespace
}  // namespace unstuck::test
