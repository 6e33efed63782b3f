#pragma once
//! An order case: the facts the policy decides on (policy.md section 1).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/sdk/model.hpp"
#include "unstuck/sdk/ticketing.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! How the order ships: via the platform's logistics or by the seller's own carrier.
enum class ShippingType : std::uint8_t { kPlatform, kSeller };

//! The marketplace's order statuses.
enum class PlatformStatus : std::uint8_t {
    kUnpaid,
    kOnHold,
    kAwaitingShipment,
    kAwaitingCollection,
    kPartiallyShipping,
    kInTransit,
    kDelivered,
    kCompleted,
    kCancelled,
};

//! The platform stage a status belongs to (policy.md section 2).
enum class PlatformStage : std::uint8_t { kPre, kShipped, kDelivered, kCancelled };

//! A helpdesk ticket status, as the host maps its helpdesk's statuses: the SDK's ticket states and their
//! names.
using TicketStatus = sdk::TicketState;

std::string_view to_string(ShippingType type) noexcept;
std::string_view to_string(PlatformStatus status) noexcept;
std::string_view to_string(PlatformStage stage) noexcept;
std::optional<ShippingType> parse_shipping_type(std::string_view name) noexcept;
std::optional<PlatformStatus> parse_platform_status(std::string_view name) noexcept;
//! `PRE`, `SHIPPED`, `DELIVERED` or `CANCELLED`.
PlatformStage stage_of(PlatformStatus status) noexcept;

//! A carrier's own tracking document, to be normalized by the named carrier plugin before deciding.
struct RawTracking {
    std::string carrier;  //!< carrier plugin name
    std::string payload;  //!< the document as given (a JSON value serialized, or the text of a JSON string)
};

//! One package of the order.
struct PackageCase {
    std::string package_id;
    std::string tracking_number;
    std::string carrier;                            //!< carrier plugin name, for display
    std::optional<PlatformStatus> platform_status;  //!< wins over the order's for this package
    bool carrier_not_found = false;  //!< the carrier answered that it does not know the tracking number
    std::optional<sdk::Timestamp> platform_updated_at;      //!< wins over the order's for this package
    std::vector<sdk::Event> events;                         //!< canonical events, any order
    std::optional<sdk::ProofOfDelivery> proof_of_delivery;  //!< where the carrier gives one
    std::optional<RawTracking> raw;                         //!< not yet normalized; the engine ignores it

    //! The package's name in decisions: `package_id`, else the tracking number.
    const std::string& ref() const noexcept { return package_id.empty() ? tracking_number : package_id; }
};

//! The buyer's confirmation that the order arrived.
struct BuyerConfirmation {
    sdk::Timestamp at{};
    std::vector<std::string> evidence;  //!< file names or links
};

//! A dispute ticket already filed.
struct Ticket {
    std::string order_id;  //!< empty: this order
    std::string code;      //!< dispute code, e.g. `pick_up_issues.picked_up_not_updated`
    TicketStatus status = TicketStatus::kOpen;
    sdk::Timestamp created_at{};
};

//! Everything the policy needs about one order.
struct OrderCase {
    std::string order_id;
    std::string shop_id;
    std::string marketplace = "tiktok-shop";
    std::string region;
    ShippingType shipping_type = ShippingType::kPlatform;
    PlatformStatus platform_status = PlatformStatus::kAwaitingShipment;
    std::optional<sdk::Timestamp> platform_updated_at;  //!< newest logistics update the platform shows
    std::optional<sdk::Timestamp> promised_delivery_by;
    std::vector<PackageCase> packages;
    std::optional<BuyerConfirmation> buyer_confirmed_receipt;
    std::vector<Ticket> tickets;
    std::optional<sdk::Timestamp> now;  //!< the case's own `now`, when given
};

}  // namespace unstuck::core
