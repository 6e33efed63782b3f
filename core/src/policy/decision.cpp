#include "unstuck/core/policy/decision.hpp"

#include <array>

namespace unstuck::core {
namespace {

constexpr std::array<std::string_view, 8> kActions{"FILE_DISPUTE",
                                                   "CONTACT_SELLER_SUPPORT",
                                                   "UPDATE_STATUS_WITH_POD",
                                                   "CONTACT_CARRIER",
                                                   "VERIFY_WITH_CARRIER",
                                                   "AWAIT_TICKET",
                                                   "WAIT",
                                                   "NONE"};
constexpr std::array<std::string_view, 5> kVariantSuffixes{"", ".awaiting_ticket", ".ticket_unanswered",
                                                           ".already_resolved", ".disabled"};
constexpr std::array<std::string_view, 8> kEvidenceKinds{
    "order_id",          "buyer_confirmation",        "carrier_pickup_event", "carrier_delivery_event",
    "proof_of_delivery", "proof_of_delivery_missing", "tracking_history",     "last_update"};

}  // namespace

std::string_view to_string(Action action) noexcept {
    return kActions[static_cast<std::size_t>(action)];
}

std::string_view to_string(EvidenceKind kind) noexcept {
    return kEvidenceKinds[static_cast<std::size_t>(kind)];
}

void RuleRef::append_to(std::string& out) const {
    out += to_string(id);
    out += kVariantSuffixes[static_cast<std::size_t>(variant)];
}

std::string RuleRef::name() const {
    std::string out;
    append_to(out);
    return out;
}

}  // namespace unstuck::core
