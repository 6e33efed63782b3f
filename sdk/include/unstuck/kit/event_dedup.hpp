#pragma once
//! Dropping the events a carrier lists twice, for a normalizer that does not call `sdk::finalize_shipment`
//! (which drops them itself).

#include "unstuck/sdk/event_dedup.hpp"

namespace unstuck::kit {

//! Drops every event of a list sorted oldest first that repeats an earlier one's code, UTC instant and
//! location, with one warning each (`sdk::drop_duplicate_events`).
using sdk::drop_duplicate_events;

}  // namespace unstuck::kit
