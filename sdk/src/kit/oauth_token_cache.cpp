#include "unstuck/kit/oauth_token_cache.hpp"

#include "unstuck/kit/json_input.hpp"
#include "unstuck/sdk/http_outcome.hpp"

namespace unstuck::kit {

OAuthTokenCache::OAuthTokenCache(sdk::Http& http, const sdk::Clock& clock, OAuthSettings settings)
    : http_(http), clock_(clock), settings_(std::move(settings)) {}

sdk::Result<std::string, sdk::TrackResult> OAuthTokenCache::token() {
    std::lock_guard lock(mutex_);
    if (!token_.empty() && clock_.now() < renew_at_) return token_;
    return fetch_locked();
}

void OAuthTokenCache::invalidate(std::string_view token) {
    std::lock_guard lock(mutex_);
    if (token_ == token) token_.clear();
}

std::size_t OAuthTokenCache::fetch_count() const {
    std::lock_guard lock(mutex_);
    return fetches_;
}

sdk::Result<std::string, sdk::TrackResult> OAuthTokenCache::fetch_locked() {
    const std::string what = settings_.carrier + " token endpoint";
    if (settings_.client_id.empty() || settings_.client_secret.empty())
        return sdk::TrackResult::permanent(settings_.carrier +
                                           ": client_id and client_secret are not configured");

    sdk::HttpRequest request;
    request.method = "POST";
    request.url = settings_.token_url;
    request.idempotent = true;  // asking for a token twice does no harm
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.headers.emplace_back("Accept", "application/json");
    request.body = "grant_type=client_credentials";
    if (settings_.style == ClientAuthStyle::kBasicHeader) {
        request.headers.emplace_back(
            "Authorization", "Basic " + base64_encode(settings_.client_id + ":" + settings_.client_secret));
    } else {
        request.body += "&client_id=" + form_encode(settings_.client_id);
        request.body += "&client_secret=" + form_encode(settings_.client_secret);
    }
    for (const auto& [k, v] : settings_.extra_form)
        request.body += "&" + form_encode(k) + "=" + form_encode(v);
    for (const auto& h : settings_.extra_headers) request.headers.push_back(h);

    const sdk::Timestamp asked_at = clock_.now();
    auto sent = http_.send(request);
    ++fetches_;
    if (!sent) return sdk::http_error_result(sent.error(), what);
    const sdk::HttpResponse& response = sent.value();
    if (response.status == 400 || response.status == 401 || response.status == 403)
        return sdk::TrackResult::permanent(what + ": HTTP " + std::to_string(response.status) +
                                           " (client credentials refused)");
    if (auto failed = sdk::http_status_result(response, what)) return std::move(*failed);

    simdjson::dom::element root;
    if (parse_json(response.body).get(root) || !root.is_object())
        return sdk::TrackResult::transient(what + ": answer is not a JSON object");
    std::string_view access = json_string(root, "access_token");
    if (access.empty()) return sdk::TrackResult::permanent(what + ": answer has no access_token");
    std::chrono::seconds lifetime = settings_.default_lifetime;
    if (auto expires = json_integer(root, "expires_in"); expires && *expires > 0)
        lifetime = std::chrono::seconds(*expires);
    // A short-lived token keeps at least half its life.
    std::chrono::seconds margin = std::min(settings_.margin, lifetime / 2);
    token_.assign(access);
    renew_at_ = asked_at + lifetime - margin;
    return token_;
}

sdk::Result<sdk::HttpResponse, sdk::TrackResult> send_with_token(sdk::Http& http, OAuthTokenCache& tokens,
                                                                 sdk::HttpRequest request,
                                                                 std::string_view what) {
    const std::size_t auth_index = request.headers.size();
    request.headers.emplace_back("Authorization", "");
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto token = tokens.token();
        if (!token) return std::move(token).error();
        request.headers[auth_index].second = "Bearer " + token.value();
        auto sent = http.send(request);
        if (!sent) return sdk::http_error_result(sent.error(), what);
        if (sent.value().status != 401 || attempt == 1) return std::move(sent).value();
        tokens.invalidate(token.value());
    }
    return sdk::TrackResult::permanent(std::string(what) + ": unreachable");
}

std::string form_encode(std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size());
    for (char ch : value) {
        auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string base64_encode(std::string_view data) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                     (static_cast<unsigned char>(data[i + 1]) << 8) | static_cast<unsigned char>(data[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i < data.size()) {
        unsigned v = static_cast<unsigned char>(data[i]) << 16;
        if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

}  // namespace unstuck::kit
