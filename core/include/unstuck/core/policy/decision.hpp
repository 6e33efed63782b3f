#pragma once
//! The decision the policy makes for one order (policy.md section 5).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/core/policy/policy.hpp"
#include "unstuck/sdk/model.hpp"

namespace unstuck::core {

//! What to do, most urgent first: an order takes the most urgent action of its packages.
enum class Action : std::uint8_t {
    kFileDispute,
    kContactSellerSupport,
    kUpdateStatusWithPod,
    kContactCarrier,
    kVerifyWithCarrier,
    kAwaitTicket,
    kWait,
    kNone,
};

//! `FILE_DISPUTE`, `WAIT`, ...
std::string_view to_string(Action action) noexcept;

//! How an open or earlier dispute, or a rule turned off, changed what a rule prescribes.
enum class RuleVariant : std::uint8_t {
    kBase,              //!< the rule as written
    kAwaitingTicket,    //!< `<rule>.awaiting_ticket`: a young OPEN/PENDING ticket of the same code
    kTicketUnanswered,  //!< `<rule>.ticket_unanswered`: an OPEN/PENDING ticket past its patience window
    kAlreadyResolved,   //!< `<rule>.already_resolved`: a SOLVED/CLOSED ticket and no new evidence since
    kDisabled,          //!< `<rule>.disabled`: the rule matched but the policy turns it off
};

//! A rule as reported in a decision.
struct RuleRef {
    RuleId id = RuleId::kPlatformSettled;
    RuleVariant variant = RuleVariant::kBase;

    //! Appends the reported id, e.g. `platform.picked_up_not_updated.awaiting_ticket`.
    void append_to(std::string& out) const;
    //! The reported id.
    std::string name() const;
    bool operator==(const RuleRef&) const = default;
};

//! One carrier event as cited in evidence.
struct EventSummary {
    sdk::Timestamp at{};
    sdk::TrackingStatus status = sdk::TrackingStatus::kUnknown;
    std::string code;
    std::string description;
};

//! The kinds of evidence attached to a dispute or an update.
enum class EvidenceKind : std::uint8_t {
    kOrderId,                 //!< `value`: the order id
    kBuyerConfirmation,       //!< `at`, `files`
    kCarrierPickupEvent,      //!< `package`, `events[0]`
    kCarrierDeliveryEvent,    //!< `package`, `events[0]`
    kProofOfDelivery,         //!< `package`, `proof`
    kProofOfDeliveryMissing,  //!< `package`: the seller must supply it
    kTrackingHistory,         //!< `package`, `events` (oldest first)
    kLastUpdate,              //!< `package`, `at`
};

//! `order_id`, `carrier_pickup_event`, ...
std::string_view to_string(EvidenceKind kind) noexcept;

//! One piece of evidence.
struct Evidence {
    EvidenceKind kind = EvidenceKind::kOrderId;
    std::string package;  //!< package ref, for package evidence
    std::string value;
    sdk::Timestamp at{};
    std::vector<std::string> files;
    std::vector<EventSummary> events;
    std::optional<sdk::ProofOfDelivery> proof;
};

//! One dispute to file: every package of the order that fires its code.
struct Dispute {
    DisputeCode code = DisputeCode::kPickedUpNotUpdated;
    std::string key;                    //!< idempotency key `{marketplace}:{shop_id}:{order_id}:{code}[:{n}]`
    std::vector<std::string> packages;  //!< package refs, input order
    std::vector<Evidence> evidence;
};

//! The facts derived for one package (policy.md section 2).
struct PackageFacts {
    PlatformStage platform_stage = PlatformStage::kPre;
    PlatformStatus platform_status = PlatformStatus::kAwaitingShipment;
    std::optional<sdk::TrackingStatus> carrier_status;  //!< as the shipment's status in model.md
    bool carrier_terminal = false;
    bool carrier_not_found = false;  //!< the carrier does not know the number (`carrier_found: false`)
    std::optional<sdk::Timestamp> picked_up_at;
    std::optional<sdk::Timestamp> carrier_delivered_at;
    std::optional<sdk::Timestamp> last_scan_at;
    std::optional<sdk::Timestamp> last_update_at;
    std::optional<sdk::Timestamp> stall_deadline;  //!< add_business_days(last_update_at, stall days)
};

//! The decision for one package.
struct PackageDecision {
    std::string package;  //!< package ref: `package_id`, else the tracking number
    Action action = Action::kNone;
    RuleRef rule;
    std::optional<DisputeCode> dispute_code;  //!< the code its rule files (also when a ticket holds it back)
    std::optional<sdk::Timestamp> next_check_at;  //!< whole seconds
    PackageFacts facts;
    std::vector<Evidence> evidence;  //!< for UPDATE_STATUS_WITH_POD
    int ticket = -1;                 //!< index of the order's ticket that shaped the decision, or -1
};

//! The decision for one order.
struct Decision {
    std::string order_id;
    Action action = Action::kNone;
    RuleRef rule;
    std::vector<Dispute> disputes;                //!< in code order; empty unless FILE_DISPUTE
    std::optional<sdk::Timestamp> next_check_at;  //!< earliest of the packages', whole seconds
    std::string explanation;
    std::vector<PackageDecision> packages;
    //! The policy that made it (id, version, paths); it must outlive the decision.
    const Policy* policy = nullptr;
};

}  // namespace unstuck::core
