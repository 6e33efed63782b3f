#include "support/tiktok_shop_emulator.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include "support/tiktok_shop_state.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Query = std::vector<std::pair<std::string, std::string>>;

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

// A whole number of a JSON value: an integer, or a string of digits; nothing otherwise.
std::optional<std::int64_t> whole_number(const Poco::Dynamic::Var& v) {
    try {
        if (v.isEmpty()) return std::nullopt;
        if (v.isInteger()) return v.convert<std::int64_t>();
        if (v.isString()) {
            auto s = v.extract<std::string>();
            if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
                return std::nullopt;
            return std::stoll(s);
        }
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::optional<std::string> TikTokRequest::query_value(const std::string& name) const {
    for (const auto& [k, v] : query)
        if (k == name) return v;
    return std::nullopt;
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

TikTokShopEmulator::TikTokShopEmulator(std::string app_key, std::string app_secret, std::string refresh_token,
                                       std::vector<TikTokShop> shops)
    : app_key_(std::move(app_key)),
      app_secret_(std::move(app_secret)),
      state_(std::make_unique<TikTokShopState>()),
      server_([this](const LoopbackRequest& r) { return handle(r); }) {
    std::lock_guard lock(mutex_);
    state_->app_key = app_key_;
    state_->app_secret = app_secret_;
    state_->base_url = server_.base_url();
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

void TikTokShopEmulator::expire_refresh_token() {
    std::lock_guard lock(mutex_);
    state_->refresh_expired = true;
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
    TikTokShopState::Order o;
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
    auto& s = *state_;

    TikTokRequest entry;
    entry.method = request.method;
    entry.path = request.path();
    entry.headers = request.headers;
    entry.body = request.body;
    try {
        for (auto& kv : Poco::URI(request.uri).getQueryParameters()) entry.query.push_back(std::move(kv));
    } catch (const std::exception&) {
    }

    std::optional<TikTokFault> fault;
    for (auto& f : s.faults) {
        if (f.times > 0 && (f.method.empty() || f.method == request.method) && f.path == entry.path) {
            --f.times;
            fault = f;
            break;
        }
    }

    LoopbackResponse response;
    if (!fault || fault->after_handling) response = s.respond(s.answer(request, entry.query));
    if (fault) {
        if (fault->body.empty()) {
            response = s.respond(tiktok_refusal(fault->status, TikTokCodes::internal_error,
                                                "Internal error. Please try again"));
        } else {
            response = LoopbackResponse{.status = fault->status,
                                        .headers = {{"Content-Type", "application/json"}},
                                        .body = fault->body};
        }
        for (const auto& h : fault->headers) response.headers.push_back(h);
        response.delay = fault->delay;
        response.drop = fault->drop;
    }

    entry.status = response.drop ? 0 : response.status;
    if (auto body = parse_object(response.body); body && body->has("code"))
        entry.code = whole_number(body->get("code")).value_or(-1);
    s.log.push_back(std::move(entry));
    return response;
}

}  // namespace unstuck::test
