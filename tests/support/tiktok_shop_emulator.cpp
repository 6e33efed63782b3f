#include "support/tiktok_shop_emulator.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Query = std::vector<std::pair<std::string, std::string>>;

constexpr std::int64_t five_minutes = 300;
constexpr std::size_t image_limit = 5 * 1024 * 1024;
constexpr std::size_t file_limit = 10 * 1024 * 1024;

std::string stringify(const Poco::Dynamic::Var& v) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(v, out);
    return out.str();
}

Poco::Dynamic::Var parse(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text);
}

Object::Ptr parse_object(const std::string& text) {
    try {
        auto v = parse(text);
        if (v.type() == typeid(Object::Ptr)) return v.extract<Object::Ptr>();
    } catch (const std::exception&) {
    }
    return nullptr;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<std::string> find(const Query& q, const std::string& name) {
    for (const auto& [k, v] : q)
        if (k == name) return v;
    return std::nullopt;
}

// A whole number of a JSON value: an integer, or a string of digits; nothing otherwise.
std::optional<std::int64_t> whole_number(const Poco::Dynamic::Var& v) {
    try {
        if (v.isEmpty()) return std::nullopt;
        if (v.isInteger()) return v.convert<std::int64_t>();
        if (v.isString()) {
            auto s = v.extract<std::string>();
            if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
            return std::stoll(s);
        }
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

std::optional<std::int64_t> parse_int(const std::string& s) {
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(s);
}

// The size an image's header gives: PNG's IHDR or a JPEG start-of-frame.
std::optional<std::pair<int, int>> image_size(const std::string& b) {
    auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
    if (b.size() >= 24 && starts_with(b, "\x89PNG\r\n\x1a\n") && b.compare(12, 4, "IHDR") == 0) {
        auto be32 = [&](std::size_t i) {
            return static_cast<int>((u(i) << 24) | (u(i + 1) << 16) | (u(i + 2) << 8) | u(i + 3));
        };
        return std::make_pair(be32(16), be32(20));
    }
    if (b.size() >= 4 && u(0) == 0xFF && u(1) == 0xD8) {
        std::size_t i = 2;
        while (i + 9 < b.size()) {
            if (u(i) != 0xFF) return std::nullopt;
            unsigned marker = u(i + 1);
            if (marker == 0xFF) {
                ++i;
                continue;
            }
            std::size_t length = (u(i + 2) << 8) | u(i + 3);
            bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) return std::make_pair((u(i + 7) << 8) | u(i + 8), (u(i + 5) << 8) | u(i + 6));
            i += 2 + length;
        }
    }
    return std::nullopt;
}

bool is_png(const std::string& b) {
    return starts_with(b, "\x89PNG\r\n\x1a\n");
}

bool is_jpeg(const std::string& b) {
    return b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF &&
           static_cast<unsigned char>(b[1]) == 0xD8 && static_cast<unsigned char>(b[2]) == 0xFF;
}

std::string package_status_of(const std::string& order_status) {
    if (order_status == "UNPAID" || order_status == "ON_HOLD" || order_status == "AWAITING_SHIPMENT")
        return "TO_FULFILL";
    if (order_status == "IN_TRANSIT") return "FULFILLING";
    if (order_status == "DELIVERED" || order_status == "COMPLETED") return "COMPLETED";
    if (order_status == "CANCELLED") return "CANCELLED";
    return "PROCESSING";
}

// A part of a multipart/form-data body.
struct Part {
    std::string name;
    std::string filename;
    std::string content_type;
    std::string bytes;
};

std::optional<std::vector<Part>> multipart_parts(const std::string& content_type, const std::string& body) {
    std::string type;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(content_type, type, params);
    if (!iequals(type, "multipart/form-data") || !params.has("boundary")) return std::nullopt;
    std::vector<Part> parts;
    try {
        std::istringstream in(body);
        Poco::Net::MultipartReader reader(in, params.get("boundary"));
        while (reader.hasNextPart()) {
            Poco::Net::MessageHeader header;
            reader.nextPart(header);
            Part part;
            if (header.has("Content-Disposition")) {
                std::string disposition;
                Poco::Net::NameValueCollection dparams;
                Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition"), disposition,
                                                          dparams);
                part.name = dparams.get("name", "");
                part.filename = dparams.get("filename", "");
            }
            part.content_type = header.get("Content-Type", "");
            Poco::StreamCopier::copyToString(reader.stream(), part.bytes);
            parts.push_back(std::move(part));
        }
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return parts;
}

const Part* part_named(const std::vector<Part>& parts, const std::string& name) {
    for (const auto& p : parts)
        if (p.name == name) return &p;
    return nullptr;
}

// Where a path goes.
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
    std::string id;  // the order or package id in the path
    std::string method;
};

Routed route_of(const std::string& path) {
    if (path == "/api/v2/token/refresh") return {Route::token_refresh, "", "GET"};
    if (path == "/api/v2/token/get") return {Route::token_get, "", "GET"};
    if (path == "/authorization/202309/shops") return {Route::shops, "", "GET"};
    if (path == "/order/202309/orders/search") return {Route::order_search, "", "POST"};
    if (path == "/order/202309/orders") return {Route::order_detail, "", "GET"};
    if (path == "/fulfillment/202309/images/upload") return {Route::image_upload, "", "POST"};
    if (path == "/fulfillment/202309/files/upload") return {Route::file_upload, "", "POST"};
    if (path == "/fulfillment/202309/packages/deliver") return {Route::deliver, "", "POST"};
    static const std::string orders = "/fulfillment/202309/orders/";
    if (starts_with(path, orders) && ends_with(path, "/tracking")) {
        auto id = path.substr(orders.size(), path.size() - orders.size() - std::string("/tracking").size());
        if (!id.empty() && id.find('/') == std::string::npos) return {Route::tracking, id, "GET"};
    }
    static const std::string packages = "/fulfillment/202309/packages/";
    if (starts_with(path, packages)) {
        auto id = path.substr(packages.size());
        if (!id.empty() && id.find('/') == std::string::npos) return {Route::package_detail, id, "GET"};
    }
    return {};
}

}  // namespace

std::optional<std::string> TikTokRequest::query_value(const std::string& name) const {
    return find(query, name);
}

std::optional<std::string> TikTokRequest::header(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return std::nullopt;
}

std::string tiktok_sign(const std::string& app_secret, const std::string& path, const Query& query,
                        const std::string& body) {
    Query sorted;
    for (const auto& kv : query)
        if (kv.first != "sign" && kv.first != "access_token") sorted.push_back(kv);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string message = app_secret + path;
    for (const auto& [k, v] : sorted) message += k + v;
    message += body;
    message += app_secret;
    return kit::to_hex(kit::hmac_sha256(app_secret, message));
}

struct TikTokShopEmulator::State {
    struct Order {
        std::string shop_id;
        Object::Ptr json;
        std::int64_t update_time = 0;  // the one search filters and sorts by
        std::int64_t create_time = 0;
        std::string status;
        std::vector<std::string> packages;
        std::optional<std::string> tracking;  // a JSON array
    };
    struct Failure {
        std::int64_t code;
        std::string message;
        int times;
    };
    // An answer under construction: the HTTP status, and the envelope.
    struct Answer {
        int status = 200;
        std::int64_t code = 0;
        std::string message = "Success";
        Poco::Dynamic::Var data;
        std::vector<std::pair<std::string, std::string>> headers;
    };

    std::vector<TikTokShop> shops;
    std::string refresh_token;
    bool refresh_revoked = false;
    std::map<std::string, std::int64_t> access_tokens;  // token -> expiry (Unix s)
    std::string newest_token;
    std::int64_t lifetime = 7 * 24 * 3600;
    std::optional<std::int64_t> fixed_now;
    std::set<std::string> auth_codes;
    std::size_t refreshes = 0;
    std::size_t refresh_calls = 0;
    std::map<std::pair<std::string, std::string>, Order> orders;  // (shop id, order id)
    std::map<std::string, std::string> package_status;            // set by the test or a delivery
    std::map<std::string, Failure> delivery_failures;
    int throttled = 0;
    int retry_after = 1;
    std::vector<TikTokFault> faults;
    std::vector<TikTokRequest> log;
    std::vector<TikTokDelivery> deliveries;
    std::vector<TikTokUpload> uploads;
    std::uint64_t counter = 0;

    std::int64_t now() const {
        if (fixed_now) return *fixed_now;
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    std::string next_id(const char* prefix) { return prefix + std::to_string(++counter); }

    std::string request_id() {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%014lld%020llX", static_cast<long long>(now()),
                      static_cast<unsigned long long>(++counter));
        return buf;
    }

    std::string issue_token() {
        auto token =
            "TTP_" + kit::to_hex(kit::sha256(refresh_token + std::to_string(++counter))).substr(0, 32);
        access_tokens[token] = now() + lifetime;
        newest_token = token;
        return token;
    }

    const TikTokShop* shop_by_cipher(const std::string& cipher) const {
        for (const auto& s : shops)
            if (s.cipher == cipher) return &s;
        return nullptr;
    }
    const TikTokShop* shop_by_id(const std::string& id) const {
        for (const auto& s : shops)
            if (s.id == id) return &s;
        return nullptr;
    }

    // The order holding that package, if any.
    const Order* order_of_package(const std::string& package_id, const std::string* shop_id = nullptr) const {
        for (const auto& [key, o] : orders) {
            if (shop_id && key.first != *shop_id) continue;
            if (std::find(o.packages.begin(), o.packages.end(), package_id) != o.packages.end()) return &o;
        }
        return nullptr;
    }

    std::optional<std::string> status_of_package(const std::string& package_id) const {
        if (auto it = package_status.find(package_id); it != package_status.end()) return it->second;
        if (const auto* o = order_of_package(package_id)) return package_status_of(o->status);
        return std::nullopt;
    }

    Answer refuse(int status, std::int64_t code, std::string message) {
        Answer a;
        a.status = status;
        a.code = code;
        a.message = std::move(message);
        return a;
    }

    LoopbackResponse respond(const Answer& a) {
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
};

TikTokShopEmulator::TikTokShopEmulator(std::string app_key, std::string app_secret, std::string refresh_token,
                                       std::vector<TikTokShop> shops)
    : app_key_(std::move(app_key)),
      app_secret_(std::move(app_secret)),
      state_(std::make_unique<State>()),
      server_([this](const LoopbackRequest& r) { return handle(r); }) {
    std::lock_guard lock(mutex_);
    state_->refresh_token = std::move(refresh_token);
    for (auto& s : shops)
        if (s.code.empty()) s.code = "SHOP" + s.id.substr(s.id.size() > 6 ? s.id.size() - 6 : 0);
    state_->shops = std::move(shops);
    state_->issue_token();
}

TikTokShopEmulator::~TikTokShopEmulator() = default;

std::int64_t TikTokShopEmulator::now() const {
    std::lock_guard lock(mutex_);
    return state_->now();
}

void TikTokShopEmulator::set_now(std::int64_t unix_seconds) {
    std::lock_guard lock(mutex_);
    state_->fixed_now = unix_seconds;
}

void TikTokShopEmulator::advance(std::int64_t seconds) {
    std::lock_guard lock(mutex_);
    state_->fixed_now = state_->now() + seconds;
}

std::string TikTokShopEmulator::access_token() const {
    std::lock_guard lock(mutex_);
    return state_->newest_token;
}

void TikTokShopEmulator::set_access_token_lifetime(std::int64_t seconds) {
    std::lock_guard lock(mutex_);
    state_->lifetime = seconds;
}

void TikTokShopEmulator::expire_access_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, expiry] : state_->access_tokens) expiry = std::min(expiry, state_->now());
}

void TikTokShopEmulator::revoke_refresh_token() {
    std::lock_guard lock(mutex_);
    state_->refresh_revoked = true;
}

void TikTokShopEmulator::add_auth_code(const std::string& code) {
    std::lock_guard lock(mutex_);
    state_->auth_codes.insert(code);
}

std::size_t TikTokShopEmulator::refresh_count() const {
    std::lock_guard lock(mutex_);
    return state_->refreshes;
}

std::size_t TikTokShopEmulator::refresh_calls() const {
    std::lock_guard lock(mutex_);
    return state_->refresh_calls;
}

void TikTokShopEmulator::put_order(const std::string& shop_id, const std::string& order_json,
                                   std::optional<std::int64_t> listed_update_time) {
    auto json = parse_object(order_json);
    if (!json) throw std::invalid_argument("put_order: not a JSON object: " + order_json);
    if (!json->has("id") || !json->get("id").isString())
        throw std::invalid_argument("put_order: no string `id` in " + order_json);
    std::lock_guard lock(mutex_);
    if (!state_->shop_by_id(shop_id)) throw std::invalid_argument("put_order: unknown shop " + shop_id);
    State::Order o;
    o.shop_id = shop_id;
    o.json = json;
    o.update_time = listed_update_time.value_or(whole_number(json->get("update_time")).value_or(0));
    o.create_time = whole_number(json->get("create_time")).value_or(0);
    if (json->get("status").isString()) o.status = json->getValue<std::string>("status");
    auto add_package = [&](const Poco::Dynamic::Var& id) {
        if (!id.isString()) return;
        auto s = id.extract<std::string>();
        if (!s.empty() && std::find(o.packages.begin(), o.packages.end(), s) == o.packages.end())
            o.packages.push_back(s);
    };
    if (auto packages = json->getArray("packages"))
        for (const auto& p : *packages)
            if (p.type() == typeid(Object::Ptr)) add_package(p.extract<Object::Ptr>()->get("id"));
    if (auto items = json->getArray("line_items"))
        for (const auto& item : *items)
            if (item.type() == typeid(Object::Ptr))
                add_package(item.extract<Object::Ptr>()->get("package_id"));
    auto key = std::make_pair(shop_id, json->getValue<std::string>("id"));
    if (auto it = state_->orders.find(key); it != state_->orders.end()) o.tracking = it->second.tracking;
    state_->orders[key] = std::move(o);
}

void TikTokShopEmulator::remove_order(const std::string& shop_id, const std::string& order_id) {
    std::lock_guard lock(mutex_);
    state_->orders.erase({shop_id, order_id});
}

std::optional<std::string> TikTokShopEmulator::order_json(const std::string& shop_id,
                                                          const std::string& order_id) const {
    std::lock_guard lock(mutex_);
    auto it = state_->orders.find({shop_id, order_id});
    if (it == state_->orders.end()) return std::nullopt;
    return stringify(it->second.json);
}

void TikTokShopEmulator::set_tracking(const std::string& shop_id, const std::string& order_id,
                                      std::vector<TikTokTrackingLine> lines) {
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
        return a.update_time_millis > b.update_time_millis;
    });
    Array::Ptr array = new Array;
    for (const auto& l : lines) {
        Object::Ptr o = new Object;
        o->set("description", l.description);
        o->set("update_time_millis", l.update_time_millis);
        array->add(o);
    }
    set_tracking_json(shop_id, order_id, stringify(array));
}

void TikTokShopEmulator::set_tracking_json(const std::string& shop_id, const std::string& order_id,
                                           const std::string& tracking_array_json) {
    try {
        if (parse(tracking_array_json).type() != typeid(Array::Ptr)) throw std::exception();
    } catch (const std::exception&) {
        throw std::invalid_argument("set_tracking_json: not a JSON array: " + tracking_array_json);
    }
    std::lock_guard lock(mutex_);
    auto it = state_->orders.find({shop_id, order_id});
    if (it == state_->orders.end())
        throw std::invalid_argument("set_tracking: no order " + order_id + " in shop " + shop_id);
    it->second.tracking = tracking_array_json;
}

std::optional<std::string> TikTokShopEmulator::package_status(const std::string& package_id) const {
    std::lock_guard lock(mutex_);
    return state_->status_of_package(package_id);
}

void TikTokShopEmulator::set_package_status(const std::string& package_id, const std::string& status) {
    std::lock_guard lock(mutex_);
    state_->package_status[package_id] = status;
}

void TikTokShopEmulator::fail_delivery(const std::string& package_id, std::int64_t code,
                                       const std::string& message, int times) {
    std::lock_guard lock(mutex_);
    state_->delivery_failures[package_id] = {code, message, times};
}

void TikTokShopEmulator::throttle(int requests, int retry_after_s) {
    std::lock_guard lock(mutex_);
    state_->throttled = requests;
    state_->retry_after = retry_after_s;
}

void TikTokShopEmulator::inject(TikTokFault fault) {
    std::lock_guard lock(mutex_);
    state_->faults.push_back(std::move(fault));
}

std::vector<TikTokRequest> TikTokShopEmulator::requests() const {
    std::lock_guard lock(mutex_);
    return state_->log;
}

std::size_t TikTokShopEmulator::request_count(const std::string& path) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(state_->log.begin(), state_->log.end(), [&](const auto& r) { return r.path == path; }));
}

std::vector<TikTokDelivery> TikTokShopEmulator::deliveries() const {
    std::lock_guard lock(mutex_);
    return state_->deliveries;
}

std::size_t TikTokShopEmulator::delivery_count(const std::string& package_id) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(state_->deliveries.begin(), state_->deliveries.end(),
                      [&](const auto& d) { return d.accepted && d.package_id == package_id; }));
}

std::vector<TikTokUpload> TikTokShopEmulator::uploads() const {
    std::lock_guard lock(mutex_);
    return state_->uploads;
}

std::size_t TikTokShopEmulator::upload_count() const {
    std::lock_guard lock(mutex_);
    return state_->uploads.size();
}

TikTokSignedWebhook TikTokShopEmulator::signed_webhook(int type, const std::string& shop_id,
                                                       const std::string& data_json) const {
    std::int64_t timestamp = now();
    std::string id;
    {
        std::lock_guard lock(mutex_);
        id = std::to_string(7300000000000000000LL + static_cast<std::int64_t>(++state_->counter));
    }
    Object::Ptr shape = new Object;
    shape->set("type", type);
    shape->set("tts_notification_id", id);
    shape->set("shop_id", shop_id);
    shape->set("timestamp", timestamp);
    // The data goes in as given (bad data included), so the body is assembled by hand around it.
    auto head = stringify(shape);
    head.pop_back();
    TikTokSignedWebhook out;
    out.body = head + ",\"data\":" + data_json + "}";
    out.authorization = kit::to_hex(kit::hmac_sha256(app_secret_, app_key_ + out.body));
    return out;
}

std::string TikTokShopEmulator::signed_url(const std::string& path, Query query,
                                           const std::string& body) const {
    Query all = {{"app_key", app_key_}, {"timestamp", std::to_string(now())}};
    for (auto& kv : query) all.push_back(std::move(kv));
    all.emplace_back("sign", tiktok_sign(app_secret_, path, all, body));
    std::string url = base_url() + path;
    char sep = '?';
    for (const auto& [k, v] : all) {
        std::string ek;
        std::string ev;
        Poco::URI::encode(k, "&=+?#", ek);
        Poco::URI::encode(v, "&=+?#", ev);
        url += sep + ek + "=" + ev;
        sep = '&';
    }
    return url;
}

LoopbackResponse TikTokShopEmulator::handle(const LoopbackRequest& request) {
    std::lock_guard lock(mutex_);
    State& s = *state_;
    using Answer = State::Answer;

    TikTokRequest entry;
    entry.method = request.method;
    entry.path = request.path();
    entry.headers = request.headers;
    entry.body = request.body;
    try {
        for (auto& kv : Poco::URI(request.uri).getQueryParameters()) entry.query.push_back(kv);
    } catch (const std::exception&) {
    }
    const Query& q = entry.query;

    std::optional<TikTokFault> fault;
    for (auto& f : s.faults) {
        if (f.times > 0 && (f.method.empty() || f.method == request.method) && f.path == entry.path) {
            --f.times;
            fault = f;
            break;
        }
    }

    auto fault_answer = [&](const TikTokFault& f) {
        LoopbackResponse r;
        if (f.body.empty()) {
            r = s.respond(
                s.refuse(f.status, TikTokCodes::internal_error, "Internal error. Please try again later."));
            r.status = f.status;
        } else {
            r.status = f.status;
            r.headers = {{"Content-Type", "application/json"}};
            r.body = f.body;
        }
        for (const auto& h : f.headers) r.headers.push_back(h);
        r.delay = f.delay;
        r.drop = f.drop;
        return r;
    };

    auto finish = [&](LoopbackResponse r) {
        entry.status = r.drop ? 0 : r.status;
        if (auto body = parse_object(r.body); body && body->has("code")) {
            if (auto code = whole_number(body->get("code"))) entry.code = *code;
        }
        s.log.push_back(std::move(entry));
        return r;
    };

    if (fault && !fault->after_handling) return finish(fault_answer(*fault));

    auto answer = [&]() -> Answer {
        Routed routed = route_of(entry.path);
        bool auth_host = routed.route == Route::token_refresh || routed.route == Route::token_get;

        if (!auth_host && s.throttled > 0) {
            --s.throttled;
            auto a = s.refuse(429, TikTokCodes::rate_limited,
                              "Too many requests. The request rate exceeds the limit of this API.");
            a.headers.emplace_back("Retry-After", std::to_string(s.retry_after));
            return a;
        }
        if (routed.route == Route::unknown)
            return s.refuse(404, TikTokCodes::unknown_path,
                            "Invalid path. The requested path does not exist.");
        if (routed.method != request.method)
            return s.refuse(405, TikTokCodes::unknown_path,
                            "Invalid method. The path does not accept " + request.method + ".");

        // --- The auth host: unsigned calls carrying the app secret. ---
        if (auth_host) {
            if (find(q, "app_key").value_or("") != app_key_ ||
                find(q, "app_secret").value_or("") != app_secret_)
                return s.refuse(200, TikTokCodes::invalid_refresh_token,
                                "Invalid app_key or app_secret.");  // TODO research
            if (routed.route == Route::token_refresh) {
                ++s.refresh_calls;
                if (find(q, "grant_type").value_or("") != "refresh_token")
                    return s.refuse(200, TikTokCodes::invalid_parameter,
                                    "Invalid grant_type. It must be refresh_token.");
                if (s.refresh_revoked || find(q, "refresh_token").value_or("") != s.refresh_token)
                    return s.refuse(200, TikTokCodes::invalid_refresh_token, "Invalid refresh_token.");
                ++s.refreshes;
            } else {
                if (find(q, "grant_type").value_or("") != "authorized_code")
                    return s.refuse(200, TikTokCodes::invalid_parameter,
                                    "Invalid grant_type. It must be authorized_code.");
                auto code = find(q, "auth_code").value_or("");
                if (!s.auth_codes.erase(code))
                    return s.refuse(200, TikTokCodes::invalid_refresh_token, "invalid auth code");
            }
            Answer a;
            Object::Ptr data = new Object;
            data->set("access_token", s.issue_token());
            data->set("access_token_expire_in", s.access_tokens[s.newest_token]);
            data->set("refresh_token", s.refresh_token);
            data->set("refresh_token_expire_in", s.now() + 365LL * 24 * 3600);
            data->set("open_id", "open-" + app_key_);
            data->set("seller_name", s.shops.empty() ? std::string("seller") : s.shops.front().name);
            data->set("seller_base_region", s.shops.empty() ? std::string("MY") : s.shops.front().region);
            data->set("user_type", 0);
            Array::Ptr scopes = new Array;
            scopes->add("seller.order.info");
            scopes->add("seller.fulfillment.basic");
            scopes->add("seller.authorization.info");
            data->set("granted_scopes", scopes);
            a.message = "success";
            a.data = data;
            return a;
        }

        // --- The common checks of every API call. ---
        auto key = find(q, "app_key");
        if (!key || *key != app_key_)
            return s.refuse(401, TikTokCodes::invalid_request,
                            "Invalid credentials. Invalid `app_key` query parameter.");
        auto timestamp = find(q, "timestamp");
        auto ts = timestamp ? parse_int(*timestamp) : std::nullopt;
        if (!ts)
            return s.refuse(
                401, TikTokCodes::invalid_request,
                "Invalid timestamp. The value of the `timestamp` query parameter must not be lesser "
                "than 0.");
        if (*ts < s.now() - five_minutes)
            return s.refuse(
                401, TikTokCodes::invalid_request,
                "Invalid timestamp. The value of the `timestamp` query parameter must not be earlier "
                "than 5 minutes before the current time.");
        if (*ts > s.now() + five_minutes)
            return s.refuse(
                401, TikTokCodes::invalid_request,
                "Invalid timestamp. The value of the `timestamp` query parameter must not be later "
                "than 5 minutes after the current time.");
        auto sign = find(q, "sign");
        if (!sign || sign->empty())
            return s.refuse(401, TikTokCodes::invalid_request,
                            "Missing credentials. The request does not include a required signature in the "
                            "query.");
        auto content_type = request.header("Content-Type").value_or("");
        bool multipart = starts_with(content_type, "multipart/form-data");
        auto expected = tiktok_sign(app_secret_, entry.path, q, multipart ? std::string() : request.body);
        if (*sign != expected)
            return s.refuse(401, TikTokCodes::invalid_signature,
                            "Invalid credentials. The signature of the request is invalid.");
        auto token = request.header("x-tts-access-token");
        if (!token || token->empty())
            return s.refuse(401, TikTokCodes::invalid_request,
                            "Invalid credentials. The `x-tts-access-token` header is invalid.");
        auto known = s.access_tokens.find(*token);
        if (known == s.access_tokens.end())
            return s.refuse(401, TikTokCodes::invalid_request,
                            "Invalid credentials. The `x-tts-access-token` header is invalid.");
        if (known->second <= s.now())
            return s.refuse(401, TikTokCodes::access_token_expired,
                            "Expired credentials. The access token has expired.");

        auto cipher = find(q, "shop_cipher");
        const TikTokShop* shop = nullptr;
        if (routed.route == Route::shops) {
            if (cipher)
                return s.refuse(
                    400, TikTokCodes::invalid_request,
                    "Unexpected identifier. The `shop_cipher` query parameter is not required for "
                    "this request.");
        } else {
            bool optional = routed.route == Route::image_upload || routed.route == Route::file_upload;
            if (!cipher && !optional)
                return s.refuse(400, TikTokCodes::invalid_request,
                                "Missing identifier. The `shop_cipher` query parameter is required for this "
                                "request.");
            if (cipher) {
                shop = s.shop_by_cipher(*cipher);
                if (!shop)
                    return s.refuse(400, TikTokCodes::invalid_request,
                                    "Invalid identifier. The `shop_cipher` query parameter is invalid.");
            }
        }

        // --- The endpoints. ---
        Answer ok;
        switch (routed.route) {
            case Route::shops: {
                Array::Ptr shops = new Array;
                for (const auto& sh : s.shops) {
                    Object::Ptr o = new Object;
                    o->set("id", sh.id);
                    o->set("name", sh.name);
                    o->set("region", sh.region);
                    o->set("seller_type", sh.seller_type);
                    o->set("cipher", sh.cipher);
                    o->set("code", sh.code);
                    shops->add(o);
                }
                Object::Ptr data = new Object;
                data->set("shops", shops);
                ok.data = data;
                return ok;
            }
            case Route::order_search: {
                auto page_size = parse_int(find(q, "page_size").value_or(""));
                if (!page_size || *page_size < 1 || *page_size > 100)
                    return s.refuse(
                        200, TikTokCodes::invalid_parameter,
                        "Invalid parameter. `page_size` is required and must be between 1 and 100.");
                auto sort_field = find(q, "sort_field").value_or("create_time");
                auto sort_order = find(q, "sort_order").value_or("DESC");
                if (sort_field != "create_time" && sort_field != "update_time")
                    return s.refuse(200, TikTokCodes::invalid_parameter,
                                    "Invalid parameter. `sort_field` must be create_time or update_time.");
                if (sort_order != "ASC" && sort_order != "DESC")
                    return s.refuse(200, TikTokCodes::invalid_parameter,
                                    "Invalid parameter. `sort_order` must be ASC or DESC.");
                Object::Ptr filter =
                    request.body.empty() ? Object::Ptr(new Object) : parse_object(request.body);
                if (!filter)
                    return s.refuse(200, TikTokCodes::invalid_parameter,
                                    "Invalid parameter. The request body is not a JSON object.");
                std::map<std::string, std::int64_t> bounds;
                for (const char* name :
                     {"update_time_ge", "update_time_lt", "create_time_ge", "create_time_lt"}) {
                    if (!filter->has(name)) continue;
                    auto v = filter->get(name);
                    if (!v.isInteger())
                        return s.refuse(200, TikTokCodes::invalid_parameter,
                                        std::string("Invalid parameter. `") + name + "` must be an integer.");
                    bounds[name] = v.convert<std::int64_t>();
                }
                std::string status_filter;
                if (filter->has("order_status") && filter->get("order_status").isString())
                    status_filter = filter->getValue<std::string>("order_status");

                bool by_update = sort_field == "update_time";
                bool desc = sort_order == "DESC";
                using Key = std::tuple<std::int64_t, std::string>;
                std::vector<std::pair<Key, const State::Order*>> matched;
                for (const auto& [k, o] : s.orders) {
                    if (k.first != shop->id) continue;
                    auto in = [&](const char* ge, const char* lt, std::int64_t v) {
                        if (auto b = bounds.find(ge); b != bounds.end() && v < b->second) return false;
                        if (auto b = bounds.find(lt); b != bounds.end() && v >= b->second) return false;
                        return true;
                    };
                    if (!in("update_time_ge", "update_time_lt", o.update_time)) continue;
                    if (!in("create_time_ge", "create_time_lt", o.create_time)) continue;
                    if (!status_filter.empty() && o.status != status_filter) continue;
                    matched.push_back({Key{by_update ? o.update_time : o.create_time, k.second}, &o});
                }
                std::sort(matched.begin(), matched.end(), [&](const auto& a, const auto& b) {
                    return desc ? a.first > b.first : a.first < b.first;
                });
                auto begin = matched.begin();
                if (auto token = find(q, "page_token"); token && !token->empty()) {
                    // A page token: base64 of "<sort value>:<order id>" of the last order of the page before.
                    auto decoded = kit::from_base64(*token);
                    auto colon = decoded ? decoded->find(':') : std::string::npos;
                    auto value = decoded && colon != std::string::npos ? parse_int(decoded->substr(0, colon))
                                                                       : std::nullopt;
                    if (!value)
                        return s.refuse(200, TikTokCodes::invalid_parameter,
                                        "Invalid parameter. `page_token` is invalid.");
                    Key last{*value, decoded->substr(colon + 1)};
                    begin = std::find_if(matched.begin(), matched.end(), [&](const auto& m) {
                        return desc ? m.first < last : m.first > last;
                    });
                }
                auto end = begin + std::min<std::ptrdiff_t>(*page_size, matched.end() - begin);
                Array::Ptr orders = new Array;
                for (auto it = begin; it != end; ++it) orders->add(it->second->json);
                std::string next;
                if (end != matched.end()) {
                    const auto& last = (end - 1)->first;
                    next = kit::to_base64(std::to_string(std::get<0>(last)) + ":" + std::get<1>(last));
                }
                Object::Ptr data = new Object;
                data->set("orders", orders);
                data->set("next_page_token", next);
                data->set("total_count", static_cast<std::int64_t>(matched.size()));
                ok.data = data;
                return ok;
            }
            case Route::order_detail: {
                auto ids = find(q, "ids").value_or("");
                std::vector<std::string> list;
                std::stringstream in(ids);
                for (std::string id; std::getline(in, id, ',');)
                    if (!id.empty()) list.push_back(id);
                if (list.empty() || list.size() > 50)
                    return s.refuse(200, TikTokCodes::invalid_parameter,
                                    "Invalid parameter. `ids` must name 1 to 50 orders.");
                Array::Ptr orders = new Array;
                for (const auto& id : list)
                    if (auto it = s.orders.find({shop->id, id}); it != s.orders.end())
                        orders->add(it->second.json);
                Object::Ptr data = new Object;
                data->set("orders", orders);
                ok.data = data;
                return ok;
            }
            case Route::tracking: {
                auto it = s.orders.find({shop->id, routed.id});
                if (it == s.orders.end())
                    return s.refuse(200, TikTokCodes::order_not_found, "The order does not exist.");
                Object::Ptr data = new Object;
                data->set("tracking", it->second.tracking ? parse(*it->second.tracking)
                                                          : Poco::Dynamic::Var(Array::Ptr(new Array)));
                ok.data = data;
                return ok;
            }
            case Route::package_detail: {
                const auto* order = s.order_of_package(routed.id, &shop->id);
                if (!order)
                    return s.refuse(200, TikTokCodes::package_not_found, "The package does not exist.");
                Object::Ptr data = new Object;
                data->set("package_id", routed.id);
                data->set("package_status", *s.status_of_package(routed.id));
                const auto& j = order->json;
                for (const char* field : {"shipping_type", "delivery_option_id", "delivery_option_name",
                                          "tracking_number", "shipping_provider_id", "shipping_provider"})
                    if (j->has(field))
                        data->set(
                            field == std::string("shipping_provider") ? "shipping_provider_name" : field,
                            j->get(field));
                Array::Ptr orders = new Array;
                Object::Ptr o = new Object;
                o->set("id", j->get("id"));
                orders->add(o);
                data->set("orders", orders);
                data->set("update_time", order->update_time);
                ok.data = data;
                return ok;
            }
            case Route::image_upload:
            case Route::file_upload: {
                bool image = routed.route == Route::image_upload;
                auto parts = multipart_parts(content_type, request.body);
                if (!parts)
                    return s.refuse(200, TikTokCodes::invalid_upload,
                                    "Invalid parameter. The request body must be multipart/form-data.");
                const Part* data_part = part_named(*parts, "data");
                if (!data_part || data_part->bytes.empty())
                    return s.refuse(200, TikTokCodes::invalid_upload,
                                    "Invalid parameter. The `data` part is required.");
                TikTokUpload up;
                up.kind = image ? "IMG" : "PDF";
                up.content_type = data_part->content_type;
                up.bytes = data_part->bytes;
                auto type = up.content_type.substr(0, up.content_type.find(';'));
                if (image) {
                    bool jpeg = iequals(type, "image/jpeg") || iequals(type, "image/jpg");
                    bool png = iequals(type, "image/png");
                    if ((!jpeg && !png) || (jpeg && !is_jpeg(up.bytes)) || (png && !is_png(up.bytes)))
                        return s.refuse(200, TikTokCodes::invalid_upload,
                                        "Invalid image. Only JPG, JPEG and PNG images are supported.");
                    if (up.bytes.size() > image_limit)
                        return s.refuse(200, TikTokCodes::invalid_upload,
                                        "Invalid image. The image must not be larger than 5 MB.");
                    if (auto size = image_size(up.bytes)) {
                        std::tie(up.width, up.height) = *size;
                        auto fits = [](int px) { return px >= 100 && px <= 20000; };
                        if (!fits(up.width) || !fits(up.height))
                            return s.refuse(
                                200, TikTokCodes::invalid_upload,
                                "Invalid image. The width and height must be between 100 and 20000 "
                                "pixels.");
                    }
                    up.name = data_part->filename;
                } else {
                    const Part* name = part_named(*parts, "name");
                    if (!iequals(type, "application/pdf") || !starts_with(up.bytes, "%PDF"))
                        return s.refuse(200, TikTokCodes::invalid_upload,
                                        "Invalid file. Only PDF files are supported.");
                    if (up.bytes.size() > file_limit)
                        return s.refuse(200, TikTokCodes::invalid_upload,
                                        "Invalid file. The file must not be larger than 10 MB.");
                    if (!name || name->bytes.empty() || !ends_with(name->bytes, ".pdf"))
                        return s.refuse(
                            200, TikTokCodes::invalid_upload,
                            "Invalid parameter. The `name` part is required and must end with .pdf.");
                    up.name = name->bytes;
                }
                auto serial = s.next_id("");
                up.url = base_url() + (image ? "/pod/image/" : "/pod/file/") + serial +
                         (image ? (is_png(up.bytes) ? ".png" : ".jpg") : ".pdf");
                Object::Ptr data = new Object;
                data->set("url", up.url);
                if (image) {
                    data->set("width", up.width);
                    data->set("height", up.height);
                } else {
                    data->set("name", up.name);
                }
                s.uploads.push_back(std::move(up));
                ok.data = data;
                return ok;
            }
            case Route::deliver: {
                auto body = parse_object(request.body);
                Array::Ptr packages = body ? body->getArray("packages") : nullptr;
                if (!packages || packages->size() == 0)
                    return s.refuse(200, TikTokCodes::invalid_parameter,
                                    "Invalid parameter. `packages` is required.");
                Array::Ptr errors = new Array;
                for (const auto& item : *packages) {
                    TikTokDelivery d;
                    Object::Ptr p =
                        item.type() == typeid(Object::Ptr) ? item.extract<Object::Ptr>() : nullptr;
                    auto text = [&](const char* field) {
                        return p && p->get(field).isString() ? p->getValue<std::string>(field)
                                                             : std::string();
                    };
                    d.package_id = text("id");
                    d.delivery_type = text("delivery_type");
                    d.fail_delivery_reason = text("fail_delivery_reason");
                    d.file_type = text("file_type");
                    d.file_url = text("file_url");
                    auto refuse = [&](std::int64_t code, std::string message) {
                        d.error_code = code;
                        d.error_message = std::move(message);
                    };
                    auto status = s.order_of_package(d.package_id, &shop->id)
                                      ? s.status_of_package(d.package_id)
                                      : std::nullopt;
                    bool issued = std::any_of(s.uploads.begin(), s.uploads.end(), [&](const auto& u) {
                        return u.url == d.file_url && u.kind == d.file_type;
                    });
                    auto failure = s.delivery_failures.find(d.package_id);
                    if (!status) {
                        refuse(TikTokCodes::package_not_found, "The package does not exist.");
                    } else if (d.delivery_type != "DELIVERY_SUCCESS" &&
                               d.delivery_type != "DELIVERY_FAILED" && d.delivery_type != "UPDATE_POD") {
                        refuse(
                            TikTokCodes::invalid_parameter,
                            "Invalid parameter. `delivery_type` must be DELIVERY_SUCCESS, DELIVERY_FAILED or "
                            "UPDATE_POD.");
                    } else if (d.delivery_type == "DELIVERY_FAILED" && d.fail_delivery_reason.empty()) {
                        refuse(TikTokCodes::invalid_parameter,
                               "Invalid parameter. `fail_delivery_reason` is required for DELIVERY_FAILED.");
                    } else if (d.delivery_type != "DELIVERY_FAILED" &&
                               (d.file_type != "IMG" && d.file_type != "PDF")) {
                        refuse(TikTokCodes::invalid_parameter,
                               "Invalid parameter. `file_type` must be IMG or PDF.");
                    } else if (d.delivery_type != "DELIVERY_FAILED" && !issued) {
                        refuse(TikTokCodes::invalid_parameter,
                               "Invalid parameter. `file_url` must be the URL of an uploaded " + d.file_type +
                                   ".");
                    } else if (*status == "COMPLETED" && d.delivery_type != "UPDATE_POD") {
                        refuse(TikTokCodes::package_already_delivered,
                               "The package has already been delivered.");
                    } else if (*status == "CANCELLED") {
                        refuse(TikTokCodes::package_already_delivered, "The package has been cancelled.");
                    } else if (failure != s.delivery_failures.end() && failure->second.times > 0) {
                        --failure->second.times;
                        refuse(failure->second.code, failure->second.message);
                    } else {
                        d.accepted = true;
                        if (d.delivery_type == "DELIVERY_SUCCESS")
                            s.package_status[d.package_id] = "COMPLETED";
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
                    s.deliveries.push_back(std::move(d));
                }
                Object::Ptr data = new Object;
                data->set("errors", errors);
                ok.data = data;
                return ok;
            }
            default:
                return s.refuse(404, TikTokCodes::unknown_path,
                                "Invalid path. The requested path does not exist.");
        }
    }();

    auto response = s.respond(answer);
    if (fault) response = fault_answer(*fault);
    return finish(std::move(response));
}

}  // namespace unstuck::test
