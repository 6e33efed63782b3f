#pragma once
//! The marketplace plugin interface (ABI 2.2): list the orders that need a look as order cases, read one,
//! apply the seller-shipped remedy (delivery status with proof of delivery), and receive the marketplace's
//! pushes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/sdk/plugin.hpp"
#include "unstuck/sdk/ticketing.hpp"
#include "unstuck/sdk/time.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::sdk {

//! The typed outcome of a marketplace call: ok / not found / retry (after) / rejected, as for ticketing.
template <typename T>
using MarketplaceResult = TicketingResult<T>;

//! An order the marketplace could not give as an order case: the rest of its page goes on.
struct OrderError {
    std::string order_id;  //!< empty when even the id was unreadable
    std::string message;   //!< one line naming the field and what was wrong, e.g.
                           //!< `packages[0].update_time_millis: ...`
};

//! One page of a shop's changed orders.
struct OrderPage {
    //! Order cases, one JSON document each, in the order case format of docs/policy.md (the host reads them
    //! with the same reader as any other intake; `marketplace` and `shop_id` are set).
    std::vector<std::string> orders;
    std::vector<OrderError> errors;  //!< orders left out of `orders`, each with why
    //! Where the next call starts: the host stores it once every order of this page is recorded, and passes
    //! it back unchanged. Opaque to the host.
    std::string next_cursor;
    bool more = false;  //!< another page follows now; false: the shop is read up to `next_cursor`
};

//! A delivery-status update for a seller-shipped package, with its proof of delivery.
struct PodUpdate {
    std::string key;  //!< the idempotency key: `{marketplace}:{shop_id}:{order_id}:{package_id}:pod`
    std::string marketplace;
    std::string shop_id;
    std::string order_id;
    std::string package_id;
    std::string tracking_number;
    Timestamp delivered_at{};  //!< the carrier's delivery event
    //! Proof of delivery files on disk (an image or a PDF); the first one the marketplace takes is sent.
    std::vector<EvidenceFile> proof;
    //! Where the carrier keeps its proof of delivery (`https://...`), when it gave a link and no file.
    std::string proof_url;
};

//! What the marketplace answered to a delivery-status update.
struct PodReceipt {
    std::string package_id;
    std::string proof_url;  //!< where the marketplace keeps the uploaded proof, when it says
};

//! An order a push says has changed.
struct OrderChange {
    std::string shop_id;
    std::string order_id;
    std::string what;  //!< e.g. `order status change`, `package update`
};

//! A verified marketplace push.
struct MarketplacePush {
    std::optional<Timestamp> signed_at;  //!< when the sender signed it, if its scheme signs a time
    std::string delivery_id;          //!< the sender's id of this delivery; empty: the host digests the body
    std::vector<OrderChange> orders;  //!< the orders to read and decide again now
    std::string reply_body;           //!< the body to answer with; empty: `{"accepted":N}`
};

//! The outcome of receive(): a push, or why it is refused (the same kinds as a carrier push).
struct MarketplacePushResult {
    WebhookResult::Kind kind = WebhookResult::Kind::kMalformed;
    MarketplacePush push;
    std::string message;  //!< why it was refused: one line, never a secret or a signature

    static MarketplacePushResult accepted(MarketplacePush p) {
        return {WebhookResult::Kind::kAccepted, std::move(p), {}};
    }
    static MarketplacePushResult unsigned_push(std::string m) {
        return {WebhookResult::Kind::kUnsigned, {}, std::move(m)};
    }
    static MarketplacePushResult bad_signature(std::string m) {
        return {WebhookResult::Kind::kBadSignature, {}, std::move(m)};
    }
    static MarketplacePushResult malformed(std::string m) {
        return {WebhookResult::Kind::kMalformed, {}, std::move(m)};
    }
};

//! A marketplace plugin. Methods must not throw: the host contains a stray exception as a rejection (a
//! malformed push for receive()). Called from several threads at once.
class MarketplacePlugin : public Plugin {
  public:
    ~MarketplacePlugin() override;
    //! The shops this plugin is set up for, by the id order cases carry as `shop_id`.
    virtual std::vector<std::string> shops() = 0;
    //! One page of the shop's orders changed since `cursor` (empty: since the configured start), as order
    //! cases. A repeat of an order already seen is harmless: deciding is idempotent.
    virtual MarketplaceResult<OrderPage> changed_orders(std::string_view shop_id,
                                                        std::string_view cursor) = 0;
    //! One order as an order case (JSON), or not found.
    virtual MarketplaceResult<std::string> order(std::string_view shop_id, std::string_view order_id) = 0;
    //! Marks a seller-shipped package delivered with its proof. Rejected when the shop or the package cannot
    //! take it (not a seller-fleet shop, no usable proof); the host sends each `update.key` once.
    virtual MarketplaceResult<PodReceipt> update_delivery_status(const PodUpdate& update) = 0;
    //! Whether the package already shows the update (to settle one a host left PENDING): ok when it does,
    //! not found when it does not.
    virtual MarketplaceResult<PodReceipt> find_delivery_status(const PodUpdate& update) = 0;
    //! Verifies a push on the host's `/v1/webhooks/{plugin}` endpoint with the plugin's secret (in constant
    //! time) and reads which orders changed.
    virtual MarketplacePushResult receive(const WebhookRequest& request) = 0;
};

}  // namespace unstuck::sdk
