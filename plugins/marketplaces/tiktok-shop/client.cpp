#include "marketplaces/tiktok-shop/client.hpp"

#include <chrono>

namespace unstuck::marketplaces::tiktok_shop {
namespace {

constexpr std::int64_t kRefreshMargin = 300;  // a token expiring within 5 minutes is refreshed first

const char* kind_text(sdk::HttpErrorKind kind) {
    switch (kind) {
        case sdk::HttpErrorKind::kInvalidRequest:
            return "invalid request";
        case sdk::HttpErrorKind::kConnect:
            return "could not connect";
        case sdk::HttpErrorKind::kTls:
            return "TLS failure";
        case sdk::HttpErrorKind::kTimeout:
            return "timed out";
        case sdk::HttpErrorKind::kTooLarge:
            return "answer too large";
        case sdk::HttpErrorKind::kProtocol:
            return "malformed answer";
    }
    return "failed";
}

struct Envelope {
    std::int64_t code = 0;
    std::string message;
    std::string request_id;
};

std::optional<Envelope> read_envelope(const std::string& body) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body).get(root)) return std::nullopt;
    Envelope e;
    if (root["code"].get_int64().get(e.code)) return std::nullopt;
    std::string_view text;
    if (!root["message"].get_string().get(text)) e.message = text;
    if (!root["request_id"].get_string().get(text)) e.request_id = text;
    return e;
}

std::string describe(const Envelope& e) {
    std::string out = "code " + std::to_string(e.code) + ": " + e.message;
    if (!e.request_id.empty()) out += " (request_id " + e.request_id + ")";
    return out;
}

std::string join_query(const std::vector<QueryParam>& query) {
    std::string out;
    for (const auto& [name, value] : query)
        out += (out.empty() ? "" : "&") + url_encode(name) + "=" + url_encode(value);
    return out;
}

}  // namespace

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
            u == '.' || u == '_' || u == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

std::optional<simdjson::dom::element> envelope_data(simdjson::dom::parser& parser, const std::string& body) {
    simdjson::dom::element root;
    if (parser.parse(body).get(root)) return std::nullopt;
    simdjson::dom::element data;
    if (root["data"].get(data)) return std::nullopt;
    return data;
}

Client::Client(const Config& config, sdk::Http& http, const sdk::Clock& clock, sdk::Logger* log)
    : config_(config),
      http_(http),
      clock_(clock),
      log_(log),
      token_(config.access_token),
      refresh_token_(config.refresh_token) {}

std::int64_t Client::now_s() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
}

std::size_t Client::refreshes() const {
    std::lock_guard lock(mutex_);
    return refreshes_;
}

sdk::MarketplaceResult<std::string> Client::token(const std::string& refused) {
    std::lock_guard lock(mutex_);
    bool fresh = !token_.empty() && (expires_at_ == 0 || now_s() + kRefreshMargin < expires_at_);
    if (fresh && token_ != refused) return sdk::MarketplaceResult<std::string>::ok(token_);
    return refresh_locked();
}

sdk::MarketplaceResult<std::string> Client::refresh_locked() {
    using R = sdk::MarketplaceResult<std::string>;
    const std::string action = "tiktok-shop: refreshing the access token: ";
    if (refresh_token_.empty()) return R::rejected(action + "no refresh_token is configured");
    sdk::HttpRequest req;
    req.url = config_.auth_url + "/api/v2/token/refresh?" +
              join_query({{"app_key", config_.app_key},
                          {"app_secret", config_.app_secret},
                          {"refresh_token", refresh_token_},
                          {"grant_type", "refresh_token"}});
    req.timeout = config_.timeout;
    auto res = http_.send(req);
    if (!res) {
        std::string m = action + kind_text(res.error().kind);
        return res.error().transient() ? R::retry(m) : R::rejected(m);
    }
    auto envelope = read_envelope(res->body);
    if (!envelope) {
        std::string m = action + "HTTP " + std::to_string(res->status) + " without an envelope";
        return res->status == 429 || res->status >= 500 ? R::retry(m, res->retry_after()) : R::rejected(m);
    }
    if (envelope->code != 0) {
        std::string m = action + describe(*envelope);
        bool later = res->status == 429 || res->status >= 500 || envelope->code == Codes::rate_limited ||
                     envelope->code == Codes::internal_error;
        return later ? R::retry(m, res->retry_after()) : R::rejected(m);
    }
    simdjson::dom::parser parser;
    auto data = envelope_data(parser, res->body);
    std::string_view token;
    std::int64_t expires = 0;
    if (!data || (*data)["access_token"].get_string().get(token) || token.empty())
        return R::rejected(action + "no data.access_token in the answer");
    if ((*data)["access_token_expire_in"].get_int64().get(expires)) expires = 0;
    std::string_view next;
    if (!(*data)["refresh_token"].get_string().get(next) && !next.empty()) refresh_token_ = next;
    token_ = token;
    expires_at_ = expires;
    ++refreshes_;
    if (log_) log_->info("access token refreshed, valid until Unix time " + std::to_string(expires));
    return R::ok(token_);
}

ApiResult Client::call(const ApiCall& call) {
    const std::string what = "tiktok-shop: " + call.method + " " + call.path + ": ";
    std::string refused;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto token = this->token(refused);
        if (token.kind != ApiResult::Kind::kOk) return token;
        std::vector<QueryParam> query{{"app_key", config_.app_key}, {"timestamp", std::to_string(now_s())}};
        if (!call.shop_cipher.empty()) query.emplace_back("shop_cipher", call.shop_cipher);
        query.insert(query.end(), call.query.begin(), call.query.end());
        std::string sign = request_sign(config_.app_secret, call.path, query,
                                        call.multipart ? std::string_view() : call.body);
        query.emplace_back("sign", sign);

        sdk::HttpRequest req;
        req.method = call.method;
        req.url = config_.base_url + call.path + "?" + join_query(query);
        req.headers = {{"x-tts-access-token", token.value}, {"Content-Type", call.content_type}};
        req.body = call.body;
        req.idempotent = call.idempotent;
        req.timeout = config_.timeout;
        auto res = http_.send(req);
        if (!res) {
            std::string m = what + kind_text(res.error().kind);
            return res.error().transient() ? ApiResult::retry(m) : ApiResult::rejected(m);
        }
        auto envelope = read_envelope(res->body);
        if (!envelope) {
            std::string m = what + "HTTP " + std::to_string(res->status) + " without an envelope";
            if (res->status == 429 || res->status >= 500) return ApiResult::retry(m, res->retry_after());
            return ApiResult::rejected(m);
        }
        if (envelope->code == 0 && res->status >= 200 && res->status < 300)
            return ApiResult::ok(std::move(res->body));
        if (Codes::token_refused(envelope->code) && attempt == 0) {
            if (log_) log_->info(what + describe(*envelope) + "; refreshing the access token");
            refused = token.value;
            continue;
        }
        std::string m = what + describe(*envelope);
        if (res->status == 429 || envelope->code == Codes::rate_limited ||
            envelope->code == Codes::internal_error || res->status >= 500)
            return ApiResult::retry(m, res->retry_after());
        return ApiResult::rejected(m);
    }
    return ApiResult::rejected(what + "the access token was refused again after a refresh");
}

sdk::MarketplaceResult<sdk::HttpResponse> Client::download(const std::string& url) {
    using R = sdk::MarketplaceResult<sdk::HttpResponse>;
    sdk::HttpRequest req;
    req.url = url;
    req.timeout = config_.timeout;
    auto res = http_.send(req);
    const std::string what = "tiktok-shop: downloading the proof of delivery " + url + ": ";
    if (!res) {
        std::string m = what + kind_text(res.error().kind);
        return res.error().transient() ? R::retry(m) : R::rejected(m);
    }
    if (res->status == 429 || res->status >= 500)
        return R::retry(what + "HTTP " + std::to_string(res->status), res->retry_after());
    if (res->status < 200 || res->status >= 300)
        return R::rejected(what + "HTTP " + std::to_string(res->status));
    return R::ok(std::move(*res));
}

}  // namespace unstuck::marketplaces::tiktok_shop
