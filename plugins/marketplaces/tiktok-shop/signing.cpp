#include "marketplaces/tiktok-shop/signing.hpp"

#include <algorithm>

#include "unstuck/kit/signature.hpp"

namespace unstuck::marketplaces::tiktok_shop {

std::string request_sign(std::string_view app_secret, std::string_view path, std::vector<QueryParam> query,
                         std::string_view body) {
    std::erase_if(query, [](const QueryParam& p) { return p.first == "sign" || p.first == "access_token"; });
    std::stable_sort(query.begin(), query.end(),
                     [](const QueryParam& a, const QueryParam& b) { return a.first < b.first; });
    std::string message(app_secret);
    message += path;
    for (const auto& [name, value] : query) message += name + value;
    message += body;
    message += app_secret;
    return kit::to_hex(kit::hmac_sha256(app_secret, message));
}

std::string webhook_sign(std::string_view app_secret, std::string_view app_key, std::string_view body) {
    std::string message(app_key);
    message += body;
    return kit::to_hex(kit::hmac_sha256(app_secret, message));
}

}  // namespace unstuck::marketplaces::tiktok_shop
