#pragma once
//! J&T Express scan node codes (`scanTypeCode`) mapped to the canonical model.

#include <span>
#include <string_view>

#include "unstuck/sdk/status.hpp"

namespace unstuck::carriers::jnt {

//! What one J&T scan node means in the canonical model.
struct CodeMapping {
    std::string_view code;  //!< J&T's scanTypeCode
    std::string_view name;  //!< J&T's name of the node
    sdk::TrackingStatus status = sdk::TrackingStatus::kUnknown;
    std::string_view substatus = "other";
    bool physical_scan = false;
    bool return_leg = false;  //!< the event starts (or is part of) a return to the sender
};

//! Every scan node the table knows, in code order (docs/carriers.md lists them).
std::span<const CodeMapping> code_table() noexcept;

//! The mapping of a scanTypeCode, or null for a code the table does not know.
const CodeMapping* map_code(std::string_view scan_type_code) noexcept;

}  // namespace unstuck::carriers::jnt
