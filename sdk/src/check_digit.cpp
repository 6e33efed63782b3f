#include <array>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::sdk {
namespace {

constexpr std::array<std::string_view, 3> kNames{"absent", "valid", "invalid"};

}  // namespace

std::string_view to_string(CheckDigit verdict) noexcept {
    return kNames[static_cast<std::size_t>(verdict)];
}

std::optional<CheckDigit> parse_check_digit(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) return static_cast<CheckDigit>(i);
    return std::nullopt;
}

}  // namespace unstuck::sdk
