#include "unstuck/core/policy/order_case.hpp"

#include <array>

namespace unstuck::core {
namespace {

constexpr std::array<std::string_view, 2> kShippingTypes{"PLATFORM", "SELLER"};
constexpr std::array<std::string_view, 9> kPlatformStatuses{
    "UNPAID",    "ON_HOLD",   "AWAITING_SHIPMENT", "AWAITING_COLLECTION", "PARTIALLY_SHIPPING", "IN_TRANSIT",
    "DELIVERED", "COMPLETED", "CANCELLED"};
constexpr std::array<std::string_view, 4> kStages{"PRE", "SHIPPED", "DELIVERED", "CANCELLED"};

template <typename E, std::size_t N>
std::optional<E> find(const std::array<std::string_view, N>& names, std::string_view name) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == name) return static_cast<E>(i);
    return std::nullopt;
}

}  // namespace

std::string_view to_string(ShippingType type) noexcept {
    return kShippingTypes[static_cast<std::size_t>(type)];
}
std::string_view to_string(PlatformStatus status) noexcept {
    return kPlatformStatuses[static_cast<std::size_t>(status)];
}
std::string_view to_string(PlatformStage stage) noexcept {
    return kStages[static_cast<std::size_t>(stage)];
}

std::optional<ShippingType> parse_shipping_type(std::string_view name) noexcept {
    return find<ShippingType>(kShippingTypes, name);
}
std::optional<PlatformStatus> parse_platform_status(std::string_view name) noexcept {
    return find<PlatformStatus>(kPlatformStatuses, name);
}

PlatformStage stage_of(PlatformStatus status) noexcept {
    switch (status) {
        case PlatformStatus::kPartiallyShipping:
        case PlatformStatus::kInTransit:
            return PlatformStage::kShipped;
        case PlatformStatus::kDelivered:
        case PlatformStatus::kCompleted:
            return PlatformStage::kDelivered;
        case PlatformStatus::kCancelled:
            return PlatformStage::kCancelled;
        default:
            return PlatformStage::kPre;
    }
}

}  // namespace unstuck::core
