#pragma once
// The TikTok Shop Open API 202309 on the loopback server, as a marketplace plugin sees it: the auth host's
// token calls, authorized shops, order search and detail, order tracking, package detail, proof-of-delivery
// uploads, package delivery status, and signed webhooks; every call checked (app_key, timestamp, sign,
// access token, shop_cipher) and refused with the envelope and the HTTP status the API uses.
//
// Envelope: every answer is `{"code": N, "message": "...", "request_id": "...", "data": {...}}`, code 0 on
// success; the codes, messages and HTTP statuses are in `TikTokCodes`.
//
// Signing (checked exactly): sign = lowercase hex HMAC-SHA256(key = app_secret, message = app_secret + path +
// the query parameters except `sign` and `access_token`, sorted by name, each as name + value, + the raw body
// unless the request is multipart/form-data + app_secret). The timestamp must lie between 5 minutes before
// and 30 seconds after the emulator's clock.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/loopback_server.hpp"

namespace unstuck::test {

struct TikTokShopState;

//! The envelope codes the emulator answers with. Those marked "documented" are TikTok Shop's own (code and
//! message, from its common-errors and rate-limits pages or seen in public clients); those marked "emulator's
//! choice" stand where no public source gives the code. Clients must go by the code, not the HTTP status.
struct TikTokCodes {
    //! Success (HTTP 200).
    static constexpr std::int64_t ok = 0;
    //! Documented, HTTP 400 (seen answered for a bad app_key): one code for several refusals, told apart by
    //! message: "Invalid credentials. Invalid `app_key` query parameter.", "Invalid timestamp. The value of
    //! the `timestamp` query parameter must not be lesser than 0." (also for a missing or non-numeric one,
    //! the emulator's choice), "... must not be earlier than 5 minutes before the current time.", "... must
    //! not exceed the current time by more than 30 seconds.", "Missing credentials. The request does not
    //! include a required signature in the query.", "Invalid credentials. The `x-tts-access-token` header is
    //! invalid." (also for a missing header), "Unexpected identifier. The `shop_cipher` query parameter is
    //! not required for this request." (`/authorization/202309/shops`), and, the emulator's wording, "Invalid
    //! identifier. The `shop_cipher` query parameter is invalid." and "Invalid parameter. ..." for a bad
    //! query parameter (page_size, sort_field, sort_order, page_token, ids) or search body.
    static constexpr std::int64_t invalid_request = 36009004;
    //! Documented, HTTP 401 (the status is the emulator's choice): "Invalid credentials. The `sign` query
    //! parameter is invalid." (uppercase hex included).
    static constexpr std::int64_t invalid_signature = 106001;
    //! Documented, HTTP 401 (status: emulator's choice): "Expired credentials. The `access_token` or
    //! `x-tts-access-token` header has expired." Refresh the token.
    static constexpr std::int64_t access_token_expired = 105002;
    //! Documented, HTTP 400: "Missing identifier. The `shop_cipher` query parameter is required to identify
    //! the target shop."
    static constexpr std::int64_t missing_shop_cipher = 106013;
    //! Documented, HTTP 429 with `Retry-After`: "Too many requests. You've made too many requests in a short
    //! period of time."
    static constexpr std::int64_t rate_limited = 36009002;
    //! Documented ("Internal error. Please try again"): the body of an injected fault that has none of its
    //! own.
    static constexpr std::int64_t internal_error = 36009003;
    //! Documented, HTTP 404: "Invalid path. The specified path does not match any available endpoint."
    static constexpr std::int64_t unknown_path = 36009009;
    //! Documented, HTTP 405 (status: emulator's choice): "Invalid method. The HTTP method used is not
    //! supported by this endpoint."
    static constexpr std::int64_t invalid_method = 36009010;
    //! Documented, HTTP 200: "Invalid file size. The uploaded file size exceeds the maximum limit." (images
    //! over 5 MB, files over 10 MB).
    static constexpr std::int64_t file_too_large = 36009021;
    //! Documented, HTTP 200: "Invalid request format. The request body format must be `application/json`
    //! ...": a POST with a JSON body whose Content-Type is not application/json.
    static constexpr std::int64_t not_json = 36009022;
    //! Documented, HTTP 200: "Invalid request format. The value of the `content-type` header must be
    //! `multipart/form-data`." (uploads).
    static constexpr std::int64_t not_multipart = 36009023;
    //! Seen from the auth host in public clients: a refresh token it does not know ("can not find related
    //! auth record").
    static constexpr std::int64_t unknown_refresh_token = 36004005;
    //! Seen from the auth host in public clients: an expired refresh token ("rt has expired").
    static constexpr std::int64_t refresh_token_expired = 36004001;
    //! Seen from the auth host in public clients: an unknown or used auth code ("invalid auth code").
    static constexpr std::int64_t invalid_auth_code = 36004004;
    //! Emulator's choice, HTTP 200: the order does not exist in this shop (tracking).
    static constexpr std::int64_t order_not_found = 21011001;
    //! Emulator's choice, HTTP 200 (and per package in `data.errors[]`): the package does not exist in this
    //! shop.
    static constexpr std::int64_t package_not_found = 21001001;
    //! Emulator's choice, per package in `data.errors[]`: a delivery field is missing or invalid
    //! (delivery_type, fail_delivery_reason, file_type, a file_url this emulator did not issue).
    static constexpr std::int64_t invalid_delivery = 21001002;
    //! Emulator's choice, per package in `data.errors[]`: DELIVERY_SUCCESS or DELIVERY_FAILED for a package
    //! already COMPLETED ("The package has already been delivered.") or CANCELLED.
    static constexpr std::int64_t package_already_delivered = 21001016;
    //! Emulator's choice, per package in `data.errors[]`: DELIVERY_SUCCESS or DELIVERY_FAILED for a package
    //! that is not in transit (TO_FULFILL, PROCESSING), or UPDATE_POD for one that is not delivered yet.
    static constexpr std::int64_t package_status_not_allowed = 21001017;
    //! Emulator's choice, HTTP 200: an upload refused for its content (no `data` part, not a JPG/PNG or PDF,
    //! image size outside 100..20000 px, `name` missing or without `.pdf`).
    static constexpr std::int64_t invalid_upload = 21001006;
    //! Emulator's choice: the default code of `fail_delivery()`.
    static constexpr std::int64_t delivery_failed = 21001999;
};

//! One authorized shop.
struct TikTokShop {
    std::string id = "";                //!< shop id, e.g. `7494105515082810525`
    std::string name = "";              //!< shop name
    std::string region = "";            //!< e.g. `MY`, `GB`
    std::string cipher = "";            //!< the shop_cipher shop-scoped calls carry
    std::string code = "";              //!< the shop code (defaults to `SHOP` + id's last 6 characters)
    std::string seller_type = "LOCAL";  //!< `LOCAL` or `CROSS_BORDER`
};

//! A failure the emulator answers with instead of (or after) handling a matching request.
struct TikTokFault {
    std::string method = "";  //!< `GET` / `POST`; empty matches any
    std::string path = "";    //!< exact path, query ignored, e.g. `/order/202309/orders/search`
    int status = 500;         //!< HTTP status of the answer
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
    std::string method;                                        //!< e.g. `POST`
    std::string path;                                          //!< without the query
    std::vector<std::pair<std::string, std::string>> query;    //!< decoded, in the order sent
    std::vector<std::pair<std::string, std::string>> headers;  //!< as received
    std::string body;                                          //!< raw
    int status = 0;          //!< HTTP status answered (0 when the connection was dropped)
    std::int64_t code = -1;  //!< envelope code answered (-1 when the answer had none)

    //! The first query parameter of that name, if any.
    std::optional<std::string> query_value(const std::string& name) const;
    //! The first header of that name (case-insensitive), if any.
    std::optional<std::string> header(const std::string& name) const;
};

//! One tracking line of an order, as `GET /fulfillment/202309/orders/{id}/tracking` returns it.
struct TikTokTrackingLine {
    std::string description = "";         //!< e.g. `Arrived at the sorting centre`
    std::int64_t update_time_millis = 0;  //!< Unix milliseconds
};

//! A proof-of-delivery file uploaded through `/fulfillment/202309/images/upload` or `/files/upload`.
struct TikTokUpload {
    std::string kind;          //!< `IMG` (images/upload) or `PDF` (files/upload)
    std::string name;          //!< the `name` part (files) or the `data` part's file name (images)
    std::string content_type;  //!< the `data` part's Content-Type
    std::string bytes;         //!< the `data` part's bytes
    std::string url;           //!< the URL answered, to be sent as `file_url`
    int width = 0;             //!< images: from the PNG/JPEG header (0 when it has none)
    int height = 0;            //!< images: from the PNG/JPEG header (0 when it has none)
};

//! One package of a `/fulfillment/202309/packages/deliver` call, as received, and what became of it.
struct TikTokDelivery {
    std::string package_id;            //!< `id`
    std::string delivery_type;         //!< `DELIVERY_SUCCESS`, `DELIVERY_FAILED`, `UPDATE_POD` (as sent)
    std::string fail_delivery_reason;  //!< as sent, e.g. `PACKAGE_LOST`
    std::string file_type;             //!< `IMG` / `PDF` / empty
    std::string file_url;              //!< as sent
    bool accepted = false;             //!< false: it came back in `data.errors[]`
    std::int64_t error_code = 0;       //!< the `data.errors[].code` when refused
    std::string error_message;         //!< the `data.errors[].message` when refused
};

//! A webhook body and the `Authorization` header value that signs it.
struct TikTokSignedWebhook {
    std::string body;           //!< `{"type", "tts_notification_id", "shop_id", "timestamp", "data"}`
    std::string authorization;  //!< hex HMAC-SHA256(app_secret, app_key + body)
};

//! The lowercase hex `sign` of a request: `query` is every query parameter sent (`sign` and `access_token`
//! are left out here), `body` the raw JSON body (pass empty for multipart bodies, which are not signed).
std::string tiktok_sign(const std::string& app_secret, const std::string& path,
                        const std::vector<std::pair<std::string, std::string>>& query,
                        const std::string& body);

//! TikTok Shop Open API 202309 as a marketplace plugin sees it. Thread-safe.
//!
//! Checks of every API call, in this order (the first failing one answers): throttling, path and method,
//! `app_key`, `timestamp`, `sign` present, `sign` correct, `x-tts-access-token` known, not expired,
//! `shop_cipher` (required on `/order/*` and `/fulfillment/*` except the two uploads, where it is optional;
//! refused on `/authorization/202309/shops`; known when sent), Content-Type (application/json for a POST with
//! a JSON body, multipart/form-data for uploads). The auth host's `/api/v2/token/refresh` and `/token/get`
//! are unsigned GETs carrying `app_key` and `app_secret`; they answer `data{access_token,
//! access_token_expire_in (Unix s), refresh_token (the same one), refresh_token_expire_in, open_id,
//! seller_name, seller_base_region, user_type, granted_scopes}`.
//!
//! Orders are stored as raw JSON objects (so a test can store bad data: missing fields, unknown statuses,
//! milliseconds where seconds belong); the emulator reads only `id`, `status`, `update_time`, `create_time`,
//! `packages[].id` and `line_items[].package_id` of them, and answers them back as stored (keys reordered).
//!
//! Order search (`POST /order/202309/orders/search`): query `page_size` (1..100, required), `page_token`,
//! `sort_field` (`create_time` default, or `update_time`), `sort_order` (`DESC` default, or `ASC`); body
//! filters `update_time_ge`, `update_time_lt`, `create_time_ge`, `create_time_lt` (integers, Unix seconds;
//! lower bound inclusive, upper exclusive) and `order_status`. Ties are broken by order id, so the order is
//! total and stable; a page token names the last order of its page and the next page resumes after it (an
//! order added meanwhile is neither skipped nor repeated unless its sort key moved past the token). Answers
//! `data{orders[], next_page_token ("" on the last page), total_count}`. Order detail (`GET
//! /order/202309/orders?ids=a,b`, 1..50 ids) answers the orders found, in the order asked, and leaves out
//! ids it does not know (`data.orders` empty when none).
//!
//! Packages: every `packages[].id` (and `line_items[].package_id`) of a stored order is a package of its
//! shop; its `package_status` follows the order's `status` (UNPAID, ON_HOLD, AWAITING_SHIPMENT: TO_FULFILL;
//! IN_TRANSIT: FULFILLING; DELIVERED, COMPLETED: COMPLETED; CANCELLED: CANCELLED; any other: PROCESSING)
//! until `set_package_status` or an accepted delivery sets it. Package detail answers `data{package_id,
//! package_status, orders[{id}], update_time}` plus the order's shipping_type, delivery_option_id/_name,
//! tracking_number, shipping_provider_id and shipping_provider (as `shipping_provider_name`) when it has
//! them.
//!
//! Delivery (`POST /fulfillment/202309/packages/deliver`, body `{"packages": [{"id", "delivery_type",
//! "fail_delivery_reason", "file_type", "file_url"}]}`): code 0 whenever the body holds a non-empty
//! `packages` array; each package that fails comes back in `data.errors[] {code, message,
//! detail{package_id}}` (partial success): an unknown package (21001001); a bad delivery_type, a
//! DELIVERY_FAILED without fail_delivery_reason, a DELIVERY_SUCCESS or UPDATE_POD without a file_type of IMG
//! or PDF and a file_url this emulator issued for that type (21001002); a DELIVERY_SUCCESS or DELIVERY_FAILED
//! for a package already COMPLETED or CANCELLED (21001016: a second deliver of a delivered package is refused
//! for that package, so a client that lost the first answer must look at the package's status); a
//! DELIVERY_SUCCESS or DELIVERY_FAILED for a package not in transit (TO_FULFILL, PROCESSING), or an
//! UPDATE_POD for one not COMPLETED (21001017: the API updates the status "from in transit"); a package
//! `fail_delivery()` names. An accepted DELIVERY_SUCCESS moves the package to COMPLETED, and once every
//! package of its order is COMPLETED the stored order gets `status` DELIVERED and `update_time` and
//! `delivery_time` now (so the next search lists it again). Every package of every call is recorded
//! (`deliveries()`).
//!
//! Uploads (multipart/form-data, not signed): `images/upload` takes part `data` (Content-Type image/jpeg or
//! image/png with matching magic bytes, at most 5 MB; when the PNG/JPEG header gives the size, 100..20000 px
//! each side) and answers `data{url, width, height}`; `files/upload` takes parts `data` (application/pdf,
//! starting `%PDF`, at most 10 MB) and `name` (ending `.pdf`) and answers `data{name, url}`.
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
    //! The loopback server underneath (its own request log, port).
    LoopbackServer& server() { return server_; }
    //! The app key calls must carry.
    const std::string& app_key() const { return app_key_; }
    //! The app secret signatures are keyed with.
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
    //! Makes the refresh token expire: a refresh with it gets 36004001.
    void expire_refresh_token();
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
    void fail_delivery(const std::string& package_id, std::int64_t code = TikTokCodes::delivery_failed,
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
    //! How many uploads were accepted.
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
    LoopbackResponse handle(const LoopbackRequest& request);

    std::string app_key_;
    std::string app_secret_;
    std::unique_ptr<TikTokShopState> state_;
    mutable std::mutex mutex_;
    LoopbackServer server_;  // last: stops (and joins its threads) before the state above goes
};

}  // namespace unstuck::test
