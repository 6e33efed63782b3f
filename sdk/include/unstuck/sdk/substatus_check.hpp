#pragma once
//! Checking a shipment against the model: every substatus must be one its status allows.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "unstuck/sdk/status.hpp"

namespace unstuck::sdk {

struct Shipment;

//! A substatus its status does not allow (see `kStatusModel`).
struct SubstatusMismatch {
    std::optional<std::size_t> event_index;  //!< the event's position in `events`; none: the shipment's own
    TrackingStatus status = TrackingStatus::kUnknown;  //!< the status it sits under
    std::string substatus;                             //!< the substatus that status does not allow

    bool operator==(const SubstatusMismatch&) const = default;
};

//! Every event (in order), then the shipment itself, whose substatus its status does not allow.
std::vector<SubstatusMismatch> find_substatus_mismatches(const Shipment& shipment);

//! One line for a mismatch: `event 3: substatus "arrived_at_hub" is not a substatus of IN_TRANSIT` (or
//! `shipment: ...` for the shipment's own).
std::string describe(const SubstatusMismatch& mismatch);

}  // namespace unstuck::sdk
