#pragma once
// Private: where a sweep's push carriers take their packages' tracking: the store's latest snapshots.

#include "tracking/order_tracker.hpp"
#include "unstuck/core/store/case_store.hpp"

namespace unstuck::core {

//! The package's latest snapshot in `store` (same package ref and tracking number), read back into a
//! shipment; none when the store holds none or cannot be read (logged).
OrderTracker::StoredTracking stored_tracking(CaseStore& store);

}  // namespace unstuck::core
