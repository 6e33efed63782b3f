#pragma once
// The Open API 202309 client: signed calls with the access token, the `{code, message, request_id, data}`
// envelope, token refresh, and what to do with rate limits and failures.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "marketplaces/tiktok-shop/config.hpp"
#include "marketplaces/tiktok-shop/signing.hpp"
#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/marketplace.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! One Open API call.
struct ApiCall {
    std::string method = "GET";
    std::string path = {};               //!< e.g. `/order/202309/orders/search`
    std::vector<QueryParam> query = {};  //!< besides app_key, timestamp, shop_cipher and sign
    std::string shop_cipher = {};        //!< set on shop-scoped calls
    std::string body = {};               //!< raw body
    std::string content_type = "application/json";
    bool multipart = false;  //!< a multipart body is not signed
    bool idempotent = true;  //!< safe for the host to send again after a timeout or a 5xx
};

//! The whole answer body of a successful call (`code` 0), or why there is none.
using ApiResult = sdk::MarketplaceResult<std::string>;

//! Envelope codes the plugin treats specially.
struct Codes {
    static constexpr std::int64_t rate_limited = 36009002;    //!< too many requests: retry later
    static constexpr std::int64_t internal_error = 36009003;  //!< internal error: retry later
    //! An access token refused (expired or invalid): the 105xxx and 360xxx codes. Refreshed once.
    static bool token_refused(std::int64_t code) {
        return (code >= 105000 && code < 106000) || (code >= 360000 && code < 361000);
    }
};

//! Signs and sends Open API calls through the host's HTTP service. Thread-safe.
class Client {
  public:
    Client(const Config& config, sdk::Http& http, const sdk::Clock& clock, sdk::Logger* log);

    //! Sends the call with a valid access token (refreshed when it expires within 5 minutes, and once more
    //! when the API refuses it). Errors name the method, the path, the code and the message.
    ApiResult call(const ApiCall& call);

    //! Downloads a file (a carrier's proof of delivery) with a plain GET.
    sdk::MarketplaceResult<sdk::HttpResponse> download(const std::string& url);

    //! Successful token refreshes so far.
    std::size_t refreshes() const;

  private:
    //! A token to send: the cached one unless it expires within 5 minutes or is `refused`.
    sdk::MarketplaceResult<std::string> token(const std::string& refused);
    sdk::MarketplaceResult<std::string> refresh_locked();
    std::int64_t now_s() const;

    const Config& config_;
    sdk::Http& http_;
    const sdk::Clock& clock_;
    sdk::Logger* log_;
    mutable std::mutex mutex_;
    std::string token_;
    std::int64_t expires_at_ = 0;  //!< Unix s; 0: unknown (a configured token, used until refused)
    std::string refresh_token_;
    std::size_t refreshes_ = 0;
};

//! A result that is not ok, as a result of another type (retry, not found and rejected carried over).
template <typename T, typename U>
sdk::MarketplaceResult<T> relay(const sdk::MarketplaceResult<U>& r) {
    using K = typename sdk::MarketplaceResult<U>::Kind;
    if (r.kind == K::kRetry) return sdk::MarketplaceResult<T>::retry(r.message, r.retry_after);
    if (r.kind == K::kNotFound) return sdk::MarketplaceResult<T>::not_found();
    return sdk::MarketplaceResult<T>::rejected(r.message);
}

//! Percent-encodes everything but RFC 3986 unreserved characters.
std::string url_encode(std::string_view text);

//! The envelope's `data` of a successful answer's body, or nothing when it has none.
std::optional<simdjson::dom::element> envelope_data(simdjson::dom::parser& parser, const std::string& body);

}  // namespace unstuck::marketplaces::tiktok_shop
