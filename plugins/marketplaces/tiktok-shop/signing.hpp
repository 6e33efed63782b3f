#pragma once
// TikTok Shop's request and webhook signatures.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace unstuck::marketplaces::tiktok_shop {

//! A query parameter, decoded.
using QueryParam = std::pair<std::string, std::string>;

//! The lowercase hex `sign` of an Open API request: HMAC-SHA256 keyed with the app secret over app_secret +
//! path + every query parameter but `sign` and `access_token`, sorted by name, each as name + value + the raw
//! body (empty for a multipart body, which is not signed) + app_secret.
std::string request_sign(std::string_view app_secret, std::string_view path, std::vector<QueryParam> query,
                         std::string_view body);

//! The `Authorization` value TikTok Shop puts on a webhook: lowercase hex HMAC-SHA256(app_secret, app_key +
//! raw body).
std::string webhook_sign(std::string_view app_secret, std::string_view app_key, std::string_view body);

}  // namespace unstuck::marketplaces::tiktok_shop
