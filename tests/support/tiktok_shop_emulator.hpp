#pragma once
// The TikTok Shop Open API 202309 on the loopback server, as a marketplace plugin sees it: the auth host's
// token calls, authorized shops, order search and detail, order tracking, package detail, proof-of-delivery
// uploads, package delivery status, and signed webhooks; every call checked (app_key, timestamp, sign,
// access token, shop_cipher) and refused with the envelope and the HTTP status the API uses.
//
// Envelope: every answer is `{"code": N, "message": "...", "request_id": "...", "data": {...}}`, code 0 on
// success. Refusals (see `TikTokCodes` for each code, its message and where it comes from):
//   - no or unknown `app_key`, no or stale `timestamp` (more than 5 minutes from the emulator's clock), no
//     `sign`, a wrong `x-tts-access-token`, `shop_cipher` missing / not authorized / not expected: 36009004
//     with the documented message of that case (TikTok overloads 36009004 and tells the cases apart by
//     message);
//   - a wrong `sign` (uppercase hex included): 106001;
//   - an access token past its expiry (or made to expire with `expire_access_tokens()`): 105002;
//   - throttled: HTTP 429, 36009002, header `Retry-After`;
//   - unknown path: HTTP 404, 36009009.
// Which HTTP status goes with which refusal is in `TikTokCodes` too.
//
// Signing (checked exactly): sign = lowercase hex HMAC-SHA256(key = app_secret, message = app_secret + path +
// the query parameters except `sign` and `access_token`, sorted by name, each as name + value, + the raw body
// unless the request is multipart/form-data + app_secret).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/loopback_server.hpp"

namespace unstuck::test {

//! The envelope codes and messages the emulator answers with, and their HTTP statuses.
struct TikTokCodes {
    //! Success.
    static constexpr std::int64_t ok = 0;
    //! Malformed or missing common parameters (app_key, timestamp, sign, shop_cipher) and an invalid access
    //! token header; the message tells which.
    static constexpr std::int64_t invalid_request = 36009004;
    //! Too many requests (HTTP 429, with `Retry-After`).
    static constexpr std::int64_t rate_limited = 36009002;
    //! An internal error (the answer of an injected 5xx fault without a body of its own).
    static constexpr std::int64_t internal_error = 36009003;
    //! No such API path.
    static constexpr std::int64_t unknown_path = 36009009;
    //! The `sign` query parameter does not match the request.
    static constexpr std::int64_t invalid_signature = 106001;
    //! The access token expired: refresh it.
    static constexpr std::int64_t access_token_expired = 105002;
    //! The refresh token (or the auth code) is unknown or expired, on the auth host.
    static constexpr std::int64_t invalid_refresh_token = 36004004;
    //! A business parameter is invalid (page_size, ids, body fields).
    static constexpr std::int64_t invalid_parameter = 36009004;
    //! The order does not exist in this shop (tracking, order detail of a single missing id).
    static constexpr std::int64_t order_not_found = 21011001;
    //! The package does not exist in this shop.
    static constexpr std::int64_t package_not_found = 21001001;
    //! A delivery status update for a package that is already delivered (per package, in `data.errors[]`).
    static constexpr std::int64_t package_already_delivered = 21001016;
    //! A proof-of-delivery upload refused (part missing, wrong type, too large).
    static constexpr std::int64_t invalid_upload = 21001006;
};

//! One authorized shop.
struct TikTokShop {
    std::string id;                     //!< shop id, e.g. `7494105515082810525`
    std::string name;                   //!< shop name
    std::string region;                 //!< e.g. `MY`, `GB`
    std::string cipher;                 //!< the shop_cipher shop-scoped calls carry
    std::string code = "";              //!< the shop code (defaults to `SHOP` + id's last 6 characters)
    std::string seller_type = "LOCAL";  //!< `LOCAL` or `CROSS_BORDER`
};

//! A failure the emulator answers with instead of (or after) handling a matching request.
struct TikTokFault {
    std::string method;  //!< `GET` / `POST`; empty matches any
    std::string path;    //!< exact path, query ignored, e.g. `/order/202309/orders/search`
    int status = 500;    //!< HTTP status of the answer
    //! The answer's body; empty gives the envelope `{code: 36009003, message: "Internal error...", ...}`.
    std::string body = "";
    std::vector<std::pair<std::string, std::string>> headers = {};
    //! Wait this long before answering (a slow API; a client timeout shorter than this sees a timeout).
    std::chrono::milliseconds delay{0};
    //! Handle the request first (its effects happen: a delivery is recorded, a token issued), then answer
    //! with the fault: a response lost after the API acted.
    bool after_handling = false;
    //! Close the connection without any answer (after handling when `after_handling`).
    bool drop = false;
    int times = 1;  //!< how many matching requests get it
};

//! One request as the emulator received it.
struct TikTokRequest {
    std::string method;
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;  //!< decoded, in the order sent
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int status = 0;          //!< HTTP status answered (0 when the connection was dropped)
    std::int64_t code = -1;  //!< envelope code answered (-1 when the answer had none)

    //! The first query parameter of that name, if any.
    std::optional<std::string> query_value(const std::string& name) const;
    //! The first header of that name (case-insensitive), if any.
    std::optional<std::string> header(const std::string& name) const;
};

//! One tracking line of an order, as `GET /fulfillment/202309/orders/{id}/tracking` returns it.
struct TikTokTrackingLine {
    std::string description;
    std::int64_t update_time_millis = 0;
};

//! A proof-of-delivery file uploaded through `/fulfillment/202309/images/upload` or `/files/upload`.
struct TikTokUpload {
    std::string kind;          //!< `IMG` (images/upload) or `PDF` (files/upload)
    std::string name;          //!< the `name` part (files) or the `data` part's file name (images)
    std::string content_type;  //!< the `data` part's Content-Type
    std::string bytes;
    std::string url;  //!< the URL answered, to be sent as `file_url`
    int width = 0;    //!< images: from the PNG/JPEG header
    int height = 0;
};

//! One package of a `/fulfillment/202309/packages/deliver` call, as received, and what became of it.
struct TikTokDelivery {
    std::string package_id;
    std::string delivery_type;  //!< `DELIVERY_SUCCESS`, `DELIVERY_FAILED`, `UPDATE_POD`
    std::string fail_delivery_reason;
    std::string file_type;  //!< `IMG` / `PDF` / empty
    std::string file_url;
    bool accepted = false;        //!< false: it came back in `data.errors[]`
    std::int64_t error_code = 0;  //!< the `data.errors[].code` when refused
    std::string error_message;
};

//! A webhook body and the `Authorization` header value that signs it.
struct TikTokSignedWebhook {
    std::string body;
    std::string authorization;  //!< hex HMAC-SHA256(app_secret, app_key + body)
};

//! The lowercase hex `sign` of a request: `query` is every query parameter sent (`sign` and `access_token`
//! are left out here), `body` the raw JSON body (pass empty for multipart bodies, which are not signed).
std::string tiktok_sign(const std::string& app_secret, const std::string& path,
                        const std::vector<std::pair<std::string, std::string>>& query,
                        const std::string& body);

//! TikTok Shop Open API 202309 as a marketplace plugin sees it. Thread-safe.
//!
//! Orders are stored as raw JSON objects (so a test can store bad data: missing fields, unknown statuses,
//! milliseconds where seconds belong); the emulator reads only `id`, `update_time`, `create_time`,
//! `packages[].id` and `line_items[].package_id` of them, and answers them back as stored.
//!
//! Order search (`POST /order/202309/orders/search`): query `page_size` (1..100, required), `page_token`,
//! `sort_field` (`create_time` default, or `update_time`), `sort_order` (`DESC` default, or `ASC`); body
//! filters `update_time_ge`, `update_time_lt`, `create_time_ge`, `create_time_lt`, `order_status`
//! (inclusive lower bound, exclusive upper bound, Unix seconds). Ties are broken by order id, so the order is
//! total and stable; a page token names the last order of its page (a page resumes after it, so an order
//! added meanwhile is neither skipped nor repeated unless its sort key moved). Answers
//! `data{orders[], next_page_token ("" on the last page), total_count}`.
//!
//! Packages: every `packages[].id` (and `line_items[].package_id`) of a stored order is a package of its
//! shop; its `package_status` follows the order's `status` (AWAITING_SHIPMENT: TO_FULFILL,
//! AWAITING_COLLECTION: PROCESSING, IN_TRANSIT: FULFILLING, DELIVERED/COMPLETED: COMPLETED, CANCELLED:
//! CANCELLED, other: PROCESSING) until `set_package_status` or an accepted delivery sets it.
//!
//! Delivery (`POST /fulfillment/202309/packages/deliver`, body `{"packages": [{"id", "delivery_type",
//! "fail_delivery_reason", "file_type", "file_url"}]}`): always code 0 when the body is well formed; each
//! package that fails comes back in `data.errors[] {code, message, detail{package_id}}`: an unknown package,
//! a package `fail_delivery()` names, a `DELIVERY_SUCCESS`/`UPDATE_POD` without a `file_type` of IMG/PDF and
//! a `file_url` this emulator issued, a `DELIVERY_FAILED` without `fail_delivery_reason`, and a
//! `DELIVERY_SUCCESS` or `DELIVERY_FAILED` for a package already COMPLETED (21001016 "The package has already
//! been delivered": a second deliver of a delivered package is refused for that package, code 0 overall;
//! `UPDATE_POD` on a COMPLETED package is accepted). An accepted `DELIVERY_SUCCESS` moves the package to
//! COMPLETED. Every package of every call is recorded (`deliveries()`).
//!
//! Uploads: multipart/form-data; `images/upload` takes part `data` (image/jpeg or image/png, matching magic
//! bytes, at most 5 MB; when the header gives the size, 100..20000 px each side) and answers
//! `data{url, width, height}`; `files/upload` takes parts `data` (application/pdf, starting `%PDF`, at most
//! 10 MB) and `name` (ending `.pdf`) and answers `data{name, url}`. Neither requires `shop_cipher`; one sent
//! must be a known cipher.
//!
//! Throttling applies to the API paths only (the auth host's token calls are never throttled).
class TikTokShopEmulator {
  public:
    //! Starts the server for one app; `refresh_token` is the seller's valid refresh token; `shops` are the
    //! authorized shops. An access token is issued at once (`access_token()`), valid for 7 days.
    TikTokShopEmulator(std::string app_key, std::string app_secret, std::string refresh_token,
                       std::vector<TikTokShop> shops);
    ~TikTokShopEmulator();
    TikTokShopEmulator(const TikTokShopEmulator&) = delete;
    TikTokShopEmulator& operator=(const TikTokShopEmulator&) = delete;

    //! `http://127.0.0.1:<port>`: both the API host (`base_url`) and the auth host (`auth_url`).
    std::string base_url() const { return server_.base_url(); }
    //! The auth host's URL (the same server as base_url()).
    std::string auth_url() const { return server_.base_url(); }
    LoopbackServer& server() { return server_; }
    const std::string& app_key() const { return app_key_; }
    const std::string& app_secret() const { return app_secret_; }

    // --- The clock (Unix seconds) every check and every issued expiry uses. ---

    //! Now, by the emulator's clock (the system clock unless set).
    std::int64_t now() const;
    //! Fixes the clock at `unix_seconds`.
    void set_now(std::int64_t unix_seconds);
    //! Moves the clock forward (fixing it first at the system time if it was not fixed).
    void advance(std::int64_t seconds);

    // --- Tokens. ---

    //! The newest access token issued (valid unless expired).
    std::string access_token() const;
    //! Lifetime of the access tokens issued from now on (default 7 days).
    void set_access_token_lifetime(std::int64_t seconds);
    //! Makes every access token issued so far expire now: calls with them get 105002.
    void expire_access_tokens();
    //! Makes the refresh token invalid: a refresh with it gets 36004004.
    void revoke_refresh_token();
    //! An auth code `/api/v2/token/get` accepts once.
    void add_auth_code(const std::string& code);
    //! Successful `/api/v2/token/refresh` calls so far.
    std::size_t refresh_count() const;
    //! `/api/v2/token/refresh` calls that reached the emulator (refused ones included).
    std::size_t refresh_calls() const;

    // --- Orders and packages. ---

    //! Stores (or replaces, by `id`) an order of a shop, as a raw JSON object; throws std::invalid_argument
    //! when `order_json` is not an object with a string `id` or the shop is unknown. `listed_update_time`
    //! overrides the `update_time` the search filters and sorts by (for orders whose stored `update_time` is
    //! deliberately wrong, e.g. in milliseconds).
    void put_order(const std::string& shop_id, const std::string& order_json,
                   std::optional<std::int64_t> listed_update_time = std::nullopt);
    //! Removes an order.
    void remove_order(const std::string& shop_id, const std::string& order_id);
    //! The stored order as JSON, if any.
    std::optional<std::string> order_json(const std::string& shop_id, const std::string& order_id) const;
    //! Sets an order's tracking lines (answered newest first, as the API does).
    void set_tracking(const std::string& shop_id, const std::string& order_id,
                      std::vector<TikTokTrackingLine> lines);
    //! Sets an order's tracking lines as a raw JSON array (bad data included).
    void set_tracking_json(const std::string& shop_id, const std::string& order_id,
                           const std::string& tracking_array_json);
    //! A package's status now (`TO_FULFILL`, `PROCESSING`, `FULFILLING`, `COMPLETED`, `CANCELLED`).
    std::optional<std::string> package_status(const std::string& package_id) const;
    //! Sets a package's status.
    void set_package_status(const std::string& package_id, const std::string& status);
    //! The next `times` deliveries of that package fail with that code and message in `data.errors[]`.
    void fail_delivery(const std::string& package_id, std::int64_t code = 21001999,
                       const std::string& message = "Update package delivery status failed.", int times = 1);

    // --- Failures. ---

    //! The next `requests` API requests get HTTP 429, code 36009002 and `Retry-After: retry_after_s`.
    void throttle(int requests, int retry_after_s = 1);
    //! Adds a failure for the next matching requests.
    void inject(TikTokFault fault);

    // --- What happened. ---

    //! Every request so far, in arrival order, with what it was answered.
    std::vector<TikTokRequest> requests() const;
    //! Requests to that path so far (query ignored).
    std::size_t request_count(const std::string& path) const;
    //! Every package of every deliver call, in arrival order.
    std::vector<TikTokDelivery> deliveries() const;
    //! Accepted deliveries of that package (any delivery_type).
    std::size_t delivery_count(const std::string& package_id) const;
    //! Accepted uploads, in arrival order.
    std::vector<TikTokUpload> uploads() const;
    std::size_t upload_count() const;

    // --- Webhooks. ---

    //! A webhook of `type` (1 order status change, 4 package update, ...) for `shop_id` with `data_json` (a
    //! JSON object, e.g. `{"order_id":"576..","order_status":"IN_TRANSIT"}`) as its `data`, timestamped now,
    //! signed as TikTok signs pushes.
    TikTokSignedWebhook signed_webhook(int type, const std::string& shop_id,
                                       const std::string& data_json) const;

    //! A signed URL for a request a test sends by hand: base_url() + path +
    //! `?app_key&timestamp(now)&...&sign` (the extra `query` kept in order); `body` is the raw body to sign
    //! (empty for multipart).
    std::string signed_url(const std::string& path,
                           std::vector<std::pair<std::string, std::string>> query = {},
                           const std::string& body = "") const;

  private:
    struct State;
    LoopbackResponse handle(const LoopbackRequest& request);

    std::string app_key_;
    std::string app_secret_;
    std::unique_ptr<State> state_;
    mutable std::mutex mutex_;
    LoopbackServer server_;  // last: stops (and joins its threads) before the state above goes
};

}  // namespace unstuck::test
