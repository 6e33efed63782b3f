#include "unstuck/core/policy/policy.hpp"

namespace unstuck::core {
namespace {

constexpr std::array<std::string_view, kRuleCount> kRuleNames{
    "platform.settled",
    "platform.carrier_terminal",
    "platform.buyer_confirmed_not_updated",
    "platform.carrier_delivered_not_updated",
    "platform.carrier_delivered_grace",
    "platform.picked_up_not_updated",
    "platform.pickup_grace",
    "platform.not_picked_up",
    "platform.no_tracking",
    "platform.unmoved_tracking",
    "platform.within_timeline",
    "seller.settled",
    "seller.no_tracking",
    "seller.carrier_terminal",
    "seller.delivered_update_pod",
    "seller.carrier_stalled",
    "seller.in_progress",
};

constexpr std::array<std::string_view, kDisputeCodeCount> kCodeNames{
    "pick_up_issues.picked_up_not_updated",
    "delivery_process_inquiry.unmoved_tracking_event",
    "logistic_issue.delivered_not_updated",
};

}  // namespace

std::string_view to_string(RuleId rule) noexcept {
    return kRuleNames[static_cast<std::size_t>(rule)];
}

std::optional<RuleId> parse_rule_id(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kRuleNames.size(); ++i)
        if (kRuleNames[i] == name) return static_cast<RuleId>(i);
    return std::nullopt;
}

std::string_view to_string(DisputeCode code) noexcept {
    return kCodeNames[static_cast<std::size_t>(code)];
}

}  // namespace unstuck::core
