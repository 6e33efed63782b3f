#pragma once
// The TikTok Shop emulator's state and the API it answers from it (private to the emulator; the caller holds
// the emulator's lock).

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/loopback_server.hpp"
#include "support/tiktok_shop_emulator.hpp"

namespace unstuck::test {

//! Query parameters, decoded, in the order sent.
using TikTokQuery = std::vector<std::pair<std::string, std::string>>;

//! An answer under construction: the HTTP status and the envelope.
struct TikTokAnswer {
    int status = 200;
    std::int64_t code = TikTokCodes::ok;
    std::string message = "Success";
    Poco::Dynamic::Var data{};  //!< empty: `{}`
    std::vector<std::pair<std::string, std::string>> headers{};
};

//! Everything the emulator knows, and the API answered from it.
struct TikTokShopState {
    //! A stored order.
    struct Order {
        std::string shop_id;
        Poco::JSON::Object::Ptr json;
        std::int64_t update_time = 0;  //!< the one search filters and sorts by
        std::int64_t create_time = 0;
        std::string status;
        std::vector<std::string> packages;
        std::optional<std::string> tracking;  //!< a JSON array
    };
    //! Deliveries of a package set to fail.
    struct Failure {
        std::int64_t code = 0;
        std::string message;
        int times = 0;
    };

    std::string app_key;
    std::string app_secret;
    std::string base_url;
    std::vector<TikTokShop> shops;
    std::string refresh_token;
    bool refresh_expired = false;
    std::map<std::string, std::int64_t> access_tokens;  //!< token -> expiry (Unix s)
    std::string newest_token;
    std::int64_t lifetime = 7 * 24 * 3600;
    std::optional<std::int64_t> fixed_now;
    std::set<std::string> auth_codes;
    std::size_t refreshes = 0;
    std::size_t refresh_calls = 0;
    std::map<std::pair<std::string, std::string>, Order> orders;  //!< by (shop id, order id)
    std::map<std::string, std::string> package_status;            //!< set by a test or a delivery
    std::map<std::string, Failure> delivery_failures;
    int throttled = 0;
    int retry_after = 1;
    std::vector<TikTokFault> faults;
    std::vector<TikTokRequest> log;
    std::vector<TikTokDelivery> deliveries;
    std::vector<TikTokUpload> uploads;
    std::uint64_t counter = 0;

    std::int64_t now() const;
    //! Issues an access token valid for `lifetime` from now.
    std::string issue_token();
    const TikTokShop* shop_by_id(const std::string& id) const;
    //! The order holding that package (in that shop when given), if any.
    const Order* order_of_package(const std::string& package_id, const std::string* shop_id = nullptr) const;
    //! A package's status now, if the package exists.
    std::optional<std::string> status_of_package(const std::string& package_id) const;

    //! The answer to one request: the checks, then the endpoint.
    TikTokAnswer answer(const LoopbackRequest& request, const TikTokQuery& query);
    //! The answer as an HTTP response with the envelope.
    LoopbackResponse respond(const TikTokAnswer& answer);

  private:
    TikTokAnswer token(bool refresh, const TikTokQuery& q);
    TikTokAnswer authorized_shops() const;
    TikTokAnswer search_orders(const TikTokShop& shop, const TikTokQuery& q, const std::string& body) const;
    TikTokAnswer order_detail(const TikTokShop& shop, const TikTokQuery& q) const;
    TikTokAnswer tracking(const TikTokShop& shop, const std::string& order_id) const;
    TikTokAnswer package_detail(const TikTokShop& shop, const std::string& package_id) const;
    TikTokAnswer upload(bool image, const std::string& content_type, const std::string& body);
    TikTokAnswer deliver(const TikTokShop& shop, const std::string& body);
    //! An accepted DELIVERY_SUCCESS: the package is COMPLETED, and its order DELIVERED once all its packages
    //! are.
    void delivered(const TikTokShop& shop, const std::string& package_id);
    std::string request_id();
};

//! A refusal: that HTTP status, code and message.
TikTokAnswer tiktok_refusal(int status, std::int64_t code, std::string message);

}  // namespace unstuck::test
