#pragma once
//! A troubleshooting policy as loaded from its document: thresholds, region calendars, paths, rules on or
//! off.

#include <array>
#include <bitset>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/policy/business_calendar.hpp"

namespace unstuck::core {

//! The rules of policy.md section 3, in table order (platform P0..P7w, then seller S0..S5).
enum class RuleId : std::uint8_t {
    kPlatformSettled,                     //!< P0 `platform.settled`
    kPlatformCarrierTerminal,             //!< P1 `platform.carrier_terminal`
    kPlatformBuyerConfirmedNotUpdated,    //!< P2 `platform.buyer_confirmed_not_updated`
    kPlatformCarrierDeliveredNotUpdated,  //!< P3 `platform.carrier_delivered_not_updated`
    kPlatformCarrierDeliveredGrace,       //!< P3w `platform.carrier_delivered_grace`
    kPlatformPickedUpNotUpdated,          //!< P4 `platform.picked_up_not_updated`
    kPlatformPickupGrace,                 //!< P4w `platform.pickup_grace`
    kPlatformNotPickedUp,                 //!< P5 `platform.not_picked_up`
    kPlatformNoTracking,                  //!< P6 `platform.no_tracking`
    kPlatformUnmovedTracking,             //!< P7 `platform.unmoved_tracking`
    kPlatformWithinTimeline,              //!< P7w `platform.within_timeline`
    kSellerSettled,                       //!< S0 `seller.settled`
    kSellerNoTracking,                    //!< S1 `seller.no_tracking`
    kSellerCarrierTerminal,               //!< S2 `seller.carrier_terminal`
    kSellerDeliveredUpdatePod,            //!< S3 `seller.delivered_update_pod`
    kSellerCarrierStalled,                //!< S4 `seller.carrier_stalled`
    kSellerInProgress,                    //!< S5 `seller.in_progress`
};
inline constexpr std::size_t kRuleCount = 17;

//! The rule's id as written in decisions and policy documents, e.g. `platform.picked_up_not_updated`.
std::string_view to_string(RuleId rule) noexcept;
//! The rule for an id, or nothing.
std::optional<RuleId> parse_rule_id(std::string_view name) noexcept;

//! The dispute codes the rules file, in the order of policy.md section 4 (the order of `disputes`).
enum class DisputeCode : std::uint8_t {
    kPickedUpNotUpdated,    //!< `pick_up_issues.picked_up_not_updated`
    kUnmovedTrackingEvent,  //!< `delivery_process_inquiry.unmoved_tracking_event`
    kDeliveredNotUpdated,   //!< `logistic_issue.delivered_not_updated`
};
inline constexpr std::size_t kDisputeCodeCount = 3;

//! The code as written in decisions, tickets and dispute keys.
std::string_view to_string(DisputeCode code) noexcept;

//! The thresholds of section 3 (all configurable in the document).
struct PolicyThresholds {
    std::chrono::seconds pickup_update{std::chrono::hours{24}};  //!< P4: "more than 24 hours since picked up"
    std::chrono::seconds delivery_update{std::chrono::hours{24}};  //!< P3: carrier delivery not reflected
    int stall_business_days = 2;   //!< P7/S4: "not updated within 2 business days"
    int ticket_business_days = 2;  //!< open ticket patience before contacting seller support
};

//! A loaded, validated policy. Immutable; safe to share between threads.
struct Policy {
    std::string id;       //!< e.g. `tiktok-shop.logistics-stuck`
    std::string version;  //!< e.g. `2024-07-18`
    std::string marketplace = "tiktok-shop";
    PolicyThresholds thresholds;
    std::map<std::string, BusinessCalendar, std::less<>> regions;
    //! Path shown to the seller for each code the rules file.
    std::array<std::vector<std::string>, kDisputeCodeCount> paths;
    //! Every path of the document by code, including leaves no rule files yet.
    std::map<std::string, std::vector<std::string>, std::less<>> all_paths;
    std::bitset<kRuleCount> enabled;  //!< rules that are on
    //! Carrier display names for explanations, by carrier plugin name (`ups` → `UPS`).
    std::map<std::string, std::string, std::less<>> carrier_names;
    std::filesystem::path source;  //!< the document it was loaded from (empty when parsed from text)

    //! The region's calendar, or null when the document has no such region.
    const BusinessCalendar* region(std::string_view name) const noexcept {
        auto it = regions.find(name);
        return it == regions.end() ? nullptr : &it->second;
    }
    //! True when the rule is on.
    bool rule_on(RuleId rule) const noexcept { return enabled.test(static_cast<std::size_t>(rule)); }
    //! The path of a code.
    const std::vector<std::string>& path(DisputeCode code) const noexcept {
        return paths[static_cast<std::size_t>(code)];
    }
    //! The carrier's display name: the document's, else the name as given.
    std::string_view carrier_name(std::string_view carrier) const noexcept {
        auto it = carrier_names.find(carrier);
        return it == carrier_names.end() ? carrier : std::string_view(it->second);
    }
};

}  // namespace unstuck::core
