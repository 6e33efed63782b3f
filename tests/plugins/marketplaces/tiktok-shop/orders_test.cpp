// Changed orders page by page, one order by id, the order case of a known order field by field, and bad data
// reported per order while the rest of the page goes on.

#include <gtest/gtest.h>

#include <set>

#include "tiktok_shop_fixture.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::MarketplaceResult<sdk::OrderPage>::Kind;

std::string iso_ms(std::int64_t millis) {
    return sdk::format_utc(sdk::Timestamp(std::chrono::milliseconds(millis)));
}

TEST_F(TikTokShopTest, ChangedOrdersArePagedWithPageTokensAndTheLastCursorStartsAtTheNewestUpdate) {
    for (int i = 0; i < 5; ++i) {
        std::string id = "57600000000000010" + std::to_string(i);
        tts.put_order(kSofShop, tt_order(id, now_s - 1000 + i * 10));
    }
    tts.put_order(kSofShop, tt_order("576000000000000199", now_s - 200000));  // before start_time
    auto p = plugin(R"(, "page_size": 2)");
    ASSERT_TRUE(p);

    std::set<std::string> seen;
    std::string cursor;
    std::vector<bool> more;
    for (int page = 0; page < 5; ++page) {
        auto r = p->changed_orders(kSofShop, cursor);
        ASSERT_EQ(r.kind, Kind::kOk) << r.message;
        EXPECT_TRUE(r.value.errors.empty());
        for (const auto& o : r.value.orders)
            EXPECT_TRUE(seen.insert(parse_object(o)->getValue<std::string>("order_id")).second);
        more.push_back(r.value.more);
        cursor = r.value.next_cursor;
        if (!r.value.more) break;
    }
    EXPECT_EQ(more, (std::vector<bool>{true, true, false}));
    EXPECT_EQ(seen.size(), 5u);
    EXPECT_FALSE(seen.count("576000000000000199"));
    for (const auto& r : tts.requests()) {
        if (r.path != "/order/202309/orders/search") continue;
        EXPECT_EQ(r.query_value("page_size").value_or(""), "2");
        EXPECT_EQ(r.query_value("sort_field").value_or(""), "update_time");
    }

    // The next pull starts at the newest update seen: that order again (a harmless repeat), nothing older.
    EXPECT_EQ(cursor.substr(0, cursor.find(':')), std::to_string(now_s - 1000 + 40));
    auto again = p->changed_orders(kSofShop, cursor);
    ASSERT_EQ(again.kind, Kind::kOk) << again.message;
    ASSERT_EQ(again.value.orders.size(), 1u);
    EXPECT_EQ(parse_object(again.value.orders[0])->getValue<std::string>("order_id"), "576000000000000104");
    EXPECT_FALSE(again.value.more);

    // A newer update is read from there.
    tts.put_order(kSofShop, tt_order("576000000000000101", now_s - 5, "DELIVERED"));
    auto newer = p->changed_orders(kSofShop, again.value.next_cursor);
    ASSERT_EQ(newer.kind, Kind::kOk) << newer.message;
    ASSERT_EQ(newer.value.orders.size(), 2u);
    EXPECT_EQ(parse_object(newer.value.orders[1])->getValue<std::string>("platform_status"), "DELIVERED");

    EXPECT_EQ(p->changed_orders(kSofShop, "garbage").kind, Kind::kRejected);
}

TEST_F(TikTokShopTest, TheOrderCaseOfAKnownOrderCarriesEveryFieldThePolicyReads) {
    const std::string id = "576461413038785752";
    std::int64_t t = now_s - 3000;
    tts.put_order(
        kOtherShop,
        R"({"id":")" + id + R"(","status":"AWAITING_COLLECTION","shipping_type":"TIKTOK","update_time":)" +
            std::to_string(t) + R"(,"create_time":)" + std::to_string(t - 100) +
            R"(,"packages":[{"id":"1153891868590053777"},{"id":"1153891868590053778"},{"id":"1153891868590053779"}],)"
            R"("line_items":[)"
            R"({"id":"1","package_id":"1153891868590053777","tracking_number":"1Z023E2X0214323462","shipping_provider_id":"7117858858072016686","shipping_provider_name":"UPS"},)"
            R"({"id":"2","package_id":"1153891868590053778","tracking_number":"9400111899223456789012","shipping_provider_id":"6999","shipping_provider_name":"USPS"},)"
            R"({"id":"3","package_id":"1153891868590053779","tracking_number":"JT0001","shipping_provider_id":"7000","shipping_provider_name":"Somebody Else"}]})");
    tts.set_tracking(kOtherShop, id,
                     {{"Label created", (t - 500) * 1000 + 120},
                      {"Awaiting collection", (t - 100) * 1000 + 250},
                      {"Order paid", (t - 900) * 1000}});
    auto p = plugin(R"(, "regions": {")" + std::string(kOtherShop) + R"(": "US"})");
    ASSERT_TRUE(p);
    auto one = p->order(kOtherShop, id);
    ASSERT_EQ(one.kind, decltype(one)::Kind::kOk) << one.message;
    auto c = parse_object(one.value);
    EXPECT_EQ(c->getValue<std::string>("order_id"), id);
    EXPECT_EQ(c->getValue<std::string>("shop_id"), kOtherShop);
    EXPECT_EQ(c->getValue<std::string>("marketplace"), "tiktok-shop");
    EXPECT_EQ(c->getValue<std::string>("region"), "US");  // the configured region wins over the API's SG
    EXPECT_EQ(c->getValue<std::string>("shipping_type"), "PLATFORM");
    EXPECT_EQ(c->getValue<std::string>("platform_status"), "AWAITING_COLLECTION");
    EXPECT_EQ(c->getValue<std::string>("platform_updated_at"), iso_ms((t - 100) * 1000 + 250));
    auto packages = c->getArray("packages");
    ASSERT_EQ(packages->size(), 3u);
    auto first = packages->getObject(0);
    EXPECT_EQ(first->getValue<std::string>("package_id"), "1153891868590053777");
    EXPECT_EQ(first->getValue<std::string>("tracking_number"), "1Z023E2X0214323462");
    EXPECT_EQ(first->getValue<std::string>("carrier"), "ups");                    // by provider id
    EXPECT_EQ(packages->getObject(1)->getValue<std::string>("carrier"), "usps");  // by provider name
    EXPECT_EQ(packages->getObject(2)->getValue<std::string>("tracking_number"), "JT0001");
    EXPECT_FALSE(packages->getObject(2)->has("carrier"));  // unmapped: the host detects
    EXPECT_EQ(tts.request_count("/fulfillment/202309/orders/" + id + "/tracking"), 1u);

    auto request = tts.requests();
    auto detail = std::find_if(request.begin(), request.end(),
                               [](const TikTokRequest& r) { return r.path == "/order/202309/orders"; });
    ASSERT_NE(detail, request.end());
    EXPECT_EQ(detail->query_value("ids").value_or(""), id);

    EXPECT_EQ(p->order(kOtherShop, "576000000000009999").kind, decltype(one)::Kind::kNotFound);
    auto stranger = p->order("123", id);
    EXPECT_EQ(stranger.kind, decltype(one)::Kind::kRejected);
    EXPECT_NE(stranger.message.find("shop 123"), std::string::npos);
}

TEST_F(TikTokShopTest, BadDataIsAnErrorOnItsOrderNamingTheFieldAndTheRestOfThePageGoesOn) {
    tts.put_order(kSofShop, tt_order("576000000000000201", now_s - 900));
    tts.put_order(kSofShop, R"({"id":"576000000000000202","shipping_type":"SELLER","update_time":)" +
                                std::to_string(now_s - 890) + R"(,"packages":[{"id":"P2"}]})");
    tts.put_order(kSofShop, tt_order("576000000000000203", now_s - 880, "LOST_IN_SPACE"));
    tts.put_order(kSofShop, tt_order("576000000000000204", (now_s - 870) * 1000), now_s - 870);
    tts.put_order(kSofShop, tt_order("576000000000000205", now_s - 860));
    tts.set_tracking_json(
        kSofShop, "576000000000000205",
        R"([{"description":"seconds by mistake","update_time_millis":)" + std::to_string(now_s - 860) + "}]");
    tts.put_order(kSofShop, tt_order("576000000000000206", now_s - 850, "IN_TRANSIT", "CARRIER_PIGEON"));
    tts.put_order(kSofShop, tt_order("576000000000000207", now_s - 840));
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = p->changed_orders(kSofShop, "");
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    std::vector<std::string> good;
    for (const auto& o : r.value.orders) good.push_back(parse_object(o)->getValue<std::string>("order_id"));
    EXPECT_EQ(good, (std::vector<std::string>{"576000000000000201", "576000000000000207"}));
    ASSERT_EQ(r.value.errors.size(), 5u);
    auto expect_error = [&](std::size_t i, const std::string& id, const std::string& words) {
        EXPECT_EQ(r.value.errors[i].order_id, id);
        EXPECT_NE(r.value.errors[i].message.find(words), std::string::npos) << r.value.errors[i].message;
    };
    expect_error(0, "576000000000000202", "status: missing");
    expect_error(1, "576000000000000203", "status: unknown order status 'LOST_IN_SPACE'");
    expect_error(2, "576000000000000204",
                 "update_time: " + std::to_string((now_s - 870) * 1000) + " is in milliseconds, not seconds");
    expect_error(3, "576000000000000205",
                 "tracking[0].update_time_millis: " + std::to_string(now_s - 860) +
                     " is in seconds, not milliseconds");
    expect_error(4, "576000000000000206", "shipping_type: unknown shipping type 'CARRIER_PIGEON'");
    EXPECT_FALSE(r.value.more);
}

}  // namespace
}  // namespace unstuck::test
