// The TikTok Shop emulator, spoken to with Poco's plain client and signed here with the kit's HMAC (not with
// the emulator's own tiktok_sign), so a signing mistake in the emulator shows.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/tiktok_shop_emulator.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Query = std::vector<std::pair<std::string, std::string>>;

constexpr std::int64_t clock_s = 1'700'000'000;

// One request as a test builds it; the defaults make a valid call.
struct Call {
    std::string method = "GET";
    std::string path;
    Query query{};
    std::string body{};
    std::string content_type = "application/json";
    std::optional<std::string> token{};  // unset: the emulator's current token; "" sends none
    bool app_key = true;
    std::optional<std::string> timestamp{};  // unset: the emulator's clock; "" sends none
    std::optional<std::string> sign{};       // unset: signed correctly; "" sends none
    std::string signed_body{};               // what the sign covers when it differs from the body
    bool sign_body = true;                   // false: a multipart body, left out of the sign
};

struct Reply {
    int status = 0;
    std::string retry_after;
    std::string raw;
    Object::Ptr body;

    std::int64_t code() const { return body->getValue<std::int64_t>("code"); }
    std::string message() const { return body->getValue<std::string>("message"); }
    Object::Ptr data() const { return body->getObject("data"); }
};

// TikTok's algorithm, written again here: HMAC-SHA256 keyed with the secret over secret + path + sorted
// key+value pairs (no sign, no access_token) + body + secret, in lowercase hex.
std::string sign_like_tiktok(const std::string& secret, const std::string& path, const Query& query,
                             const std::string& body) {
    std::map<std::string, std::string> sorted;
    for (const auto& [k, v] : query)
        if (k != "sign" && k != "access_token") sorted[k] = v;
    std::string input = path;
    for (const auto& [k, v] : sorted) input += k + v;
    return kit::to_hex(kit::hmac_sha256(secret, secret + input + body + secret));
}

std::string be32(std::uint32_t v) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i)
        out[static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    return out;
}

// The start of a PNG file of that size (signature and IHDR are all the emulator reads).
std::string png(std::uint32_t width, std::uint32_t height) {
    return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(width) + be32(height) +
           std::string("\x08\x02\x00\x00\x00", 5) + be32(0) + std::string(64, 'x');
}

// The start of a baseline JPEG of that size: SOI, an APP0 segment, then SOF0.
std::string jpeg(std::uint16_t width, std::uint16_t height) {
    std::string out("\xFF\xD8\xFF\xE0\x00\x04\x00\x00", 8);
    out += std::string("\xFF\xC0\x00\x11\x08", 5);
    out += static_cast<char>(height >> 8);
    out += static_cast<char>(height & 0xFF);
    out += static_cast<char>(width >> 8);
    out += static_cast<char>(width & 0xFF);
    out += std::string(64, 'x');
    return out;
}

struct Part {
    std::string name;
    std::string filename;
    std::string content_type;
    std::string bytes;
};

const std::string boundary = "----unstuck-boundary-7MA4YWxkTrZu0gW";

std::string multipart(const std::vector<Part>& parts) {
    std::string out;
    for (const auto& p : parts) {
        out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.filename.empty()) out += "; filename=\"" + p.filename + "\"";
        out += "\r\n";
        if (!p.content_type.empty()) out += "Content-Type: " + p.content_type + "\r\n";
        out += "\r\n" + p.bytes + "\r\n";
    }
    return out + "--" + boundary + "--\r\n";
}

std::string order(const std::string& id, std::int64_t update_time, const std::string& status = "IN_TRANSIT",
                  const std::string& package = "") {
    auto pkg = package.empty() ? "PKG-" + id : package;
    return R"({"id":")" + id + R"(","status":")" + status + R"(","shipping_type":"SELLER","create_time":)" +
           std::to_string(update_time - 100) + R"(,"update_time":)" + std::to_string(update_time) +
           R"(,"packages":[{"id":")" + pkg + R"("}],"line_items":[{"id":"L-)" + id + R"(","package_id":")" +
           pkg + R"(","tracking_number":"TRK)" + id + R"("}],"tracking_number":"TRK)" + id + R"("})";
}

class TikTokShopEmulatorTest : public ::testing::Test {
  protected:
    TikTokShopEmulator tts{"app-key-29a39d",
                           "secret-e59af819cc",
                           "refresh-1",
                           {{.id = "7001", .name = "Shop MY", .region = "MY", .cipher = "ROW_cipher_my"},
                            {.id = "7002", .name = "Shop SG", .region = "SG", .cipher = "ROW_cipher_sg"}}};

    void SetUp() override { tts.set_now(clock_s); }

    Reply send(const Call& c) {
        Query query;
        if (c.app_key) query.emplace_back("app_key", tts.app_key());
        auto timestamp = c.timestamp.value_or(std::to_string(tts.now()));
        if (!timestamp.empty()) query.emplace_back("timestamp", timestamp);
        for (const auto& kv : c.query) query.push_back(kv);
        auto sign = c.sign.value_or(sign_like_tiktok(tts.app_secret(), c.path, query,
                                                     !c.sign_body            ? std::string()
                                                     : c.signed_body.empty() ? c.body
                                                                             : c.signed_body));
        if (!sign.empty()) query.emplace_back("sign", sign);
        return exchange(c.method, c.path, query, c.body, c.content_type,
                        c.token.value_or(tts.access_token()));
    }

    Reply exchange(const std::string& method, const std::string& path, const Query& query,
                   const std::string& body = "", const std::string& content_type = "",
                   const std::string& token = "") {
        std::string uri = path;
        char sep = '?';
        for (const auto& [k, v] : query) {
            std::string ev;
            Poco::URI::encode(v, "&=+?#/", ev);
            uri += sep + k + "=" + ev;
            sep = '&';
        }
        Poco::Net::HTTPClientSession session("127.0.0.1", tts.server().port());
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!content_type.empty()) request.setContentType(content_type);
        if (!token.empty()) request.set("x-tts-access-token", token);
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        auto& in = session.receiveResponse(response);
        Reply reply;
        reply.status = response.getStatus();
        reply.retry_after = response.get("Retry-After", "");
        Poco::StreamCopier::copyToString(in, reply.raw);
        Poco::JSON::Parser parser;
        reply.body = parser.parse(reply.raw).extract<Object::Ptr>();
        return reply;
    }

    Reply search(const Query& query, const std::string& body, const std::string& cipher = "ROW_cipher_my") {
        Query q = query;
        q.emplace_back("shop_cipher", cipher);
        return send({.method = "POST", .path = "/order/202309/orders/search", .query = q, .body = body});
    }

    Reply refresh(const std::string& refresh_token) {
        return exchange("GET", "/api/v2/token/refresh",
                        {{"app_key", tts.app_key()},
                         {"app_secret", tts.app_secret()},
                         {"refresh_token", refresh_token},
                         {"grant_type", "refresh_token"}});
    }

    // An upload, signed without its body when it is sent as multipart (as TikTok signs uploads).
    Reply upload(const std::string& path, const std::string& body, const std::string& content_type = "") {
        return send({.method = "POST",
                     .path = path,
                     .query = {{"shop_cipher", "ROW_cipher_my"}},
                     .body = body,
                     .content_type =
                         content_type.empty() ? "multipart/form-data; boundary=" + boundary : content_type,
                     .sign_body = !content_type.empty()});
    }

    std::string upload_image() {
        auto reply = upload("/fulfillment/202309/images/upload",
                            multipart({{"data", "pod.png", "image/png", png(640, 480)}}));
        EXPECT_EQ(reply.code(), 0) << reply.raw;
        return reply.data()->getValue<std::string>("url");
    }

    Reply deliver(const std::string& packages_json) {
        return send({.method = "POST",
                     .path = "/fulfillment/202309/packages/deliver",
                     .query = {{"shop_cipher", "ROW_cipher_my"}},
                     .body = R"({"packages":)" + packages_json + "}"});
    }

    static void expect_refusal(const Reply& reply, int status, std::int64_t code, const std::string& words) {
        EXPECT_EQ(reply.status, status) << reply.raw;
        EXPECT_EQ(reply.code(), code) << reply.raw;
        EXPECT_NE(reply.message().find(words), std::string::npos) << reply.raw;
        EXPECT_FALSE(reply.body->getValue<std::string>("request_id").empty());
        EXPECT_TRUE(reply.body->has("data"));
    }
};

TEST(TikTokSign, MatchesTikToksWorkedExampleAndLeavesSignAndAccessTokenOut) {
    // TikTok's own worked example for Get Authorized Shops (app_secret e59af819cc).
    const std::string expected = "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8";
    EXPECT_EQ(tiktok_sign("e59af819cc", "/authorization/202309/shops",
                          {{"timestamp", "1623812664"}, {"app_key", "29a39d"}}, ""),
              expected);
    EXPECT_EQ(
        tiktok_sign(
            "e59af819cc", "/authorization/202309/shops",
            {{"app_key", "29a39d"}, {"sign", "x"}, {"access_token", "y"}, {"timestamp", "1623812664"}}, ""),
        expected);
    EXPECT_EQ(sign_like_tiktok("e59af819cc", "/authorization/202309/shops",
                               {{"app_key", "29a39d"}, {"timestamp", "1623812664"}}, ""),
              expected);
}

TEST_F(TikTokShopEmulatorTest, AuthorizedShopsListEveryShopWithItsCipherAndRegion) {
    auto reply = send({.path = "/authorization/202309/shops"});
    ASSERT_EQ(reply.code(), 0) << reply.raw;
    EXPECT_EQ(reply.status, 200);
    auto shops = reply.data()->getArray("shops");
    ASSERT_EQ(shops->size(), 2u);
    auto first = shops->getObject(0);
    EXPECT_EQ(first->getValue<std::string>("id"), "7001");
    EXPECT_EQ(first->getValue<std::string>("cipher"), "ROW_cipher_my");
    EXPECT_EQ(first->getValue<std::string>("region"), "MY");
    EXPECT_EQ(first->getValue<std::string>("seller_type"), "LOCAL");
    EXPECT_FALSE(first->getValue<std::string>("code").empty());
    EXPECT_EQ(shops->getObject(1)->getValue<std::string>("cipher"), "ROW_cipher_sg");
}

TEST_F(TikTokShopEmulatorTest, EveryCommonCheckRefusesWithTikToksCodeAndMessage) {
    const std::string shops = "/authorization/202309/shops";
    expect_refusal(send({.path = shops, .app_key = false}), 400, TikTokCodes::invalid_request, "`app_key`");
    expect_refusal(send({.path = shops, .timestamp = ""}), 400, TikTokCodes::invalid_request,
                   "lesser than 0");
    expect_refusal(send({.path = shops, .timestamp = "soon"}), 400, TikTokCodes::invalid_request,
                   "lesser than 0");
    expect_refusal(send({.path = shops, .timestamp = std::to_string(clock_s - 301)}), 400,
                   TikTokCodes::invalid_request, "earlier than 5 minutes");
    EXPECT_EQ(send({.path = shops, .timestamp = std::to_string(clock_s - 300)}).code(), 0);
    expect_refusal(send({.path = shops, .timestamp = std::to_string(clock_s + 31)}), 400,
                   TikTokCodes::invalid_request, "more than 30 seconds");
    EXPECT_EQ(send({.path = shops, .timestamp = std::to_string(clock_s + 30)}).code(), 0);
    expect_refusal(send({.path = shops, .sign = ""}), 400, TikTokCodes::invalid_request, "signature");
    expect_refusal(send({.path = shops, .sign = std::string(64, 'a')}), 401, TikTokCodes::invalid_signature,
                   "`sign`");
    auto good = sign_like_tiktok(tts.app_secret(), shops,
                                 {{"app_key", tts.app_key()}, {"timestamp", std::to_string(clock_s)}}, "");
    EXPECT_EQ(send({.path = shops, .sign = good}).code(), 0);
    auto upper = good;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    expect_refusal(send({.path = shops, .sign = upper}), 401, TikTokCodes::invalid_signature, "`sign`");
    expect_refusal(send({.path = shops, .token = ""}), 400, TikTokCodes::invalid_request,
                   "x-tts-access-token");
    expect_refusal(send({.path = shops, .token = "TTP_not_issued"}), 400, TikTokCodes::invalid_request,
                   "x-tts-access-token");
    expect_refusal(send({.path = shops, .query = {{"shop_cipher", "ROW_cipher_my"}}}), 400,
                   TikTokCodes::invalid_request, "Unexpected identifier");

    const std::string search_path = "/order/202309/orders/search";
    expect_refusal(
        send({.method = "POST", .path = search_path, .query = {{"page_size", "10"}}, .body = "{}"}), 400,
        TikTokCodes::missing_shop_cipher, "`shop_cipher`");
    expect_refusal(search({{"page_size", "10"}}, "{}", "ROW_cipher_unknown"), 400,
                   TikTokCodes::invalid_request, "`shop_cipher`");
    // The body is signed: a body changed after signing is refused.
    expect_refusal(send({.method = "POST",
                         .path = search_path,
                         .query = {{"page_size", "10"}, {"shop_cipher", "ROW_cipher_my"}},
                         .body = R"({"update_time_ge":1})",
                         .signed_body = R"({"update_time_ge":2})"}),
                   401, TikTokCodes::invalid_signature, "`sign`");
    expect_refusal(send({.method = "POST",
                         .path = search_path,
                         .query = {{"page_size", "10"}, {"shop_cipher", "ROW_cipher_my"}},
                         .body = "{}",
                         .content_type = "text/plain"}),
                   200, TikTokCodes::not_json, "application/json");
    expect_refusal(send({.path = "/order/202309/nothing"}), 404, TikTokCodes::unknown_path, "Invalid path");
    expect_refusal(send({.method = "DELETE", .path = shops}), 405, TikTokCodes::invalid_method, "method");

    // The log has every call with what it was answered.
    auto log = tts.requests();
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.front().path, shops);
    EXPECT_EQ(log.front().status, 400);
    EXPECT_EQ(log.front().code, TikTokCodes::invalid_request);
    EXPECT_EQ(log.front().query_value("timestamp"), std::to_string(clock_s));
    EXPECT_EQ(log.front().header("X-TTS-ACCESS-TOKEN"), tts.access_token());
    EXPECT_EQ(tts.request_count(search_path), 4u);
}

TEST_F(TikTokShopEmulatorTest, AnExpiredAccessTokenIsRefusedUntilARefreshIssuesANewOne) {
    const std::string shops = "/authorization/202309/shops";
    auto first = tts.access_token();
    ASSERT_EQ(send({.path = shops}).code(), 0);

    tts.expire_access_tokens();
    expect_refusal(send({.path = shops}), 401, TikTokCodes::access_token_expired, "expired");

    auto wrong = refresh("refresh-other");
    EXPECT_EQ(wrong.code(), TikTokCodes::unknown_refresh_token);
    EXPECT_EQ(tts.refresh_count(), 0u);

    auto renewed = refresh("refresh-1");
    ASSERT_EQ(renewed.code(), 0) << renewed.raw;
    auto token = renewed.data()->getValue<std::string>("access_token");
    EXPECT_NE(token, first);
    EXPECT_EQ(token, tts.access_token());
    EXPECT_EQ(renewed.data()->getValue<std::int64_t>("access_token_expire_in"), clock_s + 7 * 24 * 3600);
    EXPECT_EQ(renewed.data()->getValue<std::string>("refresh_token"), "refresh-1");
    EXPECT_GT(renewed.data()->getValue<std::int64_t>("refresh_token_expire_in"), clock_s);
    EXPECT_EQ(renewed.data()->getValue<std::string>("seller_base_region"), "MY");
    EXPECT_EQ(tts.refresh_count(), 1u);
    EXPECT_EQ(tts.refresh_calls(), 2u);

    EXPECT_EQ(send({.path = shops}).code(), 0);
    expect_refusal(send({.path = shops, .token = first}), 401, TikTokCodes::access_token_expired, "expired");

    // A token also expires by the clock.
    tts.set_access_token_lifetime(60);
    ASSERT_EQ(refresh("refresh-1").code(), 0);
    tts.advance(59);
    EXPECT_EQ(send({.path = shops}).code(), 0);
    tts.advance(1);
    EXPECT_EQ(send({.path = shops}).code(), TikTokCodes::access_token_expired);

    tts.expire_refresh_token();
    EXPECT_EQ(refresh("refresh-1").code(), TikTokCodes::refresh_token_expired);
    EXPECT_EQ(tts.refresh_count(), 2u);
}

TEST_F(TikTokShopEmulatorTest, AnAuthCodeBuysOneTokenAndTheAuthHostChecksTheAppSecret) {
    tts.add_auth_code("code-1");
    Query get = {{"app_key", tts.app_key()},
                 {"app_secret", tts.app_secret()},
                 {"auth_code", "code-1"},
                 {"grant_type", "authorized_code"}};
    auto issued = exchange("GET", "/api/v2/token/get", get);
    ASSERT_EQ(issued.code(), 0) << issued.raw;
    EXPECT_EQ(issued.data()->getValue<std::string>("access_token"), tts.access_token());
    EXPECT_EQ(exchange("GET", "/api/v2/token/get", get).code(), TikTokCodes::invalid_auth_code);
    auto bad_secret = exchange("GET", "/api/v2/token/refresh",
                               {{"app_key", tts.app_key()},
                                {"app_secret", "nope"},
                                {"refresh_token", "refresh-1"},
                                {"grant_type", "refresh_token"}});
    EXPECT_EQ(bad_secret.code(), TikTokCodes::invalid_request);
    EXPECT_EQ(tts.refresh_count(), 0u);
}

TEST_F(TikTokShopEmulatorTest, PagingCoversEveryMatchingOrderExactlyOnceInAStableOrder) {
    // 23 orders in the window, several sharing an update_time; others outside it or in the other shop.
    std::set<std::string> expected;
    for (int i = 0; i < 23; ++i) {
        auto id = "5769" + std::to_string(100 + i);
        tts.put_order("7001", order(id, clock_s - 5000 + (i / 3) * 10));
        expected.insert(id);
    }
    tts.put_order("7001", order("576900", clock_s - 9000));  // before update_time_ge
    tts.put_order("7001", order("576901", clock_s - 1000));  // at update_time_lt: excluded
    tts.put_order("7002", order("576902", clock_s - 4000));  // another shop
    const std::string window = R"({"update_time_ge":)" + std::to_string(clock_s - 5000) +
                               R"(,"update_time_lt":)" + std::to_string(clock_s - 1000) + "}";

    for (const char* sort_order : {"ASC", "DESC"}) {
        std::vector<std::string> seen;
        std::vector<std::int64_t> times;
        std::string token;
        int pages = 0;
        do {
            Query q = {{"page_size", "5"}, {"sort_field", "update_time"}, {"sort_order", sort_order}};
            if (!token.empty()) q.emplace_back("page_token", token);
            auto reply = search(q, window);
            ASSERT_EQ(reply.code(), 0) << reply.raw;
            EXPECT_EQ(reply.data()->getValue<std::int64_t>("total_count"), 23);
            auto orders = reply.data()->getArray("orders");
            EXPECT_LE(orders->size(), 5u);
            for (std::size_t i = 0; i < orders->size(); ++i) {
                seen.push_back(orders->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
                times.push_back(
                    orders->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>("update_time"));
            }
            token = reply.data()->getValue<std::string>("next_page_token");
            ASSERT_LT(++pages, 10);
        } while (!token.empty());
        EXPECT_EQ(pages, 5) << sort_order;
        EXPECT_EQ(seen.size(), 23u) << sort_order;
        EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), expected) << sort_order;
        if (std::string(sort_order) == "ASC")
            EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
        else
            EXPECT_TRUE(std::is_sorted(times.rbegin(), times.rend()));
    }

    // An order added between pages after the position reached is read once; the default sort works too.
    auto first = search({{"page_size", "10"}, {"sort_field", "update_time"}, {"sort_order", "ASC"}}, window);
    tts.put_order("7001", order("576999", clock_s - 1001));
    std::set<std::string> rest;
    std::string token = first.data()->getValue<std::string>("next_page_token");
    while (!token.empty()) {
        auto reply = search({{"page_size", "10"},
                             {"sort_field", "update_time"},
                             {"sort_order", "ASC"},
                             {"page_token", token}},
                            window);
        for (const auto& o : *reply.data()->getArray("orders"))
            EXPECT_TRUE(rest.insert(o.extract<Object::Ptr>()->getValue<std::string>("id")).second);
        token = reply.data()->getValue<std::string>("next_page_token");
    }
    EXPECT_EQ(rest.size(), 14u);
    EXPECT_EQ(rest.count("576999"), 1u);
    EXPECT_EQ(search({{"page_size", "100"}}, window).data()->getArray("orders")->size(), 24u);

    expect_refusal(search({{"page_size", "0"}}, window), 400, TikTokCodes::invalid_request, "page_size");
    expect_refusal(search({{"page_size", "101"}}, window), 400, TikTokCodes::invalid_request, "page_size");
    expect_refusal(search({{"page_size", "5"}, {"page_token", "garbage!"}}, window), 400,
                   TikTokCodes::invalid_request, "page_token");
    expect_refusal(search({{"page_size", "5"}}, R"({"update_time_ge":"soon"})"), 400,
                   TikTokCodes::invalid_request, "update_time_ge");
}

TEST_F(TikTokShopEmulatorTest, OrdersAreAnsweredAsStoredBadDataIncluded) {
    // Milliseconds where seconds belong, and a status TikTok does not have: listed by the update_time given.
    tts.put_order("7001", R"({"id":"5801","status":"LOST_IN_SPACE","update_time":1699999000000})",
                  clock_s - 10);
    tts.put_order("7001", order("5802", clock_s - 20));
    auto found = search({{"page_size", "10"}}, R"({"update_time_ge":)" + std::to_string(clock_s - 60) + "}");
    ASSERT_EQ(found.data()->getArray("orders")->size(), 2u);

    auto detail = send({.path = "/order/202309/orders",
                        .query = {{"ids", "5801,9999,5802"}, {"shop_cipher", "ROW_cipher_my"}}});
    ASSERT_EQ(detail.code(), 0) << detail.raw;
    auto orders = detail.data()->getArray("orders");
    ASSERT_EQ(orders->size(), 2u);
    EXPECT_EQ(orders->getObject(0)->getValue<std::string>("status"), "LOST_IN_SPACE");
    EXPECT_EQ(orders->getObject(0)->getValue<std::int64_t>("update_time"), 1699999000000);
    EXPECT_EQ(orders->getObject(1)->getValue<std::string>("id"), "5802");
    // Another shop's cipher does not see them.
    auto other =
        send({.path = "/order/202309/orders", .query = {{"ids", "5801"}, {"shop_cipher", "ROW_cipher_sg"}}});
    EXPECT_EQ(other.data()->getArray("orders")->size(), 0u);
    expect_refusal(send({.path = "/order/202309/orders", .query = {{"shop_cipher", "ROW_cipher_my"}}}), 400,
                   TikTokCodes::invalid_request, "ids");

    EXPECT_THROW(tts.put_order("7001", R"({"status":"IN_TRANSIT"})"), std::invalid_argument);
    EXPECT_THROW(tts.put_order("7999", order("1", clock_s)), std::invalid_argument);
    tts.remove_order("7001", "5802");
    EXPECT_FALSE(tts.order_json("7001", "5802"));
}

TEST_F(TikTokShopEmulatorTest, TrackingLinesComeNewestFirstAndPackagesFollowTheirOrder) {
    tts.put_order("7001", order("5901", clock_s - 100, "IN_TRANSIT", "PKG-A"));
    tts.set_tracking(
        "7001", "5901",
        {{"Picked up", 1699990000000}, {"Arrived at hub", 1699995000000}, {"Sorted", 1699992000000}});
    auto tracking = send(
        {.path = "/fulfillment/202309/orders/5901/tracking", .query = {{"shop_cipher", "ROW_cipher_my"}}});
    ASSERT_EQ(tracking.code(), 0) << tracking.raw;
    auto lines = tracking.data()->getArray("tracking");
    ASSERT_EQ(lines->size(), 3u);
    EXPECT_EQ(lines->getObject(0)->getValue<std::string>("description"), "Arrived at hub");
    EXPECT_EQ(lines->getObject(0)->getValue<std::int64_t>("update_time_millis"), 1699995000000);
    EXPECT_EQ(lines->getObject(2)->getValue<std::string>("description"), "Picked up");

    tts.set_tracking_json("7001", "5901",
                          R"([{"description":"seconds by mistake","update_time_millis":1699995000}])");
    tracking = send(
        {.path = "/fulfillment/202309/orders/5901/tracking", .query = {{"shop_cipher", "ROW_cipher_my"}}});
    EXPECT_EQ(
        tracking.data()->getArray("tracking")->getObject(0)->getValue<std::int64_t>("update_time_millis"),
        1699995000);
    expect_refusal(send({.path = "/fulfillment/202309/orders/404/tracking",
                         .query = {{"shop_cipher", "ROW_cipher_my"}}}),
                   200, TikTokCodes::order_not_found, "order");

    auto package =
        send({.path = "/fulfillment/202309/packages/PKG-A", .query = {{"shop_cipher", "ROW_cipher_my"}}});
    ASSERT_EQ(package.code(), 0) << package.raw;
    EXPECT_EQ(package.data()->getValue<std::string>("package_status"), "FULFILLING");
    EXPECT_EQ(package.data()->getValue<std::string>("shipping_type"), "SELLER");
    EXPECT_EQ(package.data()->getArray("orders")->getObject(0)->getValue<std::string>("id"), "5901");
    tts.put_order("7001", order("5901", clock_s - 50, "DELIVERED", "PKG-A"));
    EXPECT_EQ(tts.package_status("PKG-A"), "COMPLETED");
    expect_refusal(
        send({.path = "/fulfillment/202309/packages/PKG-A", .query = {{"shop_cipher", "ROW_cipher_sg"}}}),
        200, TikTokCodes::package_not_found, "package");
}

TEST_F(TikTokShopEmulatorTest, UploadsParseTheMultipartBodyAndCheckItsPartsAsDocumented) {
    const std::string images = "/fulfillment/202309/images/upload";
    const std::string files = "/fulfillment/202309/files/upload";

    auto image = upload(images, multipart({{"data", "pod.png", "image/png", png(640, 480)}}));
    ASSERT_EQ(image.code(), 0) << image.raw;
    EXPECT_EQ(image.data()->getValue<int>("width"), 640);
    EXPECT_EQ(image.data()->getValue<int>("height"), 480);
    auto image_url = image.data()->getValue<std::string>("url");
    EXPECT_EQ(image_url.rfind(tts.base_url(), 0), 0u);

    auto photo = upload(images, multipart({{"data", "pod.jpg", "image/jpeg", jpeg(1024, 768)}}));
    ASSERT_EQ(photo.code(), 0) << photo.raw;
    EXPECT_EQ(photo.data()->getValue<int>("width"), 1024);
    EXPECT_EQ(photo.data()->getValue<int>("height"), 768);

    auto pdf = upload(files, multipart({{"data", "pod.pdf", "application/pdf", "%PDF-1.4\n%%EOF\n"},
                                        {"name", "", "", "pod-5901.pdf"}}));
    ASSERT_EQ(pdf.code(), 0) << pdf.raw;
    EXPECT_EQ(pdf.data()->getValue<std::string>("name"), "pod-5901.pdf");

    ASSERT_EQ(tts.upload_count(), 3u);
    auto stored = tts.uploads();
    EXPECT_EQ(stored[0].kind, "IMG");
    EXPECT_EQ(stored[0].content_type, "image/png");
    EXPECT_EQ(stored[0].bytes, png(640, 480));
    EXPECT_EQ(stored[0].url, image_url);
    EXPECT_EQ(stored[2].kind, "PDF");
    EXPECT_EQ(stored[2].bytes, "%PDF-1.4\n%%EOF\n");

    // Refusals: each names what is wrong, and nothing is stored.
    expect_refusal(upload(images, multipart({{"file", "pod.png", "image/png", png(640, 480)}})), 200,
                   TikTokCodes::invalid_upload, "`data`");
    expect_refusal(upload(images, multipart({{"data", "pod.gif", "image/gif", "GIF89a...."}})), 200,
                   TikTokCodes::invalid_upload, "JPG");
    expect_refusal(upload(images, multipart({{"data", "pod.png", "image/jpeg", png(640, 480)}})), 200,
                   TikTokCodes::invalid_upload, "JPG");
    expect_refusal(upload(images, multipart({{"data", "pod.png", "image/png", png(99, 480)}})), 200,
                   TikTokCodes::invalid_upload, "100 x 100px");
    expect_refusal(
        upload(images,
               multipart({{"data", "big.png", "image/png", png(640, 480) + std::string(5 << 20, 'x')}})),
        200, TikTokCodes::file_too_large, "file size");
    expect_refusal(
        upload(images, multipart({{"data", "pod.png", "image/png", png(640, 480)}}), "application/json"), 200,
        TikTokCodes::not_multipart, "multipart/form-data");
    expect_refusal(upload(files, multipart({{"data", "pod.pdf", "application/pdf", "%PDF-1.4"}})), 200,
                   TikTokCodes::invalid_upload, "`name`");
    expect_refusal(upload(files, multipart({{"data", "pod.pdf", "application/pdf", "%PDF-1.4"},
                                            {"name", "", "", "pod"}})),
                   200, TikTokCodes::invalid_upload, "`name`");
    expect_refusal(upload(files, multipart({{"data", "pod.pdf", "application/pdf", "not a pdf"},
                                            {"name", "", "", "a.pdf"}})),
                   200, TikTokCodes::invalid_upload, "PDF");
    EXPECT_EQ(tts.upload_count(), 3u);

    // A multipart body is not part of the sign: signing it as if it were is refused.
    auto body = multipart({{"data", "pod.png", "image/png", png(640, 480)}});
    auto signed_over_body = send({.method = "POST",
                                  .path = images,
                                  .query = {{"shop_cipher", "ROW_cipher_my"}},
                                  .body = body,
                                  .content_type = "multipart/form-data; boundary=" + boundary});
    EXPECT_EQ(signed_over_body.code(), TikTokCodes::invalid_signature);
}

TEST_F(TikTokShopEmulatorTest, DeliverSucceedsPartlyAndASecondDeliverOfADeliveredPackageIsRefusedForIt) {
    tts.put_order("7001", order("6001", clock_s - 100, "IN_TRANSIT", "PKG-1"));
    tts.put_order("7001", order("6002", clock_s - 100, "IN_TRANSIT", "PKG-2"));
    tts.put_order("7002", order("6003", clock_s - 100, "IN_TRANSIT", "PKG-OTHER-SHOP"));
    tts.fail_delivery("PKG-2", 21001999, "Carrier record is locked.");
    auto url = upload_image();
    auto pkg = [&](const std::string& id, const std::string& type = "DELIVERY_SUCCESS") {
        return R"({"id":")" + id + R"(","delivery_type":")" + type + R"(","file_type":"IMG","file_url":")" +
               url + R"("})";
    };

    auto reply = deliver("[" + pkg("PKG-1") + "," + pkg("PKG-2") + "," + pkg("PKG-OTHER-SHOP") + "]");
    ASSERT_EQ(reply.code(), 0) << reply.raw;
    EXPECT_EQ(reply.status, 200);
    auto errors = reply.data()->getArray("errors");
    ASSERT_EQ(errors->size(), 2u);
    EXPECT_EQ(errors->getObject(0)->getValue<std::int64_t>("code"), 21001999);
    EXPECT_EQ(errors->getObject(0)->getValue<std::string>("message"), "Carrier record is locked.");
    EXPECT_EQ(errors->getObject(0)->getObject("detail")->getValue<std::string>("package_id"), "PKG-2");
    EXPECT_EQ(errors->getObject(1)->getValue<std::int64_t>("code"), TikTokCodes::package_not_found);
    EXPECT_EQ(errors->getObject(1)->getObject("detail")->getValue<std::string>("package_id"),
              "PKG-OTHER-SHOP");
    EXPECT_EQ(tts.package_status("PKG-1"), "COMPLETED");
    EXPECT_EQ(tts.package_status("PKG-2"), "FULFILLING");
    EXPECT_EQ(tts.delivery_count("PKG-1"), 1u);
    EXPECT_EQ(tts.delivery_count("PKG-2"), 0u);
    auto package =
        send({.path = "/fulfillment/202309/packages/PKG-1", .query = {{"shop_cipher", "ROW_cipher_my"}}});
    EXPECT_EQ(package.data()->getValue<std::string>("package_status"), "COMPLETED");

    // Again: PKG-1 is refused as delivered, PKG-2 (failed once) goes through, UPDATE_POD is accepted.
    reply = deliver("[" + pkg("PKG-1") + "," + pkg("PKG-2") + "]");
    errors = reply.data()->getArray("errors");
    ASSERT_EQ(errors->size(), 1u) << reply.raw;
    EXPECT_EQ(errors->getObject(0)->getValue<std::int64_t>("code"), TikTokCodes::package_already_delivered);
    EXPECT_EQ(errors->getObject(0)->getObject("detail")->getValue<std::string>("package_id"), "PKG-1");
    EXPECT_EQ(tts.delivery_count("PKG-2"), 1u);
    EXPECT_EQ(deliver("[" + pkg("PKG-1", "UPDATE_POD") + "]").data()->getArray("errors")->size(), 0u);
    EXPECT_EQ(tts.delivery_count("PKG-1"), 2u);

    // Proof of delivery that was never uploaded, a missing reason, a bad body.
    tts.put_order("7001", order("6004", clock_s - 100, "IN_TRANSIT", "PKG-4"));
    reply = deliver(
        R"([{"id":"PKG-4","delivery_type":"DELIVERY_SUCCESS","file_type":"IMG","file_url":"https://elsewhere/x.png"},
                        {"id":"PKG-4","delivery_type":"DELIVERY_FAILED"}])");
    errors = reply.data()->getArray("errors");
    ASSERT_EQ(errors->size(), 2u) << reply.raw;
    EXPECT_EQ(errors->getObject(0)->getValue<std::int64_t>("code"), TikTokCodes::invalid_delivery);
    EXPECT_NE(errors->getObject(1)->getValue<std::string>("message").find("fail_delivery_reason"),
              std::string::npos);
    EXPECT_EQ(tts.package_status("PKG-4"), "FULFILLING");
    expect_refusal(deliver("[]"), 400, TikTokCodes::invalid_request, "packages");

    auto all = tts.deliveries();
    ASSERT_EQ(all.size(), 8u);
    EXPECT_EQ(all[0].package_id, "PKG-1");
    EXPECT_TRUE(all[0].accepted);
    EXPECT_EQ(all[0].file_url, url);
    EXPECT_EQ(all[0].file_type, "IMG");
    EXPECT_FALSE(all[1].accepted);
    EXPECT_EQ(all[1].error_code, 21001999);
}

TEST_F(TikTokShopEmulatorTest, OnlyAPackageInTransitIsDeliveredAndTheOrderFollowsOnceAllItsPackagesAre) {
    tts.put_order("7001", R"({"id":"6101","status":"IN_TRANSIT","update_time":)" +
                              std::to_string(clock_s - 500) +
                              R"(,"packages":[{"id":"PKG-X"},{"id":"PKG-Y"}]})");
    tts.put_order("7001", order("6102", clock_s - 500, "AWAITING_SHIPMENT", "PKG-WAITING"));
    auto url = upload_image();
    auto pkg = [&](const std::string& id, const std::string& type = "DELIVERY_SUCCESS") {
        return R"({"id":")" + id + R"(","delivery_type":")" + type + R"(","file_type":"IMG","file_url":")" +
               url + R"("})";
    };

    auto reply = deliver("[" + pkg("PKG-WAITING") + "," + pkg("PKG-X", "UPDATE_POD") + "]");
    auto errors = reply.data()->getArray("errors");
    ASSERT_EQ(errors->size(), 2u) << reply.raw;
    EXPECT_EQ(errors->getObject(0)->getValue<std::int64_t>("code"), TikTokCodes::package_status_not_allowed);
    EXPECT_NE(errors->getObject(0)->getValue<std::string>("message").find("TO_FULFILL"), std::string::npos);
    EXPECT_EQ(errors->getObject(1)->getValue<std::int64_t>("code"), TikTokCodes::package_status_not_allowed);
    EXPECT_EQ(tts.package_status("PKG-WAITING"), "TO_FULFILL");

    ASSERT_EQ(deliver("[" + pkg("PKG-X") + "]").data()->getArray("errors")->size(), 0u);
    Poco::JSON::Parser parser;
    auto stored = parser.parse(*tts.order_json("7001", "6101")).extract<Object::Ptr>();
    EXPECT_EQ(stored->getValue<std::string>("status"), "IN_TRANSIT");

    tts.advance(60);
    ASSERT_EQ(deliver("[" + pkg("PKG-Y") + "]").data()->getArray("errors")->size(), 0u);
    stored = parser.parse(*tts.order_json("7001", "6101")).extract<Object::Ptr>();
    EXPECT_EQ(stored->getValue<std::string>("status"), "DELIVERED");
    EXPECT_EQ(stored->getValue<std::int64_t>("update_time"), clock_s + 60);
    EXPECT_EQ(stored->getValue<std::int64_t>("delivery_time"), clock_s + 60);
    auto again = search({{"page_size", "10"}}, R"({"update_time_ge":)" + std::to_string(clock_s + 60) + "}");
    ASSERT_EQ(again.data()->getArray("orders")->size(), 1u) << again.raw;
    EXPECT_EQ(again.data()->getArray("orders")->getObject(0)->getValue<std::string>("id"), "6101");
}

TEST_F(TikTokShopEmulatorTest, ThrottlingAnswers429WithRetryAfterThenLetsCallsThrough) {
    tts.throttle(2, 7);
    const std::string shops = "/authorization/202309/shops";
    for (int i = 0; i < 2; ++i) {
        auto reply = send({.path = shops});
        expect_refusal(reply, 429, TikTokCodes::rate_limited, "Too many requests");
        EXPECT_EQ(reply.retry_after, "7");
    }
    EXPECT_EQ(send({.path = shops}).code(), 0);

    tts.throttle(1, 1);
    EXPECT_EQ(refresh("refresh-1").code(), 0);  // the auth host is never throttled
    EXPECT_EQ(send({.path = shops}).status, 429);
}

TEST_F(TikTokShopEmulatorTest, FaultsAnswerInsteadOfOrAfterHandling) {
    tts.put_order("7001", order("7101", clock_s - 100, "IN_TRANSIT", "PKG-F"));
    const std::string search_path = "/order/202309/orders/search";
    tts.inject({.method = "POST", .path = search_path, .status = 500});
    auto failed = search({{"page_size", "5"}}, "{}");
    EXPECT_EQ(failed.status, 500);
    EXPECT_EQ(failed.code(), TikTokCodes::internal_error);
    EXPECT_EQ(search({{"page_size", "5"}}, "{}").code(), 0);

    // A lost response: the delivery happened, the client saw a 503.
    auto url = upload_image();
    tts.inject({.path = "/fulfillment/202309/packages/deliver",
                .status = 503,
                .body = "upstream gone",
                .after_handling = true});
    EXPECT_THROW(
        deliver(R"([{"id":"PKG-F","delivery_type":"DELIVERY_SUCCESS","file_type":"IMG","file_url":")" + url +
                R"("}])"),
        std::exception);  // the body is not JSON
    EXPECT_EQ(tts.delivery_count("PKG-F"), 1u);
    EXPECT_EQ(tts.package_status("PKG-F"), "COMPLETED");
    EXPECT_EQ(tts.requests().back().status, 503);

    // No answer at all, and a slow one.
    tts.inject({.path = "/authorization/202309/shops", .drop = true});
    EXPECT_THROW(send({.path = "/authorization/202309/shops"}), Poco::Exception);
    EXPECT_EQ(tts.requests().back().status, 0);
    tts.inject({.path = "/authorization/202309/shops",
                .status = 200,
                .delay = std::chrono::milliseconds(300),
                .after_handling = true});
    auto started = std::chrono::steady_clock::now();
    auto slow = send({.path = "/authorization/202309/shops"});
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
    EXPECT_EQ(slow.code(), TikTokCodes::internal_error);
}

TEST_F(TikTokShopEmulatorTest, ServesCallsFromSeveralThreadsWhileTheTestChangesOrders) {
    std::atomic<int> answered{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < 4; ++t) {
        callers.emplace_back([&] {
            for (int i = 0; i < 10; ++i)
                if (search({{"page_size", "50"}}, "{}").code() == 0) ++answered;
        });
    }
    for (int i = 0; i < 40; ++i) tts.put_order("7001", order("80" + std::to_string(i), clock_s - i));
    for (auto& c : callers) c.join();
    EXPECT_EQ(answered.load(), 40);
    EXPECT_EQ(search({{"page_size", "50"}}, "{}").data()->getValue<std::int64_t>("total_count"), 40);
    EXPECT_EQ(tts.request_count("/order/202309/orders/search"), 41u);
}

TEST_F(TikTokShopEmulatorTest, SignedWebhooksVerifyWithTheAppKeyAndSecret) {
    auto hook =
        tts.signed_webhook(1, "7001", R"({"order_id":"576461413038785752","order_status":"IN_TRANSIT"})");
    EXPECT_EQ(hook.authorization, kit::to_hex(kit::hmac_sha256(tts.app_secret(), tts.app_key() + hook.body)));
    EXPECT_NE(hook.authorization, kit::to_hex(kit::hmac_sha256(tts.app_secret(), hook.body)));
    Poco::JSON::Parser parser;
    auto body = parser.parse(hook.body).extract<Object::Ptr>();
    EXPECT_EQ(body->getValue<int>("type"), 1);
    EXPECT_EQ(body->getValue<std::string>("shop_id"), "7001");
    EXPECT_EQ(body->getValue<std::int64_t>("timestamp"), clock_s);
    EXPECT_EQ(body->getObject("data")->getValue<std::string>("order_id"), "576461413038785752");
    EXPECT_FALSE(body->getValue<std::string>("tts_notification_id").empty());
    // The data goes in as given, bad data included.
    auto odd = tts.signed_webhook(4, "7001", R"({"package_id":123})");
    EXPECT_NE(odd.body.find(R"("data":{"package_id":123})"), std::string::npos);
    EXPECT_NE(odd.authorization, hook.authorization);
}

TEST_F(TikTokShopEmulatorTest, ASignedUrlIsAcceptedAsItStands) {
    auto url = tts.signed_url("/authorization/202309/shops");
    ASSERT_EQ(url.rfind(tts.base_url(), 0), 0u);
    Poco::URI uri(url);
    auto reply = exchange("GET", uri.getPath(), uri.getQueryParameters(), "", "", tts.access_token());
    EXPECT_EQ(reply.code(), 0) << reply.raw;
}

}  // namespace
}  // namespace unstuck::test
