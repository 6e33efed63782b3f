// The TikTok Shop emulator's answers: the checks every call goes through, then each endpoint.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/String.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <tuple>

#include "support/tiktok_shop_multipart.hpp"
#include "support/tiktok_shop_state.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::int64_t earliest_s = 300;  // a timestamp may lie 5 minutes before the clock
constexpr std::int64_t latest_s = 30;     // and 30 seconds after it
constexpr std::size_t image_limit = 5 * 1024 * 1024;
constexpr std::size_t file_limit = 10 * 1024 * 1024;

std::string stringify(const Poco::Dynamic::Var& v) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(v, out);
    return out.str();
}

Object::Ptr parse_object(const std::string& text) {
    try {
        Poco::JSON::Parser parser;
        auto v = parser.parse(text);
        if (v.type() == typeid(Object::Ptr)) return v.extract<Object::Ptr>();
    } catch (const std::exception&) {
    }
    return nullptr;
}

std::optional<std::string> find(const TikTokQuery& q, const std::string& name) {
    for (const auto& [k, v] : q)
        if (k == name) return v;
    return std::nullopt;
}

std::optional<std::int64_t> parse_int(const std::string& s) {
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(s);
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool media_type_is(const std::string& content_type, const char* type) {
    auto media = Poco::trim(content_type.substr(0, content_type.find(';')));
    return Poco::icompare(media, type) == 0;
}

std::string package_status_of(const std::string& order_status) {
    if (order_status == "UNPAID" || order_status == "ON_HOLD" || order_status == "AWAITING_SHIPMENT")
        return "TO_FULFILL";
    if (order_status == "IN_TRANSIT") return "FULFILLING";
    if (order_status == "DELIVERED" || order_status == "COMPLETED") return "COMPLETED";
    if (order_status == "CANCELLED") return "CANCELLED";
    return "PROCESSING";
}

// Where a path goes, and how the shop_cipher is taken there.
enum class Route {
    token_refresh,
    token_get,
    shops,
    order_search,
    order_detail,
    tracking,
    package_detail,
    image_upload,
    file_upload,
    deliver,
    unknown
};

struct Routed {
    Route route = Route::unknown;
    std::string method;
    std::string id;  // the order or package id in the path
};

Routed route_of(const std::string& path) {
    static const std::map<std::string, Routed> fixed = {
        {"/api/v2/token/refresh", {Route::token_refresh, "GET", ""}},
        {"/api/v2/token/get", {Route::token_get, "GET", ""}},
        {"/authorization/202309/shops", {Route::shops, "GET", ""}},
        {"/order/202309/orders/search", {Route::order_search, "POST", ""}},
        {"/order/202309/orders", {Route::order_detail, "GET", ""}},
        {"/fulfillment/202309/images/upload", {Route::image_upload, "POST", ""}},
        {"/fulfillment/202309/files/upload", {Route::file_upload, "POST", ""}},
        {"/fulfillment/202309/packages/deliver", {Route::deliver, "POST", ""}},
    };
    if (auto it = fixed.find(path); it != fixed.end()) return it->second;
    static const std::string orders = "/fulfillment/202309/orders/";
    static const std::string tracking = "/tracking";
    if (starts_with(path, orders) && path.size() > orders.size() + tracking.size() &&
        path.compare(path.size() - tracking.size(), tracking.size(), tracking) == 0) {
        auto id = path.substr(orders.size(), path.size() - orders.size() - tracking.size());
        if (id.find('/') == std::string::npos) return {Route::tracking, "GET", id};
    }
    static const std::string packages = "/fulfillment/202309/packages/";
    if (starts_with(path, packages) && path.size() > packages.size()) {
        auto id = path.substr(packages.size());
        if (id.find('/') == std::string::npos) return {Route::package_detail, "GET", id};
    }
    return {};
}

TikTokAnswer ok(Object::Ptr data) {
    TikTokAnswer a;
    a.data = data;
    return a;
}

TikTokAnswer invalid(std::string message) {
    return tiktok_refusal(400, TikTokCodes::invalid_request, std::move(message));
}

}  // namespace

TikTokAnswer tiktok_refusal(int status, std::int64_t code, std::string message) {
    TikTokAnswer a;
    a.status = status;
    a.code = code;
    a.message = std::move(message);
    return a;
}

std::int64_t TikTokShopState::now() const {
    if (fixed_now) return *fixed_now;
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string TikTokShopState::issue_token() {
    auto token =
        "ROW_" + kit::to_hex(kit::sha256(refresh_token + ":" + std::to_string(++counter))).substr(0, 40);
    access_tokens[token] = now() + lifetime;
    newest_token = token;
    return token;
}

const TikTokShop* TikTokShopState::shop_by_id(const std::string& id) const {
    for (const auto& s : shops)
        if (s.id == id) return &s;
    return nullptr;
}

const TikTokShopState::Order* TikTokShopState::order_of_package(const std::string& package_id,
                                                                const std::string* shop_id) const {
    for (const auto& [key, o] : orders) {
        if (shop_id && key.first != *shop_id) continue;
        if (std::find(o.packages.begin(), o.packages.end(), package_id) != o.packages.end()) return &o;
    }
    return nullptr;
}

std::optional<std::string> TikTokShopState::status_of_package(const std::string& package_id) const {
    if (auto it = package_status.find(package_id); it != package_status.end()) return it->second;
    if (const auto* o = order_of_package(package_id)) return package_status_of(o->status);
    return std::nullopt;
}

std::string TikTokShopState::request_id() {
    // Like TikTok's: a UTC-ish date prefix, then hex.
    char buf[48];
    std::snprintf(buf, sizeof buf, "%014lld%020llX", static_cast<long long>(now()),
                  static_cast<unsigned long long>(++counter));
    return buf;
}

LoopbackResponse TikTokShopState::respond(const TikTokAnswer& a) {
    Object::Ptr o = new Object;
    o->set("code", a.code);
    o->set("message", a.message);
    o->set("request_id", request_id());
    o->set("data", a.data.isEmpty() ? Poco::Dynamic::Var(Object::Ptr(new Object)) : a.data);
    LoopbackResponse r;
    r.status = a.status;
    r.headers = {{"Content-Type", "application/json"}};
    for (const auto& h : a.headers) r.headers.push_back(h);
    r.body = stringify(o);
    return r;
}

TikTokAnswer TikTokShopState::answer(const LoopbackRequest& request, const TikTokQuery& q) {
    const auto path = request.path();
    const Routed routed = route_of(path);
    const bool auth_host = routed.route == Route::token_refresh || routed.route == Route::token_get;

    if (!auth_host && throttled > 0) {
        --throttled;
        auto a =
            tiktok_refusal(429, TikTokCodes::rate_limited,
                           "Too many requests. You've made too many requests in a short period of time.");
        a.headers.emplace_back("Retry-After", std::to_string(retry_after));
        return a;
    }
    if (routed.route == Route::unknown)
        return tiktok_refusal(404, TikTokCodes::unknown_path,
                              "Invalid path. The specified path does not match any available endpoint.");
    if (routed.method != request.method)
        return tiktok_refusal(405, TikTokCodes::invalid_method,
                              "Invalid method. The HTTP method used is not supported by this endpoint.");
    if (auth_host) return token(routed.route == Route::token_refresh, q);

    // The checks of every API call.
    if (find(q, "app_key").value_or("") != app_key)
        return invalid("Invalid credentials. Invalid `app_key` query parameter.");
    auto ts = parse_int(find(q, "timestamp").value_or(""));
    if (!ts)
        return invalid(
            "Invalid timestamp. The value of the `timestamp` query parameter must not be lesser than 0.");
    if (*ts < now() - earliest_s)
        return invalid(
            "Invalid timestamp. The value of the `timestamp` query parameter must not be earlier than 5 "
            "minutes "
            "before the current time.");
    if (*ts > now() + latest_s)
        return invalid(
            "Invalid timestamp. The value of the `timestamp` query parameter must not exceed the current "
            "time by "
            "more than 30 seconds.");
    auto sign = find(q, "sign").value_or("");
    if (sign.empty())
        return invalid(
            "Missing credentials. The request does not include a required signature in the query.");
    const auto content_type = request.header("Content-Type").value_or("");
    const bool multipart = media_type_is(content_type, "multipart/form-data");
    if (!kit::constant_time_equals(sign, tiktok_sign(app_secret, path, q, multipart ? "" : request.body)))
        return tiktok_refusal(401, TikTokCodes::invalid_signature,
                              "Invalid credentials. The `sign` query parameter is invalid.");
    auto token = access_tokens.find(request.header("x-tts-access-token").value_or(""));
    if (token == access_tokens.end())
        return invalid("Invalid credentials. The `x-tts-access-token` header is invalid.");
    if (token->second <= now())
        return tiktok_refusal(
            401, TikTokCodes::access_token_expired,
            "Expired credentials. The `access_token` or `x-tts-access-token` header has expired.");

    const bool is_upload = routed.route == Route::image_upload || routed.route == Route::file_upload;
    auto cipher = find(q, "shop_cipher");
    if (routed.route == Route::shops) {
        if (cipher)
            return invalid(
                "Unexpected identifier. The `shop_cipher` query parameter is not required for this request.");
        return authorized_shops();
    }
    if (!cipher && !is_upload)
        return tiktok_refusal(
            400, TikTokCodes::missing_shop_cipher,
            "Missing identifier. The `shop_cipher` query parameter is required to identify the target shop.");
    const TikTokShop* shop = nullptr;
    if (cipher) {
        auto it =
            std::find_if(shops.begin(), shops.end(), [&](const auto& s) { return s.cipher == *cipher; });
        if (it == shops.end())
            return invalid("Invalid identifier. The `shop_cipher` query parameter is invalid.");
        shop = &*it;
    }
    if (is_upload && !multipart)
        return tiktok_refusal(
            200, TikTokCodes::not_multipart,
            "Invalid request format. The value of the `content-type` header must be `multipart/form-data`.");
    if (request.method == "POST" && !is_upload && !media_type_is(content_type, "application/json"))
        return tiktok_refusal(
            200, TikTokCodes::not_json,
            "Invalid request format. The request body format must be `application/json` for "
            "structured data or `multipart/form-data` for binary files.");

    switch (routed.route) {
        case Route::order_search:
            return search_orders(*shop, q, request.body);
        case Route::order_detail:
            return order_detail(*shop, q);
        case Route::tracking:
            return tracking(*shop, routed.id);
        case Route::package_detail:
            return package_detail(*shop, routed.id);
        case Route::image_upload:
            return upload(true, content_type, request.body);
        case Route::file_upload:
            return upload(false, content_type, request.body);
        case Route::deliver:
            return deliver(*shop, request.body);
        default:
            return tiktok_refusal(404, TikTokCodes::unknown_path, "Invalid path.");
    }
}

TikTokAnswer TikTokShopState::token(bool refresh, const TikTokQuery& q) {
    if (refresh) ++refresh_calls;
    if (find(q, "app_key").value_or("") != app_key)
        return invalid("Invalid credentials. Invalid `app_key` query parameter.");
    if (find(q, "app_secret").value_or("") != app_secret)
        return invalid("Invalid credentials. Invalid `app_secret` query parameter.");
    if (refresh) {
        if (find(q, "grant_type").value_or("") != "refresh_token")
            return invalid("Invalid parameter. `grant_type` must be refresh_token.");
        if (find(q, "refresh_token").value_or("") != refresh_token)
            return tiktok_refusal(200, TikTokCodes::unknown_refresh_token,
                                  "can not find related auth record");
        if (refresh_expired) return tiktok_refusal(200, TikTokCodes::refresh_token_expired, "rt has expired");
        ++refreshes;
    } else {
        if (find(q, "grant_type").value_or("") != "authorized_code")
            return invalid("Invalid parameter. `grant_type` must be authorized_code.");
        if (auth_codes.erase(find(q, "auth_code").value_or("")) == 0)
            return tiktok_refusal(200, TikTokCodes::invalid_auth_code, "invalid auth code");
    }
    Object::Ptr data = new Object;
    auto issued = issue_token();
    data->set("access_token", issued);
    data->set("access_token_expire_in", access_tokens[issued]);
    data->set("refresh_token", refresh_token);
    data->set("refresh_token_expire_in", now() + 365LL * 24 * 3600);
    data->set("open_id", "open-" + app_key);
    data->set("seller_name", shops.empty() ? std::string("seller") : shops.front().name);
    data->set("seller_base_region", shops.empty() ? std::string("MY") : shops.front().region);
    data->set("user_type", 0);
    Array::Ptr scopes = new Array;
    for (const char* scope : {"seller.authorization.info", "seller.order.info", "seller.fulfillment.basic"})
        scopes->add(scope);
    data->set("granted_scopes", scopes);
    auto a = ok(data);
    a.message = "success";
    return a;
}

TikTokAnswer TikTokShopState::authorized_shops() const {
    Array::Ptr list = new Array;
    for (const auto& s : shops) {
        Object::Ptr o = new Object;
        o->set("id", s.id);
        o->set("name", s.name);
        o->set("region", s.region);
        o->set("seller_type", s.seller_type);
        o->set("cipher", s.cipher);
        o->set("code", s.code);
        list->add(o);
    }
    Object::Ptr data = new Object;
    data->set("shops", list);
    return ok(data);
}

TikTokAnswer TikTokShopState::search_orders(const TikTokShop& shop, const TikTokQuery& q,
                                            const std::string& body) const {
    auto page_size = parse_int(find(q, "page_size").value_or(""));
    if (!page_size || *page_size < 1 || *page_size > 100)
        return invalid("Invalid parameter. `page_size` is required and must be between 1 and 100.");
    auto sort_field = find(q, "sort_field").value_or("create_time");
    auto sort_order = find(q, "sort_order").value_or("DESC");
    if (sort_field != "create_time" && sort_field != "update_time")
        return invalid("Invalid parameter. `sort_field` must be create_time or update_time.");
    if (sort_order != "ASC" && sort_order != "DESC")
        return invalid("Invalid parameter. `sort_order` must be ASC or DESC.");
    Object::Ptr filter = body.empty() ? Object::Ptr(new Object) : parse_object(body);
    if (!filter) return invalid("Invalid parameter. The request body is not a JSON object.");
    std::map<std::string, std::int64_t> bounds;
    for (const char* name : {"update_time_ge", "update_time_lt", "create_time_ge", "create_time_lt"}) {
        if (!filter->has(name)) continue;
        if (!filter->get(name).isInteger())
            return invalid(std::string("Invalid parameter. `") + name +
                           "` must be an integer (Unix seconds).");
        bounds[name] = filter->get(name).convert<std::int64_t>();
    }
    auto status = filter->optValue<std::string>("order_status", "");

    using Key = std::tuple<std::int64_t, std::string>;  // sort value, then order id
    std::vector<std::pair<Key, const Order*>> matched;
    auto within = [&](const char* ge, const char* lt, std::int64_t v) {
        if (auto b = bounds.find(ge); b != bounds.end() && v < b->second) return false;
        if (auto b = bounds.find(lt); b != bounds.end() && v >= b->second) return false;
        return true;
    };
    for (const auto& [key, o] : orders) {
        if (key.first != shop.id || !within("update_time_ge", "update_time_lt", o.update_time) ||
            !within("create_time_ge", "create_time_lt", o.create_time) ||
            (!status.empty() && o.status != status))
            continue;
        matched.push_back({Key{sort_field == "update_time" ? o.update_time : o.create_time, key.second}, &o});
    }
    const bool desc = sort_order == "DESC";
    std::sort(matched.begin(), matched.end(),
              [&](const auto& a, const auto& b) { return desc ? a.first > b.first : a.first < b.first; });

    auto begin = matched.begin();
    if (auto token = find(q, "page_token"); token && !token->empty()) {
        // The token is base64 of "<sort value>:<order id>" of the previous page's last order.
        auto decoded = kit::from_base64(*token);
        auto colon = decoded ? decoded->find(':') : std::string::npos;
        auto value = colon != std::string::npos ? parse_int(decoded->substr(0, colon)) : std::nullopt;
        if (!value) return invalid("Invalid parameter. `page_token` is invalid.");
        Key last{*value, decoded->substr(colon + 1)};
        begin = std::find_if(matched.begin(), matched.end(),
                             [&](const auto& m) { return desc ? m.first < last : m.first > last; });
    }
    auto end = begin + std::min<std::ptrdiff_t>(*page_size, matched.end() - begin);
    Array::Ptr list = new Array;
    for (auto it = begin; it != end; ++it) list->add(it->second->json);
    std::string next;
    if (end != matched.end()) {
        const auto& [value, id] = (end - 1)->first;
        next = kit::to_base64(std::to_string(value) + ":" + id);
    }
    Object::Ptr data = new Object;
    data->set("orders", list);
    data->set("next_page_token", next);
    data->set("total_count", static_cast<std::int64_t>(matched.size()));
    return ok(data);
}

TikTokAnswer TikTokShopState::order_detail(const TikTokShop& shop, const TikTokQuery& q) const {
    std::vector<std::string> ids;
    std::stringstream in(find(q, "ids").value_or(""));
    for (std::string id; std::getline(in, id, ',');)
        if (!id.empty()) ids.push_back(id);
    if (ids.empty() || ids.size() > 50) return invalid("Invalid parameter. `ids` must name 1 to 50 orders.");
    Array::Ptr list = new Array;
    for (const auto& id : ids)
        if (auto it = orders.find({shop.id, id}); it != orders.end()) list->add(it->second.json);
    Object::Ptr data = new Object;
    data->set("orders", list);
    return ok(data);
}

TikTokAnswer TikTokShopState::tracking(const TikTokShop& shop, const std::string& order_id) const {
    auto it = orders.find({shop.id, order_id});
    if (it == orders.end())
        return tiktok_refusal(200, TikTokCodes::order_not_found, "The order does not exist in this shop.");
    Poco::Dynamic::Var lines = Array::Ptr(new Array);
    if (it->second.tracking) {
        Poco::JSON::Parser parser;
        lines = parser.parse(*it->second.tracking);
    }
    Object::Ptr data = new Object;
    data->set("tracking", lines);
    return ok(data);
}

TikTokAnswer TikTokShopState::package_detail(const TikTokShop& shop, const std::string& package_id) const {
    const auto* order = order_of_package(package_id, &shop.id);
    if (!order)
        return tiktok_refusal(200, TikTokCodes::package_not_found,
                              "The package does not exist in this shop.");
    Object::Ptr data = new Object;
    data->set("package_id", package_id);
    data->set("package_status", *status_of_package(package_id));
    const auto& j = *order->json;
    for (const char* field : {"shipping_type", "delivery_option_id", "delivery_option_name",
                              "tracking_number", "shipping_provider_id"})
        if (j.has(field)) data->set(field, j.get(field));
    if (j.has("shipping_provider")) data->set("shipping_provider_name", j.get("shipping_provider"));
    Array::Ptr list = new Array;
    Object::Ptr o = new Object;
    o->set("id", j.get("id"));
    list->add(o);
    data->set("orders", list);
    data->set("update_time", order->update_time);
    return ok(data);
}

TikTokAnswer TikTokShopState::upload(bool image, const std::string& content_type, const std::string& body) {
    auto refuse = [](std::string message) {
        return tiktok_refusal(200, TikTokCodes::invalid_upload, std::move(message));
    };
    auto parts = multipart_parts(content_type, body);
    if (!parts) return refuse("Invalid parameter. The multipart/form-data body does not parse.");
    const auto* data_part = part_named(*parts, "data");
    if (!data_part || data_part->bytes.empty())
        return refuse("Invalid parameter. The `data` part is required.");
    TikTokUpload up;
    up.kind = image ? "IMG" : "PDF";
    up.content_type = data_part->content_type;
    up.bytes = data_part->bytes;
    if (up.bytes.size() > (image ? image_limit : file_limit))
        return tiktok_refusal(200, TikTokCodes::file_too_large,
                              "Invalid file size. The uploaded file size exceeds the maximum limit.");
    if (image) {
        bool jpeg =
            media_type_is(up.content_type, "image/jpeg") || media_type_is(up.content_type, "image/jpg");
        bool png = media_type_is(up.content_type, "image/png");
        if (!(jpeg && looks_like_jpeg(up.bytes)) && !(png && looks_like_png(up.bytes)))
            return refuse("Invalid image. The image format must be JPG, JPEG or PNG.");
        if (auto size = image_size(up.bytes)) {
            std::tie(up.width, up.height) = *size;
            auto fits = [](int px) { return px >= 100 && px <= 20000; };
            if (!fits(up.width) || !fits(up.height))
                return refuse(
                    "Invalid image. The image resolution must be between 100 x 100px and 20000 x 20000px.");
        }
        up.name = data_part->filename;
    } else {
        if (!media_type_is(up.content_type, "application/pdf") || !starts_with(up.bytes, "%PDF"))
            return refuse("Invalid file. Only PDF files are supported.");
        const auto* name = part_named(*parts, "name");
        if (!name || name->bytes.size() <= 4 ||
            Poco::icompare(name->bytes.substr(name->bytes.size() - 4), ".pdf"))
            return refuse(
                "Invalid parameter. The `name` part is required and must include the file type (.pdf).");
        up.name = name->bytes;
    }
    up.url = base_url + (image ? "/pod/images/" : "/pod/files/") + std::to_string(++counter) +
             (image ? (looks_like_png(up.bytes) ? ".png" : ".jpg") : ".pdf");
    Object::Ptr data = new Object;
    data->set("url", up.url);
    if (image) {
        data->set("width", up.width);
        data->set("height", up.height);
    } else {
        data->set("name", up.name);
    }
    uploads.push_back(std::move(up));
    return ok(data);
}

void TikTokShopState::delivered(const TikTokShop& shop, const std::string& package_id) {
    package_status[package_id] = "COMPLETED";
    for (auto& [key, o] : orders) {
        if (key.first != shop.id ||
            std::find(o.packages.begin(), o.packages.end(), package_id) == o.packages.end())
            continue;
        bool all = std::all_of(o.packages.begin(), o.packages.end(),
                               [&](const auto& p) { return status_of_package(p) == "COMPLETED"; });
        if (!all) continue;
        // The whole order is delivered: its status and times move as TikTok's do.
        o.status = "DELIVERED";
        o.update_time = now();
        o.json->set("status", "DELIVERED");
        o.json->set("update_time", now());
        o.json->set("delivery_time", now());
    }
}

TikTokAnswer TikTokShopState::deliver(const TikTokShop& shop, const std::string& body) {
    auto request = parse_object(body);
    Array::Ptr packages = request ? request->getArray("packages") : nullptr;
    if (!packages || packages->size() == 0) return invalid("Invalid parameter. `packages` is required.");
    Array::Ptr errors = new Array;
    for (const auto& item : *packages) {
        Object::Ptr p =
            item.type() == typeid(Object::Ptr) ? item.extract<Object::Ptr>() : Object::Ptr(new Object);
        auto text = [&](const char* field) {
            return p->get(field).isString() ? p->getValue<std::string>(field) : "";
        };
        TikTokDelivery d;
        d.package_id = text("id");
        d.delivery_type = text("delivery_type");
        d.fail_delivery_reason = text("fail_delivery_reason");
        d.file_type = text("file_type");
        d.file_url = text("file_url");
        auto refuse = [&](std::int64_t code, std::string message) {
            d.error_code = code;
            d.error_message = std::move(message);
        };
        const bool success = d.delivery_type == "DELIVERY_SUCCESS";
        const bool failed = d.delivery_type == "DELIVERY_FAILED";
        const bool pod = d.delivery_type == "UPDATE_POD";
        auto status =
            order_of_package(d.package_id, &shop.id) ? status_of_package(d.package_id) : std::nullopt;
        bool issued = std::any_of(uploads.begin(), uploads.end(), [&](const auto& u) {
            return u.url == d.file_url && u.kind == d.file_type;
        });
        auto failure = delivery_failures.find(d.package_id);
        if (!status) {
            refuse(TikTokCodes::package_not_found, "The package does not exist in this shop.");
        } else if (!success && !failed && !pod) {
            refuse(TikTokCodes::invalid_delivery,
                   "Invalid parameter. `delivery_type` must be DELIVERY_SUCCESS, DELIVERY_FAILED or "
                   "UPDATE_POD.");
        } else if (failed && d.fail_delivery_reason.empty()) {
            refuse(TikTokCodes::invalid_delivery,
                   "Invalid parameter. `fail_delivery_reason` is required when `delivery_type` is "
                   "DELIVERY_FAILED.");
        } else if (!failed && d.file_type != "IMG" && d.file_type != "PDF") {
            refuse(TikTokCodes::invalid_delivery, "Invalid parameter. `file_type` must be IMG or PDF.");
        } else if (!failed && !issued) {
            refuse(TikTokCodes::invalid_delivery,
                   "Invalid parameter. `file_url` must be a URL returned by the upload of a " + d.file_type +
                       ".");
        } else if (!pod && (*status == "COMPLETED" || *status == "CANCELLED")) {
            refuse(TikTokCodes::package_already_delivered, *status == "COMPLETED"
                                                               ? "The package has already been delivered."
                                                               : "The package has been cancelled.");
        } else if (!pod && *status != "FULFILLING") {
            refuse(TikTokCodes::package_status_not_allowed,
                   "The package is not in transit: its status is " + *status + ".");
        } else if (pod && *status != "COMPLETED") {
            refuse(TikTokCodes::package_status_not_allowed,
                   "The proof of delivery can only be updated for a delivered package; its status is " +
                       *status + ".");
        } else if (failure != delivery_failures.end() && failure->second.times > 0) {
            --failure->second.times;
            refuse(failure->second.code, failure->second.message);
        } else {
            d.accepted = true;
            if (success) delivered(shop, d.package_id);
        }
        if (!d.accepted) {
            Object::Ptr e = new Object;
            e->set("code", d.error_code);
            e->set("message", d.error_message);
            Object::Ptr detail = new Object;
            detail->set("package_id", d.package_id);
            e->set("detail", detail);
            errors->add(e);
        }
        deliveries.push_back(std::move(d));
    }
    Object::Ptr data = new Object;
    data->set("errors", errors);
    return ok(data);
}

}  // namespace unstuck::test
